"""The simulator's FAQ matcher: terms, ranking, prob and the shipped data set."""

from __future__ import annotations

import json
from importlib import resources

from agentbar.sim.faq import MATCH_THRESHOLD, load_state
from agentbar.sim.faq_match import FaqMatcher, terms


def test_chinese_gives_unigrams_and_bigrams_english_gives_words() -> None:
    assert terms("寿险") == ["寿", "险", "寿险"]
    assert terms("What are the Claims?") == ["claim"]


def test_ranking_prefers_the_closest_statement_and_is_deterministic() -> None:
    matcher = FaqMatcher()
    matcher.add(1, ["How do I reset my password?"])
    matcher.add(2, ["How do I change my address?"])
    first = matcher.rank("reset password")
    assert [h.key for h in first] == [1]
    assert first == matcher.rank("reset password")
    assert 0 < first[0].prob <= 1


def test_identical_sentence_scores_prob_one() -> None:
    matcher = FaqMatcher()
    matcher.add(1, ["银行卡丢了怎么办"])
    assert matcher.rank("银行卡丢了怎么办")[0].prob == 1.0


def test_statements_added_after_a_query_are_found_by_the_next_one() -> None:
    # Adding only queues the statements (the index is built on the next rank).
    matcher = FaqMatcher()
    matcher.add(1, ["How do I reset my password?"])
    assert [h.key for h in matcher.rank("change address")] == []
    matcher.add(2, ["How do I change my address?"])
    assert [h.key for h in matcher.rank("change address")] == [2]
    assert [h.key for h in matcher.rank("reset password")] == [1]


def test_rank_can_be_restricted_to_keys() -> None:
    matcher = FaqMatcher()
    matcher.add(1, ["lost card"])
    matcher.add(2, ["lost SIM card"])
    assert [h.key for h in matcher.rank("lost card", {2})] == [2]


def test_shipped_data_set_is_bilingual_and_large_enough() -> None:
    raw = json.loads(resources.files("agentbar.sim").joinpath("data/faq.json").read_text("utf-8"))
    languages = {g["id"]: g["language"] for g in raw["groups"]}
    zh = [f for f in raw["faqs"] if languages[f["faqGroupId"]] == "zh_CN"]
    en = [f for f in raw["faqs"] if languages[f["faqGroupId"]] == "en_US"]
    assert len(zh) >= 100
    assert len(en) >= 100
    assert len({f["id"] for f in raw["faqs"]}) == len(raw["faqs"])
    assert all(f["simQuestions"] and f["keywords"] and f["answer"] for f in raw["faqs"])


def test_every_shipped_question_finds_itself() -> None:
    state = load_state()
    for entry in state.entries.values():
        hits = state.matcher.rank(entry.question, {entry.faq_id})
        assert hits, entry.question
        assert hits[0].prob >= MATCH_THRESHOLD
