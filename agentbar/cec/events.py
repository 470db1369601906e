"""Agent events: the typed event model. The long poll that fetches them is in
:mod:`agentbar.cec.event_pump`.

``content`` is kept exactly as the server sent it (for `agentbar events` and the Events table);
its typed view (:attr:`AgentEvent.details`: :class:`CallInfo`, :class:`RecordInfo` …, defined in
:mod:`agentbar.cec.event_content`) is parsed on demand and is ``None`` when the content has an
unexpected shape — an odd event never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from string import Formatter

from agentbar.cec.event_content import (
    CallInfo,
    CallRef,
    Conference,
    CustomerRelease,
    EventDetails,
    InspectorNotice,
    LinkagePhoneCallOut,
    LinkagePhoneStatus,
    OutboundDetect,
    RecordDone,
    RecordInfo,
    StateReason,
    parse_content,
    text_field,
)
from agentbar.cec.models import as_str, epoch_ms


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

# When the content lacks a value that the full template names (content null, a field missing), the
# description falls back to the first of these whose placeholders all have a value, so it never
# shows a hole ("Call from ? ringing").
FALLBACK_TEMPLATES: dict[str, tuple[str, ...]] = {
    "AgentState_SetNotReady_Success": ("Busy",),
    "AgentState_SetRest_Success": ("Rest started",),
    "AgentEvent_Ringing": ("Call ringing",),
    "AgentEvent_Auto_Answer": ("Call answered automatically",),
    "AgentEvent_Talking": ("Talking",),
    "AgentEvent_Customer_Alerting": ("Other party ringing",),
    "AgentEvent_Conference": ("Conference started",),
    "AgentEvent_Customer_Release": ("Customer hung up",),
    "AgentEvent_Incoming_CallInfo": (
        "Incoming call from {caller}",
        "Incoming call ({skill})",
        "Incoming call",
    ),
    "OUTBOUND_DETECT_EVENT": ("Outbound detection result",),
    "AgentMediaEvent_Record": ("Recording started",),
    "QC_AgentState_Notify": ("Inspector notice: {subtype}", "Inspector notice"),
    "AgentEvent_linkagePhoneStatus": ("Linked phone state changed",),
    "AgentEvent_linkagePhoneCallOut": ("Linked phone calling",),
}


def description_templates() -> list[str]:
    """Every English description template (full and fallback), for the translation catalogue."""
    templates = [template for _category, template in EVENT_TYPES.values()]
    for fallbacks in FALLBACK_TEMPLATES.values():
        templates.extend(fallbacks)
    templates.append(UNKNOWN_EVENT_TEMPLATE)
    return sorted(set(templates))


@cache
def _placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _text, name, _spec, _conv in Formatter().parse(template) if name)


@dataclass(frozen=True, slots=True)
class AgentEvent:
    """One event as the gateway returned it, with typed views of its content.

    ``content`` is exactly what the server sent; :attr:`details` is its typed view (see
    :mod:`agentbar.cec.event_content`) or ``None`` for a type whose content is null or not
    documented, and for a content of an unexpected shape.
    """

    event_type: str
    work_no: str
    content: object
    received: datetime
    generated: datetime | None = None
    _args: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _memo: dict[str, EventDetails | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def category(self) -> EventCategory:
        entry = EVENT_TYPES.get(self.event_type)
        return entry[0] if entry else EventCategory.OTHER

    @property
    def details(self) -> EventDetails | None:
        """The typed view of ``content`` for this event type."""
        if "details" not in self._memo:
            self._memo["details"] = parse_content(self.event_type, self.content)
        return self._memo["details"]

    @property
    def description_template(self) -> str:
        """The English template that :attr:`description_args` fills without a hole."""
        entry = EVENT_TYPES.get(self.event_type)
        if entry is None:
            return UNKNOWN_EVENT_TEMPLATE
        args = self.description_args
        candidates = (entry[1], *FALLBACK_TEMPLATES.get(self.event_type, ()))
        for template in candidates:
            if all(args.get(name) for name in _placeholders(template)):
                return template
        return candidates[-1]

    @property
    def description_args(self) -> dict[str, str]:
        """The values the templates name; ``""`` where the content does not have one."""
        if not self._args:
            # Memoized: the Events table asks for the template and the args of every row.
            self._args.update(self._compute_args())
        return dict(self._args)

    def _compute_args(self) -> dict[str, str]:
        details = self.details
        args = dict.fromkeys(
            (
                "caller", "skill", "other", "partner", "number", "reason", "desc", "file",
                "subtype", "agent", "called", "status",
            ),
            "",
        )  # fmt: skip
        args["event_type"] = self.event_type
        if isinstance(details, CallInfo):
            args["caller"] = details.caller
            args["skill"] = details.skill_name
            args["other"] = details.caller or details.other_work_no
        elif isinstance(details, Conference):
            args["partner"] = ",".join(details.partners)
        elif isinstance(details, CustomerRelease):
            args["number"] = details.number
        elif isinstance(details, StateReason):
            args["reason"] = details.text
        elif isinstance(details, OutboundDetect):
            args["desc"] = details.desc or details.detect
        elif isinstance(details, RecordInfo):
            args["file"] = details.file_name
        elif isinstance(details, InspectorNotice):
            args["subtype"] = details.subtype
            args["agent"] = details.monitored_agent or details.agent_name
        elif isinstance(details, LinkagePhoneCallOut):
            args["called"] = details.called
        elif isinstance(details, LinkagePhoneStatus):
            args["status"] = details.label
        return args

    @property
    def description(self) -> str:
        return self.description_template.format(**self.description_args)

    @property
    def call(self) -> CallInfo | None:
        details = self.details
        return details if isinstance(details, CallInfo) else None

    @property
    def record(self) -> RecordInfo | None:
        details = self.details
        return details if isinstance(details, RecordInfo) else None

    @property
    def record_done(self) -> RecordDone | None:
        details = self.details
        return details if isinstance(details, RecordDone) else None

    @property
    def customer_release(self) -> CustomerRelease | None:
        details = self.details
        return details if isinstance(details, CustomerRelease) else None

    @property
    def reason(self) -> int | None:
        """Busy reason or rest cause of SetNotReady_Success / SetRest_Success."""
        details = self.details
        return details.reason if isinstance(details, StateReason) else None

    @property
    def call_id(self) -> str | None:
        """The call this event is about, from whichever field its type carries it in."""
        details = self.details
        if isinstance(details, CallRef):
            return details.call_id
        if isinstance(self.content, dict):
            return text_field(self.content, "callid", "callId") or None
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
