"""The long-poll event pump: polls ``agentevent/{id}`` through the gateway and yields each
:class:`~agentbar.cec.events.AgentEvent` once, pacing, backing off and renewing the GUID as it goes.

Kept apart from the event model so that the gateway (which parses events) and the pump (which
drives the gateway) do not import each other.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from agentbar.cec.errors import AuthError, CecError, NotSignedInError, SignedOutByServer

if TYPE_CHECKING:
    from agentbar.cec.events import AgentEvent
    from agentbar.cec.gateway import GatewayClient

log = logging.getLogger(__name__)

_T = TypeVar("_T")


class PumpState(StrEnum):
    CONNECTED = "connected"
    RETRYING = "retrying"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class PumpStatus:
    """What the pump tells its owner about the event channel.

    ``connected`` — the last poll got through. Not connected and not ``stopped`` — a poll failed
    and the next try comes in ``retry_in`` seconds. ``stopped`` — the pump has ended for good
    (this is its last status): ``error`` says why, ``None`` when it was stopped on request.
    """

    connected: bool
    error: CecError | None = None
    retry_in: float = 0.0
    stopped: bool = False

    @property
    def state(self) -> PumpState:
        if self.stopped:
            return PumpState.STOPPED
        return PumpState.CONNECTED if self.connected else PumpState.RETRYING


class EventPump:
    """Long-polls ``agentevent/{id}`` and yields each event, in order, exactly once.

    Iterate it with ``async for``. It ends by raising :class:`SignedOutByServer` when the server
    signs the agent out, or the :class:`CecError` it could not recover from; :meth:`stop` ends the
    iteration quietly. Either way the last status it reports has ``stopped=True``.

    Pacing: after a poll that brought an event the next one goes out at once. After any request
    that did not (an empty answer, a failure, a GUID renewal) the next request waits until
    ``backoff_base`` seconds after that one started, so no failure loop exceeds 1/backoff_base
    requests per second; failures back off exponentially on top of that.
    """

    def __init__(
        self,
        gateway: GatewayClient,
        *,
        on_status: Callable[[PumpStatus], None] | None = None,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._gateway = gateway
        self._on_status = on_status
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock
        self._stopped = asyncio.Event()
        self._connected: bool | None = None
        # Start of the last request that brought no event: the next one waits for the floor.
        self._unproductive_since: float | None = None
        # The request under way, so that stop() can end a held poll at once.
        self._in_flight: asyncio.Future[object] | None = None

    def stop(self) -> None:
        self._stopped.set()
        if self._in_flight is not None:
            self._in_flight.cancel()

    def __aiter__(self) -> AsyncIterator[AgentEvent]:
        return self._events()

    async def _events(self) -> AsyncIterator[AgentEvent]:
        ended: CecError | None = None
        try:
            async with aclosing(self._pump()) as events:
                async for event in events:
                    yield event
        except CecError as exc:
            ended = exc
            raise
        finally:
            self._report(PumpStatus(connected=False, error=ended, stopped=True))

    async def _pump(self) -> AsyncGenerator[AgentEvent, None]:
        failures = 0
        renewed_guid = False
        while not self._stopped.is_set():
            try:
                event = await self._poll_or_stop()
            except _Stopped:
                return
            except NotSignedInError as exc:
                raise _signed_out(exc) from None
            except AuthError as exc:
                # Only an expired GUID (000-003) is worth one renewal; 105-006 (failover) and a
                # second refusal in a row mean the session is gone: sign in again.
                if renewed_guid or exc.code != "000-003":
                    raise
                renewed_guid = True
                log.info("poll refused (%s): asking for a new GUID once", exc.code)
                try:
                    await self._paced(self._gateway.update_guid)
                except _Stopped:
                    return
                except NotSignedInError as inner:
                    raise _signed_out(inner) from None
                except AuthError:
                    raise exc from None
                except CecError as inner:
                    # The renewal itself did not get through: it has not been tried yet.
                    renewed_guid = False
                    failures += 1
                    await self._back_off(inner, failures)
                continue
            except CecError as exc:
                failures += 1
                await self._back_off(exc, failures)
                continue
            failures = 0
            renewed_guid = False
            self._report(PumpStatus(connected=True))
            if event is None:
                # A held poll takes ~10 s; one that comes back empty at once (a proxy, a server
                # without long polling) is paced by the floor, not repeated in a hot loop.
                continue
            self._unproductive_since = None
            yield event
            if event.event_type == "AgentOther_ShutdownService":
                raise SignedOutByServer("You were signed out by the server.")

    async def _poll_or_stop(self) -> AgentEvent | None:
        return await self._paced(self._gateway.poll_event)

    async def _paced(self, request: Callable[[], Awaitable[_T]]) -> _T:
        """Run one gateway request after the rate floor, or raise _Stopped when stopped first."""
        if self._unproductive_since is not None:
            await self._wait(self._unproductive_since + self._backoff_base - self._clock())
        if self._stopped.is_set():
            raise _Stopped
        self._unproductive_since = self._clock()
        # One task per request and a plain await: the fewest loop turns between the answer and
        # the event's yield. stop() cancels the task; a cancellation of our own task passes on.
        call: asyncio.Future[_T] = asyncio.ensure_future(request())
        self._in_flight = call  # type: ignore[assignment]
        try:
            return await call
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if self._stopped.is_set() and (current is None or not current.cancelling()):
                raise _Stopped from None
            raise
        finally:
            self._in_flight = None

    async def _back_off(self, error: CecError, failures: int) -> None:
        delay = min(self._backoff_max, self._backoff_base * 2 ** (failures - 1))
        # Full jitter above the floor: spreads reconnecting agents without ever going under it.
        delay = max(self._backoff_base, delay * (0.5 + 0.5 * self._jitter()))
        log.warning("event poll failed (%s); retrying in %.1f s", error, delay)
        self._report(PumpStatus(connected=False, error=error, retry_in=delay))
        await self._wait(delay)

    async def _wait(self, delay: float) -> None:
        """Sleep for ``delay`` seconds, or less when the pump is stopped meanwhile."""
        if delay <= 0:
            return
        sleeper = asyncio.ensure_future(self._sleep(delay))
        stopped = asyncio.ensure_future(self._stopped.wait())
        try:
            await asyncio.wait({sleeper, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            stopped.cancel()

    def _report(self, status: PumpStatus) -> None:
        if status.connected and self._connected is True:
            return  # report transitions and every failure, not every healthy poll
        self._connected = status.connected
        if self._on_status is not None:
            try:
                self._on_status(status)
            except Exception:  # an observer's bug must not stop the event stream
                log.exception("pump status observer failed")


def _signed_out(error: CecError) -> SignedOutByServer:
    return SignedOutByServer(
        "You were signed out by the server.",
        endpoint=error.endpoint,
        code=error.code,
        server_text=error.server_text,
    )


class _Stopped(Exception):
    pass
