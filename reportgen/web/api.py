"""The JSON API: /api/granska, /api/bygg, /api/batch + /api/jobb/{id}, /api/profiler, probes.

Thin: each route reads its form fields, calls the service and shapes the answer.
Findings are exactly `reportgen check --format json`'s `{"files": [{"path",
"findings": [{"code", "severity", "message", "location"}]}]}`. With
REPORTGEN_API_TOKEN set, every /api/ route wants `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from reportgen.web.jobs import JobState
from reportgen.web.problems import ApiError
from reportgen.web.service import Service, content_disposition

_bearer = HTTPBearer(auto_error=False, description="Nyckeln från REPORTGEN_API_TOKEN, om satt.")


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


async def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Compare in constant time; no token configured means the API is open (behind a proxy)."""
    expected = service_of(request).settings.token
    if expected is None:
        return
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(
            401,
            "saknar_nyckel",
            "API:t kräver en nyckel: skicka rubriken 'Authorization: Bearer <nyckel>'.",
            headers={"WWW-Authenticate": 'Bearer realm="reportgen"'},
        )
    if not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise ApiError(
            403, "fel_nyckel", "Nyckeln stämmer inte. Kontrollera den med den som driver tjänsten."
        )


def _answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    texts = {
        202: "Jobbet är köat; följ det på adressen i Location.",
        204: "Borttaget.",
        400: "Ingen fil, eller en tom fil.",
        401: "Nyckel saknas (när REPORTGEN_API_TOKEN är satt).",
        403: "Fel nyckel.",
        404: "Finns inte (jobbet är borttaget eller förbundet okänt).",
        409: "Jobbet är inte klart.",
        413: "För stort: begäran, en fil eller arkivet uppackat.",
        415: "Fel filtyp.",
        422: "Filerna kunde inte behandlas; `files` har fynden i samma form som 200-svaret.",
        429: "Fullt just nu; försök igen efter Retry-After sekunder.",
        503: "PDF kan inte skapas (LibreOffice saknas).",
    }
    return {code: {"description": texts[code]} for code in codes}


probes = APIRouter(tags=["Drift"])
router = APIRouter(prefix="/api", dependencies=[Depends(require_token)])


@probes.get("/healthz", summary="Lever tjänsten?")
async def healthz() -> dict[str, str]:
    """Svarar 200 så länge processen lever; säger inget om arbetsprocesserna."""
    return {"status": "ok"}


@probes.get(
    "/readyz",
    summary="Är tjänsten redo?",
    responses={503: {"description": "Arbetsprocesserna eller LibreOffice är inte redo."}},
)
async def readyz(request: Request) -> JSONResponse:
    """200 när arbetsprocesserna och LibreOffice (för PDF) är igång, annars 503."""
    ready, body = service_of(request).readiness()
    return JSONResponse(body, status_code=200 if ready else 503)


@router.post(
    "/granska",
    tags=["Granskning"],
    summary="Granska inskickade rapporter eller en insats",
    responses=_answers(400, 401, 403, 413, 415, 422, 429),
)
async def granska(
    request: Request,
    fil: Annotated[
        list[UploadFile],
        File(
            description="En eller flera inskickade rapporter (.docx), eller en insats.yaml "
            "med sin statistik.xlsx."
        ),
    ],
    funder: Annotated[
        str | None,
        Form(alias="förbund", description="Förbundets profil-id (valfritt), t.ex. sundsvall."),
    ] = None,
) -> dict[str, Any]:
    """Samma fynd som `reportgen check --format json`: `{"files": [{"path", "findings"}]}`.

    Varje .docx och varje insats.yaml granskas för sig; en statistik.xlsx läses via den
    insats.yaml som anger den. Filerna raderas innan svaret skickas.
    """
    files = await service_of(request).review(fil, funder)
    return {"files": [{"path": f["path"], "findings": f["findings"]} for f in files]}


@router.post(
    "/bygg",
    tags=["Bygg"],
    summary="Bygg rapporten av en insats.yaml",
    response_class=Response,
    responses={
        200: {
            "description": "Rapporten (.docx eller .pdf) med ett svenskt filnamn.",
            "content": {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
                "application/pdf": {},
            },
        },
        **_answers(400, 401, 403, 413, 415, 422, 429, 503),
    },
)
async def bygg(
    request: Request,
    insats: Annotated[UploadFile, File(description="insats.yaml")],
    statistik: Annotated[
        UploadFile | None, File(description="statistik.xlsx (om insats.yaml anger en)")
    ] = None,
    typ: Annotated[
        str | None, Form(description="delrapport eller slutrapport (annars som i filen)")
    ] = None,
    output_format: Annotated[str, Form(alias="format", description="docx eller pdf")] = "docx",
    utkast: Annotated[
        bool, Form(description="Bygg även med fel; rapporten märks då UTKAST")
    ] = False,
) -> Response:
    """Rapporten, eller 422 med fynden när en slutrapport har fel (utan `utkast`).

    Rubrikerna `X-Reportgen-Fel`, `X-Reportgen-Varningar` och `X-Reportgen-Utkast` säger
    vad som hittades i en rapport som ändå byggdes.
    """
    built = await service_of(request).build(
        insats, statistik, kind=typ, output_format=output_format, draft=utkast
    )
    return Response(
        built.content,
        media_type=built.media_type,
        headers={
            "Content-Disposition": content_disposition(built.filename),
            "X-Reportgen-Fel": str(built.errors),
            "X-Reportgen-Varningar": str(built.warnings),
            "X-Reportgen-Utkast": "ja" if built.draft else "nej",
        },
    )


@router.post(
    "/batch",
    tags=["Årsskifte"],
    summary="Alla rapporter och sammanställningen ur en zip",
    status_code=202,
    responses=_answers(400, 401, 403, 413, 415, 422, 429),
)
async def batch(
    request: Request,
    arkiv: Annotated[
        UploadFile, File(description="En zip med en mapp per insats (insats.yaml, statistik.xlsx)")
    ],
) -> JSONResponse:
    """Köar jobbet och svarar 202 med `Location: /api/jobb/{id}`.

    Arkivet kontrolleras innan något packas upp (antal filer, uppackad storlek,
    packningsgrad, sökvägar, filtyper).
    """
    job = await service_of(request).submit_batch(arkiv)
    location = f"/api/jobb/{job.id}"
    return JSONResponse(job.as_dict(), status_code=202, headers={"Location": location})


JobId = Annotated[str, Path(description="Jobbets id från svaret på POST /api/batch")]


@router.get(
    "/jobb/{job_id}", tags=["Årsskifte"], summary="Hur går jobbet?", responses=_answers(404)
)
async def job_status(request: Request, job_id: JobId) -> dict[str, Any]:
    """`{status, klara, totalt, meddelande}`; status är köad, pågår, klar eller misslyckad."""
    return service_of(request).jobs.get(job_id).as_dict()


@router.get(
    "/jobb/{job_id}/resultat",
    tags=["Årsskifte"],
    summary="Hämta rapporterna, sammanställningen och granskning.json",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}}, **_answers(404, 409)},
)
async def job_result(request: Request, job_id: JobId) -> FileResponse:
    """En zip med varje rapport, sammanställningen (.docx, .xlsx) och granskning.json."""
    job = service_of(request).jobs.get(job_id)
    if job.state is not JobState.DONE:
        detail = f" {job.message}" if job.message else ""
        raise ApiError(409, "inte_klart", f"Jobbet är {job.state}, inte klart.{detail}")
    return FileResponse(
        job.result,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition("Årsskifte rapporter.zip")},
    )


@router.delete(
    "/jobb/{job_id}",
    tags=["Årsskifte"],
    summary="Ta bort jobbet",
    status_code=204,
    responses=_answers(404),
)
async def job_delete(request: Request, job_id: JobId) -> Response:
    """Raderar jobbets filer nu (annars raderas de en timme efter att jobbet blev klart)."""
    await service_of(request).jobs.delete(job_id)
    return Response(status_code=204)


@router.get("/profiler", tags=["Mallar"], summary="Förbund och deras mallar")
async def profiler(request: Request) -> dict[str, Any]:
    """Varje installerad förbundsprofil: id, namn, rapporttyper och adressen till mallen."""
    return {"profiler": service_of(request).profiles()}


@router.get(
    "/profiler/{profile_id}/mall",
    tags=["Mallar"],
    summary="Startfiler för en ny insats",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}, **_answers(404, 429)},
)
async def mall(
    request: Request,
    profile_id: Annotated[str, Path(description="Förbundets id, t.ex. sundsvall")],
) -> Response:
    """En zip med insats.yaml, insats.schema.json och statistik.xlsx att fylla i."""
    content = await service_of(request).starter(profile_id)
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(f"Mall {profile_id}.zip")},
    )
