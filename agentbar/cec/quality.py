"""Client of CCSQM quality inspection: the agent's inspected calls and the transcript of one
call, through the API gateway with a C1 Bearer token.

Huawei CEC, call inspection detail, 2025 edition: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0216.html
and an older one (``CCISQM`` prefix): https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_2526.html

``appraisecall/details`` pages through inspected calls (filtered by the agent's staff id) and
``appraisecall/detail`` returns one call's ASR segments, speeds, silence and emotions. Bodies
become the dataclasses below; a bad one becomes a ``CecError``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from agentbar.cec._http import AsyncClient, json_object, send
from agentbar.cec.errors import AuthError, ProtocolError, ServiceError
from agentbar.cec.models import as_str
from agentbar.cec.tokens import BearerAuth, TokenByAkSk

# The 2025 edition's prefix; older pages say CCISQM, so it is a parameter.
DEFAULT_PREFIX = "/apiaccess/CCSQM/rest/ccisqm/v1"
# CCSQM answers some calls with an operation-specific success code ("0405000", "0412000").
SUCCESS_CODES = frozenset({"0", "0405000", "0412000"})
# Inspection status 2 = "processed successfully" (appraisecall/detail status table).
INSPECTED = 2
# call_types: the seed's example asks for [0, 2]; 0 is an audio call.
CALL_TYPES = (0, 2)


@dataclass(frozen=True, slots=True)
class InspectedCall:
    """One call in CCSQM's list (``appraisecall/details``)."""

    call_uuid: str
    call_id: str
    call_time: datetime | None
    duration: float  # seconds
    file_name: str = ""
    staff_id: str = ""
    staff_name: str = ""
    status: int | None = None
    call_type: int | None = None
    left_channel: str = ""
    right_channel: str = ""


@dataclass(frozen=True, slots=True)
class InspectedPage:
    calls: tuple[InspectedCall, ...]
    total: int
    page: int
    limit: int

    @property
    def has_more(self) -> bool:
        return self.page * self.limit < self.total and len(self.calls) == self.limit


@dataclass(frozen=True, slots=True)
class TranscriptSegment:
    segment_id: int
    speaker: str  # as the server wrote it ("staff", "customer", "Agent", "0" …)
    role: str  # "agent", "customer" or "" when it cannot be told
    text: str
    start: float  # seconds from the start of the call
    end: float


@dataclass(frozen=True, slots=True)
class Emotion:
    kind: str  # "positive" / "negative"
    score: float


@dataclass(frozen=True, slots=True)
class ChannelFigures:
    """Speaking figures of one channel (left or right) and who speaks on it."""

    speaker: str
    role: str
    speed: float | None
    speech_ratio: float | None
    silence: float | None
    emotions: tuple[Emotion, ...]


@dataclass(frozen=True, slots=True)
class CallDetail:
    """One call's inspection result (``appraisecall/detail``)."""

    call: InspectedCall
    segments: tuple[TranscriptSegment, ...]
    left: ChannelFigures
    right: ChannelFigures
    deal: bool | None = None


class QualityClient:
    """CCSQM on the API gateway at ``base_url``, as operator ``user_id`` (``x-UserId``)."""

    def __init__(
        self,
        http: AsyncClient,
        base_url: str,
        tokens: TokenByAkSk,
        *,
        app_key: str = "",
        user_id: str = "",
        prefix: str = DEFAULT_PREFIX,
    ) -> None:
        self._http = http
        self._api = base_url.rstrip("/") + prefix
        self._auth = BearerAuth(tokens)
        self.app_key = app_key
        self.user_id = user_id

    def __repr__(self) -> str:
        return f"QualityClient(api={self._api!r}, user_id={self.user_id!r})"

    async def inspected_calls(
        self,
        staff_id: str,
        *,
        page: int = 1,
        limit: int = 20,
        since: datetime | None = None,
        until: datetime | None = None,
        status: Sequence[int] = (INSPECTED,),
    ) -> InspectedPage:
        """One page (1-based) of the calls of ``staff_id`` that CCSQM has inspected."""
        body: dict[str, Any] = {
            "limit": limit,
            "page": page,
            "call_types": list(CALL_TYPES),
            "status": list(status),
            "staff_id": staff_id,
            # Marked mandatory, yet the documents' own example sends null: so do we.
            "upload_from": None,
            "upload_to": None,
        }
        if since is not None:
            body["call_from"] = int(since.timestamp())
        if until is not None:
            body["call_to"] = int(until.timestamp())
        data = await self._post("appraisecall/details", body)
        return parse_details(data, page=page, limit=limit)

    async def all_inspected_calls(
        self, staff_id: str, *, limit: int = 50, max_pages: int = 20, **filters: Any
    ) -> list[InspectedCall]:
        """Every page of :meth:`inspected_calls`, stopping at ``max_pages`` pages."""
        found: list[InspectedCall] = []
        for page in range(1, max_pages + 1):
            chunk = await self.inspected_calls(staff_id, page=page, limit=limit, **filters)
            found.extend(chunk.calls)
            if not chunk.has_more:
                break
        return found

    async def call_detail(self, call_uuid: str) -> CallDetail:
        """The transcript and figures of one inspected call."""
        data = await self._post("appraisecall/detail", {"call_uuid": call_uuid})
        return parse_detail(data, "appraisecall/detail")

    async def _post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        headers = {"Content-Type": "application/json;charset=UTF-8"}
        if self.app_key:
            headers["x-app-key"] = self.app_key
        if self.user_id:
            headers["x-UserId"] = self.user_id
        response = await send(
            self._http,
            "POST",
            f"{self._api}/{path}",
            endpoint=path,
            headers=headers,
            content=json.dumps(body).encode("utf-8"),
            auth=self._auth,
        )
        status = response.status_code
        if status == 401:
            raise AuthError(
                "Quality inspection refused the access token. Check the app key and secret, "
                "and that the service is purchased.",
                endpoint=path,
                code="HTTP 401",
                server_text=_excerpt(response.content),
            )
        if status >= 400:
            raise ServiceError(
                _STATUS_MESSAGES.get(status, "Quality inspection refused the request."),
                endpoint=path,
                code=f"HTTP {status}",
                server_text=_excerpt(response.content),
            )
        data = json_object(response, path)
        code = data.get("resultCode")
        if code is not None and str(code) not in SUCCESS_CODES:
            desc = data.get("resultDesc")
            raise ServiceError(
                "Quality inspection refused the request.",
                endpoint=path,
                code=str(code),
                server_text=desc if isinstance(desc, str) else "",
            )
        return data


_STATUS_MESSAGES = {
    400: "Quality inspection rejected the request parameters (HTTP 400). Check the user ID.",
    404: "Quality inspection has no such call.",
    500: "Quality inspection failed on the server. Try again later.",
}


def _excerpt(body: bytes) -> str:
    return body[:200].decode("utf-8", "replace")


# ---- parsing --------------------------------------------------------------------------------


def parse_details(data: Mapping[str, Any], *, page: int, limit: int) -> InspectedPage:
    endpoint = "appraisecall/details"
    groups = _list(data.get("data"), endpoint, "data")
    calls: list[InspectedCall] = []
    for group in groups:
        if not isinstance(group, dict):
            raise _shape(endpoint, "a data entry is not an object")
        for raw in _list(group.get("calls"), endpoint, "calls"):
            calls.append(_call(raw, endpoint))
    paging = data.get("paging")
    total = _number(paging.get("total"), endpoint) if isinstance(paging, dict) else None
    return InspectedPage(tuple(calls), int(total) if total is not None else len(calls), page, limit)


def parse_detail(data: Mapping[str, Any], endpoint: str) -> CallDetail:
    call = _call(data, endpoint)
    raw_segments = _list(data.get("segments"), endpoint, "segments")
    left_speaker = as_str(data.get("left_channel"))
    right_speaker = as_str(data.get("right_channel"))
    ends = [_number(s.get("end_time"), endpoint) for s in raw_segments if isinstance(s, dict)]
    # GUESS: the seed's segment times are seconds (11.32), the detail page's example looks like
    # ms (2300).
    # Times far beyond the call's length can only be milliseconds.
    in_ms = bool(call.duration) and max((e or 0.0 for e in ends), default=0.0) > call.duration * 2
    scale = 0.001 if in_ms else 1.0
    segments = []
    for n, raw in enumerate(raw_segments, start=1):
        if not isinstance(raw, dict):
            raise _shape(endpoint, "a segment is not an object")
        speaker = as_str(raw.get("speaker"))
        segments.append(
            TranscriptSegment(
                segment_id=int(_number(raw.get("segment_id"), endpoint) or n),
                speaker=speaker,
                role=_role(speaker, left_speaker, right_speaker),
                text=as_str(raw.get("asr_text")),
                start=(_number(raw.get("start_time"), endpoint) or 0.0) * scale,
                end=(_number(raw.get("end_time"), endpoint) or 0.0) * scale,
            )
        )
    segments.sort(key=lambda s: (s.start, s.segment_id))
    deal = _number(data.get("deal"), endpoint)
    return CallDetail(
        call=call,
        segments=tuple(segments),
        left=_channel(data, "left", left_speaker, endpoint),
        right=_channel(data, "right", right_speaker, endpoint),
        deal=None if deal is None else bool(deal),
    )


def _channel(data: Mapping[str, Any], side: str, speaker: str, endpoint: str) -> ChannelFigures:
    emotions = []
    for raw in _list(data.get(f"{side}_emotions"), endpoint, f"{side}_emotions"):
        if isinstance(raw, dict):
            emotions.append(
                Emotion(as_str(raw.get("type")), _number(raw.get("score"), endpoint) or 0.0)
            )
    return ChannelFigures(
        speaker=speaker,
        role=_role(speaker, "", ""),
        speed=_number(data.get(f"{side}_speed"), endpoint),
        speech_ratio=_number(data.get(f"{side}_speech_ratio"), endpoint),
        silence=_number(data.get(f"{side}_silence_time"), endpoint),
        emotions=tuple(emotions),
    )


_AGENT_WORDS = frozenset({"staff", "agent", "座席", "坐席"})
_CUSTOMER_WORDS = frozenset({"customer", "客户"})


def _role(speaker: str, left: str, right: str) -> str:
    word = speaker.strip().lower()
    if word in _AGENT_WORDS:
        return "agent"
    if word in _CUSTOMER_WORDS:
        return "customer"
    # GUESS: the old edition's numeric speaker is the channel: 0 left, 1 right.
    if word in ("0", "1") and (left or right):
        return _role(left if word == "0" else right, "", "")
    return ""


def _call(raw: object, endpoint: str) -> InspectedCall:
    if not isinstance(raw, dict):
        raise _shape(endpoint, "a call is not an object")
    call_id = raw.get("call_id")
    return InspectedCall(
        call_uuid=as_str(raw.get("call_uuid")),
        # The documents type call_id as a number, CC call IDs look like "1455885056-1095".
        call_id=as_str(call_id),
        call_time=_moment(_number(raw.get("call_time"), endpoint)),
        duration=_number(raw.get("duration"), endpoint) or 0.0,
        file_name=as_str(raw.get("file_name")),
        staff_id=as_str(raw.get("staff_id")),
        staff_name=as_str(raw.get("staff_name")),
        status=_int_or_none(_number(raw.get("status"), endpoint)),
        call_type=_int_or_none(_number(raw.get("call_type"), endpoint)),
        left_channel=as_str(raw.get("left_channel")),
        right_channel=as_str(raw.get("right_channel")),
    )


def _moment(value: float | None) -> datetime | None:
    if value is None or value <= 0:
        return None
    # GUESS: the seed shows seconds (1622633782), the detail page's example ms (1704164400000).
    seconds = value / 1000 if value > 1e11 else value
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _int_or_none(value: float | None) -> int | None:
    return None if value is None else int(value)


def _number(value: object, endpoint: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise _shape(endpoint, f"{value[:40]!r} is not a number") from None
    else:
        raise _shape(endpoint, f"a {type(value).__name__} where a number belongs")
    return number if math.isfinite(number) else None


def _list(value: object, endpoint: str, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _shape(endpoint, f"{name} is not a list")
    return value


def _shape(endpoint: str, detail: str) -> ProtocolError:
    return ProtocolError(
        "Quality inspection sent data of an unexpected shape.",
        endpoint=endpoint,
        server_text=detail,
    )
