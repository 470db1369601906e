"""Calls and recordings of the simulated contact center, and the event contents that describe them.

Content shapes follow Huawei's call and recording event pages, from https://support.huaweicloud.com/api-ccfs-cec/cec_07_0503.html
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Literal

VOICE_MEDIA = frozenset({5, 19})
CHAT_MEDIA = frozenset({1, 51, 53})

# feature: 0 inbound, 7 outbound (call events).
FEATURE_INBOUND = "0"
FEATURE_OUTBOUND = "7"


def media_ability(media_type: int) -> str:
    # mediaAbility: 1 voice, 2 video, 5 text.
    if media_type == 19:
        return "2"
    if media_type in CHAT_MEDIA:
        return "5"
    return "1"


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(eq=False)
class Recording:
    """One recorded call leg, as announced by ``AgentMediaEvent_Record``."""

    agent_id: str
    call_id: str
    file_name: str
    record_id: str
    location_id: str
    task_id: str
    caller: str
    called: str
    begin_ms: int
    end_ms: int | None = None
    file_media_type: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "agentId": self.agent_id,
            "callId": self.call_id,
            "fileName": self.file_name,
            "recordID": self.record_id,
            "locationId": self.location_id,
            "taskId": self.task_id,
            "caller": self.caller,
            "called": self.called,
            "beginTime": self.begin_ms,
            "endTime": self.end_ms,
        }

    def started_content(self) -> dict[str, Any]:
        return {
            "taskId": self.task_id,
            "caller": self.caller,
            "called": self.called,
            "locationId": self.location_id,
            "recordID": self.record_id,
            "fileName": self.file_name,
            "callId": self.call_id,
            "fileMediaType": self.file_media_type,
        }

    def stopped_content(self) -> dict[str, Any]:
        # GUESS: beginTime/endTime as epoch-millisecond strings, like loginTime.
        return {
            "beginTime": str(self.begin_ms),
            "endTime": str(self.end_ms if self.end_ms is not None else now_ms()),
            "taskId": self.task_id,
            "fileMediaType": self.file_media_type,
            "recordFormat": 3,  # A-law
            "callId": self.call_id,
        }


@dataclass(eq=False)
class Call:
    call_id: str
    caller: str
    called: str
    media_type: int
    direction: Literal["in", "out"]
    skill_id: int | None = None
    skill_name: str = ""
    phase: Literal["ringing", "alerting", "talking"] = "ringing"
    held: bool = False
    muted: bool = False
    transfer_from: str = ""
    started: float = field(default_factory=time.monotonic)
    talking_since: float | None = None
    recording: Recording | None = None
    timer: asyncio.TimerHandle | None = None

    @property
    def customer(self) -> str:
        return self.caller if self.direction == "in" else self.called

    @property
    def records(self) -> bool:
        return self.media_type in VOICE_MEDIA

    def cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def alerting_content(self) -> dict[str, Any]:
        """Content of ``AgentEvent_Ringing`` and ``AgentEvent_Auto_Answer``."""
        return {
            "caller": self.caller,
            "called": self.called,
            "callid": self.call_id,
            "transfer": "yes" if self.transfer_from else "no",
            "transfrom": self.transfer_from,
            "type": "main",
            "feature": FEATURE_INBOUND if self.direction == "in" else FEATURE_OUTBOUND,
            "mediaAbility": media_ability(self.media_type),
            "mediaType": str(self.media_type),
        }

    def talking_content(self) -> dict[str, Any]:
        return {
            "caller": self.caller,
            "called": self.called,
            "callid": self.call_id,
            "type": "main",
            "feature": FEATURE_INBOUND if self.direction == "in" else FEATURE_OUTBOUND,
            "mediaAbility": media_ability(self.media_type),
        }

    def call_info_content(self) -> dict[str, Any]:
        return {
            "callId": self.call_id,
            "skillName": self.skill_name,
            "skillId": self.skill_id if self.skill_id is not None else "",
            "caller": self.caller,
            "called": self.called,
            "lastReleaseAgentId": "",
            "mediaType": str(self.media_type),
            "releaseAndReQueueCount": "0",
            "releaseAndReQueueCallFlag": "0",
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "callId": self.call_id,
            "direction": self.direction,
            "caller": self.caller,
            "called": self.called,
            "mediaType": self.media_type,
            "skillId": self.skill_id,
            "phase": self.phase,
            "held": self.held,
            "muted": self.muted,
        }
