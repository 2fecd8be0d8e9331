"""One year-end job, run in its own process: unpack the zip, `run_batch`, pack the result.

The job's folder is private to the service and holds, while the job lives:
`arkiv.zip` (the upload, deleted once unpacked), `insatser/` (deleted after the
batch), `resultat.zip` (every report, the compilation and granskning.json),
`progress.json` (how far the batch has come) and `status.json` (the outcome). The
process works inside that folder with relative paths, so granskning.json names
the interventions as the zip did ("a/insats.yaml"), never a server folder; its
temporary files (and the batch's lock file) live in the folder too and go with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

from reportgen.web.archive import ArchiveRefused, extract, pack, plan
from reportgen.web.settings import ZipLimits

UPLOAD = "arkiv.zip"
INPUTS = "insatser"
OUTPUTS = "resultat"
RESULT = "resultat.zip"
PROGRESS = "progress.json"
STATUS = "status.json"

_OUR_FOLDERS = re.compile(rf"(?<![\w/.-])(?:{INPUTS}|{OUTPUTS})/")


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Atomically: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporary, path)


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def without_our_folders(value: Any) -> Any:
    """`insatser/a/insats.yaml` -> `a/insats.yaml` in every string of a JSON value."""
    if isinstance(value, str):
        return _OUR_FOLDERS.sub("", value)
    if isinstance(value, list):
        return [without_our_folders(v) for v in value]
    if isinstance(value, dict):
        return {k: without_our_folders(v) for k, v in value.items()}
    return value


def run(folder: str, jobs: int, limits: ZipLimits) -> None:
    """The job process's whole life; always ends by writing status.json."""
    root = Path(folder)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops jobs with SIGTERM
    scratch = root / "tmp"
    scratch.mkdir(exist_ok=True)
    tempfile.tempdir = str(scratch)
    os.chdir(root)
    try:
        status = _run(jobs, limits)
    except ArchiveRefused as exc:
        status = {"status": "misslyckad", "meddelande": exc.message}
    except BaseException as exc:  # a bug, or SIGTERM at the time limit
        status = {"status": "misslyckad", "meddelande": _failure(exc)}
    finally:
        for leftover in (UPLOAD, INPUTS, OUTPUTS, "tmp"):
            path = root / leftover
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    write_json(root / STATUS, status)


def _run(jobs: int, limits: ZipLimits) -> dict[str, Any]:
    from reportgen.batch import BatchInterrupted, run_batch
    from reportgen.errors import ReportgenError

    upload = Path(UPLOAD)
    members = plan(upload, limits)
    extract(upload, members, Path(INPUTS), limits)
    upload.unlink()

    def progress(done: int, total: int, _result: Any) -> None:
        write_json(Path(PROGRESS), {"klara": done, "totalt": total})

    try:
        result = run_batch(Path(INPUTS), Path(OUTPUTS), jobs=jobs, progress=progress)
    except BatchInterrupted:
        return {"status": "misslyckad", "meddelande": "Jobbet avbröts innan det var klart."}
    except ReportgenError as exc:
        return {"status": "misslyckad", "meddelande": without_our_folders(exc.message)}
    review = Path(OUTPUTS) / "sammanstallning" / "granskning.json"
    data = read_json(review)
    if data is not None:
        write_json(review, without_our_folders(data))
    pack(Path(OUTPUTS), Path(RESULT))
    return {"status": "klar", "meddelande": "", "sammanfattning": summary(result)}


def summary(result: Any) -> dict[str, Any]:
    """What the page and `GET /api/jobb/{id}` show of a finished batch."""
    rows = [
        {
            "insats": r.name or without_our_folders(r.path),
            "fil": without_our_folders(r.path),
            "status": r.status,
            "utkast": r.draft,
            "rapport": r.report_relative,
            "orsak": without_our_folders(r.reason) if r.reason else None,
            "fel": r.errors,
            "varningar": r.warnings,
        }
        for r in result.results
    ]
    return {
        "insatser": len(result.results),
        "byggda": len(result.built),
        "inte_byggda": len(result.not_built),
        "fel": sum(r.errors for r in result.results),
        "varningar": sum(r.warnings for r in result.results),
        "sammanstallning": result.compilation_docx is not None,
        "sammanstallning_orsak": (
            without_our_folders(result.compilation_error) if result.compilation_error else None
        ),
        "rader": rows,
    }


def _failure(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt | SystemExit):
        return "Jobbet avbröts innan det var klart."
    with contextlib.suppress(Exception):
        from reportgen.errors import ReportgenError

        if isinstance(exc, ReportgenError):
            return str(without_our_folders(exc.message))
    return (
        f"Internt fel i reportgen ({type(exc).__name__}); det är inte ett fel i dina filer. "
        "Försök igen eller kontakta den som driver tjänsten."
    )
