"""Agent events and the per-agent FIFO queue that the long poll drains, one event per response."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# How often a held poll looks whether its client has gone away, so that it never takes an event
# that nobody will receive.
GONE_CHECK = 1.0


@dataclass(frozen=True, slots=True)
class AgentEvent:
    event_type: str
    work_no: str
    content: Any
    gen_time_ms: int

    def to_json(self) -> dict[str, Any]:
        return {
            "eventType": self.event_type,
            "workNo": self.work_no,
            "content": self.content,
            "eventGenTime": self.gen_time_ms,
        }


def make_event(event_type: str, work_no: str, content: Any = None) -> AgentEvent:
    return AgentEvent(event_type, work_no, content, int(time.time() * 1000))


class EventQueue:
    """Events of one session in the order they happened; wakes the waiting poll on each put."""

    def __init__(self) -> None:
        self._items: deque[AgentEvent] = deque()
        self._changed = asyncio.Event()
        self._poll_seq = 0
        self._interrupted = False
        self.waiting = 0

    def __len__(self) -> int:
        return len(self._items)

    def put(self, event: AgentEvent) -> None:
        self._items.append(event)
        self._notify()

    def interrupt(self) -> None:
        """Make every held and future poll return at once without an event (shutdown, revoke)."""
        self._interrupted = True
        self._notify()

    def take_nowait(self) -> AgentEvent | None:
        return self._items.popleft() if self._items else None

    async def take(self, hold: float, gone: Callable[[], bool]) -> AgentEvent | None:
        """The next event, waiting up to ``hold`` seconds for one; None if none came.

        GUESS: the gateway lets one poll wait per agent; a newer poll makes the older one return at
        once without an event, so an abandoned poll cannot swallow the next event.
        """
        self._poll_seq += 1
        mine = self._poll_seq
        self._notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + hold
        self.waiting += 1
        try:
            while True:
                if self._interrupted or mine != self._poll_seq or gone():
                    return None
                if self._items:
                    return self._items.popleft()
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return None
                changed = self._changed
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), min(remaining, GONE_CHECK))
        finally:
            self.waiting -= 1

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
