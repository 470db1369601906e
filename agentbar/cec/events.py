"""Agent events: the typed event model (cec-api.md §2) and the long-poll event pump (§1.13).

``content`` is kept exactly as the server sent it (for `agentbar events` and the Events table);
typed views of it (:class:`CallInfo`, :class:`RecordInfo` …) are parsed on demand and are ``None``
when the content has an unexpected shape — an odd event never raises.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from agentbar.cec.errors import AuthError, CecError, NotSignedInError, SignedOutByServer
from agentbar.cec.models import as_int, as_str, epoch_ms

if TYPE_CHECKING:
    from agentbar.cec.gateway import GatewayClient

log = logging.getLogger(__name__)


class EventCategory(StrEnum):
    STATE = "state"
    CALL = "call"
    PHONE = "phone"
    RECORDING = "recording"
    OTHER = "other"


# eventType → (category, English description template). Templates name their fields in braces;
# the UI translates the template (context "AgentEvent") and then formats it with the args.
EVENT_TYPES: dict[str, tuple[EventCategory, str]] = {
    # §2.2 agent status
    "AgentState_Ready": (EventCategory.STATE, "Ready"),
    "AgentState_Busy": (EventCategory.STATE, "Occupied"),
    "AgentState_Work": (EventCategory.STATE, "Wrap-up started"),
    "AgentState_SetNotReady_Success": (EventCategory.STATE, "Busy (reason {reason})"),
    "AgentState_CancelNotReady_Success": (EventCategory.STATE, "Busy cancelled"),
    "AgentState_SetRest_Success": (EventCategory.STATE, "Rest started (cause {reason})"),
    "AgentState_CancelRest_Success": (EventCategory.STATE, "Rest cancelled"),
    "AgentState_Rest_Timeout": (EventCategory.STATE, "Rest time is up"),
    "AgentState_SetWork_Success": (EventCategory.STATE, "Wrap-up started on request"),
    "AgentState_CancelWork_Success": (EventCategory.STATE, "Wrap-up ended"),
    "AgentState_Force_Ready": (EventCategory.STATE, "Set to ready by an inspector"),
    "AgentState_Force_SetNotReady": (EventCategory.STATE, "Set to busy by an inspector"),
    # §2.3 audio/video calls
    "AgentEvent_Ringing": (EventCategory.CALL, "Call from {caller} ringing"),
    "AgentEvent_Auto_Answer": (EventCategory.CALL, "Call from {caller} answered automatically"),
    "AgentEvent_Talking": (EventCategory.CALL, "Talking with {caller}"),
    "AgentEvent_Customer_Alerting": (EventCategory.CALL, "Ringing at {other}"),
    "AgentEvent_Hold": (EventCategory.CALL, "Call on hold"),
    "AgentEvent_Conference": (EventCategory.CALL, "Conference with {partner}"),
    "AgentEvent_Call_Out_Fail": (EventCategory.CALL, "Outbound call failed"),
    "AgentEvent_Inside_Call_Fail": (EventCategory.CALL, "Internal call failed"),
    "AgentEvent_No_Answer": (EventCategory.CALL, "Call not answered"),
    "AgentEvent_Call_Release": (EventCategory.CALL, "Call ended"),
    "AgentEvent_Customer_Release": (EventCategory.CALL, "Customer {number} hung up"),
    "AgentEvent_Connect_Fail": (EventCategory.CALL, "Could not connect your phone"),
    "AgentEvent_Agent_Occupyed": (EventCategory.CALL, "Reserved by the platform"),
    "AgentEvent_Incoming_CallInfo": (EventCategory.CALL, "Incoming call from {caller} ({skill})"),
    "AgentEvent_Consult_Fail": (EventCategory.CALL, "Consultation failed"),
    "OUTBOUND_DETECT_EVENT": (EventCategory.CALL, "Outbound detection: {desc}"),
    # §2.4 physical phone
    "AgentOther_PhoneAlerting": (EventCategory.PHONE, "Phone ringing"),
    "AgentOther_PhoneOffhook": (EventCategory.PHONE, "Phone off hook"),
    "AgentOther_PhoneRelease": (EventCategory.PHONE, "Phone hung up"),
    "AgentOther_PhoneUnknow": (EventCategory.PHONE, "Phone state unknown"),
    "AgentOther_PhoneBusy": (EventCategory.PHONE, "Phone busy"),
    # §2.5 recordings
    "AgentMediaEvent_Record": (EventCategory.RECORDING, "Recording started ({file})"),
    "AgentMediaEvent_Record_Fail": (EventCategory.RECORDING, "Recording failed"),
    "AgentMediaEvent_StopRecordDone": (EventCategory.RECORDING, "Recording finished"),
    # §2.6 other
    "AgentOther_InService": (EventCategory.OTHER, "Signed in"),
    "AgentOther_ShutdownService": (EventCategory.OTHER, "Signed out"),
    "AgentOther_All_Agent_Busy": (EventCategory.OTHER, "All agents are busy"),
    "QC_AgentState_Notify": (EventCategory.OTHER, "Inspector notice: {subtype} {agent}"),
    "AgentEvent_linkagePhoneStatus": (EventCategory.PHONE, "Linked phone: {status}"),
    "AgentEvent_linkagePhoneHold": (EventCategory.PHONE, "Linked phone on hold"),
    "AgentEvent_linkagePhoneCallOut": (EventCategory.PHONE, "Linked phone calling {called}"),
    "AgentConf_Ringing": (EventCategory.CALL, "Conference ringing"),
    "AgentChat_Ring": (EventCategory.CALL, "Chat request"),
    "AgentChat_Connected": (EventCategory.CALL, "Chat connected"),
    "AgentChat_DataRecved": (EventCategory.CALL, "Chat message received"),
    "AgentChat_Disconnected": (EventCategory.CALL, "Chat ended"),
}

UNKNOWN_EVENT_TEMPLATE = "Event {event_type}"

_LINKAGE_STATES = {
    0: "off hook",
    1: "on hook",
    2: "talking",
    3: "online",
    4: "offline",
    5: "ringing",
}

_CALL_INFO_TYPES = frozenset(
    {
        "AgentEvent_Ringing",
        "AgentEvent_Auto_Answer",
        "AgentEvent_Talking",
        "AgentEvent_Incoming_CallInfo",
        "AgentEvent_Customer_Alerting",
    }
)
_CALL_ID_STRING_TYPES = frozenset(
    {
        "AgentEvent_Hold",
        "AgentEvent_Call_Out_Fail",
        "AgentEvent_Inside_Call_Fail",
        "AgentEvent_No_Answer",
        "AgentEvent_Call_Release",
        "AgentEvent_Connect_Fail",
    }
)


def _field(content: object, *names: str) -> str:
    if not isinstance(content, dict):
        return ""
    for name in names:
        text = as_str(content.get(name))
        if text:
            return text
    return ""


@dataclass(frozen=True, slots=True)
class CallInfo:
    """Content of Ringing, Auto_Answer, Talking, Incoming_CallInfo and Customer_Alerting."""

    call_id: str
    caller: str
    called: str
    type: str
    feature: str
    media_ability: str
    media_type: str
    transfer: bool
    transferred_from: str
    skill_name: str
    skill_id: int | None

    @classmethod
    def parse(cls, content: object) -> CallInfo | None:
        if not isinstance(content, dict):
            return None
        return cls(
            call_id=_field(content, "callid", "callId"),
            caller=_field(content, "caller", "otherPhone"),
            called=_field(content, "called"),
            type=_field(content, "type"),
            feature=_field(content, "feature"),
            media_ability=_field(content, "mediaAbility"),
            media_type=_field(content, "mediaType"),
            transfer=_field(content, "transfer").lower() == "yes",
            transferred_from=_field(content, "transfrom"),
            skill_name=_field(content, "skillName"),
            skill_id=as_int(content.get("skillId")),
        )


@dataclass(frozen=True, slots=True)
class CustomerRelease:
    call_id: str
    number: str

    @classmethod
    def parse(cls, content: object) -> CustomerRelease | None:
        if isinstance(content, dict):
            return cls(_field(content, "callid", "callId"), _field(content, "number"))
        if isinstance(content, str):
            return cls(content, "")
        return None


@dataclass(frozen=True, slots=True)
class RecordInfo:
    """Content of AgentMediaEvent_Record / _Record_Fail (§2.5)."""

    call_id: str
    file_name: str
    record_id: str
    location_id: str
    task_id: str
    caller: str
    called: str
    file_media_type: int | None

    @classmethod
    def parse(cls, content: object) -> RecordInfo | None:
        if not isinstance(content, dict):
            return None
        return cls(
            call_id=_field(content, "callId", "callid"),
            file_name=_field(content, "fileName"),
            record_id=_field(content, "recordID", "recordId"),
            location_id=_field(content, "locationId"),
            task_id=_field(content, "taskId"),
            caller=_field(content, "caller"),
            called=_field(content, "called"),
            file_media_type=as_int(content.get("fileMediaType")),
        )


@dataclass(frozen=True, slots=True)
class RecordDone:
    """Content of AgentMediaEvent_StopRecordDone."""

    call_id: str
    task_id: str
    begin: datetime | None
    end: datetime | None
    record_format: int | None

    @classmethod
    def parse(cls, content: object) -> RecordDone | None:
        if not isinstance(content, dict):
            return None
        return cls(
            call_id=_field(content, "callId", "callid"),
            task_id=_field(content, "taskId"),
            begin=epoch_ms(content.get("beginTime")),
            end=epoch_ms(content.get("endTime")),
            record_format=as_int(content.get("recordFormat")),
        )


def _reason(content: object) -> str:
    return _field(content, "reason")


@dataclass(frozen=True, slots=True)
class AgentEvent:
    """One event as the gateway returned it, with typed views of its content."""

    event_type: str
    work_no: str
    content: object
    received: datetime
    generated: datetime | None = None
    _args: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def category(self) -> EventCategory:
        entry = EVENT_TYPES.get(self.event_type)
        return entry[0] if entry else EventCategory.OTHER

    @property
    def description_template(self) -> str:
        entry = EVENT_TYPES.get(self.event_type)
        return entry[1] if entry else UNKNOWN_EVENT_TEMPLATE

    @property
    def description_args(self) -> dict[str, str]:
        content = self.content
        call = self.call
        args = {
            "event_type": self.event_type,
            "caller": (call.caller if call else "") or "?",
            "skill": (call.skill_name if call else "") or "?",
            "other": _field(content, "otherPhone", "otherPhoneWorkno") or "?",
            "partner": _field(content, "partner") or "?",
            "number": _field(content, "number") or "?",
            "reason": _reason(content) or "?",
            "desc": _field(content, "desc", "detect") or "?",
            "file": (self.record.file_name if self.record else "") or "?",
            "subtype": _field(content, "subtype") or "?",
            "agent": _field(content, "monitoredagent", "agentname") or "?",
            "called": "?",
            "status": "?",
        }
        if isinstance(content, dict):
            called = content.get("addrCalled")
            if isinstance(called, dict):
                args["called"] = _field(called, "address") or "?"
            status = as_int(content.get("result"))
            if status is not None:
                args["status"] = _LINKAGE_STATES.get(status, str(status))
        return args

    @property
    def description(self) -> str:
        return self.description_template.format(**self.description_args)

    @property
    def call(self) -> CallInfo | None:
        if self.event_type in _CALL_INFO_TYPES:
            return CallInfo.parse(self.content)
        return None

    @property
    def record(self) -> RecordInfo | None:
        if self.event_type in ("AgentMediaEvent_Record", "AgentMediaEvent_Record_Fail"):
            return RecordInfo.parse(self.content)
        return None

    @property
    def record_done(self) -> RecordDone | None:
        if self.event_type == "AgentMediaEvent_StopRecordDone":
            return RecordDone.parse(self.content)
        return None

    @property
    def customer_release(self) -> CustomerRelease | None:
        if self.event_type == "AgentEvent_Customer_Release":
            return CustomerRelease.parse(self.content)
        return None

    @property
    def reason(self) -> int | None:
        """Busy reason or rest cause of SetNotReady_Success / SetRest_Success."""
        return as_int(_reason(self.content)) if isinstance(self.content, dict) else None

    @property
    def call_id(self) -> str | None:
        content = self.content
        if self.event_type in _CALL_ID_STRING_TYPES and isinstance(content, str):
            return content or None
        if isinstance(content, dict):
            return _field(content, "callid", "callId") or None
        return None

    def to_json(self) -> dict[str, object]:
        """The `agentbar events` line: eventType, workNo, content as sent, received (ISO 8601)."""
        return {
            "eventType": self.event_type,
            "workNo": self.work_no,
            "content": self.content,
            "received": self.received.isoformat(timespec="milliseconds"),
        }


def parse_event(raw: object, received: datetime) -> AgentEvent | None:
    """The ``event`` member of a poll answer; None when there is no event (absent, null, {})."""
    if not isinstance(raw, dict) or not raw:
        return None
    event_type = as_str(raw.get("eventType"))
    if not event_type:
        # GUESS: an object without eventType is treated like an empty poll, not an error.
        return None
    return AgentEvent(
        event_type=event_type,
        work_no=as_str(raw.get("workNo")),
        content=raw.get("content"),
        received=received,
        generated=epoch_ms(raw.get("eventGenTime")),
    )


# -- the pump ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PumpStatus:
    """What the pump tells its owner about the event channel."""

    connected: bool
    error: CecError | None = None
    retry_in: float = 0.0


class EventPump:
    """Long-polls ``agentevent/{id}`` and yields each event, in order, exactly once.

    Iterate it with ``async for``. It ends by raising :class:`SignedOutByServer` when the server
    signs the agent out, or the :class:`CecError` it could not recover from; :meth:`stop` ends the
    iteration quietly.
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
    ) -> None:
        self._gateway = gateway
        self._on_status = on_status
        # The base is also the floor: no failure loop polls faster than 1/backoff_base per second.
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._sleep = sleep
        self._jitter = jitter
        self._stopped = asyncio.Event()
        self._connected: bool | None = None

    def stop(self) -> None:
        self._stopped.set()

    def __aiter__(self) -> AsyncIterator[AgentEvent]:
        return self._events()

    async def _events(self) -> AsyncIterator[AgentEvent]:
        failures = 0
        renewed_guid = False
        while not self._stopped.is_set():
            started = time.monotonic()
            try:
                event = await self._poll_or_stop()
            except _Stopped:
                return
            except NotSignedInError as exc:
                raise SignedOutByServer(
                    "You were signed out by the server.",
                    endpoint=exc.endpoint,
                    code=exc.code,
                    server_text=exc.server_text,
                ) from None
            except AuthError as exc:
                # Only an expired GUID (000-003) is worth one renewal; 105-006 (failover) and a
                # second refusal in a row mean the session is gone: sign in again.
                if renewed_guid or exc.code != "000-003":
                    self._report(PumpStatus(connected=False, error=exc))
                    raise
                renewed_guid = True
                log.info("poll refused (%s): asking for a new GUID once", exc.code)
                try:
                    await self._gateway.update_guid()
                except NotSignedInError as inner:
                    raise SignedOutByServer(
                        "You were signed out by the server.",
                        endpoint=inner.endpoint,
                        code=inner.code,
                    ) from None
                except AuthError:
                    self._report(PumpStatus(connected=False, error=exc))
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
                # without long polling) must not turn into a hot loop.
                await self._wait(self._backoff_base - (time.monotonic() - started))
                continue
            yield event
            if event.event_type == "AgentOther_ShutdownService":
                raise SignedOutByServer("You were signed out by the server.")

    async def _poll_or_stop(self) -> AgentEvent | None:
        poll = asyncio.ensure_future(self._gateway.poll_event())
        stopped = asyncio.ensure_future(self._stopped.wait())
        try:
            await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if not poll.done():
            poll.cancel()
            await asyncio.gather(poll, return_exceptions=True)
            raise _Stopped
        return poll.result()

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


class _Stopped(Exception):
    pass
