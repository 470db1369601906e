"""The typed event model: every documented event type (cec-api.md §2.2–§2.6) reads and describes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from agentbar.cec.events import (
    EVENT_TYPES,
    UNKNOWN_EVENT_TEMPLATE,
    AgentEvent,
    EventCategory,
    parse_event,
)
from tests.unit.cec.wire import fixture

RECEIVED = datetime(2026, 11, 23, 9, 30, 15, 123000, tzinfo=timezone(timedelta(hours=8)))

# Written out on purpose: a type dropped from EVENT_TYPES must fail here, not vanish quietly.
STATE_TYPES = [
    "AgentState_Ready",
    "AgentState_Busy",
    "AgentState_Work",
    "AgentState_SetNotReady_Success",
    "AgentState_CancelNotReady_Success",
    "AgentState_SetRest_Success",
    "AgentState_CancelRest_Success",
    "AgentState_Rest_Timeout",
    "AgentState_SetWork_Success",
    "AgentState_CancelWork_Success",
    "AgentState_Force_Ready",
    "AgentState_Force_SetNotReady",
]
CALL_TYPES = [
    "AgentEvent_Ringing",
    "AgentEvent_Auto_Answer",
    "AgentEvent_Talking",
    "AgentEvent_Customer_Alerting",
    "AgentEvent_Hold",
    "AgentEvent_Conference",
    "AgentEvent_Call_Out_Fail",
    "AgentEvent_Inside_Call_Fail",
    "AgentEvent_No_Answer",
    "AgentEvent_Call_Release",
    "AgentEvent_Customer_Release",
    "AgentEvent_Connect_Fail",
    "AgentEvent_Agent_Occupyed",
    "AgentEvent_Incoming_CallInfo",
    "AgentEvent_Consult_Fail",
    "OUTBOUND_DETECT_EVENT",
]
PHONE_TYPES = [
    "AgentOther_PhoneAlerting",
    "AgentOther_PhoneOffhook",
    "AgentOther_PhoneRelease",
    "AgentOther_PhoneUnknow",
    "AgentOther_PhoneBusy",
]
RECORDING_TYPES = [
    "AgentMediaEvent_Record",
    "AgentMediaEvent_Record_Fail",
    "AgentMediaEvent_StopRecordDone",
]
OTHER_TYPES = [
    "AgentOther_InService",
    "AgentOther_ShutdownService",
    "AgentOther_All_Agent_Busy",
    "QC_AgentState_Notify",
    "AgentEvent_linkagePhoneStatus",
    "AgentEvent_linkagePhoneHold",
    "AgentEvent_linkagePhoneCallOut",
    "AgentConf_Ringing",
    "AgentChat_Ring",
    "AgentChat_Connected",
    "AgentChat_DataRecved",
    "AgentChat_Disconnected",
]
ALL_TYPES = STATE_TYPES + CALL_TYPES + PHONE_TYPES + RECORDING_TYPES + OTHER_TYPES

EXAMPLES: dict[str, Any] = {e["eventType"]: e for e in fixture("events.json")}


def event(event_type: str, content: object = None) -> AgentEvent:
    parsed = parse_event({"eventType": event_type, "workNo": "291", "content": content}, RECEIVED)
    assert parsed is not None
    return parsed


def example(event_type: str) -> AgentEvent:
    parsed = parse_event(EXAMPLES[event_type], RECEIVED)
    assert parsed is not None
    return parsed


def test_the_fixture_has_an_example_of_every_documented_type() -> None:
    assert sorted(EXAMPLES) == sorted(ALL_TYPES)


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_every_documented_type_has_its_own_description(event_type: str) -> None:
    assert event_type in EVENT_TYPES
    parsed = example(event_type)
    assert parsed.description_template != UNKNOWN_EVENT_TEMPLATE
    text = parsed.description
    assert text
    assert "{" not in text
    assert event_type not in text


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_every_documented_type_describes_itself_without_content(event_type: str) -> None:
    text = event(event_type, None).description
    assert text
    assert text == text.strip()


@pytest.mark.parametrize(
    ("types", "category"),
    [
        (STATE_TYPES, EventCategory.STATE),
        (CALL_TYPES, EventCategory.CALL),
        (PHONE_TYPES, EventCategory.PHONE),
        (RECORDING_TYPES, EventCategory.RECORDING),
    ],
    ids=["state", "call", "phone", "recording"],
)
def test_category_of_each_documented_group(types: list[str], category: EventCategory) -> None:
    for event_type in types:
        assert event(event_type).category is category, event_type


@pytest.mark.parametrize(
    ("event_type", "category"),
    [
        ("AgentOther_InService", EventCategory.OTHER),
        ("AgentOther_ShutdownService", EventCategory.OTHER),
        ("AgentOther_All_Agent_Busy", EventCategory.OTHER),
        ("QC_AgentState_Notify", EventCategory.OTHER),
        ("AgentEvent_linkagePhoneStatus", EventCategory.PHONE),
        ("AgentEvent_linkagePhoneHold", EventCategory.PHONE),
        ("AgentEvent_linkagePhoneCallOut", EventCategory.PHONE),
        ("AgentConf_Ringing", EventCategory.CALL),
        ("AgentChat_Ring", EventCategory.CALL),
        ("AgentChat_Disconnected", EventCategory.CALL),
        ("Something_Undocumented", EventCategory.OTHER),
    ],
)
def test_category_of_other_events(event_type: str, category: EventCategory) -> None:
    assert event(event_type).category is category


def test_unknown_type_is_described_by_its_name() -> None:
    assert event("AgentEvent_Brand_New", {"x": 1}).description == "Event AgentEvent_Brand_New"


@pytest.mark.parametrize(
    ("event_type", "expected"),
    [
        ("AgentState_SetNotReady_Success", "Busy (reason 200)"),
        ("AgentState_SetRest_Success", "Rest started (cause 1)"),
        ("AgentEvent_Ringing", "Call from 13800000000 ringing"),
        ("AgentEvent_Talking", "Talking with 13800000000"),
        ("AgentEvent_Customer_Alerting", "Ringing at 13800000000"),
        ("AgentEvent_Conference", "Conference with 13800000000,13900000000"),
        ("AgentEvent_Customer_Release", "Customer 13800000000 hung up"),
        ("AgentEvent_Incoming_CallInfo", "Incoming call from 13800000000 (语音_x)"),
        ("OUTBOUND_DETECT_EVENT", "Outbound detection: answering machine"),
        ("AgentMediaEvent_Record", "Recording started (Y:/6/0/20161025/20011/1902050.V3)"),
        ("QC_AgentState_Notify", "Inspector notice: QC_AgentState_Login 291"),
        ("AgentEvent_linkagePhoneStatus", "Linked phone: talking"),
        ("AgentEvent_linkagePhoneCallOut", "Linked phone calling 70002"),
    ],
)
def test_descriptions_carry_the_content(event_type: str, expected: str) -> None:
    assert example(event_type).description == expected


# -- typed views of the content ------------------------------------------------------------------


@pytest.mark.parametrize(
    "event_type",
    [
        "AgentEvent_Hold",
        "AgentEvent_Call_Out_Fail",
        "AgentEvent_Inside_Call_Fail",
        "AgentEvent_No_Answer",
        "AgentEvent_Call_Release",
        "AgentEvent_Connect_Fail",
    ],
)
def test_call_id_of_string_contents(event_type: str) -> None:
    assert example(event_type).call_id == "1455885056-1095"


@pytest.mark.parametrize(
    ("event_type", "call_id"),
    [
        ("AgentEvent_Ringing", "1455885056-1095"),
        ("AgentEvent_Auto_Answer", "1455885056-1095"),
        ("AgentEvent_Talking", "1455885056-1095"),
        ("AgentEvent_Customer_Alerting", "1455885056-1095"),
        ("AgentEvent_Conference", "1455885056-1095"),
        ("AgentEvent_Customer_Release", "1455885056-1095"),
        ("AgentEvent_Incoming_CallInfo", "1455885056-1095"),
        ("OUTBOUND_DETECT_EVENT", "1455885056-1095"),
        ("AgentMediaEvent_Record", "1455885056-1095"),
        ("AgentMediaEvent_StopRecordDone", "1455885056-1095"),
        ("AgentEvent_linkagePhoneCallOut", "1475051437-34"),
    ],
)
def test_call_id_of_object_contents(event_type: str, call_id: str) -> None:
    assert example(event_type).call_id == call_id


@pytest.mark.parametrize(
    ("event_type", "content"),
    [
        ("AgentState_Ready", None),
        ("AgentOther_PhoneRelease", {"phoneState": "3"}),
        ("AgentEvent_Call_Release", ""),
        ("AgentEvent_Hold", 12),
        ("AgentEvent_Ringing", ["1455885056-1095"]),
    ],
)
def test_no_call_id_where_there_is_none(event_type: str, content: object) -> None:
    assert event(event_type, content).call_id is None


def test_ringing_call_info_is_typed() -> None:
    call = example("AgentEvent_Ringing").call
    assert call is not None
    assert call.call_id == "1455885056-1095"
    assert call.caller == "13800000000"
    assert call.called == "A291"
    assert call.type == "main"
    assert call.feature == "0"
    assert call.media_ability == "1"
    assert call.media_type == "5"
    assert call.transfer is False
    assert call.transferred_from == ""


def test_incoming_call_info_reads_skill_and_call_id_spelling() -> None:
    call = example("AgentEvent_Incoming_CallInfo").call
    assert call is not None
    assert call.call_id == "1455885056-1095"
    assert call.skill_name == "语音_x"
    assert call.skill_id == 25


def test_call_info_accepts_numbers_as_strings_and_strings_as_numbers() -> None:
    call = event("AgentEvent_Ringing", {"callid": 145, "caller": 138, "skillId": "7"}).call
    assert call is not None
    assert call.call_id == "145"
    assert call.caller == "138"
    assert call.skill_id == 7


def test_recording_views_are_typed() -> None:
    record = example("AgentMediaEvent_Record").record
    assert record is not None
    assert record.file_name == "Y:/6/0/20161025/20011/1902050.V3"
    assert record.record_id == "1902050"
    assert record.location_id == "0"
    assert record.file_media_type == 1
    fail = example("AgentMediaEvent_Record_Fail").record
    assert fail is not None
    assert fail.call_id == "1455885056-1095"
    done = example("AgentMediaEvent_StopRecordDone").record_done
    assert done is not None
    assert done.record_format == 3
    assert done.begin is not None
    assert done.end is not None
    assert (done.end - done.begin) == timedelta(seconds=60)


def test_customer_release_view() -> None:
    release = example("AgentEvent_Customer_Release").customer_release
    assert release is not None
    assert (release.call_id, release.number) == ("1455885056-1095", "13800000000")


def test_views_of_the_wrong_type_are_none() -> None:
    ready = example("AgentState_Ready")
    assert ready.call is None
    assert ready.record is None
    assert ready.record_done is None
    assert ready.customer_release is None
    assert ready.reason is None


def test_busy_reason_arrives_as_string_or_number() -> None:
    assert event("AgentState_SetNotReady_Success", {"reason": "200"}).reason == 200
    assert event("AgentState_SetNotReady_Success", {"reason": 201}).reason == 201
    assert event("AgentState_SetNotReady_Success", {"reason": "x"}).reason is None


# -- parse_event -------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, {}, [], "AgentState_Ready", 0, {"workNo": "291"}])
def test_no_event_for_absent_empty_or_typeless_members(raw: object) -> None:
    assert parse_event(raw, RECEIVED) is None


def test_generated_time_from_string_or_number() -> None:
    for value in (1700000000000, "1700000000000"):
        parsed = parse_event({"eventType": "AgentState_Ready", "eventGenTime": value}, RECEIVED)
        assert parsed is not None
        assert parsed.generated is not None
        assert int(parsed.generated.timestamp()) == 1700000000
    bad = parse_event({"eventType": "AgentState_Ready", "eventGenTime": "soon"}, RECEIVED)
    assert bad is not None
    assert bad.generated is None


def test_work_no_as_number_is_read_as_text() -> None:
    parsed = parse_event({"eventType": "AgentState_Ready", "workNo": 291}, RECEIVED)
    assert parsed is not None
    assert parsed.work_no == "291"


# -- to_json -------------------------------------------------------------------------------------


def test_to_json_has_the_documented_keys_and_content_as_sent() -> None:
    parsed = example("AgentEvent_Ringing")
    line = parsed.to_json()
    assert set(line) == {"eventType", "workNo", "content", "received"}
    assert line["eventType"] == "AgentEvent_Ringing"
    assert line["workNo"] == "291"
    assert line["content"] == EXAMPLES["AgentEvent_Ringing"]["content"]


def test_to_json_received_is_iso_8601_local_time_with_offset() -> None:
    assert example("AgentState_Ready").to_json()["received"] == "2026-11-23T09:30:15.123+08:00"
    local = parse_event({"eventType": "AgentState_Ready"}, datetime.now().astimezone())
    assert local is not None
    received = local.to_json()["received"]
    assert isinstance(received, str)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", received)
    assert datetime.fromisoformat(received).utcoffset() == local.received.utcoffset()
