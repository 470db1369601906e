"""Parsing CCSQM bodies: the seed documents' examples, odd types, and malformed shapes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agentbar.cec.errors import ProtocolError
from agentbar.cec.quality import parse_detail, parse_details

FIXTURES = Path(__file__).parent.parent / "fixtures"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text("utf-8"))
    return data


def test_seed_details_page_parses_every_call() -> None:
    page = parse_details(fixture("ccsqm_details_seed.json"), page=1, limit=10)
    assert page.total == 6
    assert len(page.calls) == 6
    first = page.calls[0]
    assert first.call_uuid == "3b9cd7a9-d38c-4aa0-a35d-77f6abb9f497"
    assert first.staff_id == "1600226440112042215"
    assert first.duration == pytest.approx(164.22)
    assert first.call_time == datetime.fromtimestamp(1622633782, UTC)
    assert not page.has_more


def test_seed_detail_has_a_transcript_with_roles_and_emotions() -> None:
    detail = parse_detail(fixture("ccsqm_detail_seed.json"), "appraisecall/detail")
    assert [s.text for s in detail.segments][:2] == ["请问是您想询价吗", "对"]
    assert [s.role for s in detail.segments] == ["customer", "agent", "customer", "agent"]
    assert detail.segments[0].end == pytest.approx(11.32)
    assert detail.left.speed == pytest.approx(324.068)
    assert detail.right.silence == pytest.approx(84.86)
    assert [(e.kind, e.score) for e in detail.right.emotions] == [
        ("negative", 32.0),
        ("positive", 69.0),
    ]
    assert detail.call.call_id == "17af55af-e51d-4cc0-8a62-84222e1d1eea"


def test_millisecond_times_and_string_numbers_are_understood() -> None:
    body = {
        "call_uuid": "u",
        "call_id": 1704164400,
        "call_time": 1704164400000,
        "duration": "185",
        "left_channel": "Agent",
        "right_channel": "Customer",
        "segments": [
            {"asr_text": "Hi", "speaker": "Agent", "start_time": 0, "end_time": 2300},
            {"asr_text": "Hello", "speaker": 1, "start_time": "2500", "end_time": 4000},
        ],
    }
    detail = parse_detail(body, "appraisecall/detail")
    assert detail.call.call_time == datetime(2024, 1, 2, 3, 0, tzinfo=UTC)
    assert detail.call.call_id == "1704164400"
    assert detail.segments[0].end == pytest.approx(2.3)
    assert detail.segments[1].role == "customer"
    assert detail.segments[1].start == pytest.approx(2.5)


def test_unknown_fields_and_missing_optional_ones_are_fine() -> None:
    detail = parse_detail({"call_uuid": "u", "brand_new": {"x": 1}}, "appraisecall/detail")
    assert detail.segments == ()
    assert detail.call.call_time is None
    page = parse_details({}, page=1, limit=10)
    assert page.calls == ()
    assert page.total == 0


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"calls": []}},
        {"data": [{"calls": "nope"}]},
        {"data": [["not", "an", "object"]]},
        {"data": [{"calls": [{"duration": "long"}]}]},
    ],
)
def test_malformed_details_become_protocol_errors(body: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError, match="unexpected shape"):
        parse_details(body, page=1, limit=10)


def test_malformed_segments_become_protocol_errors() -> None:
    with pytest.raises(ProtocolError):
        parse_detail({"segments": [{"start_time": {"x": 1}}]}, "appraisecall/detail")
