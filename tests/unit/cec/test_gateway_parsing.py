"""The documented CC-Gateway answers (pages and seed examples) parse into the typed models."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import httpx2
import pytest

from agentbar.cec.errors import (
    AlreadySignedInError,
    AuthError,
    NotSignedInError,
    ProtocolError,
    ServiceError,
)
from agentbar.cec.gateway import parse_set_guid
from agentbar.cec.models import AgentState, AgentStatus, SignInResult, Skill
from tests.unit.cec.wire import SET_GUID, answering, fixture, gateway


async def test_sign_in_example_parses_every_result_field() -> None:
    client = gateway(answering(fixture("sign_in.json"), headers={"Set-GUID": SET_GUID}), None)
    result = await client.sign_in("secret", "40038")
    assert result.work_no == "291"
    assert result.vdn_id == 1
    assert result.media_type == "TTF"
    assert result.login_time is not None
    assert int(result.login_time.timestamp() * 1000) == 1471585949806
    assert result.login_time.utcoffset() is not None
    assert result.force_password_change is False
    assert result.server_name == "AgentGateway"
    assert result.password_days_left == 9


async def test_sign_in_adopts_the_guid_from_set_guid() -> None:
    client = gateway(answering(fixture("sign_in.json"), headers={"Set-GUID": SET_GUID}), None)
    await client.sign_in("secret", "40038")
    assert client.guid == "279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0"


async def test_sign_in_without_set_guid_is_a_protocol_error() -> None:
    client = gateway(answering(fixture("sign_in.json")), None)
    with pytest.raises(ProtocolError):
        await client.sign_in("secret", "40038")


async def test_sign_in_sends_real_json_types_and_no_guid() -> None:
    seen: list[httpx2.Request] = []

    def reply(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        if not request.url.path.endswith("/forcelogin"):
            # Signed in elsewhere: the documented flow goes on with forcelogin.
            return httpx2.Response(200, json={"message": "", "retcode": "100-002"})
        return httpx2.Response(200, json=fixture("sign_in.json"), headers={"Set-GUID": SET_GUID})

    client = gateway(reply, "stale-guid")
    await client.sign_in("secret", "40038", force=True)
    assert [r.url.path for r in seen] == [
        "/agentgateway/resource/onlineagent/291",
        "/agentgateway/resource/onlineagent/291/forcelogin",
    ]
    request = seen[1]
    assert request.method == "PUT"
    assert "guid" not in {k.lower() for k in request.headers}
    import json

    body = json.loads(request.content)
    assert body["phonenum"] == "40038"
    assert body["status"] == 4
    assert body["autoanswer"] is False


def test_sign_in_result_accepts_string_and_number_spellings() -> None:
    result = SignInResult.parse(
        {
            "vdnid": "7",
            "workno": 291,
            "loginTime": 1471585949806,
            "isForceChange": True,
            "timeRemaining": "",
        },
        "291",
    )
    assert result.vdn_id == 7
    assert result.work_no == "291"
    assert result.login_time is not None
    assert result.force_password_change is True
    assert result.password_days_left is None


def test_sign_in_result_of_an_empty_or_odd_result_falls_back_to_the_agent_id() -> None:
    odd_results: tuple[object, ...] = (None, "text", [], {})
    for odd in odd_results:
        result = SignInResult.parse(odd, "101")
        assert result.work_no == "101"
        assert result.login_time is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("agentskills.json", [Skill(10, "文字交谈_x", 1), Skill(25, "语音_x", 5)]),
        ("agentskills_seed.json", [Skill(1, "defaultMediaSkill", 53)]),
    ],
)
async def test_skills_examples_parse(name: str, expected: list[Skill]) -> None:
    client = gateway(answering(fixture(name)))
    assert await client.skills() == expected
    assert await client.configured_skills("291") == expected


def test_skill_media_type_names() -> None:
    assert Skill(1, "x", 53).media_type_name == "Social media chat"
    assert Skill(1, "x", 5).media_type_name == "Voice"
    assert Skill(1, "x", 99).media_type_name == "Media type 99"


def test_skill_with_string_numbers_is_read() -> None:
    assert Skill.parse({"id": "25", "name": "Voice", "mediatype": "5"}) == Skill(25, "Voice", 5)
    assert Skill.parse({"name": "no id"}) is None


async def test_skills_not_a_list_is_a_protocol_error() -> None:
    client = gateway(answering({"retcode": "0", "result": {"id": 1}}))
    with pytest.raises(ProtocolError):
        await client.skills()


async def test_agentstatus_example_parses() -> None:
    client = gateway(answering(fixture("agentstatus.json")))
    assert await client.status() == AgentStatus(AgentState.IDLE, False)


def test_agentstatus_accepts_string_numbers_and_unknown_codes() -> None:
    assert AgentStatus.parse({"agentState": "7", "isWorking": "true"}) == AgentStatus(
        AgentState.TALKING, True
    )
    assert AgentStatus.parse({"agentState": 42}).state is AgentState.UNKNOWN
    assert AgentStatus.parse(None).state is AgentState.UNKNOWN


def test_every_documented_agent_state_has_a_label() -> None:
    for code in range(10):
        state = AgentState.from_wire(str(code))
        assert state is not None
        assert state.label


async def test_update_guid_example_adopts_the_new_guid() -> None:
    client = gateway(answering(fixture("update_guid.json")))
    assert await client.update_guid() == "b5c1…-….AgentGateway1"
    assert client.guid == "b5c1…-….AgentGateway1"


async def test_update_guid_prefers_set_guid_when_the_body_has_none() -> None:
    client = gateway(
        answering({"retcode": "0", "message": "success"}, headers={"Set-GUID": "JSESSIONID=n1"})
    )
    assert await client.update_guid() == "n1"


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("logout.json", "sign_out"),
        ("logout_result_null.json", "sign_out"),
        ("resetskill.json", "reset_skills"),
        ("state_control.json", "say_ready"),
        ("state_control.json", "cancel_busy"),
        ("state_control.json", "cancel_rest"),
        ("state_control.json", "enter_wrap_up"),
        ("state_control.json", "leave_wrap_up"),
        ("handshake.json", "handshake"),
        ("state_control.json", "release"),
        ("state_control.json", "hold"),
    ],
)
async def test_empty_success_answers_are_accepted(name: str, call: str) -> None:
    client = gateway(answering(fixture(name)))
    assert await getattr(client, call)() is None


async def test_transfer_example_is_accepted() -> None:
    client = gateway(answering(fixture("transfer.json")))
    await client.transfer(2, "49998", 3)


async def test_transfer_sends_the_documented_body() -> None:
    seen: list[httpx2.Request] = []

    def reply(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json=fixture("transfer.json"))

    client = gateway(reply)
    await client.transfer(2, "49998", 3)
    await client.transfer(
        1, "25", 0, caller="40038", skill_id=25, call_data="order 7", hold_first=False
    )
    assert [(r.method, r.url.path) for r in seen] == [
        ("POST", "/agentgateway/resource/voicecall/291/transfer")
    ] * 2
    assert seen[0].headers["Guid"] == "current-guid"
    assert json.loads(seen[0].content) == {"devicetype": 2, "mode": 3, "address": "49998"}
    assert json.loads(seen[1].content) == {
        "devicetype": 1,
        "address": "25",
        "mode": 0,
        "caller": "40038",
        "skillId": 25,
        "callappdata": "order 7",
        "holdflag": False,
    }


async def test_callout_sends_the_documented_body() -> None:
    seen: list[httpx2.Request] = []

    def reply(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json=fixture("callout.json"))

    client = gateway(reply)
    await client.call_out("13800000000", caller="40038", skill_id=25, call_data="x")
    assert (seen[0].method, seen[0].url.path) == (
        "PUT",
        "/agentgateway/resource/voicecall/291/callout",
    )
    assert json.loads(seen[0].content) == {
        "called": "13800000000",
        "caller": "40038",
        "skillid": 25,
        "callappdata": "x",
    }


async def test_callout_example_returns_the_call_id() -> None:
    client = gateway(answering(fixture("callout.json")))
    assert await client.call_out("13800000000") == "1455885056-1095"


async def test_reset_skills_sends_autoflag_and_skill_list() -> None:
    seen: list[httpx2.Request] = []

    def reply(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json=fixture("resetskill.json"))

    client = gateway(reply)
    await client.reset_skills(None)
    await client.reset_skills([10, 25])
    assert seen[0].url.path.endswith("/onlineagent/291/resetskill/true")
    assert seen[1].url.path.endswith("/onlineagent/291/resetskill/false")
    assert seen[1].url.params["skillid"] == "10;25"
    assert all(r.headers["Guid"] == "current-guid" for r in seen)


# -- the poll ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "event_type", "content"),
    [
        ("poll_in_service.json", "AgentOther_InService", None),
        ("poll_set_rest.json", "AgentState_SetRest_Success", {"reason": "1"}),
        ("poll_connect_fail_seed.json", "AgentEvent_Connect_Fail", "1456404043-38"),
        ("poll_with_gen_time.json", "AgentState_Ready", None),
    ],
)
async def test_poll_examples_parse_into_events(name: str, event_type: str, content: object) -> None:
    client = gateway(answering(fixture(name)))
    before = datetime.now().astimezone()
    event = await client.poll_event()
    assert event is not None
    assert event.event_type == event_type
    assert event.content == content
    assert event.work_no == fixture(name)["event"]["workNo"]
    assert before - timedelta(seconds=1) <= event.received <= datetime.now().astimezone()


async def test_poll_event_gen_time_is_read() -> None:
    client = gateway(answering(fixture("poll_with_gen_time.json")))
    event = await client.poll_event()
    assert event is not None
    assert event.generated is not None
    assert int(event.generated.timestamp() * 1000) == 1700000000000


async def test_set_rest_reason_is_typed() -> None:
    client = gateway(answering(fixture("poll_set_rest.json")))
    event = await client.poll_event()
    assert event is not None
    assert event.reason == 1


@pytest.mark.parametrize(
    "body",
    [
        {"message": "", "retcode": "0"},
        {"message": "", "retcode": "0", "event": None},
        {"message": "", "retcode": "0", "event": {}},
        {"message": "", "retcode": 0, "event": None},
    ],
    ids=["absent", "null", "empty-object", "numeric-retcode"],
)
async def test_empty_polls_yield_no_event(body: dict[str, object]) -> None:
    client = gateway(answering(body))
    assert await client.poll_event() is None


async def test_poll_adopts_a_rotated_guid() -> None:
    client = gateway(
        answering(fixture("poll_in_service.json"), headers={"Set-GUID": "JSESSIONID=rotated"})
    )
    await client.poll_event()
    assert client.guid == "rotated"


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retcode", "cls"),
    [
        ("000-003", AuthError),
        ("100-006", NotSignedInError),
        ("100-002", AlreadySignedInError),
        ("100-010", ServiceError),
    ],
)
async def test_refusals_raise_the_mapped_class_with_endpoint_and_server_text(
    retcode: str, cls: type[ServiceError]
) -> None:
    client = gateway(answering({"message": "server says no", "retcode": retcode}))
    with pytest.raises(cls) as caught:
        await client.status()
    assert caught.value.code == retcode
    assert caught.value.server_text == "server says no"
    assert caught.value.endpoint == "onlineagent/291/agentstatus"
    assert caught.value.message


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", 502),
        (b"<html><body>login page</body></html>", 200),
        (b'{"retcode": "0", "event": {', 200),
        (b"", 200),
        (b"[1, 2]", 200),
        (b'{"message": "no code"}', 200),
        (b'{"retcode": {"nested": 1}}', 200),
    ],
    ids=["html-502", "html-200", "truncated", "empty", "array", "no-retcode", "odd-retcode"],
)
async def test_bad_bodies_become_protocol_errors(body: bytes, status: int) -> None:
    client = gateway(answering(body, status=status))
    with pytest.raises(ProtocolError) as caught:
        await client.status()
    assert caught.value.message
    assert caught.value.endpoint == "onlineagent/291/agentstatus"


async def test_deeply_nested_json_is_a_protocol_error() -> None:
    client = gateway(answering(b"[" * 100_000))
    with pytest.raises(ProtocolError):
        await client.poll_event()


# -- Set-GUID ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "guid"),
    [
        (
            "JSESSIONID=279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0",
            "279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0",
        ),
        ("  JSESSIONID=abc.AgentGateway1  ", "abc.AgentGateway1"),
        ("jsessionid=abc", "abc"),
        ("JSESSIONID=abc; Path=/; HttpOnly", "abc"),
        ("JSESSIONID = abc", "abc"),
        ("bare-guid.AgentGateway0", "bare-guid.AgentGateway0"),
        ("JSESSIONID=", None),
        ("", None),
        ("   ", None),
        ("OTHER=abc", None),
        (";", None),
        ("JSESSIONID=;Path=/", None),
        ("JSESSIONID=gu id", None),
        ("JSESSIONID=guid\u00e4", None),
        ("JSESSIONID=a\tb", None),
    ],
)
def test_parse_set_guid_variants(header: str, guid: str | None) -> None:
    assert parse_set_guid(header) == guid


async def test_an_unparseable_set_guid_keeps_the_current_guid() -> None:
    client = gateway(answering(fixture("poll_in_service.json"), headers={"Set-GUID": "OTHER=x"}))
    await client.poll_event()
    assert client.guid == "current-guid"


# -- checks before sending ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("say_busy", (199,)),
        ("say_busy", (251,)),
        ("rest", (0, 1)),
        ("rest", (86400, 1)),
        ("rest", (60, 256)),
        ("call_out", ("12ab",)),
        ("call_out", ("",)),
        ("transfer", (9, "1")),
        ("transfer", (2, "")),
        ("transfer", (2, "1" * 25)),
        ("transfer", (2, "102", 5)),
        ("transfer", (2, "102", -1)),
        ("sign_out", ()),
    ],
)
async def test_out_of_range_arguments_are_refused_before_sending(
    call: str, args: tuple[object, ...]
) -> None:
    sent: list[httpx2.Request] = []

    def reply(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        return httpx2.Response(200, json={"retcode": "0"})

    client = gateway(reply)
    if call == "sign_out":
        with pytest.raises(ServiceError):
            await client.sign_out(reason=0)
    else:
        with pytest.raises(ServiceError):
            await getattr(client, call)(*args)
    assert sent == []
