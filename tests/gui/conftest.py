"""GUI test set-up: a qasync loop on the test's QApplication.

A test builds widgets, then drives a scenario with ``qloop.run_until_complete(scenario())``; inside
the scenario it waits for signals by awaiting futures (``signal_future``), never with
``qtbot.wait*``, which would start a nested Qt loop inside a running task.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import qasync
from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QApplication

# Closed loops are kept until the session ends: a qasync loop's timer object may still own Qt
# timers when the loop closes, and freeing it then crashed a later test inside QCoreApplication.
_closed_loops: list[asyncio.AbstractEventLoop] = []


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    # As in agentbar/ui/application.py: the app, not Qt, decides when the loop ends (a hidden window
    # must not).
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    # Let cancelled tasks finish before the loop closes.
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()
    _closed_loops.append(loop)
    asyncio.set_event_loop(None)


async def wait_for_signal(
    signal: SignalInstance,
    predicate: Callable[..., bool] = lambda *args: True,
    within: float = 10.0,
) -> tuple[Any, ...]:
    """The arguments of the first emission of ``signal`` that satisfies ``predicate``."""
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def seen(*args: Any) -> None:
        if not future.done() and predicate(*args):
            future.set_result(args)

    signal.connect(seen)
    try:
        return await asyncio.wait_for(future, within)
    finally:
        signal.disconnect(seen)


async def wait_until(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Poll ``condition`` on the running loop (for state that has no signal of its own)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.02)


async def settle_tasks(within: float = 10.0) -> None:
    """Wait for the tasks widgets spawned (loads, refreshes) to end, on the running loop.

    Between two ``run_until_complete`` calls Qt may step a task with no running loop set, which
    breaks anything that asks for it; a scenario that started such work lets it finish first.
    """
    from agentbar.ui.asyncslot import running_tasks

    current = asyncio.current_task()
    loop = asyncio.get_running_loop()
    # Tasks an earlier test left on its (closed) loop can never end here.
    pending = [t for t in running_tasks() if t is not current and t.get_loop() is loop]
    if pending:
        await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), within)
