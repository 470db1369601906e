"""Parsing of work-order answers, the case type tree, validation details, back-off and drafts."""

from __future__ import annotations

import random
import time
from datetime import datetime
from typing import Any

import pytest

from agentbar.app.backoff import Backoff
from agentbar.app.work_order.case_draft import CallContext, CaseDraft, prefill_from_call
from agentbar.app.work_order.outbox_store import case_from_json, case_to_json
from agentbar.cec.case_validation import CaseFields, byte_length, is_due_date, validate_case_fields
from agentbar.cec.cases import (
    Attachment,
    CaseType,
    NewCase,
    build_type_tree,
    parse_case_page,
    parse_case_type_page,
    unwrap_envelope,
)
from agentbar.cec.errors import AuthError, InvalidRequestError, ProtocolError, ServiceError

# The case/list example of https://support.huaweicloud.com/api-ccfs-cec/cec_07_0267.html , trimmed.
CASE_LIST_EXAMPLE: dict[str, Any] = {
    "resCode": "0",
    "resMsg": "成功",
    "result": [
        {
            "caseList": [
                {
                    "id": "c6m80000013ByxfHLVxo",
                    "caseNo": "20240708000123",
                    "title": "Refund request",
                    "type": "cvmC00000149NzxF1ePA",
                    "typeName": "Complaint",
                    "state": "Processing",
                    "status": "y",
                    "priority": "Medium",
                    "origin": "Voice",
                    "creatorId": "10gg000000sLj1ytR70C",
                    "contactId": "ciIy0000013y7cC8T2rA",
                    "createdDate": "2024-07-08 10:00:00",
                    "isCanced": False,
                    "extternalNo": "ab123",
                    "somethingNew": {"ignored": True},
                }
            ],
            "count": "284",
        }
    ],
}


def test_documented_case_list_example_is_read() -> None:
    page = parse_case_page(unwrap_envelope(CASE_LIST_EXAMPLE, "case/list"), "case/list")
    assert page.count == 284
    [case] = page.cases
    assert (case.case_id, case.case_no, case.external_no) == (
        "c6m80000013ByxfHLVxo",
        "20240708000123",
        "ab123",
    )
    assert case.type_name == "Complaint"


@pytest.mark.parametrize(
    "body",
    [
        {"resCode": "0", "resMsg": "成功", "result": {"caseId": "c1"}},
        {"resCode": 0, "result": {"caseId": "c1"}},
        {"resCode": "0", "result": [{"caseId": "c1"}]},
        {"caseId": "c1"},
        {"resCode": "0", "caseId": "c1"},
    ],
)
def test_envelope_variants_give_the_same_payload(body: dict[str, Any]) -> None:
    assert unwrap_envelope(body, "case")["caseId"] == "c1"


def test_empty_list_result_is_an_empty_payload() -> None:
    assert unwrap_envelope({"resCode": "0", "result": []}, "case/list") == {}


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"resCode": "400", "resMsg": "caseInfo.title: too long"}, 400, InvalidRequestError),
        ({"resCode": "1", "resMsg": "refused"}, 200, InvalidRequestError),
        ({"resCode": "401", "resMsg": "token expired"}, 401, AuthError),
        ({"resCode": "500", "resMsg": "busy"}, 503, ServiceError),
        ({"resCode": True}, 200, ProtocolError),
        ({"resCode": "0", "result": "text"}, 200, ProtocolError),
        ({"resCode": "0", "result": ["text"]}, 200, ProtocolError),
        ({}, 404, InvalidRequestError),
    ],
)
def test_refusals_and_bad_shapes_become_cec_errors(
    body: dict[str, Any], status: int, error: type[Exception]
) -> None:
    with pytest.raises(error):
        unwrap_envelope(body, "case", status)


def test_server_refusal_names_the_field() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        unwrap_envelope({"resCode": "400", "resMsg": "caseInfo.dueDate: bad format"}, "case", 400)
    assert caught.value.field == "dueDate"
    assert caught.value.server_text == "caseInfo.dueDate: bad format"


def test_a_5xx_refusal_is_not_invalid() -> None:
    with pytest.raises(ServiceError) as caught:
        unwrap_envelope({"resCode": "9", "resMsg": "db down"}, "case", 500)
    assert not isinstance(caught.value, InvalidRequestError)


def test_case_type_page_accepts_both_template_spellings_and_string_counts() -> None:
    page = parse_case_type_page(
        {
            "caseTypes": [
                {"id": "a", "typeName": "A", "templateId": "t1", "parentId": None},
                {"id": "b", "typeName": "B", "tempalteId": "t2", "parentId": "a"},
            ],
            "count": "2",
        },
        "caseType/list",
    )
    assert [t.template_id for t in page.types] == ["t1", "t2"]
    assert page.count == 2
    assert page.types[1].parent_id == "a"


@pytest.mark.parametrize(
    "body",
    [
        {"caseTypes": "x"},
        {"caseTypes": [{"typeName": "no id"}]},
        {"caseTypes": ["x"]},
        {"caseTypes": [], "count": "many"},
    ],
)
def test_bad_case_type_pages_are_protocol_errors(body: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        parse_case_type_page(body, "caseType/list")


def test_type_tree_follows_parent_ids_and_survives_orphans_and_cycles() -> None:
    types = [
        CaseType("root", "Root"),
        CaseType("child", "Child", parent_id="root"),
        CaseType("grandchild", "Grandchild", parent_id="child"),
        CaseType("orphan", "Orphan", parent_id="gone"),
        CaseType("x", "X", parent_id="y"),
        CaseType("y", "Y", parent_id="x"),
        CaseType("self", "Self", parent_id="self"),
    ]
    roots = build_type_tree(types)
    names = [n.case_type.name for n in roots]
    assert names[:2] == ["Root", "Orphan"]
    assert "Self" in names
    assert roots[0].children[0].children[0].case_type.name == "Grandchild"

    def count(nodes: list[Any]) -> int:
        return sum(1 + count(n.children) for n in nodes)

    assert count(roots) == len(types)  # every type once, the cycle broken


def test_lengths_are_counted_in_utf8_bytes() -> None:
    assert byte_length("工单") == 6
    fields = CaseFields(
        title="工" * 42, description="d", type_id="t", contact_id="c", creator_id="u"
    )
    assert validate_case_fields(fields) == []
    fields = CaseFields(
        title="工" * 43, description="d", type_id="t", contact_id="c", creator_id="u"
    )
    assert [p.field for p in validate_case_fields(fields)] == ["title"]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2024-07-08 00:00:00", True),
        ("2024-02-29 23:59:59", True),
        ("2023-02-29 10:00:00", False),
        ("2024-07-08T00:00:00", False),
        ("2024-7-8 0:00:00", False),
        ("2024-07-08 24:00:00", False),
        ("", False),
    ],
)
def test_due_date_format(text: str, ok: bool) -> None:
    assert is_due_date(text) is ok


def test_validation_messages_are_literal_sentences() -> None:
    fields = CaseFields(
        title="", description="", type_id="", contact_id="", creator_id="", priority="x"
    )
    problems = validate_case_fields(fields)
    assert {p.field for p in problems} >= {"title", "description", "type", "contactId"}
    assert all(p.message.endswith(".") and "{" not in p.message for p in problems)
    priority = next(p for p in problems if p.field == "priority")
    assert priority.detail == "x"
    assert str(priority).endswith("(x)")


def test_queued_case_round_trips_through_json() -> None:
    case = NewCase(
        title="t",
        description="d",
        type_id="ty",
        contact_id="c",
        creator_id="u",
        auto_assign=False,
        owner_id="o",
        extra={"n": 1, "f": True},
        reference="ab1",
        attachments=(Attachment("a.png", b"123"),),
    )
    back = case_from_json(case_to_json(case), case.attachments)
    assert back == case
    assert "123" not in case_to_json(case)  # attachment bytes live in their own table


def test_attachment_bytes_stay_out_of_repr() -> None:
    assert "secret-bytes" not in repr(Attachment("a.pdf", b"secret-bytes"))


def test_backoff_grows_to_its_bound_with_jitter() -> None:
    backoff = Backoff(first=1.0, longest=60.0, jitter=0.2)
    rng = random.Random(1)
    delays = [backoff.delay(n, rng) for n in range(1, 12)]
    assert 0.8 <= delays[0] <= 1.2
    assert 1.6 <= delays[1] <= 2.4
    assert all(d <= 60.0 for d in delays)
    assert delays[-1] >= 48.0
    assert len({round(backoff.delay(3, rng), 6) for _ in range(5)}) > 1  # spread, not lockstep
    assert backoff.delay(10_000) <= 60.0


def test_call_prefill_sets_phone_note_and_voice_once() -> None:
    call = CallContext(
        caller="13800000000", call_id="c-77", started_at=datetime(2026, 1, 2, 3, 4, 5)
    )
    draft = prefill_from_call(CaseDraft(title="typed"), call)
    assert draft.title == "typed"
    assert draft.contact_phone == "13800000000"
    assert draft.origin == "Voice"
    assert "c-77" in draft.description
    assert "2026-01-02 03:04:05" in draft.description
    again = prefill_from_call(draft, call)
    assert again.description.count("c-77") == 1
    email = prefill_from_call(CaseDraft(origin="Email"), call)
    assert email.origin == "Email"


def test_call_context_start_time_comes_from_the_monotonic_since() -> None:
    class Call:
        call_id = "c"
        caller = "1"
        called = "2"
        since = time.monotonic() - 120

    context = CallContext.from_call_state(Call())
    assert abs((datetime.now() - context.started_at).total_seconds() - 120) < 3


def test_draft_from_dict_tolerates_old_and_odd_values() -> None:
    draft = CaseDraft.from_dict(
        {"title": "t", "attachments": ["/a.png", 3], "auto_assign": "yes", "unknown": 1}
    )
    assert draft.title == "t"
    assert draft.attachments == ("/a.png",)
    assert draft.auto_assign is True
    assert CaseDraft.from_dict(draft.to_dict()) == draft
