"""Typed models of CC-Gateway answers and the tolerant readers of wire values.

The gateway writes numbers and booleans as strings as often as not (``"status":"4"``,
``"isForceChange":"false"``), so every field goes through one of the ``wire_*`` readers here: they
accept both spellings and answer ``None`` for anything else instead of raising.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

# -- wire value readers ---------------------------------------------------------------------------


def wire_int(value: object) -> int | None:
    """An int from an int, an integral float or a decimal string; ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in ("-", "+") else text
        if digits.isascii() and digits.isdigit() and len(digits) <= 20:
            return int(text)
    return None


def wire_str(value: object) -> str | None:
    """A string from a string or a number (IDs arrive as either); ``None`` for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


def wire_bool(value: object) -> bool | None:
    """A bool from ``true``/``false`` (any case), ``1``/``0`` or a JSON bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
    return None


def wire_number(value: object) -> float | None:
    """A finite number from a JSON number or a numeric string; ``None`` when absent (null, "").

    Anything else raises ``ValueError`` naming what is wrong, for the caller to turn into its
    service's :class:`ProtocolError`.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("a number is a boolean")
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            raise ValueError(f"{value[:40]!r} is not a number") from None
    else:
        raise ValueError("a number has the wrong type")
    if not math.isfinite(result):
        raise ValueError("a number is not finite")
    return result


def field_names(data: Mapping[str, Any]) -> str:
    """Only the field names of an answer, for an error's server text: the values may be secret
    (a token response)."""
    return "fields: " + ", ".join(sorted(str(k) for k in data))[:180]


# Epoch milliseconds beyond this are not a plausible time (year ~2286); refuse rather than overflow.
_MAX_EPOCH_MS = 10**13


def wire_epoch_ms(value: object) -> datetime | None:
    """An aware local time from epoch milliseconds (number or string)."""
    millis = wire_int(value)
    if millis is None or not 0 <= millis < _MAX_EPOCH_MS:
        return None
    return datetime.fromtimestamp(millis / 1000, tz=UTC).astimezone()


def as_str(value: object) -> str:
    """:func:`wire_str` with ``""`` for anything that is not a string or a number."""
    text = wire_str(value)
    return text if text is not None else ""


def as_int(value: object) -> int | None:
    """Same as :func:`wire_int` (the name the event and gateway readers use)."""
    return wire_int(value)


def epoch_ms(value: object) -> datetime | None:
    """Same as :func:`wire_epoch_ms` (the name the event readers use)."""
    return wire_epoch_ms(value)


def field_of(obj: object, *names: str) -> object:
    """The first present value of ``names`` in ``obj`` if it is a JSON object, else ``None``."""
    if not isinstance(obj, dict):
        return None
    for name in names:
        if name in obj:
            return obj[name]
    return None


# -- enumerations ---------------------------------------------------------------------------------


class AgentState(IntEnum):
    """The gateway's ``agentState`` codes: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0581.html"""

    UNKNOWN = 0
    SIGNED_IN = 1
    SIGNED_OUT = 2
    BUSY = 3
    IDLE = 4
    WRAP_UP = 5
    IDLE_RESERVED = 6
    TALKING = 7
    REST = 8
    PRE_REST = 9

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @classmethod
    def from_wire(cls, value: object) -> AgentState | None:
        """The state for a wire value; ``None`` when it is not a number, UNKNOWN when unlisted."""
        code = wire_int(value)
        if code is None:
            return None
        try:
            return cls(code)
        except ValueError:
            return cls.UNKNOWN


_STATE_LABELS: dict[AgentState, str] = {
    AgentState.UNKNOWN: "Unknown",
    AgentState.SIGNED_IN: "Signed in",
    AgentState.SIGNED_OUT: "Signed out",
    AgentState.BUSY: "Busy",
    AgentState.IDLE: "Idle",
    AgentState.WRAP_UP: "Wrap-up",
    AgentState.IDLE_RESERVED: "Idle",
    AgentState.TALKING: "Talking",
    AgentState.REST: "Rest",
    AgentState.PRE_REST: "Rest after the call",
}


class MediaType(IntEnum):
    """Skill media types: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1206.html"""

    TEXT_CHAT = 1
    CLICK_TO_DIAL = 2
    CALLBACK = 4
    VOICE = 5
    PREDICTIVE_OUTBOUND = 15
    PREVIEW_OUTBOUND = 16
    MESSAGE_CALL = 17
    VIDEO = 19
    WEB_CHAT = 51
    SOCIAL_CHAT = 53

    @property
    def label(self) -> str:
        return _MEDIA_LABELS[self]


_MEDIA_LABELS: dict[MediaType, str] = {
    MediaType.TEXT_CHAT: "Text chat",
    MediaType.CLICK_TO_DIAL: "Click to dial",
    MediaType.CALLBACK: "Callback",
    MediaType.VOICE: "Voice",
    MediaType.PREDICTIVE_OUTBOUND: "Predictive outbound",
    MediaType.PREVIEW_OUTBOUND: "Preview outbound",
    MediaType.MESSAGE_CALL: "Message call",
    MediaType.VIDEO: "Video",
    MediaType.WEB_CHAT: "Web chat",
    MediaType.SOCIAL_CHAT: "Social media chat",
}


def media_type_name(code: int) -> str:
    """The English name of a media type code; unlisted codes still get a readable name."""
    try:
        return MediaType(code).label
    except ValueError:
        return f"Media type {code}"


# -- answers --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill queue: its ID (for resetskill, transfer, callout), name and media type code."""

    id: int
    name: str
    media_type: int

    @property
    def media_type_name(self) -> str:
        return media_type_name(self.media_type)

    @classmethod
    def from_wire(cls, obj: object) -> Skill | None:
        """A skill from one ``result`` entry; ``None`` when it has no usable ``id``."""
        skill_id = wire_int(field_of(obj, "id"))
        if skill_id is None:
            return None
        name = wire_str(field_of(obj, "name"))
        media = wire_int(field_of(obj, "mediatype", "mediaType"))
        # GUESS: an entry without a media type is listed as type 0 ("Media type 0") rather than
        # dropped; the agent still belongs to the queue.
        return cls(skill_id, name if name is not None else f"Skill {skill_id}", media or 0)

    @classmethod
    def parse(cls, obj: object) -> Skill | None:
        """Alias of :meth:`from_wire`."""
        return cls.from_wire(obj)


@dataclass(frozen=True, slots=True)
class SignInResult:
    """The ``result`` of a (forced) sign-in: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1202.html"""

    work_no: str
    vdn_id: int | None
    media_type: str
    login_time: datetime | None
    force_password_change: bool
    server_name: str
    password_days_left: int | None

    @classmethod
    def from_wire(cls, result: object, agent_id: str) -> SignInResult:
        """Every field is optional: a sign-in that succeeded is not failed over a missing detail."""
        work_no = wire_str(field_of(result, "workno", "workNo"))
        return cls(
            work_no=work_no or agent_id,
            vdn_id=wire_int(field_of(result, "vdnid", "vdnId")),
            media_type=wire_str(field_of(result, "mediatype")) or "",
            login_time=wire_epoch_ms(field_of(result, "loginTime")),
            force_password_change=bool(wire_bool(field_of(result, "isForceChange"))),
            server_name=wire_str(field_of(result, "serverName")) or "",
            password_days_left=wire_int(field_of(result, "timeRemaining")),
        )

    @classmethod
    def parse(cls, result: object, agent_id: str) -> SignInResult:
        """Alias of :meth:`from_wire`."""
        return cls.from_wire(result, agent_id)


@dataclass(frozen=True, slots=True)
class AgentStatus:
    """The answer of ``agentstatus``: https://support.huaweicloud.com/api-ccfs-cec/cec_07_1222.html"""

    state: AgentState
    is_working: bool

    @classmethod
    def parse(cls, result: object) -> AgentStatus:
        """The status from a ``result`` object; a missing or odd ``agentState`` reads as UNKNOWN."""
        state = AgentState.from_wire(field_of(result, "agentState"))
        return cls(
            state=state if state is not None else AgentState.UNKNOWN,
            is_working=bool(wire_bool(field_of(result, "isWorking"))),
        )
