"""Parsing of OIFDE FAQ bodies and the documented limits of a new Q&A (no network)."""

from __future__ import annotations

from typing import Any

import pytest

from agentbar.cec import build_client
from agentbar.cec.errors import AuthError, ProtocolError, ServiceError
from agentbar.cec.faq import (
    FaqClient,
    NewFaq,
    parse_faq_result,
    parse_group_page,
    validate_new_faq,
)

MATCH = {
    "faqGroupId": 10000,
    "faqGroupName": "Insurance",
    "faqId": 10021,
    "question": "What is guardian life insurance?",
    "answers": ["Guardian life insurance is …", "second"],
    "prob": 0.93,
    "unknownField": {"ignored": True},
}


def test_plain_body_without_wrapper_is_parsed() -> None:
    result = parse_faq_result("q", {"answer": MATCH, "similarFaqs": [MATCH]}, "e")
    assert result.best is not None
    assert result.best.answer == "Guardian life insurance is …"
    assert result.best.answers == ("Guardian life insurance is …", "second")
    assert len(result.similar) == 1


@pytest.mark.parametrize("body", [{}, {"answer": None}, {"answer": None, "similarFaqs": None}])
def test_absent_or_null_answer_means_no_match(body: dict[str, Any]) -> None:
    result = parse_faq_result("q", body, "e")
    assert result.best is None
    assert result.similar == ()


def test_numbers_as_strings_are_accepted() -> None:
    raw = {**MATCH, "faqGroupId": "10000", "faqId": " 10021", "prob": "0.5"}
    result = parse_faq_result("q", {"answer": raw}, "e")
    assert result.best is not None
    assert (result.best.group_id, result.best.faq_id, result.best.prob) == (10000, 10021, 0.5)


def test_candidates_without_a_best_one_promote_the_first() -> None:
    second = {**MATCH, "faqId": 2}
    result = parse_faq_result("q", {"similarFaqs": [MATCH, second]}, "e")
    assert result.best is not None
    assert result.best.faq_id == 10021
    assert [m.faq_id for m in result.similar] == [2]


@pytest.mark.parametrize("code", [0, "0"])
def test_success_code_as_number_or_string(code: object) -> None:
    assert parse_faq_result("q", {"errorCode": code, "answer": MATCH}, "e").matched


@pytest.mark.parametrize(
    "body",
    [
        {"answer": "text"},
        {"answer": MATCH, "similarFaqs": {"a": 1}},
        {"answer": {**MATCH, "prob": "high"}},
        {"answer": {**MATCH, "answers": 5}},
        {"errorCode": [1]},
    ],
)
def test_malformed_bodies_are_protocol_errors(body: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        parse_faq_result("q", body, "faq/testOneGroup")


def test_error_code_becomes_service_error_with_server_text() -> None:
    with pytest.raises(ServiceError) as caught:
        parse_faq_result("q", {"errorCode": "4001", "errorMsg": "group disabled"}, "x")
    assert caught.value.code == "4001"
    assert caught.value.server_text == "group disabled"
    assert not isinstance(caught.value, AuthError)


def test_error_text_about_the_token_becomes_auth_error() -> None:
    with pytest.raises(AuthError):
        parse_faq_result("q", {"errorCode": 7, "errorMsg": "authToken expired"}, "x")


def test_group_page_tolerates_missing_optional_fields() -> None:
    page = parse_group_page({"data": [{"id": "7", "name": "G", "on": "false"}]}, "e")
    assert page.total == 1
    group = page.groups[0]
    assert (group.group_id, group.name, group.enabled, group.amount) == (7, "G", False, 0)


def test_group_without_id_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        parse_group_page({"data": [{"name": "G"}], "totalSize": 1}, "e")


def test_valid_new_faq_has_no_problems() -> None:
    faq = NewFaq(1, "Q?", "A.", ("q2",), ("a2",), ("k",))
    assert validate_new_faq(faq) == []


@pytest.mark.parametrize(
    ("faq", "fragment"),
    [
        (NewFaq(1, " ", "A."), "question is empty"),
        (NewFaq(1, "Q" * 8193, "A."), "question is longer than 8192"),
        (NewFaq(1, "Q", "A" * 8193), "answer is longer than 8192"),
        (NewFaq(1, "Q", "A", similar_questions=("s",) * 101), "more than 100 similar questions"),
        (NewFaq(1, "Q", "A", keywords=("k",) * 21), "more than 20 keywords"),
        (NewFaq(1, "Q", "A", keywords=("a|b",)), 'must not contain "|"'),
        (NewFaq(-1, "Q", "A"), "Choose a FAQ group"),
    ],
)
def test_documented_limits_are_enforced(faq: NewFaq, fragment: str) -> None:
    assert any(fragment in p for p in validate_new_faq(faq))


def test_limits_at_the_boundary_are_accepted() -> None:
    faq = NewFaq(1, "Q" * 8192, "A" * 8192, ("s",) * 100, ("a",) * 100, ("k",) * 20)
    assert validate_new_faq(faq) == []


async def test_repr_shows_no_secret() -> None:
    http = build_client()
    try:
        client = FaqClient(http, "http://127.0.0.1:1", "00030010", "s3cr3t-value")
        assert "s3cr3t" not in repr(client)
        assert client.api_url == "http://127.0.0.1:1/oifde/rest/api"
    finally:
        await http.aclose()
