"""`create_app(settings)`: the FastAPI application behind `reportgen serve`.

The worker processes, the warm LibreOffices and the job store start with the
application (lifespan) and stop with it; everything the service wrote lives in
one private temporary folder that is deleted on the way out.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from reportgen import __version__
from reportgen.web import api, pages, problems
from reportgen.web.middleware import ServiceMiddleware
from reportgen.web.service import Service
from reportgen.web.settings import Settings, format_size

log = logging.getLogger("reportgen.web")

DESCRIPTION = """\
Granskar och bygger del- och slutrapporter för insatser som finansieras av
samordningsförbund – samma kontroller som kommandot `reportgen`.

Filer som skickas raderas innan svaret skickas; resultat från årsskiftesjobb
raderas när de tas bort, och senast en timme efter att jobbet blev klart.
Statistik med personnummer tas inte emot. Fynden har samma form som
`reportgen check --format json`.
"""

# FastAPI's own words in the schema, in Swedish like the rest.
_SWEDISH = {"Successful Response": "Lyckat svar", "Validation Error": "Ogiltiga fält"}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    service = Service(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        log.info(
            "reportgen serve: %d arbetsprocesser, högst %s per begäran",
            settings.jobs,
            format_size(settings.max_body),
        )
        try:
            yield
        finally:
            await service.close()

    app = FastAPI(
        title="reportgen",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # /docs is our own page: Swagger UI would load scripts from a CDN
        redoc_url=None,
        openapi_tags=[
            {"name": "Granskning", "description": "Granska inskickade rapporter eller en insats."},
            {"name": "Bygg", "description": "Bygg en rapport av insats.yaml och statistik.xlsx."},
            {"name": "Årsskifte", "description": "Alla rapporter och sammanställningen."},
            {"name": "Mallar", "description": "Förbundens profiler och startfiler."},
            {"name": "Drift", "description": "Hälsa och beredskap för övervakning."},
        ],
    )
    app.state.service = service
    answer = problems.install(app, pages.error_page)
    app.include_router(api.probes)
    app.include_router(api.router)
    app.include_router(pages.router)
    static = resources.files("reportgen.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(ServiceMiddleware, max_body=settings.max_body, answer=answer)
    _swedish_openapi(app)
    return app


def _swedish_openapi(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _translate(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _translate(value: Any) -> Any:
    if isinstance(value, str):
        return _SWEDISH.get(value, value)
    if isinstance(value, list):
        return [_translate(v) for v in value]
    if isinstance(value, dict):
        return {k: _translate(v) for k, v in value.items()}
    return value
