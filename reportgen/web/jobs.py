"""Year-end jobs: queued, run one process each, kept at most an hour, then gone.

A job id is 128 random bits, so knowing the address is what lets someone see a
job (like a shared link); the API's bearer token, when set, guards it as well.
A job holds `Settings.batch_slots` of the service's slots while it runs, so a
year-end batch never takes every core from the owners checking their files.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import shutil
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from reportgen.web import batchjob
from reportgen.web.pool import Busy, Slots, WorkerPool, settle
from reportgen.web.problems import ApiError
from reportgen.web.settings import Settings

log = logging.getLogger("reportgen.web")

REAP_EVERY = 30.0  # seconds


class JobState(StrEnum):
    QUEUED = "köad"
    RUNNING = "pågår"
    DONE = "klar"
    FAILED = "misslyckad"


@dataclass
class Job:
    id: str
    folder: Path
    created: float = field(default_factory=time.monotonic)
    state: JobState = JobState.QUEUED
    message: str = ""
    summary: dict[str, Any] | None = None
    ended: float | None = None
    process: Any = None
    task: asyncio.Task[None] | None = None

    @property
    def result(self) -> Path:
        return self.folder / batchjob.RESULT

    def progress(self) -> tuple[int, int]:
        if self.state is JobState.DONE and self.summary:
            total = int(self.summary.get("insatser", 0))
            return total, total
        data = batchjob.read_json(self.folder / batchjob.PROGRESS) or {}
        return int(data.get("klara", 0)), int(data.get("totalt", 0))

    def as_dict(self, prefix: str = "/api/jobb") -> dict[str, Any]:
        done, total = self.progress()
        body: dict[str, Any] = {
            "id": self.id,
            "status": str(self.state),
            "klara": done,
            "totalt": total,
            "meddelande": self.message,
        }
        if self.summary is not None:
            body["sammanfattning"] = self.summary
        if self.state is JobState.DONE:
            body["resultat"] = f"{prefix}/{self.id}/resultat"
        return body


class JobStore:
    """The jobs of this service process; nothing survives a restart (nothing should)."""

    def __init__(self, root: Path, slots: Slots, pool: WorkerPool, settings: Settings) -> None:
        self.root = root
        self.slots = slots
        self.pool = pool
        self.settings = settings
        self.jobs: dict[str, Job] = {}
        self._reaper: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._reaper = asyncio.get_running_loop().create_task(self._reap_forever())

    def active(self) -> int:
        return sum(1 for j in self.jobs.values() if j.state in (JobState.QUEUED, JobState.RUNNING))

    def new_folder(self) -> tuple[str, Path]:
        """A fresh job id and its private folder; raise Busy when enough jobs are waiting."""
        if self.active() >= self.settings.max_jobs:
            raise Busy(60)
        job_id = secrets.token_urlsafe(16)
        folder = self.root / f"jobb-{job_id}"
        folder.mkdir(mode=0o700)
        return job_id, folder

    def submit(self, job_id: str, folder: Path) -> Job:
        """Start a job whose upload is already in `folder`/arkiv.zip."""
        job = Job(job_id, folder)
        self.jobs[job_id] = job
        job.task = asyncio.get_running_loop().create_task(self._run(job))
        log.info("jobb %s köat", job_id[:8])
        return job

    def get(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None:
            raise ApiError(
                404,
                "jobbet_finns_inte",
                "Jobbet finns inte: det har tagits bort, eller det var klart för mer än en timme "
                "sedan och raderades då. Skicka arkivet igen.",
            )
        return job

    async def _run(self, job: Job) -> None:
        slots = self.settings.batch_slots
        try:
            async with self.slots.hold(slots, patient=True):
                job.state = JobState.RUNNING
                await self._run_process(job, slots)
        except asyncio.CancelledError:
            job.state, job.message = JobState.FAILED, "Tjänsten stängdes innan jobbet var klart."
            raise
        except Exception as exc:
            log.error("jobb %s: internt fel (%s)", job.id[:8], type(exc).__name__)
            job.state = JobState.FAILED
            job.message = "Internt fel i tjänsten; försök igen om en stund."
        finally:
            job.ended = time.monotonic()
            log.info("jobb %s %s", job.id[:8], job.state)

    async def _run_process(self, job: Job, slots: int) -> None:
        context = self.pool.context()
        process = context.Process(  # type: ignore[attr-defined]
            target=batchjob.run,
            args=(str(job.folder), slots, self.settings.zip_limits),
            daemon=False,  # run_batch starts worker processes of its own
        )
        job.process = process
        await asyncio.to_thread(process.start)
        ended = await self._wait(process, self.settings.job_time_limit)
        if not ended:
            await asyncio.to_thread(self._stop, process)
        status = batchjob.read_json(job.folder / batchjob.STATUS)
        if not ended:
            job.state = JobState.FAILED
            minutes = round(self.settings.job_time_limit / 60)
            job.message = (
                f"Jobbet tog mer än {minutes} minuter och avbröts. Skicka färre insatser per gång."
            )
        elif status is None:
            job.state = JobState.FAILED
            job.message = (
                "Jobbet avslutades oväntat. Försök igen eller kontakta den som driver tjänsten."
            )
        else:
            job.state = JobState.DONE if status.get("status") == "klar" else JobState.FAILED
            job.message = str(status.get("meddelande") or "")
            job.summary = status.get("sammanfattning")

    @staticmethod
    async def _wait(process: Any, timeout: float) -> bool:
        """Wait for `process` to end without a thread: its sentinel becomes readable."""
        loop = asyncio.get_running_loop()
        ended: asyncio.Future[None] = loop.create_future()
        loop.add_reader(process.sentinel, settle, ended)
        try:
            await asyncio.wait_for(ended, timeout)
        except TimeoutError:
            return False
        finally:
            loop.remove_reader(process.sentinel)
        await asyncio.to_thread(process.join, 5)
        return True

    @staticmethod
    def _stop(process: Any) -> None:
        """SIGTERM (the batch stops cleanly), then SIGKILL if it will not."""
        with contextlib.suppress(Exception):
            process.terminate()
            process.join(15)
            if process.is_alive():
                process.kill()
                process.join(5)

    async def delete(self, job_id: str) -> None:
        job = self.get(job_id)
        del self.jobs[job_id]
        await self._discard(job)
        log.info("jobb %s borttaget", job_id[:8])

    async def _discard(self, job: Job) -> None:
        if job.task is not None and not job.task.done():
            job.task.cancel()
            with contextlib.suppress(BaseException):
                await job.task
        if job.process is not None and job.process.is_alive():
            await asyncio.to_thread(self._stop, job.process)
        await asyncio.to_thread(shutil.rmtree, job.folder, True)

    async def reap(self, now: float | None = None) -> int:
        """Delete every job that ended more than `job_ttl` ago; return how many."""
        now = time.monotonic() if now is None else now
        expired = [
            job_id
            for job_id, job in self.jobs.items()
            if job.ended is not None and now - job.ended > self.settings.job_ttl
        ]
        for job_id in expired:
            job = self.jobs.pop(job_id)
            await self._discard(job)
            log.info("jobb %s raderat efter en timme", job_id[:8])
        return len(expired)

    async def _reap_forever(self) -> None:
        while True:
            await asyncio.sleep(REAP_EVERY)
            with contextlib.suppress(Exception):
                await self.reap()

    async def close(self) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
        for job_id in list(self.jobs):
            await self._discard(self.jobs.pop(job_id))
