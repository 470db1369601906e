"""The simulator's FAQ matcher: BM25 over Chinese character n-grams and English word stems.

Each Q&A entry is indexed by its standard question, its similar questions and its keywords. A
sentence is ranked against every statement with BM25; an entry scores as its best statement.
``prob`` is a 0..1 overlap measure (how much of the sentence and of the statement the shared
terms cover, weighted by idf), so a caller can apply a threshold; BM25 only orders the candidates.
The entry's other statements corroborate: when they too use the sentence's words, the entry is
about them (not about something a single phrasing happens to share), and ``prob`` moves part of
the way to 1. Deterministic: the same data and sentence always give the same ranking.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# Below this the sentence is treated as "no match" (chosen by hand on the shipped data set).
MATCH_THRESHOLD = 0.25
SIMILAR_THRESHOLD = 0.12
SIMILAR_LIMIT = 4

_K1 = 1.2
_B = 0.75
# How far the entry's other statements can move ``prob`` towards 1 (all of them sharing every
# term of the sentence). Chosen by hand on the shipped data set (tests/unit/test_faq_match.py).
_CORROBORATION = 0.5

_STOP_TEXT = (
    "a an the is are was were be been am i me my we our you your it its this that these those "
    "of to in on at for from by with and or but if do does did can could would should will "
    "how what when where which who why there here please tell about have has had not no so "
    "any some get "
    # Requests and pleasantries that wrap the question ("hi, I would like to ..., thanks").
    "hi hello thank thanks help want wanted need like just kindly also "
    # What is left of an English contraction once the apostrophe splits it (I'm, don't, I'd).
    "s t m d ll ve re"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_ZH_STOP_CHARS = frozenset("的了吗呢吧啊呀么是我你他她它们这那个有在和与及请问")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RE = re.compile(rf"[{_CJK}]")


def terms(text: str) -> list[str]:
    """Index terms: Chinese unigrams and bigrams, English word stems (lowercased)."""
    found: list[str] = []
    for run in _TOKEN_RE.findall(text.lower()):
        if _CJK_RE.match(run):
            found.extend(ch for ch in run if ch not in _ZH_STOP_CHARS)
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
        elif run not in _STOP_WORDS:
            found.append(stem(run))
    return found


# (suffix, replacement, shortest stem left): the first that fits is taken.
_SUFFIXES = (
    ("ies", "y", 3),
    ("ied", "y", 3),
    ("ing", "", 4),
    ("ed", "", 4),
    ("es", "", 4),
    ("s", "", 3),
    ("e", "", 4),
)


def stem(word: str) -> str:
    """A crude English stem, so that the forms of one word meet: cancel, cancels, cancelled and
    cancelling give "cancel"; charge, charges and charged give "charg". Not a real stemmer: it
    only has to send a sentence's words and the data set's to the same term."""
    if word.endswith("ss") or word.isdigit():
        return word
    for suffix, replacement, shortest in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)] + replacement
            break
    # A doubled last consonant (cancell-ed, bill-ing, call) is one: call and calling meet.
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousy":
        word = word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked entry: its key (the caller's id), the BM25 score and the 0..1 prob."""

    key: int
    score: float
    prob: float


@dataclass(slots=True)
class _Statement:
    key: int
    counts: Counter[str]
    length: int


class FaqMatcher:
    """An inverted index over statements; ``rank`` returns entries best first."""

    def __init__(self) -> None:
        self._statements: list[_Statement] = []
        self._by_key: dict[int, list[int]] = defaultdict(list)
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._total_length = 0
        # Indexed on the next rank(): the shipped data set is added when the simulator starts
        # (--demo shows its window first), and tokenizing it all took ~15 ms of that start.
        self._pending: list[tuple[int, list[str]]] = []

    def add(self, key: int, statements: Iterable[str]) -> None:
        """Index ``statements`` (question, similar questions, keywords) under entry ``key``."""
        self._pending.append((key, list(statements)))

    def _index_pending(self) -> None:
        pending, self._pending = self._pending, []
        for key, statements in pending:
            for text in statements:
                counts = Counter(terms(text))
                if not counts:
                    continue
                index = len(self._statements)
                length = sum(counts.values())
                self._statements.append(_Statement(key, counts, length))
                self._by_key[key].append(index)
                self._total_length += length
                for term in counts:
                    self._postings[term].append(index)

    def _idf(self, term: str) -> float:
        n = len(self._statements)
        df = len(self._postings.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def rank(self, sentence: str, keys: set[int] | None = None) -> list[Hit]:
        """Entries matching ``sentence`` (restricted to ``keys`` when given), best first."""
        self._index_pending()
        query = Counter(terms(sentence))
        if not query or not self._statements:
            return []
        avg_length = self._total_length / len(self._statements)
        idf = {term: self._idf(term) for term in query}
        query_weight = sum(idf[t] * c for t, c in query.items())
        scores: dict[int, float] = defaultdict(float)
        for term in query:
            for index in self._postings.get(term, ()):
                statement = self._statements[index]
                if keys is not None and statement.key not in keys:
                    continue
                tf = statement.counts[term]
                norm = tf + _K1 * (1 - _B + _B * statement.length / avg_length)
                scores[index] += idf[term] * tf * (_K1 + 1) / norm
        best: dict[int, tuple[float, float, int]] = {}
        for index, score in scores.items():
            statement = self._statements[index]
            candidate = (self._overlap(query, idf, query_weight, statement), score, index)
            current = best.get(statement.key)
            if current is None or candidate[:2] > current[:2]:
                best[statement.key] = candidate
        hits: list[Hit] = []
        for key, (overlap, score, index) in best.items():
            support = self._corroboration(query, idf, key, index)
            prob = round(overlap + _CORROBORATION * (1 - overlap) * support, 4)
            hits.append(Hit(key, score, prob))
        return sorted(hits, key=lambda h: (-h.prob, -h.score, h.key))

    def _corroboration(
        self, query: Counter[str], idf: dict[str, float], key: int, best: int
    ) -> float:
        """0..1: how much of the sentence's terms (by idf) the entry's other statements use."""
        others = [self._statements[i] for i in self._by_key[key] if i != best]
        weight = sum(idf[t] for t in query)
        if not others or weight <= 0:
            return 0.0
        used = sum(idf[t] for t in query if any(t in o.counts for o in others))
        return used / weight

    def _overlap(
        self,
        query: Counter[str],
        idf: dict[str, float],
        query_weight: float,
        statement: _Statement,
    ) -> float:
        shared = sum(idf[t] * min(c, statement.counts[t]) for t, c in query.items())
        doc_weight = sum(self._idf(t) * c for t, c in statement.counts.items())
        if query_weight <= 0 or doc_weight <= 0:
            return 0.0
        shared_doc = sum(self._idf(t) * min(c, query[t]) for t, c in statement.counts.items())
        return round(math.sqrt((shared / query_weight) * (shared_doc / doc_weight)), 4)
