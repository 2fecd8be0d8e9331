"""Every way a request can fail, as a Swedish answer with the right status – never a traceback.

The API answers JSON `{"kod", "meddelande"}` (plus `files` – exactly `check --format
json`'s findings – when there are findings); the pages show the same message in their
error summary. Anything unexpected becomes a 500 that names a reference the operator
finds in the log, where only the request id and the kind of error are written: never
a message, since messages can quote what a file contains.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportgen.errors import ReportgenError, debug_enabled

log = logging.getLogger("reportgen.web")

JSON_PATHS = ("/api/", "/healthz", "/readyz", "/openapi.json")

FIELD_NAMES = {
    "fil": "fil (filerna som ska granskas)",
    "insats": "insats (insats.yaml)",
    "statistik": "statistik (statistik.xlsx)",
    "arkiv": "arkiv (zip-filen med insatsmapparna)",
    "typ": "typ",
    "format": "format",
    "utkast": "utkast",
    "förbund": "förbund",
}

STATUS_TEXT = {
    400: ("ogiltig_begaran", "Begäran kunde inte läsas. Skicka filerna som multipart/form-data."),
    401: (
        "saknar_nyckel",
        "API:t kräver en nyckel: skicka rubriken 'Authorization: Bearer <nyckel>'.",
    ),
    403: ("fel_nyckel", "Nyckeln stämmer inte. Kontrollera den med den som driver tjänsten."),
    404: ("finns_inte", "Det finns ingen sida eller resurs med den adressen."),
    405: ("fel_metod", "Adressen finns men tar inte emot den metoden (GET/POST/DELETE)."),
}


class ApiError(Exception):
    """A request we refuse, with its status, a stable code and a Swedish message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        files: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.files = files
        self.headers = headers or {}
        self.field = field  # the form field to point the error summary at

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"kod": self.code, "meddelande": self.message}
        if self.files is not None:
            body["files"] = [{"path": f["path"], "findings": f["findings"]} for f in self.files]
        return body


def from_reportgen(exc: ReportgenError) -> ApiError:
    """A library error the user can act on: 422 with its message and findings."""
    files = None
    if exc.findings:
        files = [{"path": "", "findings": [f.as_dict() for f in exc.findings]}]
    return ApiError(422, "kan_inte_behandlas", exc.message, files=files)


def internal(request: Request, exc: BaseException) -> ApiError:
    """Log the kind of error and the request id only; the user gets the id as reference."""
    reference = getattr(request.state, "request_id", "-")
    if debug_enabled():
        log.exception("begäran %s: internt fel", reference)
    else:
        log.error("begäran %s: internt fel (%s)", reference, type(exc).__name__)
    return ApiError(
        500,
        "internt_fel",
        "Internt fel i reportgen – det är inte ett fel i dina filer. Försök igen om en stund; "
        f"kvarstår felet, ge referensen {reference} till den som driver tjänsten.",
    )


FILE_FIELDS = ("fil", "insats", "statistik", "arkiv")


def validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    """FastAPI's English validation errors as one Swedish sentence naming the field."""
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query")]
        field = location[0] if location else None
        shown = FIELD_NAMES.get(field or "", field or "okänt fält")
        if field in FILE_FIELDS:  # missing, or an empty file input sent as text
            return f"Ingen fil i fältet {shown}. Välj en fil och skicka igen.", field
        if error.get("type") == "missing":
            return f"Fältet {shown} saknas. Fyll i det och skicka igen.", field
        return f"Fältet {shown} har ett ogiltigt värde.", field
    return "Begäran har ogiltiga fält.", None


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(JSON_PATHS)


Answer = Callable[[Request, ApiError], Response]


def install(app: FastAPI, render_html: Answer) -> Answer:
    """Install the handlers; `render_html(request, error)` draws the error page for browsers.

    Returns the answering function, which the service middleware also uses for what
    happens outside a route (a body over the limit, an unexpected exception): Starlette
    would log such an exception with its traceback, which may quote a file.
    """

    def answer(request: Request, error: ApiError) -> Response:
        if wants_json(request):
            return JSONResponse(error.body(), status_code=error.status, headers=error.headers)
        return render_html(request, error)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return answer(request, exc)

    @app.exception_handler(ReportgenError)
    async def reportgen_error(request: Request, exc: ReportgenError) -> Response:
        return answer(request, from_reportgen(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message, field = validation_message(exc)
        return answer(request, ApiError(422, "ogiltigt_falt", message, field=field))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code, message = STATUS_TEXT.get(exc.status_code, ("fel", "Begäran kunde inte utföras."))
        headers = dict(exc.headers or {})
        return answer(request, ApiError(exc.status_code, code, message, headers=headers))

    return answer
