"""The simulated CCSQM quality inspection: ``appraisecall/details`` and ``appraisecall/detail``.

Serves ``/apiaccess/CCSQM/rest/ccisqm/v1/…`` (and the older ``CCISQM`` prefix) behind a C1
Bearer token from ``sim/apig.py``. The inspected calls are generated once and deterministically:
most belong to the demo agent (staff ``101``), a few to a colleague, each with an ASR transcript,
channel figures and emotions, and each backed by a downloadable recording in the store.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from agentbar.sim import apig
from agentbar.sim.recording_store import DEMO_AGENT, RecordingStore, install

PREFIXES = ("/apiaccess/CCSQM/rest/ccisqm/v1", "/apiaccess/CCISQM/rest/ccisqm/v1")
COLLEAGUE = "102"
STAFF_NAMES = {DEMO_AGENT: "Demo Agent 101", COLLEAGUE: "Colleague 102"}

_DIALOGUE = (
    ("customer", "Hello, I would like to ask about my last bill."),
    ("staff", "Of course. May I have your account number, please?"),
    ("customer", "It is the number I am calling from."),
    ("staff", "Thank you. I can see the bill from last month here."),
    ("customer", "Why is it higher than usual?"),
    ("staff", "There were two international calls on the twelfth."),
    ("customer", "Ah, I see. Can I pay it in two parts?"),
    ("staff", "Yes, I can set that up for you now."),
    ("customer", "Great, thank you very much."),
    ("staff", "You are welcome. Is there anything else I can help with?"),
    ("customer", "No, that is all. Goodbye."),
    ("staff", "Goodbye, and have a nice day."),
)


@dataclass
class InspectedCall:
    call_uuid: str
    call_id: str
    staff_id: str
    call_time: int  # epoch seconds, as the seed's example shows
    duration: float
    file_name: str
    status: int = 2
    call_type: int = 0
    figures: dict[str, float] = field(default_factory=dict)
    segments: list[dict[str, Any]] = field(default_factory=list)
    emotions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "call_uuid": self.call_uuid,
            "call_time": self.call_time,
            "create_time": self.call_time,
            "upload_time": self.call_time + 300,
            "call_type": self.call_type,
            "duration": self.duration,
            "file_name": self.file_name,
            "left_channel": "customer",
            "right_channel": "staff",
            "staff_id": self.staff_id,
            "staff_name": STAFF_NAMES.get(self.staff_id, "*****"),
            "status": self.status,
            "inspect_status": 0,
            "review_status": -1,
            "complain_status": -1,
            **self.figures,
        }

    def detail(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "deal": 1,
            "segments": self.segments,
            "rule_severity_violation_count": 0,
            **self.emotions,
        }


def _transcript(rng: random.Random, duration: float) -> list[dict[str, Any]]:
    segments = []
    clock = 0.0
    for n, (speaker, text) in enumerate(_DIALOGUE, start=1):
        if clock >= duration:
            break
        length = round(min(1.0 + len(text) / 14 + rng.random(), duration - clock), 2)
        segments.append(
            {
                "segment_id": n,
                "speaker": speaker,
                "asr_text": text,
                "start_time": round(clock, 2),
                "end_time": round(clock + length, 2),
                "status": 2,
            }
        )
        clock += length + round(0.3 + rng.random() * 1.5, 2)
    return segments


def generate_calls(store: RecordingStore) -> list[InspectedCall]:
    """The inspected calls, newest first; the demo agent's first two are the seeded recordings."""
    rng = random.Random(20240102)
    calls: list[InspectedCall] = []
    known = [
        ("1704191400-1001", "Y:/1/0/20240102/101/1030001.V3", 185.0),
        ("1704193200-1002", "Y:/1/0/20240102/101/1100001.V3", 137.0),
    ]
    start = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    for n in range(30):
        staff = COLLEAGUE if n % 6 == 5 else DEMO_AGENT
        moment = start - timedelta(hours=3 * n)
        if n < len(known):
            call_id, file_name, duration = known[n]
            moment = datetime.fromtimestamp(int(call_id.split("-")[0]), UTC)
        else:
            duration = round(40 + rng.random() * 400, 2)
            call_id = f"{int(moment.timestamp())}-{2000 + n}"
            recording = store.add(
                call_id=call_id,
                agent_id=staff,
                seconds=duration,
                begin=moment,
                caller=f"1380000{n:04d}",
                called=f"8888{staff.zfill(4)}",
            )
            file_name = recording.file_name
        digest = hashlib.sha256(call_id.encode()).digest()
        left, right = round(0.3 + rng.random() * 0.3, 4), round(0.2 + rng.random() * 0.3, 4)
        calls.append(
            InspectedCall(
                call_uuid=str(uuid.UUID(bytes=digest[:16])),
                call_id=call_id,
                staff_id=staff,
                call_time=int(moment.timestamp()),
                duration=duration,
                file_name=file_name,
                figures={
                    "left_speed": round(200 + rng.random() * 120, 3),
                    "right_speed": round(160 + rng.random() * 120, 3),
                    "left_speech_ratio": left,
                    "right_speech_ratio": right,
                    "left_silence_time": round(duration * (1 - left) * 0.5, 2),
                    "right_silence_time": round(duration * (1 - right) * 0.5, 2),
                },
                segments=_transcript(rng, duration),
                emotions={
                    "left_emotions": [
                        {"type": "negative", "score": float(rng.randint(10, 70))},
                        {"type": "positive", "score": float(rng.randint(30, 90))},
                    ],
                    "right_emotions": [
                        {"type": "negative", "score": float(rng.randint(5, 40))},
                        {"type": "positive", "score": float(rng.randint(50, 95))},
                    ],
                },
            )
        )
    return calls


@dataclass
class Ccsqm:
    calls: list[InspectedCall]
    requests: int = 0


CCSQM_KEY = web.AppKey("ccsqm", Ccsqm)


def _bad_request(text: str) -> web.HTTPBadRequest:
    body = json.dumps({"resultCode": "400", "resultDesc": text})
    return web.HTTPBadRequest(text=body, content_type="application/json")


async def _authorized_body(request: web.Request) -> dict[str, Any]:
    gateway = request.app[apig.APIG_KEY]
    if gateway.app_of(request.headers.get("Authorization")) is None:
        raise apig.unauthorized("the access token is missing, invalid or expired")
    # The intl page makes x-UserId mandatory (the zh page does not); the simulator is strict.
    if not request.headers.get("x-UserId"):
        raise _bad_request("x-UserId is required")
    request.app[CCSQM_KEY].requests += 1
    try:
        body = json.loads(await request.read())
    except ValueError:
        raise _bad_request("the body is not JSON") from None
    if not isinstance(body, dict):
        raise _bad_request("the body is not a JSON object")
    return body


def _int_list(value: object, name: str) -> list[int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
        raise _bad_request(f"{name} must be an array of integers")
    return list(value)


def _number(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad_request(f"{name} must be a number")
    try:
        return float(value)
    except ValueError:
        raise _bad_request(f"{name} must be a number") from None


async def details(request: web.Request) -> web.Response:
    body = await _authorized_body(request)
    limit, page = body.get("limit"), body.get("page")
    if not isinstance(limit, int) or not isinstance(page, int) or limit < 1 or page < 1:
        raise _bad_request("limit and page are required positive integers")
    limit = min(limit, 100)
    call_types = _int_list(body.get("call_types"), "call_types")
    status = _int_list(body.get("status"), "status")
    staff_id = body.get("staff_id")
    keyword = body.get("keyword")
    bounds = {
        name: _number(body.get(name), name)
        for name in ("call_from", "call_to", "duration_min", "duration_max")
    }
    found = []
    for call in request.app[CCSQM_KEY].calls:
        if staff_id not in (None, "") and call.staff_id != str(staff_id):
            continue
        if call_types is not None and call.call_type not in call_types:
            continue
        if status is not None and call.status not in status:
            continue
        if bounds["call_from"] is not None and call.call_time < bounds["call_from"]:
            continue
        if bounds["call_to"] is not None and call.call_time > bounds["call_to"]:
            continue
        if bounds["duration_min"] is not None and call.duration < bounds["duration_min"]:
            continue
        if bounds["duration_max"] is not None and call.duration > bounds["duration_max"]:
            continue
        if keyword and not any(keyword in s["asr_text"] for s in call.segments):
            continue
        found.append(call)
    chunk = found[(page - 1) * limit : page * limit]
    return web.json_response(
        {
            "data": [{"calls": [c.summary()], "call_group_id": c.call_uuid} for c in chunk],
            "paging": {"total": len(found)},
        }
    )


async def detail(request: web.Request) -> web.Response:
    body = await _authorized_body(request)
    wanted = body.get("call_uuid")
    if not isinstance(wanted, str) or not wanted:
        raise _bad_request("call_uuid is required")
    for call in request.app[CCSQM_KEY].calls:
        if call.call_uuid == wanted:
            return web.json_response(call.detail())
    # GUESS: the documents give only "404: the requested content is not found".
    return web.json_response(
        {"resultCode": "404", "resultDesc": "no inspected call with this call_uuid"}, status=404
    )


def setup(app: web.Application) -> None:
    apig.install(app)
    app[CCSQM_KEY] = Ccsqm(generate_calls(install(app)))
    for prefix in PREFIXES:
        app.router.add_post(f"{prefix}/appraisecall/details", details)
        app.router.add_post(f"{prefix}/appraisecall/detail", detail)
