"""Local FAQ cache: FAQ groups and every answered question, searchable offline (SQLite FTS5).

Each answer the FAQ service gives is stored with its standard question and the sentence the agent
typed, so the same or a similar question is answered from disk when the service is unreachable.
Text is indexed as Chinese character unigrams and bigrams and lowercased English words, the way
agents type (two-character Chinese words are common, so the trigram tokenizer would miss them).
Every method with I/O is async and runs SQLite on a worker thread; the ``*_sync`` twins are for
that thread and for benchmarks.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import platformdirs

from agentbar.cec import FaqGroup, FaqMatch, FaqResult

CACHE_FILE = "faq-cache.sqlite3"

# A cached statement must share at least this much with the sentence (0..1, see _overlap) to be
# offered; below it a cached "answer" would more likely mislead than help.
CACHE_THRESHOLD = 0.3
# FTS5 candidates looked at per search; enough to find the best statement among near-duplicates.
_CANDIDATES = 40

_SCHEMA = """
CREATE TABLE IF NOT EXISTS faq_group (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL,
    language TEXT NOT NULL, enabled INTEGER NOT NULL, amount INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS faq_entry (
    faq_id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, group_name TEXT NOT NULL,
    question TEXT NOT NULL, answers TEXT NOT NULL, prob REAL NOT NULL, stored_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS faq_statement (
    id INTEGER PRIMARY KEY, faq_id INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE (faq_id, text)
);
CREATE INDEX IF NOT EXISTS faq_entry_group ON faq_entry (group_id);
CREATE VIRTUAL TABLE IF NOT EXISTS faq_text USING fts5(terms, tokenize = 'unicode61');
"""

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+")


# Words so common in questions that they would match most of the cache and say nothing.
_STOP_TEXT = (
    "a an the is are was were be am i me my we our you your it its this that of to in on at for "
    "from by with and or but if do does did can could would should will how what when where "
    "which who why please"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())


def cache_terms(text: str) -> list[str]:
    """Index terms: Chinese unigrams and bigrams, English words (lowercased, no stop words)."""
    found: list[str] = []
    for run in _RUN_RE.findall(text.lower()):
        if run.isascii():
            if run not in _STOP_WORDS:
                found.append(run)
        else:
            found.extend(run)
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


def default_cache_path() -> Path:
    return Path(platformdirs.user_data_dir("agentbar", appauthor=False)) / CACHE_FILE


class FaqCache:
    """The cache in one SQLite file (``":memory:"`` for tests); opened on first use."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else str(default_cache_path())
        self._db: sqlite3.Connection | None = None
        # One connection shared by worker threads; SQLite calls are serialised here.
        self._lock = threading.Lock()

    # ---- async API (for the event loop) ------------------------------------------------------

    async def store_result(self, result: FaqResult) -> None:
        await asyncio.to_thread(self.store_result_sync, result)

    async def store_groups(self, groups: Sequence[FaqGroup]) -> None:
        await asyncio.to_thread(self.store_groups_sync, groups)

    async def groups(self) -> list[FaqGroup]:
        return await asyncio.to_thread(self.groups_sync)

    async def search(self, text: str, group_id: int | None = None) -> FaqResult | None:
        """The best cached answer to ``text`` (and a few runners-up), or None."""
        return await asyncio.to_thread(self.search_sync, text, group_id)

    async def close(self) -> None:
        await asyncio.to_thread(self.close_sync)

    # ---- the same, blocking ------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            self._db = db
        return self._db

    def store_result_sync(self, result: FaqResult) -> None:
        if result.best is None:
            return
        now = time.time()
        with self._lock:
            db = self._connection()
            db.execute("BEGIN")
            try:
                for match in (result.best, *result.similar):
                    self._store_match(db, match, now)
                # The sentence the agent typed becomes another way to reach the best answer.
                best = result.best
                self._store_statements(db, best.faq_id, best.group_id, [result.sentence])
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def store_matches_sync(self, matches: Iterable[FaqMatch]) -> None:
        """Bulk load (benchmarks, warming the cache from a group listing)."""
        now = time.time()
        with self._lock:
            db = self._connection()
            db.execute("BEGIN")
            try:
                for match in matches:
                    self._store_match(db, match, now)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _store_match(self, db: sqlite3.Connection, match: FaqMatch, now: float) -> None:
        if match.faq_id < 0 or not match.answers:
            return
        db.execute(
            "INSERT OR REPLACE INTO faq_entry VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                match.faq_id,
                match.group_id,
                match.group_name,
                match.question,
                json.dumps(list(match.answers), ensure_ascii=False),
                match.prob,
                now,
            ),
        )
        self._store_statements(db, match.faq_id, match.group_id, [match.question])

    def _store_statements(
        self, db: sqlite3.Connection, faq_id: int, group_id: int, texts: Iterable[str]
    ) -> None:
        for text in texts:
            terms = cache_terms(text)
            if not terms:
                continue
            cursor = db.execute(
                "INSERT OR IGNORE INTO faq_statement (faq_id, text) VALUES (?, ?)", (faq_id, text)
            )
            if cursor.rowcount == 1:
                db.execute(
                    "INSERT INTO faq_text (rowid, terms) VALUES (?, ?)",
                    # The first term names the group, so a group filter is part of the FTS query.
                    (cursor.lastrowid, " ".join([_group_term(group_id), *terms])),
                )

    def store_groups_sync(self, groups: Sequence[FaqGroup]) -> None:
        with self._lock:
            db = self._connection()
            db.execute("BEGIN")
            try:
                db.execute("DELETE FROM faq_group")
                db.executemany(
                    "INSERT INTO faq_group VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (g.group_id, g.name, g.description, g.language, int(g.enabled), g.amount)
                        for g in groups
                    ],
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def groups_sync(self) -> list[FaqGroup]:
        with self._lock:
            rows = self._connection().execute("SELECT * FROM faq_group ORDER BY id").fetchall()
        return [FaqGroup(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    def search_sync(self, text: str, group_id: int | None = None) -> FaqResult | None:
        query_terms = cache_terms(text)
        if not query_terms:
            return None
        # Bigrams carry Chinese meaning; single characters would match most of the cache.
        wanted = [t for t in query_terms if len(t) > 1 or t.isascii()] or query_terms
        fts_query = " OR ".join(f'"{t}"' for t in dict.fromkeys(wanted))
        if group_id is not None:
            fts_query = f"({fts_query}) AND {_group_term(group_id)}"
        # ORDER BY rank with a LIMIT inside the FTS query is FTS5's fast path; joining first
        # would make SQLite rank every matching row.
        sql = (
            "SELECT s.faq_id, t.terms FROM"
            " (SELECT rowid, terms FROM faq_text WHERE faq_text MATCH ? ORDER BY rank LIMIT ?) t"
            " JOIN faq_statement s ON s.id = t.rowid"
        )
        with self._lock:
            db = self._connection()
            rows = db.execute(sql, (fts_query, _CANDIDATES)).fetchall()
            best: dict[int, float] = {}
            for faq_id, terms in rows:
                score = _overlap(query_terms, terms.split()[1:])
                if score > best.get(faq_id, -1.0):
                    best[faq_id] = score
            ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:5]
            if not ranked or ranked[0][1] < CACHE_THRESHOLD:
                return None
            matches = [self._match(db, faq_id, score) for faq_id, score in ranked]
        return FaqResult(sentence=text, best=matches[0], similar=tuple(matches[1:]))

    def _match(self, db: sqlite3.Connection, faq_id: int, score: float) -> FaqMatch:
        row = db.execute(
            "SELECT group_id, group_name, question, answers FROM faq_entry WHERE faq_id = ?",
            (faq_id,),
        ).fetchone()
        return FaqMatch(
            faq_id=faq_id,
            question=row[2],
            answers=tuple(json.loads(row[3])),
            group_id=row[0],
            group_name=row[1],
            prob=round(score, 4),
        )

    def close_sync(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _group_term(group_id: int) -> str:
    return f"grp{group_id}".replace("-", "n")


def _overlap(query: list[str], statement: list[str]) -> float:
    """How much the sentence and the statement share: geometric mean of both coverages."""
    if not query or not statement:
        return 0.0
    q, s = set(query), set(statement)
    shared = len(q & s)
    return float((shared / len(q) * shared / len(s)) ** 0.5)
