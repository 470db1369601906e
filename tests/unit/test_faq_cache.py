"""The local FAQ cache (SQLite FTS5): what it stores, how it searches, that it persists."""

from __future__ import annotations

from pathlib import Path

from agentbar.app.faq.faq_cache import FaqCache, cache_terms, default_cache_path
from agentbar.app.faq.faq_service import oifde_language
from agentbar.cec.faq import FaqGroup, FaqMatch, FaqResult


def match(faq_id: int, question: str, answer: str, group_id: int = 10001) -> FaqMatch:
    return FaqMatch(faq_id, question, (answer,), group_id, f"group {group_id}", 0.9)


CLAIM = match(1, "How do I make a claim?", "Report it within 10 days.")
CARD = match(2, "I lost my bank card, what should I do?", "Freeze it in the app.", 10005)
SIM_CARD = match(3, "How do I replace a lost SIM card?", "Visit a store.", 10003)
LIFE = match(4, "什么是寿险?", "人寿保险是人身保险的一种。", 10000)


def result(sentence: str, best: FaqMatch, *similar: FaqMatch) -> FaqResult:
    return FaqResult(sentence, best, similar)


def test_terms_are_chinese_bigrams_and_english_words_without_stop_words() -> None:
    assert cache_terms("寿险 How do I claim") == ["寿", "险", "寿险", "claim"]


async def test_stored_answer_is_found_by_a_similar_sentence(tmp_path: Path) -> None:
    cache = FaqCache(tmp_path / "c.sqlite3")
    await cache.store_result(result("how to make a claim", CLAIM, CARD))
    found = await cache.search("make a claim")
    assert found is not None
    assert found.best == FaqMatch(1, CLAIM.question, CLAIM.answers, 10001, "group 10001", 1.0)
    await cache.close()


async def test_the_typed_sentence_also_leads_to_the_answer(tmp_path: Path) -> None:
    cache = FaqCache(tmp_path / "c.sqlite3")
    await cache.store_result(result("reimbursement paperwork", CLAIM))
    found = await cache.search("reimbursement paperwork")
    assert found is not None
    assert found.best is not None
    assert found.best.faq_id == 1
    await cache.close()


async def test_two_character_chinese_word_finds_the_answer(tmp_path: Path) -> None:
    cache = FaqCache(tmp_path / "c.sqlite3")
    await cache.store_result(result("什么是守护人寿险", LIFE))
    found = await cache.search("寿险")
    assert found is not None
    assert found.best is not None
    assert found.best.answer == "人寿保险是人身保险的一种。"
    await cache.close()


async def test_group_filter_restricts_cached_answers(tmp_path: Path) -> None:
    cache = FaqCache(tmp_path / "c.sqlite3")
    await cache.store_result(result("lost card", CARD, SIM_CARD))
    anywhere = await cache.search("lost card")
    in_telecom = await cache.search("lost card", 10003)
    assert anywhere is not None
    assert anywhere.best is not None
    assert anywhere.best.faq_id == 2
    assert in_telecom is not None
    assert in_telecom.best is not None
    assert in_telecom.best.faq_id == 3
    assert await cache.search("lost card", 10001) is None
    await cache.close()


async def test_unrelated_sentence_finds_nothing(tmp_path: Path) -> None:
    cache = FaqCache(tmp_path / "c.sqlite3")
    await cache.store_result(result("claim", CLAIM))
    assert await cache.search("pizza recipe") is None
    assert await cache.search("   ") is None
    await cache.close()


async def test_no_match_results_are_not_stored(tmp_path: Path) -> None:
    cache = FaqCache(tmp_path / "c.sqlite3")
    await cache.store_result(FaqResult("make a claim", None))
    assert await cache.search("make a claim") is None
    await cache.close()


async def test_cache_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "c.sqlite3"
    first = FaqCache(path)
    await first.store_result(result("claim", CLAIM))
    await first.store_groups([FaqGroup(10001, "Insurance", language="en_US", amount=30)])
    await first.close()
    second = FaqCache(path)
    assert await second.search("make a claim") is not None
    assert await second.groups() == [FaqGroup(10001, "Insurance", language="en_US", amount=30)]
    await second.close()


async def test_storing_the_same_answer_twice_keeps_one_entry(tmp_path: Path) -> None:
    cache = FaqCache(tmp_path / "c.sqlite3")
    await cache.store_result(result("claim", CLAIM))
    await cache.store_result(result("claim", CLAIM))
    found = await cache.search("claim")
    assert found is not None
    assert found.similar == ()
    await cache.close()


async def test_groups_are_replaced_not_appended(tmp_path: Path) -> None:
    cache = FaqCache(tmp_path / "c.sqlite3")
    await cache.store_groups([FaqGroup(1, "A"), FaqGroup(2, "B", enabled=False)])
    await cache.store_groups([FaqGroup(3, "C")])
    assert [g.name for g in await cache.groups()] == ["C"]
    await cache.close()


def test_default_path_is_in_the_user_data_dir() -> None:
    path = default_cache_path()
    assert path.name == "faq-cache.sqlite3"
    assert "agentbar" in str(path.parent)


def test_language_is_configured_or_guessed_from_the_text() -> None:
    assert oifde_language("zh_CN", "lost card") == "zh_CN"
    assert oifde_language("zh", "lost card") == "zh_CN"
    assert oifde_language("", "信用卡") == "zh_CN"
    assert oifde_language("", "credit card") == "en_US"
