"""CPU work off the event loop: admission slots and a pool of worker processes we can kill.

Reading a Word report or rendering one takes 50–500 ms of pure Python; done in the
event loop it would stall every other request. So each piece of work runs in one of
`size` long-lived worker processes, and `Slots` decides who may start:

- at most `size` holders at once (`--jobb`), each request holding one slot for all
  its work (a build and its PDF), a year-end job holding several;
- at most `waiting` more may wait; anyone beyond that gets `Busy` (→ 429 with
  Retry-After) at once instead of an ever-growing queue.

Why not `concurrent.futures.ProcessPoolExecutor`: a request has a time limit, and
the only way to stop pure-Python work is to kill its process – which breaks a
ProcessPoolExecutor for every other caller. Here a worker that runs over its time,
or dies, is killed and replaced alone. Workers come from a forkserver that has
already imported the pipeline (`preload`), so a replacement starts in milliseconds,
warm, and never inherits the server's threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import multiprocessing
import signal
from collections.abc import AsyncIterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

log = logging.getLogger("reportgen.web")

RESTART_AFTER = 500  # tasks; Python processes grow a little with every document


class Busy(Exception):
    """Every slot is taken and the queue is full: try again in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class WorkTimeout(Exception):
    """The work ran over its time limit; its worker was killed."""


class WorkerCrashed(Exception):
    """The worker died or the work raised something unexpected (a bug, never input)."""


class Slots:
    """Counting admission with a bounded waiting room (first come, first served)."""

    def __init__(self, size: int, waiting: int) -> None:
        self.size = max(1, size)
        self.max_waiting = max(0, waiting)
        self.held = 0
        self.waiting = 0
        self._changed: asyncio.Condition | None = None

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    def retry_after(self) -> int:
        """A rough, honest wait: a few seconds per full round of the queue."""
        return max(2, 2 * (1 + self.waiting // self.size))

    @contextlib.asynccontextmanager
    async def hold(self, count: int = 1, *, patient: bool = False) -> AsyncIterator[None]:
        """Hold `count` slots for the block; raise `Busy` when nobody else may wait.

        A `patient` holder (a year-end job, already admitted by the job queue) waits
        however long the queue is.
        """
        count = min(max(1, count), self.size)
        changed = self._condition()
        async with changed:
            free_now = self.waiting == 0 and self.held + count <= self.size
            if not free_now and not patient and self.waiting >= self.max_waiting:
                raise Busy(self.retry_after())
            self.waiting += 1
            try:
                await changed.wait_for(lambda: self.held + count <= self.size)
            finally:
                self.waiting -= 1
            self.held += count
        try:
            yield
        finally:
            async with changed:
                self.held -= count
                changed.notify_all()


def _serve(conn: Connection) -> None:
    """A worker's life: run what arrives, send back ("ok", result) or ("error", kind)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        task, args = message
        try:
            module, _, name = task.rpartition(".")
            function = getattr(importlib.import_module(module), name)
            reply: tuple[str, Any] = ("ok", function(*args))
        except Exception as exc:  # a bug in a task: report its kind, never file content
            reply = ("error", type(exc).__name__)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def settle(future: asyncio.Future[None]) -> None:
    """A reader callback: the awaited descriptor became readable (data, or the end)."""
    if not future.done():
        future.set_result(None)


class _Worker:
    def __init__(self, context: BaseContext) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()
        self.tasks = 0

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self, *, kill: bool) -> None:
        with contextlib.suppress(Exception):
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        with contextlib.suppress(Exception):
            self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


class WorkerPool:
    """`size` worker processes; `run` sends one call to an idle one and awaits the reply."""

    def __init__(self, size: int, *, preload: Sequence[str] = ("reportgen.web.tasks",)) -> None:
        self.size = max(1, size)
        self.preload = list(preload)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._context: BaseContext | None = None
        self._closed = False
        self._background: set[asyncio.Task[None]] = set()

    def context(self) -> BaseContext:
        """The forkserver context (warm, thread-free children); spawn where there is none."""
        if self._context is None:
            try:
                forkserver = multiprocessing.get_context("forkserver")
                forkserver.set_forkserver_preload(self.preload)
                self._context = forkserver
            except ValueError:
                self._context = multiprocessing.get_context("spawn")
        return self._context

    async def start(self) -> WorkerPool:
        self._idle = asyncio.Queue()
        workers = await asyncio.to_thread(self._spawn_all)
        for worker in workers:
            self._idle.put_nowait(worker)
        return self

    def _spawn_all(self) -> list[_Worker]:
        return [self._spawn() for _ in range(self.size)]

    def _spawn(self) -> _Worker:
        worker = _Worker(self.context())
        self._all.add(worker)
        return worker

    @property
    def ready(self) -> bool:
        return not self._closed and bool(self._all) and all(w.alive for w in self._all)

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._all if w.process.pid is not None]

    async def run(self, task: str, *args: Any, timeout: float) -> Any:
        """`task(*args)` in a worker; raise WorkTimeout or WorkerCrashed, never hang.

        `task` is a dotted name ("reportgen.web.tasks.review"): the worker imports it, so
        the server process never imports the pipeline itself.
        """
        if self._idle is None or self._closed:
            raise WorkerCrashed("pool not started")
        worker = await self._idle.get()
        loop = asyncio.get_running_loop()
        try:
            worker.conn.send((task, args))
            arrived: asyncio.Future[None] = loop.create_future()
            fd = worker.conn.fileno()
            loop.add_reader(fd, settle, arrived)
            try:
                await asyncio.wait_for(arrived, timeout)
            finally:
                loop.remove_reader(fd)
            kind, value = await asyncio.to_thread(worker.conn.recv)
        except TimeoutError:
            self._replace(worker)
            raise WorkTimeout() from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerCrashed("worker died") from None
        except BaseException:  # cancelled: the worker may be mid-task, so it goes
            self._replace(worker)
            raise
        worker.tasks += 1
        if worker.tasks >= RESTART_AFTER:
            self._replace(worker, kill=False)
        else:
            self._idle.put_nowait(worker)
        if kind != "ok":
            raise WorkerCrashed(str(value))
        return value

    def _replace(self, worker: _Worker, *, kill: bool = True) -> None:
        """Stop `worker` and start a fresh one in the background, off the event loop."""
        self._all.discard(worker)

        def replace() -> _Worker | None:
            worker.stop(kill=kill)
            if self._closed:
                return None
            try:
                return self._spawn()
            except Exception as exc:
                log.error("kunde inte starta en ny arbetsprocess (%s)", type(exc).__name__)
                return None

        async def later() -> None:
            fresh = await asyncio.to_thread(replace)
            if fresh is not None and self._idle is not None:
                self._idle.put_nowait(fresh)

        task = asyncio.get_running_loop().create_task(later())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        self._closed = True
        workers = list(self._all)
        self._all.clear()

        def stop_all() -> None:
            for worker in workers:
                worker.stop(kill=False)

        await asyncio.to_thread(stop_all)


def peak_memory_kb(pids: Sequence[int]) -> int:
    """Sum of the peak resident memory (VmHWM) of `pids`, for the benchmark and /readyz."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
    return total
