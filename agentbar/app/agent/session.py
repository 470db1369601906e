"""AgentSession: the one owner of the agent's state, its call, its skills and the event pump.

The state it reports is the state *the server last confirmed*. A command marks the state it asks for
as pending; the pending mark clears when the confirming event arrives (``AgentState_Ready`` …), when
the server refuses (the state reverts and the error is emitted), or after a timeout, when the
session asks the server with ``agentstatus``. Commands run one at a time: the gateway refuses
overlapping sign-in and sign-out, and one-at-a-time keeps "pending" meaningful.

QtCore only: widgets bind to the signals; nothing here knows a widget.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from agentbar.app.tasks import TaskSet
from agentbar.cec import AgentState, CecError, SignedOutByServer, Skill

if TYPE_CHECKING:
    # The gateway module pulls in the HTTP stack, and the event module (~15 ms with its typed
    # event contents) is first needed by the pump: the session is built before either loads.
    from agentbar.cec import AgentEvent, EventPump, GatewayClient, PumpStatus

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long a command may stay pending before the session asks the server for the truth.
CONFIRM_TIMEOUT = 10.0
# A light `agentstatus` this often measures the round trip when nothing else talks to the gateway.
RTT_PROBE_INTERVAL = 30.0


class ConnectionStatus(enum.Enum):
    OFFLINE = "offline"  # not signed in, by choice
    CONNECTING = "connecting"  # signing in
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"  # the pump lost the gateway and is retrying
    LOST = "lost"  # the pump gave up
    SIGNED_OUT_BY_SERVER = "signed-out-by-server"


@dataclass(frozen=True, slots=True)
class Connection:
    status: ConnectionStatus
    round_trip: float | None = None  # seconds, of the last ordinary request
    error: CecError | None = None  # why we are reconnecting, lost or signed out


@dataclass(frozen=True, slots=True)
class AgentSnapshot:
    """What the bar shows: the confirmed state, the pending one and when the state last changed."""

    state: AgentState
    pending: AgentState | None
    since: float  # time.monotonic() of the last confirmed change
    reason: int | None = None  # busy reason or rest cause, when the server told us
    signed_in: bool = False


class CallPhase(enum.Enum):
    RINGING = "ringing"
    TALKING = "talking"


@dataclass(frozen=True, slots=True)
class CallState:
    call_id: str
    caller: str
    called: str
    phase: CallPhase
    since: float  # time.monotonic() when ringing or talking began
    held: bool = False
    muted: bool = False


# Events that confirm an agent state (agent status and call events).
_STATE_EVENTS: dict[str, AgentState] = {
    "AgentState_Ready": AgentState.IDLE,
    "AgentState_Force_Ready": AgentState.IDLE,
    # GUESS: the docs do not say whether Ready always follows a cancel; treat a cancel as idle so
    # the bar never hangs in "pending" when the server sends only the cancel event.
    "AgentState_CancelNotReady_Success": AgentState.IDLE,
    "AgentState_CancelRest_Success": AgentState.IDLE,
    "AgentState_CancelWork_Success": AgentState.IDLE,
    "AgentState_SetNotReady_Success": AgentState.BUSY,
    "AgentState_Force_SetNotReady": AgentState.BUSY,
    "AgentState_Busy": AgentState.BUSY,
    "AgentState_SetRest_Success": AgentState.REST,
    "AgentState_SetWork_Success": AgentState.WRAP_UP,
    "AgentState_Work": AgentState.WRAP_UP,
    "AgentEvent_Talking": AgentState.TALKING,
    "AgentEvent_Auto_Answer": AgentState.TALKING,
}
_CALL_END_EVENTS = frozenset(
    {
        "AgentEvent_Customer_Release",
        "AgentEvent_Call_Release",
        "AgentEvent_No_Answer",
        "AgentEvent_Call_Out_Fail",
        "AgentEvent_Connect_Fail",
        "AgentEvent_Inside_Call_Fail",
    }
)


class AgentSession(QObject):
    """Signs the agent in and out, runs the event pump and turns events into state."""

    state_changed = Signal(object)  # AgentSnapshot
    call_changed = Signal(object)  # CallState | None
    ringing = Signal(object)  # CallState, once per ringing call
    skills_changed = Signal(object)  # list[Skill]
    event_received = Signal(object)  # AgentEvent
    connection_changed = Signal(object)  # Connection
    error_occurred = Signal(object)  # CecError

    def __init__(
        self,
        gateway: GatewayClient | None,
        phone: str,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._gateway_client = gateway
        self._phone = phone
        self._clock = clock
        self._lock = asyncio.Lock()
        self._snapshot = AgentSnapshot(AgentState.SIGNED_OUT, None, clock())
        self._call: CallState | None = None
        self._skills: list[Skill] = []
        self._connection = Connection(ConnectionStatus.OFFLINE)
        self._pump: EventPump | None = None
        self._pump_task: asyncio.Task[None] | None = None
        self._signing_out = False
        self._tasks = TaskSet(on_failure=_log_task_failure)
        self._confirm_handle: asyncio.TimerHandle | None = None
        self._last_request = clock()
        self._probe = QTimer(self)
        self._probe.setInterval(int(RTT_PROBE_INTERVAL * 1000))
        self._probe.timeout.connect(self._probe_round_trip)

    def attach_gateway(self, gateway: GatewayClient) -> None:
        """Give the session its client when it was built without one (start-up shows the window
        first and builds the HTTP stack behind it)."""
        if self.signed_in:
            raise RuntimeError("cannot replace the gateway of a signed-in session")
        self._gateway_client = gateway

    @property
    def _gateway(self) -> GatewayClient:
        if self._gateway_client is None:
            raise RuntimeError("the session has no gateway client yet")
        return self._gateway_client

    # -- what the widgets read ----------------------------------------------------------------

    @property
    def snapshot(self) -> AgentSnapshot:
        return self._snapshot

    @property
    def call(self) -> CallState | None:
        return self._call

    @property
    def skills(self) -> list[Skill]:
        return list(self._skills)

    @property
    def connection(self) -> Connection:
        return self._connection

    @property
    def signed_in(self) -> bool:
        return self._snapshot.signed_in

    def clock(self) -> float:
        """The clock of the ``since`` fields (``time.monotonic`` unless a test gives another)."""
        return self._clock()

    # -- sign in and out ----------------------------------------------------------------------

    async def sign_in(self, password: str, *, force: bool = False) -> bool:
        """Sign in (by force: take over a session elsewhere), join all skills, start the pump.

        On failure the error is emitted (``AlreadySignedInError`` means "offer force") and the
        session stays signed out.
        """
        async with self._lock:
            if self.signed_in:
                return True
            self._set_connection(ConnectionStatus.CONNECTING)
            self._set_state(pending=AgentState.IDLE)
            try:
                await self._gateway.sign_in(
                    password, self._phone, force=force, auto_answer=False, status=AgentState.IDLE
                )
            except CecError as exc:
                self._set_state(pending=None)
                self._set_connection(ConnectionStatus.OFFLINE, error=exc)
                self.error_occurred.emit(exc)
                return False
            self._signing_out = False
            self._set_state(signed_in=True)
            self._start_pump()
            self._set_connection(ConnectionStatus.CONNECTED)
            self._probe.start()
            try:
                # The documented flow joins the skill queues right after sign-in:
                # https://support.huaweicloud.com/intl/en-us/devg-ccgw-cec/cec_05_1409.html
                await self._gateway.reset_skills(None)
                await self._resync()
            except CecError as exc:
                self.error_occurred.emit(exc)
            return True

    async def sign_out(self, *, force: bool = False) -> bool:
        """Sign out and stop the pump; ``force`` also releases an active call."""
        async with self._lock:
            if not self.signed_in:
                await self._stop_pump()
                return True
            self._signing_out = True
            self._set_state(pending=AgentState.SIGNED_OUT)
            try:
                await self._gateway.sign_out(force=force)
            except CecError as exc:
                self._signing_out = False
                self._set_state(pending=None)
                self.error_occurred.emit(exc)
                return False
            self._note_request()
            # The pump ends on AgentOther_ShutdownService; do not wait for it forever.
            if self._pump_task is not None:
                with contextlib.suppress(TimeoutError, CecError):
                    await asyncio.wait_for(asyncio.shield(self._pump_task), 3.0)
            await self._stop_pump()
            self._become_signed_out(ConnectionStatus.OFFLINE, None)
            return True

    async def close(self) -> None:
        """Stop the pump and every background task (the caller signs out first if it wants to)."""
        self._probe.stop()
        self._cancel_confirm_timer()
        await self._stop_pump()
        await self._tasks.cancel_all()

    # -- agent state --------------------------------------------------------------------------

    async def say_ready(self) -> bool:
        """Become idle, whatever the agent is now (busy, resting, in wrap-up)."""
        current = self._snapshot.state
        command: Callable[[], Awaitable[None]]
        if current == AgentState.BUSY:
            command = self._gateway.cancel_busy
        elif current == AgentState.REST:
            command = self._gateway.cancel_rest
        elif current == AgentState.WRAP_UP:
            command = self._gateway.leave_wrap_up
        else:
            command = self._gateway.say_ready
        return await self._state_command(AgentState.IDLE, command)

    async def say_busy(self, reason: int | None = None) -> bool:
        return await self._state_command(
            AgentState.BUSY, lambda: self._gateway.say_busy(reason), reason=reason
        )

    async def rest(self, seconds: int, cause: int) -> bool:
        return await self._state_command(
            AgentState.REST, lambda: self._gateway.rest(seconds, cause), reason=cause
        )

    async def enter_wrap_up(self) -> bool:
        return await self._state_command(AgentState.WRAP_UP, self._gateway.enter_wrap_up)

    # -- the call -----------------------------------------------------------------------------

    async def answer(self) -> bool:
        call_id = self._call.call_id if self._call else None
        return await self._call_command(lambda: self._gateway.answer(call_id))

    async def hang_up(self) -> bool:
        return await self._call_command(self._gateway.release)

    async def hold(self) -> bool:
        # AgentEvent_Hold confirms it; held shows once that event arrives.
        return await self._call_command(self._gateway.hold)

    async def unhold(self) -> bool:
        call = self._call
        if call is None:
            return False
        # GUESS: no event confirms gethold; the success answer is the confirmation.
        ok = await self._call_command(lambda: self._gateway.unhold(call.call_id))
        if ok:
            self._update_call(held=False)
        return ok

    async def mute(self) -> bool:
        # GUESS: no event confirms beginmute/endmute; the success answer is the confirmation.
        ok = await self._call_command(self._gateway.mute)
        if ok:
            self._update_call(muted=True)
        return ok

    async def unmute(self) -> bool:
        ok = await self._call_command(self._gateway.unmute)
        if ok:
            self._update_call(muted=False)
        return ok

    async def transfer(self, device_type: int, address: str, mode: int = 0) -> bool:
        return await self._call_command(lambda: self._gateway.transfer(device_type, address, mode))

    # -- skills -------------------------------------------------------------------------------

    async def sign_in_skills(self, skill_ids: Sequence[int] | None) -> bool:
        """Join the chosen skill queues (``None``: all configured), then list them again."""

        async def reset() -> None:
            await self._gateway.reset_skills(skill_ids)
            await self._refresh_skills()

        ok, _ = await self._command(reset)
        return ok

    async def refresh_skills(self) -> bool:
        ok, _ = await self._command(self._refresh_skills)
        return ok

    async def configured_skills(self) -> list[Skill]:
        """Every skill configured for this agent, joined or not (for the Skills tab)."""
        ok, result = await self._command(self._gateway.configured_skills)
        return list(result) if ok and result is not None else []

    async def resync(self) -> bool:
        ok, _ = await self._command(self._resync)
        return ok

    # -- internals: commands ------------------------------------------------------------------

    async def _command(self, work: Callable[[], Awaitable[T]]) -> tuple[bool, T | None]:
        """Run one gateway command under the lock; a CecError is emitted and gives (False, None)."""
        async with self._lock:
            try:
                result = await work()
            except CecError as exc:
                self.error_occurred.emit(exc)
                return False, None
            finally:
                self._note_request()
            return True, result

    async def _state_command(
        self,
        target: AgentState,
        command: Callable[[], Awaitable[None]],
        *,
        reason: int | None = None,
    ) -> bool:
        async with self._lock:
            if not self.signed_in:
                return False
            self._set_state(pending=target)
            try:
                await command()
            except CecError as exc:
                self._set_state(pending=None)
                self.error_occurred.emit(exc)
                return False
            finally:
                self._note_request()
            if self._snapshot.pending is not None:
                self._arm_confirm_timer()
            return True

    async def _call_command(self, command: Callable[[], Awaitable[object]]) -> bool:
        async with self._lock:
            try:
                await command()
            except CecError as exc:
                self.error_occurred.emit(exc)
                return False
            finally:
                self._note_request()
            return True

    async def _refresh_skills(self) -> None:
        self._skills = list(await self._gateway.skills())
        self.skills_changed.emit(list(self._skills))

    async def _resync(self) -> None:
        """Ask the server for the state and the skills (after sign-in and after an outage)."""
        status = await self._gateway.status()
        self._adopt_server_state(status.state)
        await self._refresh_skills()

    def _adopt_server_state(self, state: AgentState) -> None:
        if state == AgentState.SIGNED_OUT:
            return  # the pump reports a sign-out with its reason; do not guess one here
        if self._snapshot.pending is None or self._snapshot.pending == state:
            self._set_state(state=state, pending=None)

    # -- internals: the pump ------------------------------------------------------------------

    def _start_pump(self) -> None:
        from agentbar.cec import EventPump

        self._pump = EventPump(self._gateway, on_status=self._on_pump_status)
        self._pump_task = self._spawn(self._run_pump(self._pump))

    async def _stop_pump(self) -> None:
        pump, task = self._pump, self._pump_task
        self._pump, self._pump_task = None, None
        if pump is not None:
            pump.stop()
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _run_pump(self, pump: EventPump) -> None:
        try:
            async for event in pump:
                self._handle_event(event)
        except SignedOutByServer as exc:
            if not self._signing_out:
                self._become_signed_out(ConnectionStatus.SIGNED_OUT_BY_SERVER, exc)
        except CecError as exc:
            if not self._signing_out:
                self._become_signed_out(ConnectionStatus.LOST, exc)

    def _on_pump_status(self, status: PumpStatus) -> None:
        if self._signing_out or not self.signed_in or status.stopped:
            return  # the pump's end is handled where it ends (_run_pump), not as a retry
        if status.connected:
            was_down = self._connection.status == ConnectionStatus.RECONNECTING
            self._set_connection(ConnectionStatus.CONNECTED)
            if was_down:
                self._spawn(self.resync())
        else:
            self._set_connection(ConnectionStatus.RECONNECTING, error=status.error)

    def _become_signed_out(self, status: ConnectionStatus, error: CecError | None) -> None:
        self._probe.stop()
        self._cancel_confirm_timer()
        self._set_state(state=AgentState.SIGNED_OUT, pending=None, signed_in=False)
        if self._call is not None:
            self._call = None
            self.call_changed.emit(None)
        if self._skills:
            self._skills = []
            self.skills_changed.emit([])
        self._set_connection(status, error=error)

    # -- internals: events --------------------------------------------------------------------

    def _handle_event(self, event: AgentEvent) -> None:
        self.event_received.emit(event)
        kind = event.event_type
        if kind in ("AgentEvent_Ringing", "AgentEvent_Auto_Answer", "AgentEvent_Talking"):
            self._call_event(event)
        elif kind == "AgentEvent_Hold":
            self._update_call(held=True)
        elif kind in _CALL_END_EVENTS:
            if self._call is not None and event.call_id in (None, "", self._call.call_id):
                self._call = None
                self.call_changed.emit(None)
        elif kind == "AgentOther_ShutdownService":
            return  # the pump ends right after it with SignedOutByServer (or we asked for it)
        state = _STATE_EVENTS.get(kind)
        if state is not None:
            self._set_state(state=state, pending=None, reason=_event_reason(event))

    def _call_event(self, event: AgentEvent) -> None:
        info = event.call
        call_id = event.call_id or (info.call_id if info else "") or ""
        caller = info.caller if info else ""
        called = info.called if info else ""
        ringing = event.event_type == "AgentEvent_Ringing"
        phase = CallPhase.RINGING if ringing else CallPhase.TALKING
        previous = self._call
        if previous is not None and previous.call_id == call_id and previous.phase == phase:
            return
        self._call = CallState(
            call_id=call_id,
            caller=caller or (previous.caller if previous else ""),
            called=called or (previous.called if previous else ""),
            phase=phase,
            since=self._clock(),
            held=False,
            muted=previous.muted if previous and previous.call_id == call_id else False,
        )
        self.call_changed.emit(self._call)
        if ringing:
            self.ringing.emit(self._call)

    def _update_call(self, *, held: bool | None = None, muted: bool | None = None) -> None:
        if self._call is None:
            return
        updated = replace(
            self._call,
            held=self._call.held if held is None else held,
            muted=self._call.muted if muted is None else muted,
        )
        if updated != self._call:
            self._call = updated
            self.call_changed.emit(updated)

    # -- internals: state and connection ------------------------------------------------------

    _UNSET: Any = object()

    def _set_state(
        self,
        *,
        state: AgentState | None = None,
        pending: Any = _UNSET,
        reason: Any = _UNSET,
        signed_in: bool | None = None,
    ) -> None:
        old = self._snapshot
        new_state = old.state if state is None else state
        new = AgentSnapshot(
            state=new_state,
            pending=old.pending if pending is self._UNSET else pending,
            since=self._clock() if new_state != old.state else old.since,
            reason=old.reason if reason is self._UNSET else reason,
            signed_in=old.signed_in if signed_in is None else signed_in,
        )
        if new.pending is None:
            self._cancel_confirm_timer()
        if new != old:
            self._snapshot = new
            self.state_changed.emit(new)

    def _set_connection(self, status: ConnectionStatus, *, error: CecError | None = None) -> None:
        connection = Connection(status, self._connection.round_trip, error)
        if connection != self._connection:
            self._connection = connection
            self.connection_changed.emit(connection)

    def _note_request(self) -> None:
        """Record that a request just ended, and its round trip."""
        self._last_request = self._clock()
        rtt = self._gateway.last_round_trip
        if rtt is not None and rtt != self._connection.round_trip:
            self._connection = replace(self._connection, round_trip=rtt)
            self.connection_changed.emit(self._connection)

    def _probe_round_trip(self) -> None:
        idle = self._clock() - self._last_request
        if (
            self.signed_in
            and not self._lock.locked()
            and idle >= RTT_PROBE_INTERVAL * 0.8
            and self._connection.status == ConnectionStatus.CONNECTED
        ):
            self._spawn(self._probe_once())

    async def _probe_once(self) -> None:
        await self._command(self._probe_status)

    async def _probe_status(self) -> None:
        status = await self._gateway.status()
        self._adopt_server_state(status.state)

    def _arm_confirm_timer(self) -> None:
        self._cancel_confirm_timer()
        loop = asyncio.get_running_loop()
        self._confirm_handle = loop.call_later(CONFIRM_TIMEOUT, self._confirm_timed_out)

    def _cancel_confirm_timer(self) -> None:
        if self._confirm_handle is not None:
            self._confirm_handle.cancel()
            self._confirm_handle = None

    def _confirm_timed_out(self) -> None:
        self._confirm_handle = None
        if self._snapshot.pending is not None and self.signed_in:
            log.info("no event confirmed %s; asking the server", self._snapshot.pending)
            self._set_state(pending=None)
            self._spawn(self.resync())

    def _spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        return self._tasks.spawn(coro)


def _log_task_failure(exc: BaseException) -> None:
    log.error("session task failed", exc_info=exc)


def _event_reason(event: AgentEvent) -> int | None:
    content = event.content
    if isinstance(content, dict):
        raw = content.get("reason")
        try:
            return int(raw) if raw is not None else None
        except (TypeError, ValueError):
            return None
    return None
