"""What the API and the pages both do: review, build, year-end jobs, starter files.

Each call holds one slot (pool.Slots) for all its work, saves the uploads in a
private folder that is deleted before the answer leaves, runs the pipeline in a
worker process under the time limit, and turns every outcome into either a result
or an `ApiError` with a Swedish message. The API and the pages only differ in how
they show the result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import tempfile
import time
import unicodedata
import urllib.parse
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile

from reportgen.web import uploads
from reportgen.web.archive import ArchiveRefused, plan
from reportgen.web.jobs import Job, JobStore
from reportgen.web.pool import Busy, Slots, WorkerCrashed, WorkerPool, WorkTimeout
from reportgen.web.problems import ApiError
from reportgen.web.settings import Settings

log = logging.getLogger("reportgen.web")

TASKS = "reportgen.web.tasks"
ROOT_PREFIX = "reportgen-serve-"
KINDS = ("delrapport", "slutrapport")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class Built:
    """A report that was written, ready to send, and what was found on the way."""

    content: bytes
    filename: str
    media_type: str
    file: dict[str, Any]  # check --format json's entry, with the groups
    draft: bool = False
    errors: int = 0
    warnings: int = 0
    kind: str | None = None


@dataclass
class Service:
    settings: Settings
    root: Path = field(init=False)
    slots: Slots = field(init=False)
    pool: WorkerPool = field(init=False)
    jobs: JobStore = field(init=False)
    pdf: Any = None  # reportgen.pdf.PdfPool when LibreOffice is there
    pdf_warm: bool = False  # every LibreOffice has converted a document
    pdf_problem: str = ""
    started: float = field(default_factory=time.monotonic)
    _warming: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.slots = Slots(self.settings.jobs, self.settings.waiting)
        self.pool = WorkerPool(self.settings.jobs, preload=(TASKS,))

    # ----------------------------------------------------------------- life

    async def start(self) -> None:
        """Folder, workers (warm: each answers once before the service says it is ready), PDF."""
        await asyncio.to_thread(sweep_stale_folders)
        self.root = Path(tempfile.mkdtemp(prefix=f"{ROOT_PREFIX}{os.getpid()}-"))  # mode 0700
        self.jobs = JobStore(self.root, self.slots, self.pool, self.settings)
        await self.pool.start()
        await asyncio.gather(
            *(self.pool.run(f"{TASKS}.ping", timeout=120) for _ in range(self.pool.size))
        )
        self.jobs.start()
        if self.settings.pdf_size > 0:
            await asyncio.to_thread(self._start_pdf)
            if self.pdf is not None:
                self._warming = asyncio.get_running_loop().create_task(self._warm_pdf())
        else:
            self.pdf_problem = "PDF är avstängt i den här tjänsten."

    def _start_pdf(self) -> None:
        from reportgen.errors import ReportgenError
        from reportgen.pdf import PdfPool

        try:
            self.pdf = PdfPool(self.settings.pdf_size).start()
        except ReportgenError as exc:
            self.pdf_problem = exc.message

    async def _warm_pdf(self) -> None:
        """Convert one small document per LibreOffice, so /readyz only says "redo" (and the
        first owner only waits for their own PDF) once every LibreOffice has started."""
        folder = self.root / "pdf-uppvarmning"
        folder.mkdir()
        samples = [folder / f"prov-{i}.docx" for i in range(self.pdf.size)]
        try:
            await self.pool.run(f"{TASKS}.sample_documents", [str(p) for p in samples], timeout=60)
            results = await asyncio.to_thread(self.pdf.convert_many, samples)
            failed = [r.error for r in results if r.pdf is None]
            self.pdf_warm = not failed
            self.pdf_problem = failed[0] if failed else ""
        except Exception as exc:  # a broken LibreOffice must not stop the service
            self.pdf_problem = f"LibreOffice kunde inte startas ({type(exc).__name__})."
        finally:
            await asyncio.to_thread(shutil.rmtree, folder, True)

    async def close(self) -> None:
        if self._warming is not None:
            self._warming.cancel()
        await self.jobs.close()
        await self.pool.close()
        if self.pdf is not None:
            await asyncio.to_thread(self.pdf.close)
        await asyncio.to_thread(shutil.rmtree, self.root, True)

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        pdf_ready = self.pdf is not None and self.pdf_warm
        body = {
            "status": "redo" if self.pool.ready and pdf_ready else "inte redo",
            "arbetsprocesser": {"antal": self.settings.jobs, "redo": self.pool.ready},
            "libreoffice": {
                "redo": pdf_ready,
                "uno": bool(self.pdf is not None and self.pdf.warm),
                "meddelande": self.pdf_problem,
            },
            "upptagna": self.slots.held,
            "i_ko": self.slots.waiting,
            "jobb": self.jobs.active(),
        }
        return self.pool.ready and pdf_ready, body

    # ----------------------------------------------------------------- work

    async def _work(self, task: str, *args: Any) -> Any:
        """One task in a worker, under the time limit; every failure becomes an ApiError."""
        try:
            return await self.pool.run(f"{TASKS}.{task}", *args, timeout=self.settings.time_limit)
        except WorkTimeout:
            seconds = f"{self.settings.time_limit:g}".replace(".", ",")
            raise ApiError(
                422,
                "tog_for_lang_tid",
                f"Arbetet tog mer än {seconds} sekunder och avbröts. Kontrollera att filerna "
                "inte är ovanligt stora (många bilder, tusentals rader) och försök igen.",
            ) from None
        except WorkerCrashed as exc:
            log.error("arbetsprocessen misslyckades (%s)", exc)
            raise ApiError(
                500,
                "internt_fel",
                "Internt fel i reportgen – det är inte ett fel i dina filer. Försök igen; "
                "kvarstår felet, kontakta den som driver tjänsten.",
            ) from None

    async def review(
        self, files: Sequence[UploadFile], funder: str | None = None
    ) -> list[dict[str, Any]]:
        """Every finding in each uploaded report or insats file (check --format json + groups)."""
        result: list[dict[str, Any]] = await self._review("review", files, funder)
        return result

    async def review_for_staff(
        self, files: Sequence[UploadFile], funder: str | None = None
    ) -> dict[str, Any]:
        """`review` plus the findings workbook, commented copies and completion letters."""
        result: dict[str, Any] = await self._review("review_for_staff", files, funder)
        return result

    async def _review(self, task: str, files: Sequence[UploadFile], funder: str | None) -> Any:
        files = uploads.present(files)
        self.check_funder(funder)
        async with admitted(self.slots), uploads.request_folder(self.root) as folder:
            names = await uploads.save_review_files(
                files, folder, max_files=self.settings.max_files
            )
            return await self._work(task, str(folder), names, funder)

    async def build(
        self,
        insats: UploadFile | None,
        statistik: UploadFile | None,
        *,
        kind: str | None,
        output_format: str,
        draft: bool,
    ) -> Built:
        """The report for one insats.yaml (+ statistik.xlsx); ApiError 422 when not built."""
        chosen = uploads.present([insats])
        workbook = uploads.present([statistik])
        if not chosen:
            raise ApiError(
                400, "ingen_fil", "Välj insats.yaml att bygga rapporten av.", field="insats"
            )
        kind = self.check_kind(kind)
        output_format = self.check_format(output_format)
        async with admitted(self.slots), uploads.request_folder(self.root) as folder:
            name = uploads.safe_name(chosen[0].filename, "insats.yaml")
            if uploads.suffix_of(name) not in uploads.YAML_SUFFIXES:
                raise uploads.wrong_type(name, "insats.yaml (.yaml eller .yml)", "insats")
            if workbook:
                book = uploads.safe_name(workbook[0].filename, "statistik.xlsx")
                if uploads.suffix_of(book) not in uploads.WORKBOOK_SUFFIXES:
                    raise uploads.wrong_type(book, "statistik.xlsx (.xlsx)", "statistik")
                if book.casefold() == name.casefold():
                    book = f"statistik-{book}"
                await uploads.save(workbook[0], folder / book, field="statistik")
            await uploads.save(chosen[0], folder / name, field="insats")
            outcome: dict[str, Any] = await self._work("build", str(folder), name, kind, draft)
            output = self._refuse_unbuilt(outcome)
            if output_format == "pdf":
                output = await self._pdf(output)
            content = await asyncio.to_thread(output.read_bytes)
        return Built(
            content=content,
            filename=download_name(outcome, output.suffix),
            media_type=MEDIA_TYPES[output_format],
            file=outcome["file"],
            draft=bool(outcome["draft"]),
            errors=int(outcome["errors"]),
            warnings=int(outcome["warnings"]),
            kind=outcome["kind"],
        )

    def _refuse_unbuilt(self, outcome: dict[str, Any]) -> Path:
        status, entry = outcome["status"], outcome["file"]
        if status == "BUILT" and outcome["output"]:
            return Path(outcome["output"])
        if status == "BLOCKED":
            errors = outcome["errors"]
            raise ApiError(
                422,
                "slutrapport_med_fel",
                f"Slutrapporten byggdes inte: {errors} fel måste rättas först (eller bygg ett "
                "utkast, som märks UTKAST).",
                files=[entry],
            )
        if status in ("UNREADABLE", "FAILED"):
            raise ApiError(422, "kan_inte_lasas", outcome["message"], files=[entry])
        log.error("bygget misslyckades internt (%s)", status)
        raise ApiError(
            500,
            "internt_fel",
            "Internt fel i reportgen när rapporten skulle byggas – inte ett fel i dina filer. "
            "Försök igen; kvarstår felet, kontakta den som driver tjänsten.",
        )

    async def _pdf(self, docx: Path) -> Path:
        if self.pdf is None:
            raise ApiError(
                503,
                "pdf_saknas",
                f"PDF kan inte skapas här just nu. {self.pdf_problem} Välj Word (.docx) i stället.",
                field="format",
            )
        from reportgen.errors import ReportgenError

        try:
            return await asyncio.wait_for(
                asyncio.to_thread(self.pdf.convert, docx), self.settings.time_limit
            )
        except TimeoutError:
            raise ApiError(
                422,
                "tog_for_lang_tid",
                "PDF-konverteringen tog för lång tid och avbröts. Välj Word (.docx) i stället.",
            ) from None
        except ReportgenError as exc:
            raise ApiError(422, "pdf_misslyckades", exc.message, field="format") from None

    async def submit_batch(self, archive: UploadFile | None) -> Job:
        """Check the zip's directory now (4xx at once), then run the batch as a job."""
        chosen = uploads.present([archive])
        if not chosen:
            raise ApiError(400, "ingen_fil", "Välj zip-filen med insatsmapparna.", field="arkiv")
        name = uploads.safe_name(chosen[0].filename, "arkiv.zip")
        if uploads.suffix_of(name) != ".zip":
            raise uploads.wrong_type(name, "en zip-fil med insatsmapparna", "arkiv")
        try:
            job_id, folder = self.jobs.new_folder()
        except Busy as exc:
            raise busy(exc, jobs=True) from None
        try:
            from reportgen.web.batchjob import UPLOAD

            await uploads.save(chosen[0], folder / UPLOAD, field="arkiv")
            await asyncio.to_thread(plan, folder / UPLOAD, self.settings.zip_limits)
        except ArchiveRefused as exc:
            await asyncio.to_thread(shutil.rmtree, folder, True)
            raise ApiError(exc.status, exc.code, exc.message, field="arkiv") from None
        except BaseException:
            await asyncio.to_thread(shutil.rmtree, folder, True)
            raise
        return self.jobs.submit(job_id, folder)

    async def starter(self, profile_id: str) -> bytes:
        self.check_funder(profile_id, field="id")
        async with admitted(self.slots):
            content: bytes = await self._work("starter_files", profile_id)
            return content

    # ----------------------------------------------------------------- choices

    def profiles(self) -> list[dict[str, Any]]:
        from reportgen.errors import ReportgenError
        from reportgen.profile import available_profiles, load_profile

        listed = []
        for profile_id in available_profiles():
            try:
                profile = load_profile(profile_id)
            except ReportgenError:
                continue
            listed.append(
                {
                    "id": profile.id,
                    "namn": profile.name,
                    "rapporttyper": sorted(profile.titles),
                    "mall": f"/api/profiler/{profile.id}/mall",
                }
            )
        return listed

    def check_funder(self, funder: str | None, *, field: str = "förbund") -> None:
        if not funder:
            return
        known = [p["id"] for p in self.profiles()]
        if funder not in known:
            raise ApiError(
                404 if field == "id" else 422,
                "okant_forbund",
                f"Förbundet '{funder}' finns inte. Kända förbund: {', '.join(known) or 'inga'}.",
                field=field,
            )

    @staticmethod
    def check_kind(kind: str | None) -> str | None:
        if not kind:
            return None
        if kind not in KINDS:
            raise ApiError(
                422,
                "okand_typ",
                f"Typen '{kind}' finns inte; välj delrapport eller slutrapport.",
                field="typ",
            )
        return kind

    @staticmethod
    def check_format(output_format: str | None) -> str:
        chosen = (output_format or "docx").lower()
        if chosen not in MEDIA_TYPES:
            raise ApiError(
                422,
                "okant_format",
                f"Formatet '{output_format}' finns inte; välj docx eller pdf.",
                field="format",
            )
        return chosen


@contextlib.asynccontextmanager
async def admitted(slots: Slots) -> AsyncIterator[None]:
    """Hold one slot, turning `Busy` (nobody else may wait) into the 429 answer."""
    try:
        async with slots.hold():
            yield
    except Busy as exc:
        raise busy(exc) from None


def sweep_stale_folders() -> list[Path]:
    """Delete what a killed service (kill -9, power cut) left in the temporary folder.

    Each service's folder is named after its process id; one whose process no longer
    exists belongs to nobody, and may hold uploads or a year-end job's reports.
    """
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{ROOT_PREFIX}*-*"):
        pid = folder.name.removeprefix(ROOT_PREFIX).split("-", 1)[0]
        if not pid.isdigit() or not folder.is_dir() or folder.is_symlink():
            continue
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)
            continue  # its service is still running
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except (PermissionError, OSError):
            continue
    return removed


def busy(exc: Busy, *, jobs: bool = False) -> ApiError:
    what = "årsskiftesjobb" if jobs else "granskningar och byggen"
    return ApiError(
        429,
        "upptagen",
        f"Tjänsten har fullt med {what} just nu. Försök igen om {exc.retry_after} sekunder.",
        headers={"Retry-After": str(exc.retry_after)},
    )


def download_name(outcome: dict[str, Any], suffix: str) -> str:
    """`Slutrapport Arbetskonsulent i samverkan.docx` – what the owner expects to see."""
    kind = str(outcome.get("kind") or "rapport").capitalize()
    name = str(outcome.get("name") or "").strip()
    text = f"{kind} {name}".strip() + (" (utkast)" if outcome.get("draft") else "")
    cleaned = uploads.safe_name(text.replace(".", " ").strip() + suffix, f"{kind}{suffix}")
    return cleaned


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback and the real Swedish name in UTF-8."""
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_only = decomposed.encode("ascii", "ignore").decode().replace('"', "")
    fallback = " ".join(ascii_only.split()) or "rapport"
    quoted = urllib.parse.quote(filename, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quoted}"
