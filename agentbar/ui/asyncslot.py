"""Runs coroutines from Qt signals: keeps each task alive and reports every failure in one place.

qasync's ``asyncSlot`` keeps no strong reference to its task and sends exceptions to
``sys.excepthook``; here a slot's task is held until it ends, and an exception is logged and handed
to the window's error sink (a banner), so a failing slot never takes the window down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from agentbar.app.tasks import TaskSet

log = logging.getLogger(__name__)

ErrorSink = Callable[[BaseException], None]

_sinks: list[ErrorSink] = []


def add_error_sink(sink: ErrorSink) -> None:
    """Also tell ``sink`` about every unexpected exception of a spawned task."""
    _sinks.append(sink)


def remove_error_sink(sink: ErrorSink) -> None:
    if sink in _sinks:
        _sinks.remove(sink)


def _report(exc: BaseException) -> None:
    log.error("a background task failed", exc_info=exc)
    for sink in list(_sinks):
        try:
            sink(exc)
        except Exception:  # a broken sink must not hide the original error
            log.exception("the error sink failed")


_tasks = TaskSet(on_failure=_report)


def spawn(coro: Coroutine[Any, Any, object]) -> asyncio.Task[Any]:
    """Start ``coro`` on the running loop and keep it alive until it ends."""
    asyncio.get_running_loop()  # raises outside a running loop rather than pick some other loop
    return _tasks.spawn(coro)


def running_tasks() -> frozenset[asyncio.Task[Any]]:
    """The spawned tasks that have not ended yet (shut-down waits for them)."""
    return _tasks.running()
