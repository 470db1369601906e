"""The outbox's SQLite file: queued work orders with their attachments, their send state, drafts.

A case is committed here (WAL, ``synchronous=FULL``, so the commit is on disk when it returns)
before it is sent, and every change of its state is committed before the next step, so a process
killed at any instant finds each case again on restart together with whether a request for it may
already have reached the server (``maybe_sent``). Methods block; the
:class:`~agentbar.app.work_order.outbox.Outbox` calls them through ``asyncio.to_thread``.
"""

from __future__ import annotations

import enum
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import platformdirs

from agentbar.cec import Attachment, NewCase

OUTBOX_FILE = "outbox.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox_case (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    info TEXT NOT NULL,
    title TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    maybe_sent INTEGER NOT NULL DEFAULT 0,
    case_id TEXT NOT NULL DEFAULT '',
    case_no TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox_attachment (
    case_row INTEGER NOT NULL REFERENCES outbox_case (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (case_row, position)
);
CREATE TABLE IF NOT EXISTS case_draft (
    name TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    saved_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_case_due ON outbox_case (state, next_attempt_at);
"""

_COLUMNS = (
    "id, reference, title, state, attempts, next_attempt_at, maybe_sent, case_id, case_no, "
    "reason, field, created_at, updated_at"
)


class EntryState(enum.Enum):
    QUEUED = "queued"  # waiting for its first or next attempt
    SENDING = "sending"  # a request is (or, after a crash, may have been) on its way
    SENT = "sent"  # the server created it: case_id and (when known) case_no are set
    FAILED = "failed"  # the server was unreachable or in trouble; retried at next_attempt_at
    INVALID = "invalid"  # the server refused the content; waits for the agent to fix it


# States the sender works on (a crash leaves SENDING behind; it is looked up before resending).
PENDING_STATES = (EntryState.QUEUED, EntryState.SENDING, EntryState.FAILED)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One work order in the outbox, without its attachments' bytes."""

    entry_id: int
    reference: str
    title: str
    state: EntryState
    attempts: int
    next_attempt_at: float  # time.time()
    maybe_sent: bool
    case_id: str
    case_no: str
    reason: str
    field: str
    created_at: float
    updated_at: float

    @property
    def pending(self) -> bool:
        return self.state in PENDING_STATES


def default_outbox_path() -> Path:
    return Path(platformdirs.user_data_dir("agentbar", appauthor=False)) / OUTBOX_FILE


def case_to_json(case: NewCase) -> str:
    """``case`` without its attachments' bytes (they go to their own table)."""
    data = asdict(case)
    data.pop("attachments")
    data["extra"] = dict(case.extra)
    return json.dumps(data, ensure_ascii=False)


def case_from_json(text: str, attachments: tuple[Attachment, ...] = ()) -> NewCase:
    raw = json.loads(text)
    known = {f for f in NewCase.__dataclass_fields__ if f != "attachments"}
    fields: dict[str, Any] = {k: v for k, v in raw.items() if k in known}
    return NewCase(**fields, attachments=attachments)


class OutboxStore:
    """The outbox in one SQLite file (``":memory:"`` for tests), opened on first use."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else str(default_outbox_path())
        self._db: sqlite3.Connection | None = None
        # One connection shared by worker threads; calls are serialised here.
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode only FULL syncs the log on every commit; NORMAL could lose the last
            # commits on a power cut, and a lost "sending" mark could mean a duplicate case.
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.executescript(_SCHEMA)
            self._db = db
        return self._db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed (and synced) when the block ends, else rolled back."""
        with self._lock:
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        with self._lock:
            db = self._connection()
            db.execute(sql, params)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # ---- cases -------------------------------------------------------------------------------

    def add(self, case: NewCase, now: float | None = None) -> OutboxEntry:
        """Store a new case as queued; it is on disk when this returns."""
        stamp = time.time() if now is None else now
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO outbox_case (reference, info, title, state, next_attempt_at,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    case.reference,
                    case_to_json(case),
                    case.title,
                    EntryState.QUEUED.value,
                    stamp,
                    stamp,
                    stamp,
                ),
            )
            row = cursor.lastrowid
            assert row is not None
            self._store_attachments(db, row, case.attachments)
            # Read back inside the transaction: the worker may change it right after.
            added = db.execute(f"SELECT {_COLUMNS} FROM outbox_case WHERE id = ?", (row,))
            entry = _entry(added.fetchone())
        return entry

    def replace(self, entry_id: int, case: NewCase, now: float | None = None) -> None:
        """New content for a case the server refused (the agent fixed it); queued again."""
        stamp = time.time() if now is None else now
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE outbox_case SET info = ?, title = ?, state = ?, next_attempt_at = ?,"
                " reason = '', field = '', updated_at = ? WHERE id = ? AND state = ?",
                (
                    case_to_json(case),
                    case.title,
                    EntryState.QUEUED.value,
                    stamp,
                    stamp,
                    entry_id,
                    EntryState.INVALID.value,
                ),
            )
            if cursor.rowcount != 1:
                raise KeyError(entry_id)
            db.execute("DELETE FROM outbox_attachment WHERE case_row = ?", (entry_id,))
            self._store_attachments(db, entry_id, case.attachments)

    @staticmethod
    def _store_attachments(
        db: sqlite3.Connection, row: int, attachments: tuple[Attachment, ...]
    ) -> None:
        db.executemany(
            "INSERT INTO outbox_attachment (case_row, position, name, data) VALUES (?, ?, ?, ?)",
            [(row, n, a.name, a.data) for n, a in enumerate(attachments)],
        )

    def case(self, entry_id: int) -> NewCase:
        """The full case, attachments included."""
        with self._lock:
            db = self._connection()
            row = db.execute("SELECT info FROM outbox_case WHERE id = ?", (entry_id,)).fetchone()
            if row is None:
                raise KeyError(entry_id)
            files = db.execute(
                "SELECT name, data FROM outbox_attachment WHERE case_row = ? ORDER BY position",
                (entry_id,),
            ).fetchall()
        return case_from_json(row[0], tuple(Attachment(name, bytes(data)) for name, data in files))

    def entry(self, entry_id: int) -> OutboxEntry | None:
        with self._lock:
            row = (
                self._connection()
                .execute(f"SELECT {_COLUMNS} FROM outbox_case WHERE id = ?", (entry_id,))
                .fetchone()
            )
        return None if row is None else _entry(row)

    def entries(self) -> list[OutboxEntry]:
        """Every case, newest first."""
        with self._lock:
            rows = (
                self._connection()
                .execute(f"SELECT {_COLUMNS} FROM outbox_case ORDER BY id DESC")
                .fetchall()
            )
        return [_entry(row) for row in rows]

    def next_due(self) -> OutboxEntry | None:
        """The pending case to work on next: the earliest due, the oldest among equals."""
        states = tuple(s.value for s in PENDING_STATES)
        with self._lock:
            row = (
                self._connection()
                .execute(
                    f"SELECT {_COLUMNS} FROM outbox_case WHERE state IN (?, ?, ?)"
                    " ORDER BY next_attempt_at, id LIMIT 1",
                    states,
                )
                .fetchone()
            )
        return None if row is None else _entry(row)

    def mark_sending(self, entry_id: int, now: float | None = None) -> None:
        """Committed before the request leaves: from now on the case may exist on the server."""
        stamp = time.time() if now is None else now
        self._write(
            "UPDATE outbox_case SET state = ?, maybe_sent = 1, attempts = attempts + 1,"
            " updated_at = ? WHERE id = ?",
            (EntryState.SENDING.value, stamp, entry_id),
        )

    def mark_sent(
        self, entry_id: int, case_id: str, case_no: str, now: float | None = None
    ) -> None:
        stamp = time.time() if now is None else now
        self._write(
            "UPDATE outbox_case SET state = ?, case_id = ?, case_no = ?, reason = '', field = '',"
            " updated_at = ? WHERE id = ?",
            (EntryState.SENT.value, case_id, case_no, stamp, entry_id),
        )

    def mark_failed(
        self,
        entry_id: int,
        reason: str,
        retry_at: float,
        *,
        maybe_sent: bool,
        now: float | None = None,
    ) -> None:
        stamp = time.time() if now is None else now
        self._write(
            "UPDATE outbox_case SET state = ?, reason = ?, field = '', next_attempt_at = ?,"
            " maybe_sent = ?, updated_at = ? WHERE id = ?",
            (EntryState.FAILED.value, reason, retry_at, int(maybe_sent), stamp, entry_id),
        )

    def mark_invalid(
        self, entry_id: int, reason: str, field: str, now: float | None = None
    ) -> None:
        """The server refused the content, so it created nothing: no lookup is needed later."""
        stamp = time.time() if now is None else now
        self._write(
            "UPDATE outbox_case SET state = ?, reason = ?, field = ?, maybe_sent = 0,"
            " updated_at = ? WHERE id = ?",
            (EntryState.INVALID.value, reason, field, stamp, entry_id),
        )

    def set_case_no(self, entry_id: int, case_no: str, now: float | None = None) -> None:
        """The number of a sent case, learnt after it was marked sent."""
        stamp = time.time() if now is None else now
        self._write(
            "UPDATE outbox_case SET case_no = ?, updated_at = ? WHERE id = ? AND state = ?",
            (case_no, stamp, entry_id, EntryState.SENT.value),
        )

    def sent_without_number(self) -> list[OutboxEntry]:
        """Sent cases whose case number is not known, oldest first."""
        with self._lock:
            rows = (
                self._connection()
                .execute(
                    f"SELECT {_COLUMNS} FROM outbox_case WHERE state = ? AND case_no = ''"
                    " ORDER BY id",
                    (EntryState.SENT.value,),
                )
                .fetchall()
            )
        return [_entry(row) for row in rows]

    def retry_now(self, entry_id: int, now: float | None = None) -> bool:
        """Make a failed or queued case due now; False when it is not pending."""
        stamp = time.time() if now is None else now
        with self._lock:
            cursor = self._connection().execute(
                "UPDATE outbox_case SET next_attempt_at = ?, updated_at = ? WHERE id = ?"
                " AND state IN (?, ?)",
                (stamp, stamp, entry_id, EntryState.FAILED.value, EntryState.QUEUED.value),
            )
            return cursor.rowcount == 1

    # ---- drafts ------------------------------------------------------------------------------

    def save_draft(self, body: dict[str, Any], name: str = "case") -> None:
        self._write(
            "INSERT INTO case_draft (name, body, saved_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            (name, json.dumps(body, ensure_ascii=False), time.time()),
        )

    def load_draft(self, name: str = "case") -> dict[str, Any] | None:
        with self._lock:
            row = (
                self._connection()
                .execute("SELECT body FROM case_draft WHERE name = ?", (name,))
                .fetchone()
            )
        if row is None:
            return None
        try:
            body = json.loads(row[0])
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    def clear_draft(self, name: str = "case") -> None:
        self._write("DELETE FROM case_draft WHERE name = ?", (name,))


def _entry(row: tuple[Any, ...]) -> OutboxEntry:
    (
        entry_id,
        reference,
        title,
        state,
        attempts,
        next_attempt_at,
        maybe_sent,
        case_id,
        case_no,
        reason,
        field,
        created_at,
        updated_at,
    ) = row
    return OutboxEntry(
        entry_id=int(entry_id),
        reference=str(reference),
        title=str(title),
        state=EntryState(state),
        attempts=int(attempts),
        next_attempt_at=float(next_attempt_at),
        maybe_sent=bool(maybe_sent),
        case_id=str(case_id),
        case_no=str(case_no),
        reason=str(reason),
        field=str(field),
        created_at=float(created_at),
        updated_at=float(updated_at),
    )
