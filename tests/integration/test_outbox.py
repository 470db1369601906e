"""The work-order outbox against the simulator over loopback: down/up, lost answers, restarts."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from agentbar.app.backoff import Backoff
from agentbar.app.work_order.outbox import Outbox
from agentbar.app.work_order.outbox_store import EntryState, OutboxEntry, OutboxStore
from agentbar.cec import AsyncClient, Timeout, build_client
from agentbar.cec.cases import CaseClient, CaseInvalidError, NewCase
from agentbar.sim.server import SimThread
from tests.conftest import RunningSim

CREATOR = "10gg000000sLj1ytR70C"
COMPLAINT = "cvmC00000149NzxF1ePA"
FAST = Backoff(first=0.05, longest=0.3)


def new_case(title: str = "Refund request", **changes: Any) -> NewCase:
    fields: dict[str, Any] = {
        "title": title,
        "description": "Customer asks for a refund of order 123",
        "type_id": COMPLAINT,
        "contact_id": "ciIy0000013y7cC8T2rA",
        "creator_id": CREATOR,
        "origin": "Voice",
    }
    fields.update(changes)
    return NewCase(**fields)


def server_cases(url: str) -> list[dict[str, Any]]:
    response = httpx2.post(f"{url}/sim/cases/cases", timeout=5)
    response.raise_for_status()
    cases: list[dict[str, Any]] = response.json()["cases"]
    return cases


def create_requests(url: str) -> int:
    count: int = httpx2.post(f"{url}/sim/cases/stats", timeout=5).json()["create_requests"]
    return count


@pytest.fixture
async def http() -> AsyncIterator[AsyncClient]:
    client = build_client(timeout=Timeout(2.0, connect=1.0))
    yield client
    await client.aclose()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


class Watch:
    """Records every change the outbox reports and waits for a given state."""

    def __init__(self, outbox: Outbox) -> None:
        self.seen: list[OutboxEntry] = []
        self._waiters: list[tuple[Callable[[OutboxEntry], bool], asyncio.Future[OutboxEntry]]] = []
        outbox.add_listener(self._on_change)

    def _on_change(self, entry: OutboxEntry) -> None:
        self.seen.append(entry)
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(entry):
                future.set_result(entry)

    async def state(self, entry_id: int, state: EntryState, within: float = 10) -> OutboxEntry:
        for entry in reversed(self.seen):
            if entry.entry_id == entry_id:
                if entry.state is state:
                    return entry
                break
        future: asyncio.Future[OutboxEntry] = asyncio.get_running_loop().create_future()
        self._waiters.append((lambda e: e.entry_id == entry_id and e.state is state, future))
        return await asyncio.wait_for(future, within)

    def states(self, entry_id: int) -> list[EntryState]:
        return [e.state for e in self.seen if e.entry_id == entry_id]


def make_outbox(store_path: Path, sender: CaseClient | None) -> tuple[Outbox, Watch]:
    outbox = Outbox(OutboxStore(store_path), sender, backoff=FAST)
    return outbox, Watch(outbox)


def case_client(http: AsyncClient, url: str) -> CaseClient:
    return CaseClient(http, url, "demo-client", "demo-client-secret", creator_id=CREATOR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def sim_on_port() -> Iterator[Callable[[int], SimThread]]:
    started: list[SimThread] = []

    def start(port: int) -> SimThread:
        thread = SimThread()
        thread.start("127.0.0.1", port)
        started.append(thread)
        return thread

    yield start
    for thread in started:
        thread.stop()


async def test_submitted_case_is_sent_once_with_its_case_number(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    outbox, watch = make_outbox(store_path, case_client(http, sim.url))
    outbox.start()
    try:
        entry = await outbox.submit(new_case())
        sent = await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await outbox.close()
    [stored] = server_cases(sim.url)
    assert sent.case_id == stored["id"]
    assert sent.case_no == stored["caseNo"]
    assert stored["extternalNo"] == entry.reference
    assert watch.states(entry.entry_id) == [EntryState.QUEUED, EntryState.SENDING, EntryState.SENT]


async def test_case_is_on_disk_before_anything_is_sent(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    outbox, _ = make_outbox(store_path, case_client(http, sim.url))  # not started
    entry = await outbox.submit(new_case("kept"))
    await outbox.close()
    again = OutboxStore(store_path)
    [kept] = again.entries()
    assert (kept.entry_id, kept.state, kept.title) == (entry.entry_id, EntryState.QUEUED, "kept")
    assert server_cases(sim.url) == []
    again.close()


def test_store_commits_are_synced_in_wal_mode(store_path: Path) -> None:
    store = OutboxStore(store_path)
    store.entries()
    db = store._connection()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()


async def test_unreachable_server_queues_then_sends_once_when_it_is_up(
    http: AsyncClient, store_path: Path, sim_on_port: Callable[[int], SimThread]
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    outbox, watch = make_outbox(store_path, case_client(http, url))
    outbox.start()
    try:
        entry = await outbox.submit(new_case("while down"))
        failed = await watch.state(entry.entry_id, EntryState.FAILED)
        assert "reach" in failed.reason
        assert failed.next_attempt_at > failed.updated_at
        await asyncio.sleep(0.5)  # a few more attempts against the closed port
        assert len([s for s in watch.states(entry.entry_id) if s is EntryState.FAILED]) >= 2
        await asyncio.to_thread(sim_on_port, port)
        sent = await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await outbox.close()
    cases = server_cases(url)
    assert [c["title"] for c in cases] == ["while down"]
    assert sent.case_no == cases[0]["caseNo"]


async def test_pending_cases_survive_a_restart(
    http: AsyncClient, store_path: Path, sim_on_port: Callable[[int], SimThread]
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    first, watch = make_outbox(store_path, case_client(http, url))
    first.start()
    entries = [await first.submit(new_case(f"case {n}")) for n in range(3)]
    await watch.state(entries[0].entry_id, EntryState.FAILED)
    await first.close()

    await asyncio.to_thread(sim_on_port, port)
    second, watch = make_outbox(store_path, case_client(http, url))
    second.start()
    try:
        for entry in entries:
            await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await second.close()
    assert sorted(c["title"] for c in server_cases(url)) == ["case 0", "case 1", "case 2"]


async def test_lost_response_does_not_create_a_duplicate(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    sim.control.add_fault(
        kind="drop", when="after", path="/service/AICC__Case/1.0.0/openapi/case", count=1
    )
    outbox, watch = make_outbox(store_path, case_client(http, sim.url))
    outbox.start()
    try:
        entry = await outbox.submit(new_case("answer lost"))
        failed = await watch.state(entry.entry_id, EntryState.FAILED)
        assert failed.maybe_sent
        sent = await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await outbox.close()
    [stored] = server_cases(sim.url)
    assert sent.case_id == stored["id"]
    assert create_requests(sim.url) == 1


async def test_timed_out_request_is_looked_up_not_resent(sim: RunningSim, store_path: Path) -> None:
    # The server stores the case after the client gave up waiting.
    async with build_client(timeout=Timeout(0.3, connect=1.0)) as http:
        cases = case_client(http, sim.url)
        await cases.recent_cases()  # token first, so the delay hits the create
        sim.control.add_fault(
            kind="delay",
            when="after",
            seconds=0.8,
            path="/service/AICC__Case/1.0.0/openapi/case",
            count=1,
        )
        outbox = Outbox(OutboxStore(store_path), cases, backoff=Backoff(first=1.0, longest=1.0))
        watch = Watch(outbox)
        outbox.start()
        try:
            entry = await outbox.submit(new_case("slow"))
            failed = await watch.state(entry.entry_id, EntryState.FAILED)
            assert "in time" in failed.reason
            await watch.state(entry.entry_id, EntryState.SENT)
        finally:
            await outbox.close()
    assert len(server_cases(sim.url)) == 1
    assert create_requests(sim.url) == 1


async def test_crash_while_sending_is_looked_up_after_restart(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    # A run that sent the request and died before it could record the answer.
    store = OutboxStore(store_path)
    entry = store.add(new_case("crashed", reference="ab-crash-000000001"))
    store.mark_sending(entry.entry_id)
    store.close()
    client = case_client(http, sim.url)
    await client.create_case(new_case("crashed", reference="ab-crash-000000001"))

    outbox, watch = make_outbox(store_path, client)
    outbox.start()
    try:
        sent = await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await outbox.close()
    assert len(server_cases(sim.url)) == 1
    assert sent.case_no == server_cases(sim.url)[0]["caseNo"]
    assert EntryState.SENDING not in watch.states(entry.entry_id)  # found, not sent again


async def test_crash_before_the_request_left_sends_it_after_restart(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    store = OutboxStore(store_path)
    entry = store.add(new_case("never left"))
    store.mark_sending(entry.entry_id)
    store.close()
    outbox, watch = make_outbox(store_path, case_client(http, sim.url))
    outbox.start()
    try:
        await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await outbox.close()
    assert [c["title"] for c in server_cases(sim.url)] == ["never left"]


async def test_case_the_server_refuses_waits_for_the_agent_and_is_kept(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    outbox, watch = make_outbox(store_path, case_client(http, sim.url))
    outbox.start()
    try:
        # The client cannot know that the type does not exist; the server refuses it.
        entry = await outbox.submit(new_case(type_id="cvmC0000014deleted01"))
        invalid = await watch.state(entry.entry_id, EntryState.INVALID)
        assert invalid.field == "type"
        assert "type" in invalid.reason
        await asyncio.sleep(0.4)  # longer than the back-off: it must not be retried on its own
        assert create_requests(sim.url) == 1
        assert [e.state for e in await outbox.entries()] == [EntryState.INVALID]

        fixed = await outbox.case(entry.entry_id)
        await outbox.resubmit(entry.entry_id, new_case(type_id=COMPLAINT, title=fixed.title))
        await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await outbox.close()
    [stored] = server_cases(sim.url)
    assert stored["type"] == COMPLAINT
    assert stored["extternalNo"] == entry.reference


async def test_invalid_case_is_refused_at_submit(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    outbox, _ = make_outbox(store_path, case_client(http, sim.url))
    with pytest.raises(CaseInvalidError):
        await outbox.submit(new_case(title=""))
    assert await outbox.entries() == []
    await outbox.close()


async def test_refused_token_is_retried_and_nothing_is_looked_up(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    wrong = CaseClient(http, sim.url, "demo-client", "not-the-secret", creator_id=CREATOR)
    outbox, watch = make_outbox(store_path, wrong)
    outbox.start()
    try:
        entry = await outbox.submit(new_case())
        failed = await watch.state(entry.entry_id, EntryState.FAILED)
        assert "client ID or secret" in failed.reason
        assert "not-the-secret" not in failed.reason
        outbox.set_sender(case_client(http, sim.url))
        await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await outbox.close()
    assert len(server_cases(sim.url)) == 1


async def test_retry_sends_a_failed_case_now(
    http: AsyncClient, store_path: Path, sim_on_port: Callable[[int], SimThread]
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    outbox = Outbox(
        OutboxStore(store_path), case_client(http, url), backoff=Backoff(first=30, longest=60)
    )
    watch = Watch(outbox)
    outbox.start()
    try:
        entry = await outbox.submit(new_case())
        await watch.state(entry.entry_id, EntryState.FAILED)
        await asyncio.to_thread(sim_on_port, port)
        await outbox.retry(entry.entry_id)
        await watch.state(entry.entry_id, EntryState.SENT, within=5)
    finally:
        await outbox.close()


async def test_without_a_client_cases_wait_queued(store_path: Path) -> None:
    outbox, _ = make_outbox(store_path, None)
    outbox.start()
    entry = await outbox.submit(new_case())
    await asyncio.sleep(0.1)
    assert (await outbox.entries())[0].state is EntryState.QUEUED
    assert entry.state is EntryState.QUEUED
    await outbox.close()


def test_draft_round_trip(store_path: Path) -> None:
    store = OutboxStore(store_path)
    store.save_draft({"title": "half-written 工单", "attachments": ["/tmp/a.png"]})
    store.close()
    again = OutboxStore(store_path)
    assert again.load_draft() == {"title": "half-written 工单", "attachments": ["/tmp/a.png"]}
    again.clear_draft()
    assert again.load_draft() is None
    again.close()


async def test_unexpected_error_does_not_stop_the_sending(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    class Broken:
        async def create_case(self, case: NewCase) -> str:
            raise RuntimeError("a bug in the client")

        async def find_case(self, reference: str) -> None:
            return None

    outbox = Outbox(OutboxStore(store_path), Broken(), backoff=FAST)
    watch = Watch(outbox)
    outbox.start()
    try:
        entry = await outbox.submit(new_case())
        await watch.state(entry.entry_id, EntryState.SENDING)
        await asyncio.sleep(0.2)
        outbox.set_sender(case_client(http, sim.url))
        await watch.state(entry.entry_id, EntryState.SENT)
    finally:
        await outbox.close()
    assert len(server_cases(sim.url)) == 1


async def test_only_a_refused_case_can_be_replaced(store_path: Path) -> None:
    outbox, _ = make_outbox(store_path, None)
    entry = await outbox.submit(new_case("queued"))
    with pytest.raises(KeyError):
        await outbox.resubmit(entry.entry_id, new_case("changed"))
    assert (await outbox.case(entry.entry_id)).title == "queued"
    await outbox.close()


async def test_case_number_missed_after_create_is_filled_in_later(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    # The case is created, but the lookup of its number right after fails once.
    sim.control.add_fault(kind="drop", path="/service/AICC__Case/1.0.0/openapi/case/list", count=1)
    outbox, watch = make_outbox(store_path, case_client(http, sim.url))
    outbox.start()
    try:
        entry = await outbox.submit(new_case("number later"))
        first = await watch.state(entry.entry_id, EntryState.SENT)
        assert first.case_no == ""
        assert first.case_id
        future: asyncio.Future[OutboxEntry] = asyncio.get_running_loop().create_future()

        def numbered(changed: OutboxEntry) -> None:
            if changed.case_no and not future.done():
                future.set_result(changed)

        outbox.add_listener(numbered)
        for seen in watch.seen:
            numbered(seen)
        completed = await asyncio.wait_for(future, 10)
    finally:
        await outbox.close()
    [stored] = server_cases(sim.url)
    assert completed.state is EntryState.SENT
    assert completed.case_no == stored["caseNo"]
    assert completed.case_id == first.case_id
    assert create_requests(sim.url) == 1
    again = OutboxStore(store_path)
    try:
        assert again.sent_without_number() == []
    finally:
        again.close()


async def test_a_case_number_unknown_to_the_server_is_asked_once(
    http: AsyncClient, sim: RunningSim, store_path: Path
) -> None:
    class NoNumbers:
        """The real client, but case/list never shows this case (a slow search index)."""

        def __init__(self, client: CaseClient) -> None:
            self.client = client
            self.lookups = 0

        async def create_case(self, case: NewCase) -> str:
            return await self.client.create_case(case)

        async def find_case(self, reference: str) -> Any:
            self.lookups += 1
            return None

    sender = NoNumbers(case_client(http, sim.url))
    outbox = Outbox(OutboxStore(store_path), sender, backoff=FAST)
    watch = Watch(outbox)
    outbox.start()
    try:
        first = await outbox.submit(new_case("never numbered"))
        await watch.state(first.entry_id, EntryState.SENT)
        second = await outbox.submit(new_case("also never numbered"))
        await watch.state(second.entry_id, EntryState.SENT)
        await asyncio.sleep(0.3)
    finally:
        await outbox.close()
    # One lookup after each create, then one more each at the idle passes: no loop.
    assert sender.lookups == 4
