"""Property tests: no answer, however malformed, escapes the client as anything but a CecError,
and no event content, however odd, makes the event model raise."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import httpx2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentbar.cec.errors import CecError
from agentbar.cec.event_pump import EventPump
from agentbar.cec.events import AgentEvent, parse_event
from agentbar.cec.gateway import GatewayClient, parse_set_guid
from tests.unit.cec.wire import answering, gateway

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)

# Values that look like what the gateway sends, so the random dicts reach the parsers' inner paths.
wire_texts = st.sampled_from(
    ["0", "000-003", "100-006", "", " 0 ", "1455885056-1095", "true", "1e3", "-1", "٣"]
)
wire_values = json_values | wire_texts | st.integers(min_value=-(10**20), max_value=10**20)

field_names = st.sampled_from(
    [
        "callid", "callId", "caller", "called", "reason", "number", "fileName", "recordID",
        "beginTime", "endTime", "recordFormat", "fileMediaType", "skillId", "skillName",
        "result", "addrCalled", "subtype", "monitoredagent", "partner", "desc", "detect",
        "otherPhone", "transfer", "guid", "id", "name", "mediatype", "agentState", "isWorking",
        "vdnid", "workno", "loginTime", "isForceChange", "timeRemaining", "eventType",
        "workNo", "content", "eventGenTime", "phoneState", "type", "confId", "addrCaller",
        "addressType", "address", "otherPhoneWorkno", "releaseAndReQueueCount", "agentname",
    ]
)  # fmt: skip
objects = st.dictionaries(field_names, wire_values, max_size=8)
results = wire_values | objects | st.lists(objects | wire_values, max_size=3)
bodies = st.fixed_dictionaries(
    {},
    optional={
        "retcode": st.sampled_from(["0", 0, "000-003", "100-006"]) | wire_values,
        "message": wire_values,
        "result": results,
        "event": objects | wire_values,
    },
)

Call = Callable[[GatewayClient], Awaitable[object]]
# Every public request method of the client, so each one's reading of the answer is exercised.
CALLS: dict[str, Call] = {
    "sign_in": lambda c: c.sign_in("pw", "88880101"),
    "sign_in (forced)": lambda c: c.sign_in("pw", "88880101", force=True),
    "sign_out": lambda c: c.sign_out(),
    "sign_out (forced)": lambda c: c.sign_out(force=True),
    "sign_out (reason)": lambda c: c.sign_out(reason=7),
    "update_guid": lambda c: c.update_guid(),
    "handshake": lambda c: c.handshake(),
    "skills": lambda c: c.skills(),
    "configured_skills": lambda c: c.configured_skills("102"),
    "reset_skills": lambda c: c.reset_skills([1, 2]),
    "reset_skills (all)": lambda c: c.reset_skills(None),
    "status": lambda c: c.status(),
    "say_ready": lambda c: c.say_ready(),
    "cancel_busy": lambda c: c.cancel_busy(),
    "say_busy": lambda c: c.say_busy(200),
    "rest": lambda c: c.rest(60, 1),
    "cancel_rest": lambda c: c.cancel_rest(),
    "enter_wrap_up": lambda c: c.enter_wrap_up(),
    "leave_wrap_up": lambda c: c.leave_wrap_up(),
    "set_auto_answer": lambda c: c.set_auto_answer(True),
    "answer": lambda c: c.answer("1-1"),
    "release": lambda c: c.release(),
    "hold": lambda c: c.hold(),
    "unhold": lambda c: c.unhold("1-1"),
    "mute": lambda c: c.mute(),
    "unmute": lambda c: c.unmute(),
    "call_out": lambda c: c.call_out("123"),
    "transfer": lambda c: c.transfer(2, "102"),
    "poll_event": lambda c: c.poll_event(),
}


def test_the_property_tests_cover_every_public_request_method() -> None:
    public = {
        name
        for name, member in inspect.getmembers(GatewayClient, inspect.iscoroutinefunction)
        if not name.startswith("_")
    }
    covered = {name.split(" ", 1)[0] for name in CALLS}
    assert public == covered


headers = st.dictionaries(
    st.sampled_from(["Set-GUID", "Content-Type", "Content-Encoding"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
    max_size=2,
)


def check_every_call(
    reply_body: bytes, status: int, extra: dict[str, str] | dict[str, bytes]
) -> None:
    async def run() -> None:
        for call in CALLS.values():
            client = gateway(answering(reply_body, status=status, headers=extra))
            try:
                result = await call(client)
            except CecError as error:
                assert error.message  # noqa: PT017 -- any CecError is fine here
            else:
                if isinstance(result, AgentEvent):
                    exercise(result)
            # Whatever the answer left behind (an adopted GUID) must not break the next request.
            try:
                await client.status()
            except CecError as error:
                assert error.message  # noqa: PT017 -- any CecError is fine here

    asyncio.run(run())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=200), status=st.sampled_from([200, 404, 500, 502]), extra=headers)
def test_random_bytes_only_ever_raise_cec_errors(
    raw: bytes, status: int, extra: dict[str, str]
) -> None:
    check_every_call(raw, status, extra)


@settings(max_examples=150, deadline=None)
@given(value=json_values)
def test_random_json_values_only_ever_raise_cec_errors(value: Any) -> None:
    check_every_call(json.dumps(value).encode(), 200, {})


@settings(max_examples=300, deadline=None)
@given(body=bodies, guid=st.binary(max_size=10).filter(lambda b: not set(b) & set(b"\r\n\0")))
def test_random_envelopes_only_ever_raise_cec_errors(body: dict[str, Any], guid: bytes) -> None:
    # Header bytes beyond ASCII: a proxy or a broken node may send anything there.
    check_every_call(json.dumps(body).encode(), 200, {"Set-GUID": b"JSESSIONID=" + guid})


def exercise(event: AgentEvent) -> None:
    assert isinstance(event.description, str)
    assert isinstance(event.description_args, dict)
    _ = (event.category, event.call, event.record, event.record_done, event.customer_release)
    _ = (event.details, event.description_template.format(**event.description_args))
    _ = (event.reason, event.call_id, event.generated)
    line = event.to_json()
    json.dumps(line, allow_nan=True)


@settings(max_examples=500, deadline=None)
@given(
    event_type=st.sampled_from(
        [
            "AgentEvent_Ringing",
            "AgentEvent_Incoming_CallInfo",
            "AgentEvent_Customer_Release",
            "AgentEvent_Hold",
            "AgentMediaEvent_Record",
            "AgentMediaEvent_StopRecordDone",
            "AgentState_SetNotReady_Success",
            "AgentEvent_linkagePhoneStatus",
            "AgentEvent_linkagePhoneCallOut",
            "QC_AgentState_Notify",
            "OUTBOUND_DETECT_EVENT",
            "AgentEvent_Customer_Alerting",
            "AgentEvent_Conference",
            "AgentOther_PhoneRelease",
            "AgentOther_PhoneOffhook",
            "AgentOther_ShutdownService",
            "AgentEvent_linkagePhoneHold",
            "AgentConf_Ringing",
            "Unknown_Type",
        ]
    )
    | st.text(max_size=15),
    content=json_values | objects | wire_values,
    extra=objects,
)
def test_event_properties_never_raise_for_any_content(
    event_type: str, content: Any, extra: dict[str, Any]
) -> None:
    raw = {**extra, "eventType": event_type, "content": content}
    parsed = parse_event(raw, datetime.now().astimezone())
    if parsed is not None:
        exercise(parsed)


@settings(max_examples=300, deadline=None)
@given(raw=json_values)
def test_parse_event_never_raises_for_any_json_value(raw: Any) -> None:
    parsed = parse_event(raw, datetime.now().astimezone())
    if parsed is not None:
        exercise(parsed)


@given(value=st.text(max_size=60))
def test_parse_set_guid_never_raises(value: str) -> None:
    guid = parse_set_guid(value)
    assert guid is None or (guid and guid == guid.strip())


# -- the pump over garbage -------------------------------------------------------------------------

SHUTDOWN = json.dumps(
    {"retcode": "0", "event": {"eventType": "AgentOther_ShutdownService", "workNo": "291"}}
).encode()

garbage_answers = st.lists(
    st.tuples(
        st.binary(max_size=120) | bodies.map(lambda b: json.dumps(b).encode()),
        st.sampled_from([200, 200, 500, 502]),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=garbage_answers)
def test_the_pump_over_any_answers_yields_events_or_ends_with_a_cec_error(
    answers: list[tuple[bytes, int]],
) -> None:
    script = list(answers)

    def reply(request: httpx2.Request) -> httpx2.Response:
        # After the garbage, the server signs the agent out: the pump must get there.
        body, status = script.pop(0) if script else (SHUTDOWN, 200)
        return httpx2.Response(status, content=body)

    async def no_wait(seconds: float) -> None:
        await asyncio.sleep(0)

    async def run() -> BaseException | None:
        pump = EventPump(gateway(reply), sleep=no_wait)
        try:
            async for event in pump:
                exercise(event)
        except Exception as exc:  # noqa: BLE001 -- what ends the pump is the subject
            return exc
        return None

    ended = asyncio.run(run())
    assert isinstance(ended, CecError), repr(ended)
