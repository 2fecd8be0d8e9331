"""Work off the event loop: admission slots, killable workers, and 16 reviews at once."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reportgen.web.pool import Busy, Slots, WorkerCrashed, WorkerPool, WorkTimeout, peak_memory_kb
from tests.web_support import (
    flawed_report,
    leftovers,
    report_docx,
    web_client,  # noqa: F401  (the `client` fixture)
)


def test_slots_admit_size_let_some_wait_and_refuse_the_rest() -> None:
    async def scenario() -> list[str]:
        slots = Slots(1, waiting=1)
        events: list[str] = []
        release = asyncio.Event()

        async def hold(name: str, patient: bool = False) -> None:
            async with slots.hold(patient=patient):
                events.append(f"{name} in")
                await release.wait()

        first = asyncio.create_task(hold("a"))
        await asyncio.sleep(0)
        second = asyncio.create_task(hold("b"))
        await asyncio.sleep(0)
        assert (slots.held, slots.waiting) == (1, 1)
        with pytest.raises(Busy) as refused:
            async with slots.hold():
                pass
        events.append(f"c busy {refused.value.retry_after}")
        async with asyncio.timeout(5):  # a patient holder waits however long the queue is
            patient = asyncio.create_task(hold("job", patient=True))
            await asyncio.sleep(0)
            release.set()
            await asyncio.gather(first, second, patient)
        return events

    assert asyncio.run(scenario()) == ["a in", "c busy 4", "b in", "job in"]


def test_a_holder_of_several_slots_waits_for_all_of_them() -> None:
    async def scenario() -> tuple[int, int]:
        slots = Slots(2, waiting=4)
        async with slots.hold():
            waiter = asyncio.create_task(_hold_two(slots))
            await asyncio.sleep(0.01)
            blocked = slots.waiting
        await waiter
        return blocked, slots.held

    assert asyncio.run(scenario()) == (1, 0)


async def _hold_two(slots: Slots) -> None:
    async with slots.hold(2):
        assert slots.held == 2


def test_workers_run_tasks_and_are_replaced_when_killed() -> None:
    async def scenario() -> None:
        pool = await WorkerPool(1).start()
        try:
            first = await pool.run("os.getpid", timeout=60)
            assert pool.pids() == [first] and first != os.getpid()
            with pytest.raises(WorkTimeout):
                await pool.run("time.sleep", 30, timeout=0.2)
            second = await pool.run("os.getpid", timeout=60)  # waits for the replacement
            assert second != first
            assert not Path(f"/proc/{first}").exists() or _zombie(first)
            with pytest.raises(WorkerCrashed):
                await pool.run("os._exit", 3, timeout=60)
            third = await pool.run("os.getpid", timeout=60)
            assert third not in (first, second)
            with pytest.raises(WorkerCrashed, match="AttributeError"):
                await pool.run("os.no_such_function", timeout=60)
            assert await pool.run("os.getpid", timeout=60) == third  # a bug kills no worker
            assert peak_memory_kb([third]) > 0
        finally:
            await pool.close()
        assert not pool.ready

    asyncio.run(scenario())


def _zombie(pid: int) -> bool:
    try:
        return " Z " in Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True


def test_sixteen_concurrent_reviews_give_identical_findings(
    client: TestClient, tmp_path: Path
) -> None:
    flawed = flawed_report(tmp_path)
    clean = report_docx(tmp_path)
    files = [("fil", ("bristfallig.docx", flawed)), ("fil", ("ren.docx", clean))]
    expected = client.post("/api/granska", files=files)
    assert expected.status_code == 200
    assert expected.json()["files"][0]["findings"]

    def review(_: int) -> tuple[int, object]:
        answer = client.post("/api/granska", files=files)
        return answer.status_code, answer.json()

    with ThreadPoolExecutor(max_workers=16) as threads:
        answers = list(threads.map(review, range(16)))
    assert answers == [(200, expected.json())] * 16
    assert leftovers(client) == []
