"""The task set keeps tasks alive, forgets them when they end, and reports only real failures."""

from __future__ import annotations

import asyncio
import gc

from agentbar.app.tasks import TaskSet


async def test_a_spawned_task_survives_collection_and_is_forgotten_when_it_ends() -> None:
    tasks = TaskSet()
    release = asyncio.Event()
    done: list[str] = []

    async def work() -> str:
        await release.wait()
        done.append("ran")
        return "result"

    task = tasks.spawn(work(), name="work")
    del task  # only the set holds it now
    gc.collect()
    assert len(tasks) == 1
    assert next(iter(tasks)).get_name() == "work"
    release.set()
    await tasks.settle()
    assert done == ["ran"]
    assert len(tasks) == 0
    assert tasks.running() == frozenset()


async def test_failures_are_reported_once_and_cancellation_is_not() -> None:
    failures: list[BaseException] = []
    tasks = TaskSet(on_failure=failures.append)

    async def fail() -> None:
        raise ValueError("broken")

    async def wait_forever() -> None:
        await asyncio.Event().wait()

    failing = tasks.spawn(fail())
    waiting = tasks.spawn(wait_forever())
    await asyncio.sleep(0)
    await tasks.cancel_all()
    assert failing.done()
    assert waiting.cancelled()
    assert [str(exc) for exc in failures] == ["broken"]
    assert len(tasks) == 0


async def test_settle_waits_for_tasks_started_while_it_waits() -> None:
    tasks = TaskSet()
    order: list[str] = []

    async def second() -> None:
        order.append("second")

    async def first() -> None:
        await asyncio.sleep(0)
        tasks.spawn(second())
        order.append("first")

    tasks.spawn(first())
    await tasks.settle()
    assert order == ["first", "second"]
