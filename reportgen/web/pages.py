"""The Swedish pages: plain HTML forms that work without JavaScript.

"Granska inskickade rapporter", "Bygg rapport", "Årsskifte" and "Mallar". Every
form posts to its own page; an error shows as an error summary at the top that
takes the focus (autofocus, and the script repeats it), linking to the field.
A built report comes back inside the answer as a download link (data: URL), so the
server keeps nothing once the page has been sent.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import FormData, UploadFile

from reportgen.web.jobs import JobState
from reportgen.web.present import Download, download, file_view, review_summary
from reportgen.web.problems import ApiError
from reportgen.web.service import Service, content_disposition
from reportgen.web.settings import format_size

NAVIGATION = (
    ("/granska", "Granska inskickade rapporter"),
    ("/bygg", "Bygg rapport"),
    ("/arsskifte", "Årsskifte"),
    ("/mallar", "Mallar"),
)
FIELD_IDS = {"förbund": "forbund", "id": None}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = APIRouter(include_in_schema=False)


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("reportgen.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def render(
    request: Request,
    template: str,
    *,
    status: int = 200,
    error: ApiError | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page; with `error`, its message leads the error summary and marks its field."""
    errors, field_errors = [], {}
    if error is not None:
        field = FIELD_IDS.get(error.field or "", error.field)
        errors.append({"message": error.message, "field": field})
        if field:
            field_errors[field] = error.message
    service = service_of(request)
    html = (
        environment()
        .get_template(template)
        .render(
            navigation=NAVIGATION,
            current=request.url.path,
            errors=errors,
            field_errors=field_errors,
            max_body=format_size(service.settings.max_body),
            **context,
        )
    )
    headers = dict(error.headers) if error is not None else {}
    return HTMLResponse(html, status_code=status, headers=headers)


def error_page(request: Request, error: ApiError) -> HTMLResponse:
    """Any failure outside a form (a missing page, a body over the limit) as a page."""
    page = {413: "fel.html"}.get(error.status, "fel.html")
    return render(request, page, status=error.status, error=error, title="Något gick fel")


@router.get("/")
async def start(request: Request) -> HTMLResponse:
    return render(request, "start.html", title="Rapporter för insatser")


# ----------------------------------------------------------------- Granska


@router.get("/granska")
async def review_form(request: Request) -> HTMLResponse:
    title = "Granska inskickade rapporter"
    return render(request, "granska.html", title=title, **_funders(request))


@router.post("/granska")
async def review_page(request: Request) -> HTMLResponse:
    async with posted(request) as form:
        funder = text_in(form, "förbund")
        context = {"title": "Granska inskickade rapporter", **_funders(request, funder)}
        try:
            review = await service_of(request).review_for_staff(
                files_in(form, "fil"), funder or None
            )
        except ApiError as error:
            return render(request, "granska.html", status=error.status, error=error, **context)
    entries = review["files"]
    files = [file_view(entry) for entry in entries]
    payload = {"files": [{"path": e["path"], "findings": e["findings"]} for e in entries]}
    findings_json = download(
        json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"),
        "granskning.json",
        "application/json",
        "JSON",
    )
    downloads = [findings_json]
    if review["workbook"]:
        downloads.insert(0, download(review["workbook"], "granskning.xlsx", XLSX, "Excel"))
    return render(
        request,
        "granska.html",
        results=files,
        extras=[_file_downloads(entry) for entry in entries],
        summary=review_summary(files),
        downloads=downloads,
        **context,
    )


def _file_downloads(entry: dict[str, Any]) -> list[Download]:
    """The commented copy and the completion letter of one report, where there are any."""
    found = []
    if entry.get("marked_up"):
        name, content = entry["marked_up"]
        found.append(download(content, name, DOCX, "Word med kommentarer"))
    if entry.get("letter"):
        stem = entry["path"].rsplit(".", 1)[0]
        letter = entry["letter"].encode("utf-8")
        found.append(download(letter, f"{stem}.komplettering.txt", "text/plain", "brev"))
    return found


@contextlib.asynccontextmanager
async def posted(request: Request) -> AsyncIterator[FormData]:
    """The form as the browser sent it. Read by hand, not by FastAPI's validation: an empty
    file input (nothing chosen) must reach the error summary, not a validation error."""
    limit = service_of(request).settings.max_files + 4
    async with request.form(max_files=limit, max_fields=20) as form:
        yield form


def files_in(form: FormData, name: str) -> list[UploadFile]:
    return [value for value in form.getlist(name) if isinstance(value, UploadFile)]


def text_in(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def first(files: list[UploadFile]) -> UploadFile | None:
    return files[0] if files else None


def _funders(request: Request, chosen: str | None = None) -> dict[str, Any]:
    return {"funders": service_of(request).profiles(), "chosen_funder": chosen or ""}


# ----------------------------------------------------------------- Bygg


@router.get("/bygg")
async def build_form(request: Request) -> HTMLResponse:
    return render(request, "bygg.html", title="Bygg rapport", form={})


@router.post("/bygg")
async def build_page(request: Request) -> HTMLResponse:
    async with posted(request) as posted_form:
        kind = text_in(posted_form, "typ") or None
        output_format = text_in(posted_form, "format") or "docx"
        draft = bool(text_in(posted_form, "utkast"))
        form = {"typ": kind or "", "format": output_format, "utkast": draft}
        context: dict[str, Any] = {"title": "Bygg rapport", "form": form}
        try:
            built = await service_of(request).build(
                first(files_in(posted_form, "insats")),
                first(files_in(posted_form, "statistik")),
                kind=kind,
                output_format=output_format,
                draft=draft,
            )
        except ApiError as error:
            failed = [file_view(entry) for entry in error.files or [] if entry.get("findings")]
            return render(
                request, "bygg.html", status=error.status, error=error, failed=failed, **context
            )
    shown = "PDF" if built.media_type == "application/pdf" else "Word"
    return render(
        request,
        "bygg.html",
        built=built,
        report=download(built.content, built.filename, built.media_type, shown),
        result=file_view(built.file),
        **context,
    )


# ----------------------------------------------------------------- Årsskifte


@router.get("/arsskifte")
async def batch_form(request: Request, borttaget: str | None = None) -> HTMLResponse:
    return render(request, "arsskifte.html", title="Årsskifte", removed=bool(borttaget))


@router.post("/arsskifte", response_model=None)
async def batch_submit(request: Request) -> Response:
    try:
        async with posted(request) as form:
            job = await service_of(request).submit_batch(first(files_in(form, "arkiv")))
    except ApiError as error:
        return render(
            request, "arsskifte.html", status=error.status, error=error, title="Årsskifte"
        )
    return RedirectResponse(f"/arsskifte/{job.id}", status_code=303)


@router.get("/arsskifte/{job_id}")
async def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = service_of(request).jobs.get(job_id)
    done, total = job.progress()
    error = None
    if job.state is JobState.FAILED:
        error = ApiError(422, "misslyckad", job.message or "Jobbet misslyckades.")
    return render(
        request,
        "jobb.html",
        title="Årsskifte – jobbets status",
        job=job.as_dict(prefix="/arsskifte"),
        done=done,
        total=total,
        finished=job.state in (JobState.DONE, JobState.FAILED),
        error=error,
    )


@router.get("/arsskifte/{job_id}/status")
async def job_status(request: Request, job_id: str) -> dict[str, Any]:
    """For the page's script: the same as GET /api/jobb/{id}, without the token."""
    return service_of(request).jobs.get(job_id).as_dict(prefix="/arsskifte")


@router.get("/arsskifte/{job_id}/resultat")
async def job_result(request: Request, job_id: str) -> FileResponse:
    job = service_of(request).jobs.get(job_id)
    if job.state is not JobState.DONE:
        raise ApiError(409, "inte_klart", f"Jobbet är {job.state}, inte klart.")
    return FileResponse(
        job.result,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition("Årsskifte rapporter.zip")},
    )


@router.post("/arsskifte/{job_id}/ta-bort")
async def job_remove(request: Request, job_id: str) -> RedirectResponse:
    await service_of(request).jobs.delete(job_id)
    return RedirectResponse("/arsskifte?borttaget=1", status_code=303)


# ----------------------------------------------------------------- Mallar


@router.get("/mallar")
async def templates_page(request: Request) -> HTMLResponse:
    return render(request, "mallar.html", title="Mallar", profiles=service_of(request).profiles())


@router.get("/mallar/{profile_id}.zip")
async def template_zip(request: Request, profile_id: str) -> Response:
    content = await service_of(request).starter(profile_id)
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(f"Mall {profile_id}.zip")},
    )


# ----------------------------------------------------------------- API documentation


@router.get("/docs")
async def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description as a readable Swedish page – no scripts from a CDN, works offline."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append(_operation(schema, path, method, operation))
    return render(request, "docs.html", title="API", operations=operations, info=schema["info"])


def _operation(
    schema: dict[str, Any], path: str, method: str, op: dict[str, Any]
) -> dict[str, Any]:
    fields = []
    for parameter in op.get("parameters", []):
        fields.append(
            {
                "name": parameter["name"],
                "where": {"path": "i adressen", "query": "i frågan"}.get(parameter["in"], ""),
                "required": parameter.get("required", False),
                "description": parameter.get("description", ""),
            }
        )
    body = op.get("requestBody", {}).get("content", {})
    for media in body.values():
        reference = media.get("schema", {}).get("$ref", "")
        components = schema.get("components", {}).get("schemas", {})
        component = components.get(reference.rsplit("/", 1)[-1], {})
        required = set(component.get("required", []))
        for name, spec in component.get("properties", {}).items():
            fields.append(
                {
                    "name": name,
                    "where": "formulärfält",
                    "required": name in required,
                    "description": spec.get("description", ""),
                }
            )
    answers = [
        {"code": code, "description": answer.get("description", "")}
        for code, answer in sorted(op.get("responses", {}).items())
        if code != "422" or "files" in answer.get("description", "")
    ]
    return {
        "method": method.upper(),
        "path": path,
        "summary": op.get("summary", ""),
        "description": op.get("description", ""),
        "fields": fields,
        "answers": answers,
        "tag": (op.get("tags") or [""])[0],
    }
