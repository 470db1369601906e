"""The work-order outbox: a case is stored before it is sent, then sent until the server has it.

:class:`Outbox` writes each submitted case to the SQLite store first (on disk when ``submit``
returns), then one worker task sends the pending cases in order. The agent sees every case as
queued, sending, sent (with the case number), failed (with the reason and when it is retried) or
invalid (the server refused its content; it waits for the agent to fix it and is never dropped).
A server that cannot be reached is retried with bounded back-off, across restarts.

No duplicates: each case carries a client reference (sent as ``extternalNo``). Whenever a request
may have reached the server without its answer coming back (timeout, lost connection, garbled
answer, a crash while sending), the case is looked up by that reference before it is sent again.

Pure asyncio: no Qt here (``outbox_signals.py`` adapts it for the widgets).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from agentbar.app.backoff import Backoff
from agentbar.app.work_order.outbox_store import EntryState, OutboxEntry, OutboxStore
from agentbar.cec import (
    AuthError,
    CaseInvalidError,
    CaseSummary,
    CecError,
    InvalidRequestError,
    NewCase,
)

log = logging.getLogger(__name__)

Listener = Callable[[OutboxEntry], None]


class CaseSender(Protocol):
    """What the outbox needs of the work-order client (:class:`agentbar.cec.cases.CaseClient`)."""

    async def create_case(self, case: NewCase) -> str: ...

    async def find_case(self, reference: str) -> CaseSummary | None: ...


def new_reference() -> str:
    """A client reference for ``extternalNo``: 20 characters like the other record IDs.

    GUESS: the field's length is not documented; 20 keeps within every ID field's limit.
    """
    return "ab" + uuid.uuid4().hex[:18]


class Outbox:
    """Stores and sends work orders: :meth:`start` once the loop runs, :meth:`close` at exit."""

    def __init__(
        self,
        store: OutboxStore,
        sender: CaseSender | None,
        *,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.sender = sender
        self.backoff = backoff or Backoff()
        self._clock = clock
        self._rng = rng or random.Random()
        self._listeners: list[Listener] = []
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None
        # Consecutive failures of the server as a whole: every case waits, not only the one
        # that met the failure, so 100 queued cases do not each knock on a server that is away.
        self._failures = 0
        self._paused_until = 0.0
        # Sent cases whose number the server has answered about in this run (found or not), so
        # each is asked about once; a lookup that failed is asked again at the next idle pass.
        self._numbers_asked: set[int] = set()

    # ---- listening ---------------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener`` with the entry after each change of a case's state."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def _changed(self, entry_id: int) -> OutboxEntry | None:
        entry = await asyncio.to_thread(self.store.entry, entry_id)
        if entry is not None:
            self._notify(entry)
        return entry

    def _notify(self, entry: OutboxEntry) -> None:
        for listener in list(self._listeners):
            try:
                listener(entry)
            except Exception:  # a broken view must not stop the sending
                log.exception("an outbox listener failed")

    # ---- the agent's side --------------------------------------------------------------------

    async def submit(self, case: NewCase) -> OutboxEntry:
        """Store ``case`` (raises :class:`CaseInvalidError` if it breaks a documented limit) and
        queue it; it is on disk when this returns."""
        problems = case.validate()
        if problems:
            raise CaseInvalidError(problems)
        if not case.reference:
            case = _with_reference(case, new_reference())
        entry = await asyncio.to_thread(self.store.add, case, self._clock())
        self._notify(entry)
        self._wake.set()
        return entry

    async def resubmit(self, entry_id: int, case: NewCase) -> OutboxEntry:
        """The agent's fixed version of a case the server refused; it keeps its reference and is
        queued again."""
        problems = case.validate()
        if problems:
            raise CaseInvalidError(problems)
        current = await asyncio.to_thread(self.store.entry, entry_id)
        # Only a refused case: one that is queued or failed may already exist on the server.
        if current is None or current.state is not EntryState.INVALID:
            raise KeyError(entry_id)
        case = _with_reference(case, current.reference)
        await asyncio.to_thread(self.store.replace, entry_id, case, self._clock())
        entry = await self._changed(entry_id)
        assert entry is not None
        self._wake.set()
        return entry

    async def retry(self, entry_id: int) -> None:
        """Send a failed case now instead of waiting for its back-off."""
        self._paused_until = 0.0
        if await asyncio.to_thread(self.store.retry_now, entry_id, self._clock()):
            await self._changed(entry_id)
        self._wake.set()

    async def entries(self) -> list[OutboxEntry]:
        return await asyncio.to_thread(self.store.entries)

    async def case(self, entry_id: int) -> NewCase:
        """The stored case with its attachments (to show or to fix it)."""
        return await asyncio.to_thread(self.store.case, entry_id)

    def set_sender(self, sender: CaseSender | None) -> None:
        """A new client (settings changed); pending cases go to it."""
        self.sender = sender
        self._paused_until = 0.0
        self._wake.set()

    # ---- the worker --------------------------------------------------------------------------

    def start(self) -> asyncio.Task[None]:
        """Start sending (on the running loop); pending cases of an earlier run go first."""
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self.run(), name="outbox")
        return self._worker

    async def close(self) -> None:
        """Stop sending; a request in flight is abandoned and looked up on the next start."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            try:
                await worker
            except asyncio.CancelledError:
                pass
            except Exception:  # it already ended on its own; closing must still succeed
                log.exception("the outbox worker had failed")
        await asyncio.to_thread(self.store.close)

    async def run(self) -> None:
        """Send pending cases until cancelled."""
        while True:
            self._wake.clear()
            entry = await asyncio.to_thread(self.store.next_due)
            now = self._clock()
            wait: float | None = None  # None: until woken (a new case, a retry)
            if entry is not None and self.sender is not None:
                due_at = max(entry.next_attempt_at, self._paused_until)
                if due_at <= now:
                    try:
                        await self.deliver(entry)
                    except Exception:
                        # A bug or a broken disk must not end the sending for good: say so,
                        # wait, retry.
                        log.exception("outbox: delivering case %s failed", entry.entry_id)
                        self._failures += 1
                        delay = self.backoff.delay(self._failures, self._rng)
                        self._paused_until = self._clock() + delay
                    continue
                wait = due_at - now
            await self._complete_case_numbers()
            if wait is not None:
                wait -= self._clock() - now
            await self._sleep(wait)

    async def _sleep(self, seconds: float | None) -> None:
        """Until woken (a new case, a retry) or ``seconds`` have passed (None: until woken)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._wake.wait()

    async def deliver(self, entry: OutboxEntry) -> None:
        """One attempt at one case: look it up if it may exist already, else send it."""
        sender = self.sender
        if sender is None:
            return
        if entry.maybe_sent:
            try:
                found = await sender.find_case(entry.reference)
            except CecError as exc:
                await self._failed(entry, exc, maybe_sent=True)
                return
            if found is not None:
                log.info("outbox: case %s was already created as %s", entry.entry_id, found.case_id)
                await self._sent(entry, found.case_id, found.case_no)
                return
        case = await asyncio.to_thread(self.store.case, entry.entry_id)
        await asyncio.to_thread(self.store.mark_sending, entry.entry_id, self._clock())
        await self._changed(entry.entry_id)
        try:
            case_id = await sender.create_case(case)
        except InvalidRequestError as exc:
            await asyncio.to_thread(
                self.store.mark_invalid, entry.entry_id, _reason(exc), exc.field, self._clock()
            )
            self._recovered()
            await self._changed(entry.entry_id)
            return
        except AuthError as exc:
            # The server answered "no" before doing anything, so nothing was created.
            await self._failed(entry, exc, maybe_sent=False)
            return
        except CecError as exc:
            # A timeout, a lost connection, a garbled or 5xx answer: the case may exist.
            await self._failed(entry, exc, maybe_sent=True)
            return
        case_no = await self._case_number(sender, entry.reference)
        await self._sent(entry, case_id, case_no or "")

    async def _case_number(self, sender: CaseSender, reference: str) -> str | None:
        """The number of the case created under ``reference``: "" when the server does not know
        it (yet), None when it could not be asked."""
        # Create answers only with caseId; the number the agent quotes comes from case/list.
        try:
            found = await sender.find_case(reference)
        except CecError as exc:
            log.info("outbox: case number not found yet: %s", exc)
            return None
        return found.case_no if found is not None else ""

    async def _complete_case_numbers(self) -> None:
        """Ask again for the numbers of sent cases that have none (the lookup right after
        creating them failed), so the agent can quote them; once per case and run."""
        sender = self.sender
        if sender is None:
            return
        try:
            entries = await asyncio.to_thread(self.store.sent_without_number)
            for entry in entries:
                if entry.entry_id in self._numbers_asked:
                    continue
                case_no = await self._case_number(sender, entry.reference)
                if case_no is None:
                    return  # the service is away: the next idle pass asks again
                self._numbers_asked.add(entry.entry_id)
                if case_no:
                    await asyncio.to_thread(
                        self.store.set_case_no, entry.entry_id, case_no, self._clock()
                    )
                    await self._changed(entry.entry_id)
        except Exception:  # a number is a convenience; it must never stop the sending
            log.exception("outbox: completing case numbers failed")

    async def _sent(self, entry: OutboxEntry, case_id: str, case_no: str) -> None:
        await asyncio.to_thread(
            self.store.mark_sent, entry.entry_id, case_id, case_no, self._clock()
        )
        self._recovered()
        await self._changed(entry.entry_id)

    async def _failed(self, entry: OutboxEntry, exc: CecError, *, maybe_sent: bool) -> None:
        self._failures += 1
        delay = self.backoff.delay(self._failures, self._rng)
        retry_at = self._clock() + delay
        self._paused_until = retry_at
        log.info("outbox: case %s failed (%s); retry in %.1f s", entry.entry_id, exc, delay)
        await asyncio.to_thread(
            self.store.mark_failed,
            entry.entry_id,
            _reason(exc),
            retry_at,
            maybe_sent=maybe_sent or entry.maybe_sent,
            now=self._clock(),
        )
        await self._changed(entry.entry_id)

    def _recovered(self) -> None:
        self._failures = 0
        self._paused_until = 0.0


def _with_reference(case: NewCase, reference: str) -> NewCase:
    return replace(case, reference=reference)


def _reason(exc: CecError) -> str:
    # The person-facing sentence plus the server's own words, never a request body.
    if exc.server_text and exc.server_text != exc.message:
        return f"{exc.message} ({exc.server_text[:200]})"
    return exc.message
