"""Keeps spawned asyncio tasks alive until they end, and hands each failure to one reporter.

The event loop holds only a weak reference to a task, so a task nobody keeps may be collected
mid-run (https://docs.python.org/3/library/asyncio-task.html#asyncio.create_task). Every place that
starts work in the background and does not await it keeps it in a :class:`TaskSet`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

FailureReporter = Callable[[BaseException], None]


def current_loop() -> asyncio.AbstractEventLoop:
    """The loop to start a task on, also from a Qt callback that runs outside a task."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        # Called from a Qt timer under qasync before asyncio marks the loop as running.
        return asyncio.get_event_loop()


class TaskSet:
    """The tasks one owner has started and not yet seen end.

    ``on_failure`` hears of every exception a task ends with (not of cancellation). Without it a
    failure is left to asyncio, which logs it when the task is collected.
    """

    def __init__(self, on_failure: FailureReporter | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._on_failure = on_failure

    def spawn(self, coro: Coroutine[Any, Any, T], *, name: str | None = None) -> asyncio.Task[T]:
        """Start ``coro`` on the current loop and keep it until it ends."""
        task = current_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def __len__(self) -> int:
        return len(self._tasks)

    def __iter__(self) -> Iterator[asyncio.Task[Any]]:
        return iter(frozenset(self._tasks))

    def running(self) -> frozenset[asyncio.Task[Any]]:
        """The tasks that have not ended yet."""
        return frozenset(self._tasks)

    async def settle(self) -> None:
        """Wait until every task has ended, including any started while waiting."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def cancel_all(self) -> None:
        """Cancel every task and wait until they have ended."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if self._on_failure is None or task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self._on_failure(exc)
