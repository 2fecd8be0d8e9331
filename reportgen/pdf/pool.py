"""Warm PDF conversion: a few LibreOffice processes kept running and driven over UNO.

Starting LibreOffice is most of what a one-shot `soffice --convert-to` costs (~1 s of
~1.5 s a report); a LibreOffice that is already running converts a report in about a
third of that. Each worker is one `soffice` with its own profile and temporary folder
(under one `reportgen-lo-*` directory), listening only on a named local pipe, and one
UNO client (uno_bridge.py) run by the Python that has `uno` – Debian's python3-uno
belongs to /usr/bin/python3, not necessarily to ours – spoken to in JSON lines.

Why our own client and not `unoserver`: unoserver listens on TCP ports (its XML-RPC
and LibreOffice's), which any local user can reach, must be installed into the system
Python beside python3-uno, and does not let us set the load properties that keep a
conversion from fetching anything, nor give per-conversion timeouts, kill-and-retry or
restarts; what we need of it is the forty lines in uno_bridge.py.

Failure handling: every conversion has a timeout; a worker that times out, crashes or
answers with an error is killed (its whole process group) and the document is tried
once more on a fresh worker. A worker is restarted after `restart_after` conversions
(LibreOffice grows). `close()` – also on exit, and from `convert_many` on Ctrl-C or
SIGTERM turned into KeyboardInterrupt – kills every worker and deletes its folder;
a bridge whose parent dies kills its LibreOffice and deletes the folder itself.
Without UNO the pool falls back to one-shot conversion with the same options and says
so once (charts then lack alt text: only the bridge can restore it).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from reportgen.errors import ReportgenError
from reportgen.pdf.convert import (
    ConversionError,
    ConversionResult,
    convert_once,
    pdf_target,
    place,
    require_soffice,
)
from reportgen.pdf.options import DEFAULT_OPTIONS, PdfOptions
from reportgen.pdf.worker import Worker, WorkerFailed

UNO_PYTHON_ENV = "REPORTGEN_UNO_PYTHON"  # a Python with `uno`, or "none" for one-shot only
STARTUP_SECONDS = 60.0
CONVERSION_TIMEOUT_SECONDS = 120.0
RESTART_AFTER = 100
FALLBACK_NOTICE = (
    "Obs: LibreOffice kan inte styras över UNO här (python3-uno saknas), så varje PDF "
    "skapas med en egen LibreOffice-start – långsammare, och diagrammen får ingen "
    "alternativtext i PDF:en. Installera python3-uno (Debian/Ubuntu: sudo apt-get "
    "install python3-uno) för snabbare PDF med alternativtext på diagrammen."
)
_notice_given = False
_RETRY = "retry"  # in the idle queue: a background start failed, look again
INTERRUPTED = "PDF-konverteringen avbröts."


@cache
def uno_python() -> str | None:
    """A Python interpreter that can `import uno`, or None (then conversions are one-shot)."""
    configured = os.environ.get(UNO_PYTHON_ENV)
    if configured is not None:
        configured = configured.strip()
        if configured.lower() in ("", "none", "ingen"):
            return None
        return configured if _has_uno(configured) else None
    soffice = shutil.which("soffice")
    bundled = Path(os.path.realpath(soffice)).parent / "python" if soffice else None
    for candidate in (sys.executable, str(bundled) if bundled else None, "/usr/bin/python3"):
        if candidate and Path(candidate).is_file() and _has_uno(candidate):
            return candidate
    return None


def _has_uno(python: str) -> bool:
    try:
        probe = subprocess.run(
            [python, "-I", "-c", "import uno"],
            capture_output=True,
            timeout=30,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def _say_once(notice: Callable[[str], None] | None) -> None:
    global _notice_given
    if _notice_given:
        return
    _notice_given = True
    if notice is not None:
        notice(FALLBACK_NOTICE)
    else:
        print(FALLBACK_NOTICE, file=sys.stderr)


class PdfPool:
    """Up to `size` warm LibreOffice workers; `convert` and `convert_many` are thread-safe."""

    def __init__(
        self,
        size: int = 2,
        *,
        options: PdfOptions = DEFAULT_OPTIONS,
        soffice: str | None = None,
        timeout: float = CONVERSION_TIMEOUT_SECONDS,
        restart_after: int = RESTART_AFTER,
        startup_seconds: float = STARTUP_SECONDS,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        self.size = max(1, size)
        self.options = options
        self.soffice = soffice or require_soffice()
        self.timeout = timeout
        self.restart_after = max(1, restart_after)
        self.startup_seconds = startup_seconds
        self.python = uno_python()
        self._notice = notice
        self._idle: queue.SimpleQueue[Worker | str | None] = queue.SimpleQueue()
        self._workers: set[Worker] = set()
        self._count = 0
        self._lock = threading.Lock()
        self._closed = False
        atexit.register(self.close)

    @property
    def warm(self) -> bool:
        return self.python is not None

    def __enter__(self) -> PdfPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> PdfPool:
        """Start every worker in the background, so they are warm when the documents come."""
        if not self.warm:
            return self
        for _ in range(self.size):
            with self._lock:
                if self._closed or self._count >= self.size:
                    break
                self._count += 1
            threading.Thread(target=self._start_in_background, daemon=True).start()
        return self

    def _start_in_background(self) -> None:
        try:
            worker = self._spawn()
        except (WorkerFailed, OSError, ReportgenError):
            with self._lock:
                self._count -= 1
            self._idle.put(_RETRY)  # a waiting conversion starts a worker itself and says why
            return
        self._release(worker)

    def _spawn(self) -> Worker:
        assert self.python is not None
        worker = Worker(self.soffice, self.python, self.startup_seconds)
        with self._lock:
            self._workers.add(worker)
            closed = self._closed
        if closed:
            self._forget(worker)
            raise WorkerFailed(INTERRUPTED)
        try:
            worker.wait_ready()
        except BaseException:
            self._forget(worker)
            raise
        return worker

    def _acquire(self) -> Worker:
        while True:
            with self._lock:
                if self._closed:
                    raise ConversionError(INTERRUPTED)
                spawn = self._count < self.size and self._idle.empty()
                if spawn:
                    self._count += 1
            if spawn:
                try:
                    return self._spawn()
                except BaseException as exc:
                    with self._lock:
                        self._count -= 1
                    if isinstance(exc, WorkerFailed):
                        raise ConversionError(
                            f"LibreOffice kunde inte startas för PDF ({exc})."
                        ) from None
                    raise
            item = self._idle.get()
            if item is None:
                raise ConversionError(INTERRUPTED)
            if isinstance(item, Worker):
                return item

    def _release(self, worker: Worker) -> None:
        if self._closed or worker.conversions >= self.restart_after:
            self._discard(worker)
            if self._closed:
                self._idle.put(None)
            return
        self._idle.put(worker)

    def _discard(self, worker: Worker) -> None:
        """Kill a worker; a later conversion starts a fresh one in its place."""
        worker.kill()
        with self._lock:
            if worker in self._workers:
                self._workers.discard(worker)
                self._count -= 1

    def _forget(self, worker: Worker) -> None:
        """Kill a worker that never started; whoever counted it uncounts it."""
        worker.kill()
        with self._lock:
            self._workers.discard(worker)

    def convert(self, docx: Path, *, target: Path | None = None, force: bool = True) -> Path:
        """Convert `docx` to a PDF (beside it unless `target`); retried once on a fresh worker."""
        destination = pdf_target(docx, target, force=force)
        if not self.warm:
            _say_once(self._notice)
            return convert_once(
                docx, soffice=self.soffice, options=self.options, target=destination
            )
        reason = ""
        for _attempt in range(2):
            worker = self._acquire()
            try:
                produced = worker.convert(docx, self.options, self.timeout)
            except WorkerFailed as exc:
                reason = str(exc)
                self._discard(worker)
                if self._closed:
                    raise ConversionError(INTERRUPTED) from None
                continue
            except BaseException:
                self._release(worker)
                raise
            try:
                place(produced, destination)
            finally:
                produced.unlink(missing_ok=True)
                self._release(worker)
            return destination
        raise ConversionError(
            f"LibreOffice kunde inte skapa PDF av {docx} ({reason}; försökte två gånger). "
            "Kontrollera att filen går att öppna i LibreOffice."
        )

    def convert_many(
        self,
        documents: Iterable[Path],
        *,
        on_done: Callable[[ConversionResult], None] | None = None,
    ) -> list[ConversionResult]:
        """Convert several documents; one failure never stops the others.

        On Ctrl-C (or SIGTERM raised as KeyboardInterrupt) the pool is closed first, so
        running conversions end at once and no LibreOffice or profile is left behind.
        """

        def one(docx: Path) -> ConversionResult:
            try:
                return ConversionResult(docx, self.convert(docx))
            except ReportgenError as exc:
                return ConversionResult(docx, None, exc.message)

        self.start()
        executor = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="pdf")
        results: list[ConversionResult] = []
        try:
            for future in [executor.submit(one, docx) for docx in documents]:
                result = future.result()
                results.append(result)
                if on_done is not None:
                    on_done(result)
        except BaseException:
            self.close()
            executor.shutdown(wait=True, cancel_futures=True)
            raise
        executor.shutdown(wait=True)
        return results

    def close(self) -> None:
        """Kill every worker and delete its folder; safe to call twice and from any thread."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()
        for _ in range(self.size):
            self._idle.put(None)  # wake anyone waiting for a worker
        with contextlib.suppress(Exception):
            atexit.unregister(self.close)
