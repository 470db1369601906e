"""The work-order form's content as plain data: kept as a draft, prefilled from a call.

:class:`CaseDraft` is what the agent has typed (attachments as file paths), serialisable to JSON
for the draft table; :class:`CallContext` is the call a case is about, and :func:`prefill_from_call`
puts it into a draft (caller → contact phone, call ID and time in the description, origin Voice).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timedelta
from typing import Any, Protocol


class _CallLike(Protocol):
    @property
    def call_id(self) -> str: ...
    @property
    def caller(self) -> str: ...
    @property
    def called(self) -> str: ...
    @property
    def since(self) -> float: ...


@dataclass(frozen=True, slots=True)
class CallContext:
    """The call a work order is about: who called, which call, and when it began (local time)."""

    caller: str
    call_id: str
    started_at: datetime
    called: str = ""

    @classmethod
    def from_call_state(cls, call: _CallLike, *, now: float | None = None) -> CallContext:
        """From the session's ``CallState`` (whose ``since`` is ``time.monotonic()``)."""
        elapsed = (time.monotonic() if now is None else now) - call.since
        started = datetime.now() - timedelta(seconds=max(0.0, elapsed))
        return cls(
            caller=call.caller,
            call_id=call.call_id,
            started_at=started.replace(microsecond=0),
            called=call.called,
        )


@dataclass(frozen=True, slots=True)
class CaseDraft:
    """What the work-order form holds."""

    title: str = ""
    description: str = ""
    type_id: str = ""
    type_name: str = ""
    contact_id: str = ""
    contact_phone: str = ""
    priority: str = ""
    origin: str = ""
    due_date: str = ""
    auto_assign: bool = True
    owner_id: str = ""
    be_id: str = ""
    template_fields: str = ""  # "name = value" per line
    attachments: tuple[str, ...] = field(default=())  # file paths
    call_id: str = ""  # the call this draft was prefilled from

    @property
    def empty(self) -> bool:
        return self == CaseDraft()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["attachments"] = list(self.attachments)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseDraft:
        """Tolerates missing, unknown and mistyped keys (a draft from an older version)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = data.get(f.name)
            if f.name == "attachments":
                if isinstance(raw, list):
                    values[f.name] = tuple(str(p) for p in raw if isinstance(p, str))
            elif f.name == "auto_assign":
                if isinstance(raw, bool):
                    values[f.name] = raw
            elif isinstance(raw, str):
                values[f.name] = raw
        return cls(**values)


def call_note(call: CallContext) -> str:
    """The line that ties a case to its call; written in English like the rest of the record.

    GUESS: no documented field holds the call ID, so it goes into the description.
    """
    when = f"{call.started_at:%Y-%m-%d %H:%M:%S}"
    return f"Call ID: {call.call_id} · Caller: {call.caller} · Time: {when}"


def prefill_from_call(draft: CaseDraft, call: CallContext) -> CaseDraft:
    """``draft`` with the call's details: the caller becomes the contact phone, the note is added
    to the description once, the origin becomes Voice unless the agent chose another."""
    description = draft.description
    note = call_note(call)
    if call.call_id not in description:
        description = f"{note}\n{description}" if description else f"{note}\n"
    return replace(
        draft,
        contact_phone=call.caller or draft.contact_phone,
        description=description,
        origin=draft.origin or "Voice",
        call_id=call.call_id,
    )
