"""The CCSQM client and tokenByAkSk provider against the simulator over loopback."""

from __future__ import annotations

import pytest

from agentbar.cec import AsyncClient
from agentbar.cec.errors import AuthError, ServiceError
from agentbar.cec.quality import QualityClient
from agentbar.cec.tokens import TokenByAkSk
from agentbar.sim.server import SimServer

APP_KEY = "demo-app"
APP_SECRET = "demo-app-secret"


@pytest.fixture
def sim(loop_sim: SimServer) -> SimServer:
    return loop_sim


def quality(
    http: AsyncClient, sim: SimServer, secret: str = APP_SECRET, **kwargs: str
) -> tuple[QualityClient, TokenByAkSk]:
    tokens = TokenByAkSk(http, sim.url, APP_KEY, secret)
    options = {"app_key": APP_KEY, "user_id": "101", **kwargs}
    return QualityClient(http, sim.url, tokens, **options), tokens


async def test_agents_inspected_calls_are_paged_and_filtered_by_staff_id(
    http: AsyncClient, sim: SimServer
) -> None:
    client, tokens = quality(http, sim)
    first = await client.inspected_calls("101", page=1, limit=10)
    third = await client.inspected_calls("101", page=3, limit=10)
    assert first.total == 25
    assert len(first.calls) == 10
    assert first.has_more
    assert len(third.calls) == 5
    assert not third.has_more
    everything = await client.all_inspected_calls("101", limit=10)
    assert len(everything) == 25
    assert len({c.call_uuid for c in everything}) == 25
    assert {c.staff_id for c in everything} == {"101"}
    assert tokens.fetches == 1


async def test_colleagues_calls_are_not_in_the_agents_list(
    http: AsyncClient, sim: SimServer
) -> None:
    client, _ = quality(http, sim)
    mine = {c.call_uuid for c in await client.all_inspected_calls("101")}
    theirs = await client.all_inspected_calls("102")
    assert len(theirs) == 5
    assert mine.isdisjoint(c.call_uuid for c in theirs)


async def test_call_detail_carries_the_transcript(http: AsyncClient, sim: SimServer) -> None:
    client, _ = quality(http, sim)
    newest = (await client.inspected_calls("101", limit=1)).calls[0]
    detail = await client.call_detail(newest.call_uuid)
    assert detail.call.call_id == newest.call_id
    assert detail.segments
    assert detail.segments[0].text == "Hello, I would like to ask about my last bill."
    assert detail.segments[0].role == "customer"
    assert detail.segments[1].role == "agent"
    assert detail.left.speed is not None
    assert detail.right.emotions


async def test_expired_token_is_refreshed_once_on_401(http: AsyncClient, sim: SimServer) -> None:
    client, tokens = quality(http, sim)
    await client.inspected_calls("101")
    await http.post(f"{sim.url}/sim/apig/expire")
    page = await client.inspected_calls("101")
    assert page.total == 25
    assert tokens.fetches == 2


async def test_token_is_refreshed_shortly_before_expiry(http: AsyncClient, sim: SimServer) -> None:
    now = [1000.0]
    tokens = TokenByAkSk(http, sim.url, APP_KEY, APP_SECRET, lifetime=600, clock=lambda: now[0])
    first = await tokens.token()
    now[0] += 500
    assert await tokens.token() == first
    now[0] += 50  # 550 s: inside the 60 s margin
    assert await tokens.token() != first
    assert tokens.fetches == 2


async def test_wrong_app_secret_is_a_clear_auth_error_without_the_secret(
    http: AsyncClient, sim: SimServer, caplog: pytest.LogCaptureFixture
) -> None:
    client, tokens = quality(http, sim, secret="not-the-secret")
    with pytest.raises(AuthError, match="app key or secret") as caught:
        await client.inspected_calls("101")
    assert "not-the-secret" not in str(caught.value)
    assert "not-the-secret" not in repr(tokens)
    assert "not-the-secret" not in caplog.text


async def test_token_never_appears_in_logs_or_reprs(
    http: AsyncClient, sim: SimServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    client, tokens = quality(http, sim)
    await client.inspected_calls("101")
    token = await tokens.token()
    assert token not in caplog.text
    assert token not in repr(tokens)
    assert token not in repr(client)


async def test_missing_user_id_is_refused_with_a_clear_error(
    http: AsyncClient, sim: SimServer
) -> None:
    client, _ = quality(http, sim, user_id="")
    with pytest.raises(ServiceError, match="user ID") as caught:
        await client.inspected_calls("101")
    assert caught.value.code == "HTTP 400"


async def test_unknown_call_uuid_is_a_clear_error(http: AsyncClient, sim: SimServer) -> None:
    client, _ = quality(http, sim)
    with pytest.raises(ServiceError, match="no such call"):
        await client.call_detail("00000000-0000-0000-0000-000000000000")


async def test_older_ccisqm_prefix_is_served_too(http: AsyncClient, sim: SimServer) -> None:
    client, _ = quality(http, sim, prefix="/apiaccess/CCISQM/rest/ccisqm/v1")
    assert (await client.inspected_calls("101")).total == 25


async def test_async_secret_provider_is_read_only_when_needed(
    http: AsyncClient, sim: SimServer
) -> None:
    reads = []

    async def secret() -> str:
        reads.append(1)
        return APP_SECRET

    tokens = TokenByAkSk(http, sim.url, APP_KEY, secret)
    client = QualityClient(http, sim.url, tokens, app_key=APP_KEY, user_id="101")
    assert reads == []
    await client.inspected_calls("101")
    await client.inspected_calls("101")
    assert reads == [1]
