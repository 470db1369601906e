"""Test-side harness: a real GatewayClient against a running simulator, its event pump on a task.

``PumpRun`` collects what the pump yields and reports, so a test can wait for the next events,
for a status, or for the pump's end, each with a timeout that turns a hang into a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from agentbar.cec import build_client
from agentbar.cec.event_pump import EventPump, PumpStatus
from agentbar.cec.events import AgentEvent
from agentbar.cec.gateway import GatewayClient


@contextlib.asynccontextmanager
async def gateway_client(url: str, agent_id: str = "101") -> AsyncIterator[GatewayClient]:
    """A client of ``agent_id`` on its own connection pool, closed afterwards."""
    http = build_client()
    try:
        yield GatewayClient(http, url, agent_id)
    finally:
        await http.aclose()


class PumpRun:
    """An EventPump iterated on its own task."""

    def __init__(self, gateway: GatewayClient, **options: Any) -> None:
        self.statuses: list[PumpStatus] = []
        self.events: list[AgentEvent] = []
        self._queue: asyncio.Queue[AgentEvent] = asyncio.Queue()
        self._status_seen = asyncio.Event()
        self.pump = EventPump(gateway, on_status=self._on_status, **options)
        self.task = asyncio.create_task(self._run())

    def _on_status(self, status: PumpStatus) -> None:
        self.statuses.append(status)
        self._status_seen.set()

    async def _run(self) -> None:
        async for event in self.pump:
            self.events.append(event)
            self._queue.put_nowait(event)

    async def take(self, n: int, timeout: float = 5.0) -> list[AgentEvent]:
        """The next ``n`` events."""
        taken: list[AgentEvent] = []
        async with asyncio.timeout(timeout):
            while len(taken) < n:
                taken.append(await self._next())
        return taken

    async def until(self, event_type: str, timeout: float = 5.0) -> list[AgentEvent]:
        """Every event up to and including the next one of ``event_type``."""
        taken: list[AgentEvent] = []
        async with asyncio.timeout(timeout):
            while not taken or taken[-1].event_type != event_type:
                taken.append(await self._next())
        return taken

    async def _next(self) -> AgentEvent:
        queue_get = asyncio.ensure_future(self._queue.get())
        done, _ = await asyncio.wait({queue_get, self.task}, return_when=asyncio.FIRST_COMPLETED)
        if queue_get in done:
            return queue_get.result()
        queue_get.cancel()
        raise AssertionError(f"the pump ended: {self.task.exception()!r}")

    async def wait_status(self, accept: Callable[[PumpStatus], bool], timeout: float) -> None:
        async with asyncio.timeout(timeout):
            while not any(accept(s) for s in self.statuses):
                self._status_seen.clear()
                await self._status_seen.wait()

    async def ended(self, timeout: float = 5.0) -> BaseException | None:
        """The exception the pump ended with (None if it stopped quietly)."""
        async with asyncio.timeout(timeout):
            await asyncio.wait({self.task})
        return self.task.exception()

    async def stop(self) -> None:
        self.pump.stop()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.task, 5.0)


def types(events: list[AgentEvent]) -> list[str]:
    return [e.event_type for e in events]
