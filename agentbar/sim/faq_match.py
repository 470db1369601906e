"""The simulator's FAQ matcher: BM25 over Chinese character n-grams and English words.

Each Q&A entry is indexed by its standard question, its similar questions and its keywords. A
sentence is ranked against every statement with BM25; an entry scores as its best statement.
``prob`` is a 0..1 overlap measure (how much of the sentence and of the statement the shared
terms cover, weighted by idf), so a caller can apply a threshold; BM25 only orders the candidates.
Deterministic: the same data and sentence always give the same ranking.
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

_STOP_TEXT = (
    "a an the is are was were be been am i me my we our you your it its this that these those "
    "of to in on at for from by with and or but if do does did can could would should will "
    "how what when where which who why there here please tell about have has had not no so "
    "any some get"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_ZH_STOP_CHARS = frozenset("的了吗呢吧啊呀么是我你他她它们这那个有在和与及请问")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RE = re.compile(rf"[{_CJK}]")


def terms(text: str) -> list[str]:
    """Index terms: Chinese unigrams and bigrams, English words (lowercased, crude singular)."""
    found: list[str] = []
    for run in _TOKEN_RE.findall(text.lower()):
        if _CJK_RE.match(run):
            found.extend(ch for ch in run if ch not in _ZH_STOP_CHARS)
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
        elif run not in _STOP_WORDS:
            found.append(_singular(run))
    return found


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
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
        best: dict[int, Hit] = {}
        for index, score in scores.items():
            statement = self._statements[index]
            prob = self._overlap(query, idf, query_weight, statement)
            hit = Hit(statement.key, score, prob)
            current = best.get(statement.key)
            if current is None or (hit.prob, hit.score) > (current.prob, current.score):
                best[statement.key] = hit
        return sorted(best.values(), key=lambda h: (-h.prob, -h.score, h.key))

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
