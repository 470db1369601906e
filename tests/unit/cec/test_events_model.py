"""The typed event model: every documented event type reads and describes."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from agentbar.cec.event_content import (
    CallInfo,
    CallRef,
    Conference,
    ConferenceRinging,
    CustomerRelease,
    InspectorNotice,
    LinkagePhoneCallOut,
    LinkagePhoneHold,
    LinkagePhoneStatus,
    OutboundDetect,
    PhoneOffhook,
    PhoneRelease,
    RecordDone,
    RecordInfo,
    ShutdownInfo,
    StateReason,
)
from agentbar.cec.events import (
    EVENT_TYPES,
    FALLBACK_TEMPLATES,
    UNKNOWN_EVENT_TEMPLATE,
    AgentEvent,
    EventCategory,
    description_templates,
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


# -- typed content of every documented shape ----------------------------------------------------

# eventType → the view its documented content must parse into. Types documented with
# null or unknown content are listed in NO_CONTENT_MODEL instead; together they cover ALL_TYPES.
CONTENT_MODEL_OF: dict[str, type] = {
    "AgentState_SetNotReady_Success": StateReason,
    "AgentState_SetRest_Success": StateReason,
    "AgentEvent_Ringing": CallInfo,
    "AgentEvent_Auto_Answer": CallInfo,
    "AgentEvent_Talking": CallInfo,
    "AgentEvent_Customer_Alerting": CallInfo,
    "AgentEvent_Incoming_CallInfo": CallInfo,
    "AgentEvent_Hold": CallRef,
    "AgentEvent_Call_Out_Fail": CallRef,
    "AgentEvent_Inside_Call_Fail": CallRef,
    "AgentEvent_No_Answer": CallRef,
    "AgentEvent_Call_Release": CallRef,
    "AgentEvent_Connect_Fail": CallRef,
    "AgentEvent_Conference": Conference,
    "AgentEvent_Customer_Release": CustomerRelease,
    "OUTBOUND_DETECT_EVENT": OutboundDetect,
    "AgentOther_PhoneOffhook": PhoneOffhook,
    "AgentOther_PhoneRelease": PhoneRelease,
    "AgentMediaEvent_Record": RecordInfo,
    "AgentMediaEvent_Record_Fail": RecordInfo,
    "AgentMediaEvent_StopRecordDone": RecordDone,
    "AgentOther_ShutdownService": ShutdownInfo,
    "QC_AgentState_Notify": InspectorNotice,
    "AgentEvent_linkagePhoneStatus": LinkagePhoneStatus,
    "AgentEvent_linkagePhoneHold": LinkagePhoneHold,
    "AgentEvent_linkagePhoneCallOut": LinkagePhoneCallOut,
    "AgentConf_Ringing": ConferenceRinging,
}
NO_CONTENT_MODEL = sorted(set(ALL_TYPES) - set(CONTENT_MODEL_OF))


def test_every_documented_type_is_either_typed_or_documented_without_content() -> None:
    assert set(CONTENT_MODEL_OF) <= set(ALL_TYPES)
    for event_type in NO_CONTENT_MODEL:
        # null in the documents, or "content unknown" (Consult_Fail, All_Agent_Busy, chat events)
        assert EXAMPLES[event_type]["content"] is None, event_type


@pytest.mark.parametrize("event_type", sorted(CONTENT_MODEL_OF))
def test_documented_content_parses_into_its_typed_view(event_type: str) -> None:
    details = example(event_type).details
    assert isinstance(details, CONTENT_MODEL_OF[event_type])


@pytest.mark.parametrize("event_type", NO_CONTENT_MODEL)
def test_types_without_documented_content_have_no_view(event_type: str) -> None:
    assert example(event_type).details is None
    assert event(event_type, {"callid": "1-1"}).details is None


@pytest.mark.parametrize("event_type", sorted(CONTENT_MODEL_OF))
def test_a_content_of_the_wrong_kind_has_no_view(event_type: str) -> None:
    assert event(event_type, None).details is None
    assert event(event_type, ["1455885056-1095"]).details is None
    assert event(event_type, 12).details is None


def test_documented_values_of_the_newly_typed_contents() -> None:
    assert example("AgentState_SetNotReady_Success").details == StateReason(200, "200")
    assert example("AgentEvent_Hold").details == CallRef("1455885056-1095")
    conference = example("AgentEvent_Conference").details
    assert conference == Conference("1455885056-1095", ("13800000000", "13900000000"))
    assert example("OUTBOUND_DETECT_EVENT").details == OutboundDetect(
        "1455885056-1095", "1", "answering machine"
    )
    assert example("AgentOther_PhoneOffhook").details == PhoneOffhook("main")
    release = example("AgentOther_PhoneRelease").details
    assert isinstance(release, PhoneRelease)
    assert release.phone_state == 3
    assert release.by_platform is True
    assert PhoneRelease.parse({"phoneState": 2}) == PhoneRelease(2)
    assert PhoneRelease(2).by_platform is False
    assert PhoneRelease(None).by_platform is None
    shutdown = example("AgentOther_ShutdownService").details
    assert isinstance(shutdown, ShutdownInfo)
    assert shutdown.login_time is not None
    assert int(shutdown.login_time.timestamp() * 1000) == 1471585949806
    notice = example("QC_AgentState_Notify").details
    assert notice == InspectorNotice("QC_AgentState_Login", "291", "Li Na", "")
    assert isinstance(notice, InspectorNotice)
    assert notice.signed_in is True
    status = example("AgentEvent_linkagePhoneStatus").details
    assert status == LinkagePhoneStatus(2)
    assert isinstance(status, LinkagePhoneStatus)
    assert status.label == "talking"
    assert LinkagePhoneStatus(9).label == "state 9"
    assert example("AgentEvent_linkagePhoneHold").details == LinkagePhoneHold("1475051437-34")
    assert example("AgentEvent_linkagePhoneCallOut").details == LinkagePhoneCallOut(
        call_id="1475051437-34",
        called="70002",
        called_type=6,
        caller="70001",
        caller_type=6,
        skill_id=0,
    )
    assert example("AgentConf_Ringing").details == ConferenceRinging("1")
    # Any multimedia-conference event carries the conference ID.
    assert event("AgentConf_Connected", {"confId": 7}).details == ConferenceRinging("7")


def test_customer_alerting_reads_the_other_party() -> None:
    call = example("AgentEvent_Customer_Alerting").call
    assert call is not None
    assert call.caller == "13800000000"
    assert call.other_work_no == ""
    by_agent = event(
        "AgentEvent_Customer_Alerting", {"callid": "1-1", "otherPhoneWorkno": "102", "type": "main"}
    )
    assert by_agent.call is not None
    assert by_agent.call.other_work_no == "102"
    assert by_agent.description == "Ringing at 102"


def test_incoming_call_info_reads_the_requeue_fields() -> None:
    call = example("AgentEvent_Incoming_CallInfo").call
    assert call is not None
    assert call.last_release_agent_id == ""
    assert call.requeue_count == 0


def _absent_value(annotation: str) -> object:
    if annotation == "str":
        return ""
    if annotation == "bool":
        return False
    if annotation.startswith("tuple"):
        return ()
    assert annotation.endswith("| None"), annotation
    return None


@pytest.mark.parametrize(
    "model",
    sorted(
        {m for m in CONTENT_MODEL_OF.values() if m not in (CallRef, LinkagePhoneStatus)},
        key=str,
    ),
)
def test_absent_fields_are_empty_text_or_none_never_anything_else(model: type) -> None:
    # The one rule for every view: text "" when absent; numbers, flags and times None.
    parsed = model.parse({})  # type: ignore[attr-defined]
    assert parsed is not None
    for item in dataclasses.fields(model):
        assert getattr(parsed, item.name) == _absent_value(str(item.type)), item.name


# -- descriptions without the values their templates name ---------------------------------------


@pytest.mark.parametrize("event_type", ALL_TYPES)
@pytest.mark.parametrize("content", [None, {}, "", {"callid": ""}])
def test_descriptions_never_show_a_hole_when_the_content_lacks_values(
    event_type: str, content: object
) -> None:
    text = event(event_type, content).description
    assert text
    assert "?" not in text
    assert "()" not in text
    assert not text.endswith((":", " ", ","))
    assert "  " not in text


@pytest.mark.parametrize(
    ("event_type", "content", "expected"),
    [
        ("AgentEvent_Ringing", None, "Call ringing"),
        ("AgentEvent_Ringing", {"callid": "1-1"}, "Call ringing"),
        ("AgentEvent_Talking", {"caller": ""}, "Talking"),
        ("AgentState_SetNotReady_Success", None, "Busy"),
        ("AgentEvent_Incoming_CallInfo", {"caller": "138"}, "Incoming call from 138"),
        ("AgentEvent_Incoming_CallInfo", {"skillName": "Voice"}, "Incoming call (Voice)"),
        ("AgentEvent_Incoming_CallInfo", None, "Incoming call"),
        ("QC_AgentState_Notify", {"subtype": "QC_Logout"}, "Inspector notice: QC_Logout"),
        ("AgentEvent_linkagePhoneStatus", {"result": "x"}, "Linked phone state changed"),
        ("AgentEvent_Customer_Release", "1-1", "Customer hung up"),
    ],
)  # fmt: skip
def test_partial_contents_get_the_fullest_fitting_description(
    event_type: str, content: object, expected: str
) -> None:
    parsed = event(event_type, content)
    assert parsed.description == expected
    # What the UI does: translate the template, then fill it with the args.
    assert parsed.description_template.format(**parsed.description_args) == expected


def test_the_translation_catalogue_lists_every_template_and_fallback() -> None:
    templates = description_templates()
    for _category, template in EVENT_TYPES.values():
        assert template in templates
    for event_type, fallbacks in FALLBACK_TEMPLATES.items():
        full = set(re.findall(r"{(\w+)}", EVENT_TYPES[event_type][1]))
        for template in fallbacks:
            assert template in templates
            # A fallback names fewer of the same values than the full template, never others.
            assert set(re.findall(r"{(\w+)}", template)) < full, template
    assert UNKNOWN_EVENT_TEMPLATE in templates
