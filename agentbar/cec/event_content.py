"""Typed views of the ``content`` of agent events, one per documented shape.

Huawei CEC agent events, from https://support.huaweicloud.com/api-ccfs-cec/cec_07_0492.html on.

Each view has a ``parse(content)`` that answers ``None`` when the content is not the documented
kind of value (not an object, not a string), and never raises. Absent values are spelled the same
way everywhere: text fields are ``""`` (the gateway itself sends ``""`` for "none", e.g.
``transfrom``), numbers, flags and times are ``None``. Numbers that arrive as strings and strings
that arrive as numbers are both accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from agentbar.cec.models import as_int, as_str, epoch_ms


def text_field(content: object, *names: str) -> str:
    """The first non-empty text among ``names`` of a content object; ``""`` when none."""
    if not isinstance(content, dict):
        return ""
    for name in names:
        text = as_str(content.get(name))
        if text:
            return text
    return ""


def _int_field(content: dict[str, object], *names: str) -> int | None:
    for name in names:
        value = as_int(content.get(name))
        if value is not None:
            return value
    return None


@dataclass(frozen=True, slots=True)
class CallRef:
    """A bare call ID: the content of Hold, Call_Out_Fail, Inside_Call_Fail, No_Answer,
    Call_Release and Connect_Fail (call events)."""

    call_id: str

    @classmethod
    def parse(cls, content: object) -> CallRef | None:
        # Only a string: a number here is not a call ID the gateway would send.
        if isinstance(content, str) and content.strip():
            return cls(content)
        return None


@dataclass(frozen=True, slots=True)
class CallInfo:
    """Content of Ringing, Auto_Answer, Talking, Incoming_CallInfo and Customer_Alerting.

    ``caller`` is the other party's number; for Customer_Alerting, where the documents name it
    ``otherPhone``, it is read from there (and ``other_work_no`` holds ``otherPhoneWorkno``).
    """

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
    other_work_no: str = ""
    last_release_agent_id: str = ""
    requeue_count: int | None = None

    @classmethod
    def parse(cls, content: object) -> CallInfo | None:
        if not isinstance(content, dict):
            return None
        return cls(
            call_id=text_field(content, "callid", "callId"),
            caller=text_field(content, "caller", "otherPhone"),
            called=text_field(content, "called"),
            type=text_field(content, "type"),
            feature=text_field(content, "feature"),
            media_ability=text_field(content, "mediaAbility"),
            media_type=text_field(content, "mediaType"),
            transfer=text_field(content, "transfer").lower() == "yes",
            transferred_from=text_field(content, "transfrom"),
            skill_name=text_field(content, "skillName"),
            skill_id=as_int(content.get("skillId")),
            other_work_no=text_field(content, "otherPhoneWorkno"),
            last_release_agent_id=text_field(content, "lastReleaseAgentId"),
            requeue_count=as_int(content.get("releaseAndReQueueCount")),
        )


@dataclass(frozen=True, slots=True)
class CustomerRelease:
    """Content of AgentEvent_Customer_Release: ``{"callid","number"}`` (a bare call ID too)."""

    call_id: str
    number: str

    @classmethod
    def parse(cls, content: object) -> CustomerRelease | None:
        if isinstance(content, dict):
            return cls(text_field(content, "callid", "callId"), text_field(content, "number"))
        if isinstance(content, str):
            return cls(content, "")
        return None


@dataclass(frozen=True, slots=True)
class Conference:
    """Content of AgentEvent_Conference: ``{"callid","partner":"num1,num2"}``."""

    call_id: str
    partners: tuple[str, ...]

    @classmethod
    def parse(cls, content: object) -> Conference | None:
        if not isinstance(content, dict):
            return None
        partner = text_field(content, "partner")
        partners = tuple(p.strip() for p in partner.split(",") if p.strip())
        return cls(text_field(content, "callid", "callId"), partners)


@dataclass(frozen=True, slots=True)
class OutboundDetect:
    """Content of OUTBOUND_DETECT_EVENT: ``{"callId","detect","desc"}``."""

    call_id: str
    detect: str
    desc: str

    @classmethod
    def parse(cls, content: object) -> OutboundDetect | None:
        if not isinstance(content, dict):
            return None
        return cls(
            text_field(content, "callId", "callid"),
            text_field(content, "detect"),
            text_field(content, "desc"),
        )


@dataclass(frozen=True, slots=True)
class StateReason:
    """Content of AgentState_SetNotReady_Success (busy reason) and _SetRest_Success (rest cause).

    Busy reasons: 1 own request, 2 no answer, 3 inspector, 4 rest, 5 phone unavailable,
    7 call rejected, 200–250 tenant-defined.
    """

    reason: int | None
    text: str

    @classmethod
    def parse(cls, content: object) -> StateReason | None:
        if not isinstance(content, dict):
            return None
        text = text_field(content, "reason")
        return cls(as_int(text) if text else None, text)


@dataclass(frozen=True, slots=True)
class PhoneOffhook:
    """Content of AgentOther_PhoneOffhook: ``{"type":"unknown"|"main"|"assistant"}``."""

    line: str

    @classmethod
    def parse(cls, content: object) -> PhoneOffhook | None:
        return cls(text_field(content, "type")) if isinstance(content, dict) else None


# phoneState of AgentOther_PhoneRelease
PHONE_RELEASED_BY_AGENT = 2
PHONE_RELEASED_BY_PLATFORM = 3


@dataclass(frozen=True, slots=True)
class PhoneRelease:
    """Content of AgentOther_PhoneRelease: ``{"phoneState":"3"}`` (3 platform, 2 agent)."""

    phone_state: int | None

    @property
    def by_platform(self) -> bool | None:
        """True when the platform hung up, False when the agent did, None when not said."""
        if self.phone_state == PHONE_RELEASED_BY_PLATFORM:
            return True
        if self.phone_state == PHONE_RELEASED_BY_AGENT:
            return False
        return None

    @classmethod
    def parse(cls, content: object) -> PhoneRelease | None:
        if not isinstance(content, dict):
            return None
        return cls(as_int(content.get("phoneState")))


@dataclass(frozen=True, slots=True)
class RecordInfo:
    """Content of AgentMediaEvent_Record / _Record_Fail."""

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
            call_id=text_field(content, "callId", "callid"),
            file_name=text_field(content, "fileName"),
            record_id=text_field(content, "recordID", "recordId"),
            location_id=text_field(content, "locationId"),
            task_id=text_field(content, "taskId"),
            caller=text_field(content, "caller"),
            called=text_field(content, "called"),
            file_media_type=as_int(content.get("fileMediaType")),
        )


@dataclass(frozen=True, slots=True)
class RecordDone:
    """Content of AgentMediaEvent_StopRecordDone; ``record_format`` 3 is A-law."""

    call_id: str
    task_id: str
    begin: datetime | None
    end: datetime | None
    record_format: int | None
    file_media_type: int | None = None

    @classmethod
    def parse(cls, content: object) -> RecordDone | None:
        if not isinstance(content, dict):
            return None
        return cls(
            call_id=text_field(content, "callId", "callid"),
            task_id=text_field(content, "taskId"),
            begin=epoch_ms(content.get("beginTime")),
            end=epoch_ms(content.get("endTime")),
            record_format=as_int(content.get("recordFormat")),
            file_media_type=as_int(content.get("fileMediaType")),
        )


@dataclass(frozen=True, slots=True)
class ShutdownInfo:
    """Content of AgentOther_ShutdownService: ``{"loginTime": <epoch ms>}`` of the ended session."""

    login_time: datetime | None

    @classmethod
    def parse(cls, content: object) -> ShutdownInfo | None:
        if not isinstance(content, dict):
            return None
        return cls(epoch_ms(content.get("loginTime")))


@dataclass(frozen=True, slots=True)
class InspectorNotice:
    """Content of QC_AgentState_Notify: a monitored agent signed in or out."""

    subtype: str
    monitored_agent: str
    agent_name: str
    media_server: str

    @property
    def signed_in(self) -> bool | None:
        if self.subtype == "QC_AgentState_Login":
            return True
        if self.subtype == "QC_AgentState_Logout":
            return False
        return None

    @classmethod
    def parse(cls, content: object) -> InspectorNotice | None:
        if not isinstance(content, dict):
            return None
        return cls(
            text_field(content, "subtype"),
            text_field(content, "monitoredagent"),
            text_field(content, "agentname"),
            text_field(content, "mediaserver"),
        )


LINKAGE_PHONE_STATES: dict[int, str] = {
    0: "off hook",
    1: "on hook",
    2: "talking",
    3: "online",
    4: "offline",
    5: "ringing",
}


@dataclass(frozen=True, slots=True)
class LinkagePhoneStatus:
    """Content of AgentEvent_linkagePhoneStatus: ``{"result":0..5}``."""

    code: int

    @property
    def label(self) -> str:
        return LINKAGE_PHONE_STATES.get(self.code, f"state {self.code}")

    @classmethod
    def parse(cls, content: object) -> LinkagePhoneStatus | None:
        if not isinstance(content, dict):
            return None
        code = as_int(content.get("result"))
        return None if code is None else cls(code)


@dataclass(frozen=True, slots=True)
class LinkagePhoneHold:
    """Content of AgentEvent_linkagePhoneHold: ``{"callId"}``."""

    call_id: str

    @classmethod
    def parse(cls, content: object) -> LinkagePhoneHold | None:
        if not isinstance(content, dict):
            return None
        return cls(text_field(content, "callId", "callid"))


@dataclass(frozen=True, slots=True)
class LinkagePhoneCallOut:
    """Content of AgentEvent_linkagePhoneCallOut: caller and called address, skill, call ID."""

    call_id: str
    called: str
    called_type: int | None
    caller: str
    caller_type: int | None
    skill_id: int | None

    @classmethod
    def parse(cls, content: object) -> LinkagePhoneCallOut | None:
        if not isinstance(content, dict):
            return None
        called, caller = content.get("addrCalled"), content.get("addrCaller")
        return cls(
            call_id=text_field(content, "callId", "callid"),
            called=text_field(called, "address"),
            called_type=_int_field(called, "addressType") if isinstance(called, dict) else None,
            caller=text_field(caller, "address"),
            caller_type=_int_field(caller, "addressType") if isinstance(caller, dict) else None,
            skill_id=as_int(content.get("skillId")),
        )


@dataclass(frozen=True, slots=True)
class ConferenceRinging:
    """Content of the multimedia conference events (AgentConf_*): ``{"confId"}``."""

    conf_id: str

    @classmethod
    def parse(cls, content: object) -> ConferenceRinging | None:
        if not isinstance(content, dict):
            return None
        return cls(text_field(content, "confId"))


EventDetails = (
    CallRef
    | CallInfo
    | CustomerRelease
    | Conference
    | OutboundDetect
    | StateReason
    | PhoneOffhook
    | PhoneRelease
    | RecordInfo
    | RecordDone
    | ShutdownInfo
    | InspectorNotice
    | LinkagePhoneStatus
    | LinkagePhoneHold
    | LinkagePhoneCallOut
    | ConferenceRinging
)

_CALL_REF_TYPES = (
    "AgentEvent_Hold",
    "AgentEvent_Call_Out_Fail",
    "AgentEvent_Inside_Call_Fail",
    "AgentEvent_No_Answer",
    "AgentEvent_Call_Release",
    "AgentEvent_Connect_Fail",
)
_CALL_INFO_TYPES = (
    "AgentEvent_Ringing",
    "AgentEvent_Auto_Answer",
    "AgentEvent_Talking",
    "AgentEvent_Incoming_CallInfo",
    "AgentEvent_Customer_Alerting",
)

# eventType → the view of its documented content. Types whose content is documented as null, or
# not documented at all (Consult_Fail, All_Agent_Busy, the chat events), have no entry.
CONTENT_MODELS: dict[str, Callable[[object], EventDetails | None]] = {
    **dict.fromkeys(_CALL_REF_TYPES, CallRef.parse),
    **dict.fromkeys(_CALL_INFO_TYPES, CallInfo.parse),
    "AgentState_SetNotReady_Success": StateReason.parse,
    "AgentState_SetRest_Success": StateReason.parse,
    "AgentEvent_Customer_Release": CustomerRelease.parse,
    "AgentEvent_Conference": Conference.parse,
    "OUTBOUND_DETECT_EVENT": OutboundDetect.parse,
    "AgentOther_PhoneOffhook": PhoneOffhook.parse,
    "AgentOther_PhoneRelease": PhoneRelease.parse,
    "AgentMediaEvent_Record": RecordInfo.parse,
    "AgentMediaEvent_Record_Fail": RecordInfo.parse,
    "AgentMediaEvent_StopRecordDone": RecordDone.parse,
    "AgentOther_ShutdownService": ShutdownInfo.parse,
    "QC_AgentState_Notify": InspectorNotice.parse,
    "AgentEvent_linkagePhoneStatus": LinkagePhoneStatus.parse,
    "AgentEvent_linkagePhoneHold": LinkagePhoneHold.parse,
    "AgentEvent_linkagePhoneCallOut": LinkagePhoneCallOut.parse,
}

CONFERENCE_PREFIX = "AgentConf_"


def parse_content(event_type: str, content: object) -> EventDetails | None:
    """The typed view of an event's content; None for a type without one or an odd content."""
    parse = CONTENT_MODELS.get(event_type)
    if parse is None and event_type.startswith(CONFERENCE_PREFIX):
        parse = ConferenceRinging.parse
    return parse(content) if parse is not None else None


__all__ = [
    "CONTENT_MODELS",
    "LINKAGE_PHONE_STATES",
    "CallInfo",
    "CallRef",
    "Conference",
    "ConferenceRinging",
    "CustomerRelease",
    "EventDetails",
    "InspectorNotice",
    "LinkagePhoneCallOut",
    "LinkagePhoneHold",
    "LinkagePhoneStatus",
    "OutboundDetect",
    "PhoneOffhook",
    "PhoneRelease",
    "RecordDone",
    "RecordInfo",
    "ShutdownInfo",
    "StateReason",
    "parse_content",
    "text_field",
]
