"""`run_batch`: every report of an association in parallel, then the compilation.

The parent process finds the interventions, plans every output path, hands one
`Task` per intervention to a pool of worker processes and collects the small
results they send back. It then writes the compilation and granskning.json
from those results alone – the report models never leave the workers.

Stopping cleanly matters more than speed: on Ctrl-C (or SIGTERM) the parent
cancels what has not started, asks the busy workers to stop (they delete their
temporary file on the way out), waits for them, sweeps any temporary file a
killed worker could not delete and raises `BatchInterrupted`. Finished reports
stay; a half-written one never appears, because every file is written to a
temporary name and renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType

from reportgen.batch.discover import (
    COMPILATION_DIR,
    discover,
    output_folders,
    output_lock,
    sweep_temporary_files,
)
from reportgen.batch.outputs import write_compilation, write_review
from reportgen.batch.results import BatchResult, InterventionResult
from reportgen.batch.worker import Task, build_one, crashed, init_worker
from reportgen.errors import (
    BatchInterrupted,
    InputError,
    OutputExistsError,
    debug_enabled,
    internal_error_message,
)

ProgressCallback = Callable[[int, int, InterventionResult], None]

# What only the compilation (written by the parent after the last report) imports.
_COMPILATION_MODULES = (
    "reportgen.render.compilation_docx",
    "reportgen.render.compilation_xlsx",
)


# What the parent imports before the workers fork besides the build's modules
# (reportgen.preload): the compilation's tables. Its writers (openpyxl) are imported
# while the workers build (_prepare_compilation).
_PARENT_MODULES = ("reportgen.compilation",)


def run_batch(
    inputs: Path,
    out: Path,
    *,
    jobs: int | None = None,
    kind: str | None = None,
    draft: bool = False,
    force: bool = False,
    progress: ProgressCallback | None = None,
    charts: bool = True,
    pdf: bool = False,
    pdfa: bool = False,
) -> BatchResult:
    """Build every intervention's report under `inputs` into `out`, then the compilation.

    Raises `InputError` (exit code 2) when `inputs` holds no interventions,
    `OutputExistsError` when `out` is a file, and `BatchInterrupted` on Ctrl-C.
    Everything that goes wrong with one intervention is recorded in its result
    instead, and the batch goes on.
    """
    started = time.perf_counter()
    soffice = None
    if pdf:  # before any work: a missing LibreOffice must not cost a whole batch
        from reportgen.pdf import require_soffice

        soffice = require_soffice()
    if not inputs.is_dir():
        raise InputError(
            f"{inputs} finns inte eller är ingen mapp. Ange mappen som innehåller insatsmapparna."
        )
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"{out} är en fil. Ange en mapp med -o.")
    folders = discover(inputs, exclude=out)
    if not folders:
        raise InputError(
            f"Hittade ingen insats.yaml under {inputs}. Varje insats ska ha en egen mapp med "
            "en insats.yaml (skapa en med 'reportgen init MAPP')."
        )
    tasks = [
        Task(folder, out_dir, out, kind=kind, draft=draft, force=force, charts=charts)
        for folder, out_dir in zip(folders, output_folders(folders, inputs, out), strict=True)
    ]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    out_dirs = [task.out_dir for task in tasks] + [out / COMPILATION_DIR]
    with output_lock(out), _sigterm_as_interrupt():
        sweep_temporary_files(out_dirs)  # left by an earlier batch that was killed
        result = _build_all(tasks, workers, out, progress, draft=draft, force=force, charts=charts)
        sweep_temporary_files(out_dirs)
        if soffice:
            try:
                _convert_to_pdf(result, jobs=min(2, workers), soffice=soffice, pdfa=pdfa)
            except KeyboardInterrupt:
                raise BatchInterrupted(
                    "Avbrutet under PDF-konverteringen. Rapporterna, sammanställningen och "
                    "granskning.json är skrivna; PDF-filer som inte hann bli klara saknas.",
                    result.results,
                ) from None
    result.seconds = time.perf_counter() - started
    return result


def _build_all(
    tasks: Sequence[Task],
    workers: int,
    out: Path,
    progress: ProgressCallback | None,
    *,
    draft: bool,
    force: bool,
    charts: bool,
) -> BatchResult:
    """Every report, then the compilation and granskning.json; stops cleanly on Ctrl-C."""
    finished: list[InterventionResult] = []
    try:
        results = _run_tasks(tasks, workers, progress, finished)
        result = BatchResult(out=out, results=results, jobs=workers)
        write_compilation(result, draft=draft, force=force, charts=charts)
        result.review = write_review(result, force=force)
    except KeyboardInterrupt:
        sweep_temporary_files([task.out_dir for task in tasks] + [out / COMPILATION_DIR])
        built = sum(1 for r in finished if r.built)
        raise BatchInterrupted(
            f"Avbrutet efter {len(finished)} av {len(tasks)} insatser. De {built} "
            "färdiga rapporterna ligger kvar och inga halvfärdiga filer har lämnats kvar. "
            "Sammanställningen och granskning.json skrevs inte.",
            finished,
        ) from None
    return result


def _convert_to_pdf(result: BatchResult, *, jobs: int, soffice: str, pdfa: bool) -> None:
    """Every written report and the compilation as PDF, by a pool of warm LibreOffices.

    The pool (reportgen/pdf) gives each LibreOffice its own profile, so they never block
    each other; one failed conversion never stops the others, and on Ctrl-C or SIGTERM
    the pool is shut down, leaving no LibreOffice process or profile behind.
    """
    from reportgen.pdf import PdfOptions, PdfPool

    documents = [Path(r.report) for r in result.results if r.built and r.report]
    documents.extend(docx for _funder, docx, _xlsx in result.compilations)
    with PdfPool(jobs, soffice=soffice, options=PdfOptions(pdfa=pdfa)) as pool:
        result.pdfs = pool.convert_many(documents)


def _run_tasks(
    tasks: Sequence[Task],
    workers: int,
    progress: ProgressCallback | None,
    finished: list[InterventionResult],
) -> list[InterventionResult]:
    """Run every task in `workers` processes; results in task order, progress as they finish.

    `finished` collects results as they arrive, so an interrupted run can say how far it got.
    """
    fresh = {i for i, task in enumerate(tasks) if not any(task.out_dir.glob("*.docx"))}
    _warm_up()
    results: dict[int, InterventionResult] = {}
    crashed_tasks: list[int] = []
    total = len(tasks)

    def record(index: int, result: InterventionResult) -> None:
        results[index] = result
        finished.append(result)
        if progress is not None:
            progress(len(results), total, result)

    executor = _executor(workers)
    preparing = _prepare_compilation()
    try:
        pending: dict[Future[InterventionResult], int] = {
            executor.submit(build_one, task): index for index, task in enumerate(tasks)
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                try:
                    record(index, future.result())
                except BrokenProcessPool:
                    crashed_tasks.append(index)
                except Exception as exc:  # the result could not be sent back
                    if debug_enabled():
                        raise
                    record(index, _failed(tasks[index], exc))
    except BaseException:
        _stop(executor)
        preparing.join()
        raise
    executor.shutdown(wait=True)
    preparing.join()  # before any new worker is forked: no import may be half done then

    # A worker that died took every task it shared a pool with down with it. Retry
    # each of those alone, so only the intervention that kills its worker fails. A
    # task may have written its report before its result was lost; overwriting that
    # is safe when its folder held no report before this batch began.
    for index in sorted(crashed_tasks):
        task = tasks[index]
        if index in fresh:
            task = dataclasses.replace(task, force=True)
        record(index, _run_isolated(task))
    return [results[index] for index in range(total)]


def _prepare_compilation() -> threading.Thread:
    """Import what the compilation needs (openpyxl among it, ~0.2 s) while the workers build.

    The parent only waits for results meanwhile, so the import runs on time it would
    otherwise spend idle, instead of after the last report. Started once every worker
    has been forked (fork from a thread holding an import lock could deadlock the
    child), and joined before another worker is.
    """

    def prepare() -> None:
        for name in _COMPILATION_MODULES:
            with contextlib.suppress(Exception):  # a real failure shows when writing it
                importlib.import_module(name)

    thread = threading.Thread(target=prepare, name="reportgen-sammanstallning", daemon=True)
    thread.start()
    return thread


def _run_isolated(task: Task) -> InterventionResult:
    executor = _executor(1)
    try:
        return executor.submit(build_one, task).result()
    except BrokenProcessPool:
        return crashed(task)
    except BaseException:
        _stop(executor)
        raise
    finally:
        executor.shutdown(wait=True)


def _failed(task: Task, exc: BaseException) -> InterventionResult:
    from reportgen.batch.worker import not_built
    from reportgen.findings import Finding, Severity
    from reportgen.location import Location

    message = internal_error_message(exc)
    return not_built(
        task.display, message, [Finding("F001", Severity.FEL, message, Location(task.display))]
    )


def _executor(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers inherit "ignore Ctrl-C" from the moment they exist.

    Fork (on Linux, from a single-threaded parent) gives workers the parent's
    already imported modules for free. SIGINT is ignored while the workers are
    created, so a Ctrl-C during start-up cannot kill one before its initializer
    has run; the parent's own handler is restored right after.
    """
    context = None
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=init_worker)
    # Starting the workers now (not lazily at the first submit) keeps them
    # inside the window where SIGINT is ignored.
    with _sigint_ignored(), contextlib.suppress(AttributeError):
        executor._start_executor_manager_thread()  # type: ignore[attr-defined]
    return executor


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Cancel what has not started, stop busy workers, wait until every worker is gone."""
    with _sigint_ignored():  # a second Ctrl-C must not interrupt the clean-up
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()  # SIGTERM: the worker deletes its temporary file
        deadline = time.monotonic() + 10
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(max(0.1, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
                    process.join(5)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (kill, a stopping service) like Ctrl-C: stop cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _warm_up() -> None:
    """Do once in the parent what every worker would otherwise do first (fork shares it)."""
    from reportgen.preload import preload

    preload(_PARENT_MODULES)
