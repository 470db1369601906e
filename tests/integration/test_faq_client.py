"""The FAQ client against the simulator over a real loopback socket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from agentbar.app import clients
from agentbar.app.faq.faq_service import build_faq_service
from agentbar.cec import AsyncClient
from agentbar.cec.errors import AuthError, ProtocolError, ServiceError, TransportError
from agentbar.cec.faq import FaqClient, NewFaq
from agentbar.config import FaqConfig, Profile
from agentbar.secrets import FAQ_APP_SECRET, MemoryStore
from agentbar.sim.server import SimServer

TENANT = "00030010"
SECRET = "demo-oifde-secret"


@pytest.fixture
def sim(loop_sim: SimServer) -> SimServer:
    return loop_sim


async def control(http: AsyncClient, sim: SimServer, action: str, **body: Any) -> dict[str, Any]:
    response = await http.post(f"{sim.url}/sim/faq/{action}", json=body)
    response.raise_for_status()
    data: dict[str, Any] = response.json()
    return data


def faq_client(http: AsyncClient, sim: SimServer, secret: Any = SECRET) -> FaqClient:
    return FaqClient(http, sim.url, TENANT, secret)


async def test_token_is_fetched_once_and_reused(http: AsyncClient, sim: SimServer) -> None:
    client = faq_client(http, sim)
    await client.query_enabled_groups("How do I make a claim?", "en_US")
    await client.query_enabled_groups("lost card", "en_US")
    stats = await control(http, sim, "stats")
    assert stats["tokens_issued"] == 1


async def test_secret_provider_may_be_async(http: AsyncClient, sim: SimServer) -> None:
    async def provider() -> str:
        return SECRET

    result = await faq_client(http, sim, provider).query_group("什么是守护人寿险", 10000)
    assert result.best is not None
    assert result.best.question == "什么是寿险?"


async def test_token_is_refreshed_before_it_expires(http: AsyncClient, sim: SimServer) -> None:
    await control(http, sim, "token-ttl", seconds=1)
    client = faq_client(http, sim)
    await client.query_enabled_groups("lost card", "en_US")
    await asyncio.sleep(0.95)  # past the refresh point (ttl - ttl/10), before expiry
    await client.query_enabled_groups("lost card", "en_US")
    stats = await control(http, sim, "stats")
    assert stats["tokens_issued"] == 2
    assert stats["tokens_refused"] == 0


async def test_refused_token_is_renewed_once_and_the_call_succeeds(
    http: AsyncClient, sim: SimServer
) -> None:
    client = faq_client(http, sim)
    await client.query_enabled_groups("lost card", "en_US")
    await control(http, sim, "expire-tokens")
    result = await client.query_enabled_groups("lost card", "en_US")
    assert result.best is not None
    stats = await control(http, sim, "stats")
    assert stats["tokens_issued"] == 2
    assert stats["tokens_refused"] == 1


async def test_wrong_app_secret_is_an_auth_error(http: AsyncClient, sim: SimServer) -> None:
    with pytest.raises(AuthError) as caught:
        await faq_client(http, sim, "not-the-secret").query_enabled_groups("lost card", "en_US")
    assert "app secret" in caught.value.message
    assert "not-the-secret" not in str(caught.value)


async def test_missing_app_secret_says_so(http: AsyncClient, sim: SimServer) -> None:
    with pytest.raises(AuthError, match="not set"):
        await faq_client(http, sim, lambda: "").query_enabled_groups("lost card", "en_US")


async def test_query_one_group_returns_best_answer_and_similar(
    http: AsyncClient, sim: SimServer
) -> None:
    result = await faq_client(http, sim).query_group("How do I make a claim?", 10001)
    assert result.best is not None
    assert result.best.question == "How do I make a claim?"
    assert result.best.group_name == "Insurance"
    assert result.best.group_id == 10001
    assert "claim form" in result.best.answer
    assert 0 < result.best.prob <= 1
    assert result.similar
    assert all(m.group_id == 10001 for m in result.similar)
    assert all(m.prob <= result.best.prob for m in result.similar)


async def test_query_one_group_stays_in_that_group(http: AsyncClient, sim: SimServer) -> None:
    result = await faq_client(http, sim).query_group("lost card", 10003)
    assert result.best is not None
    assert result.best.group_id == 10003
    assert "SIM" in result.best.question


async def test_query_across_groups_finds_the_right_group(http: AsyncClient, sim: SimServer) -> None:
    client = faq_client(http, sim)
    banking = await client.query_enabled_groups("my card was kept by the ATM", "en_US")
    telecom = await client.query_enabled_groups("宽带网速很慢", "zh_CN")
    assert banking.best is not None
    assert banking.best.group_name == "Banking"
    assert telecom.best is not None
    assert telecom.best.group_name == "电信业务"


async def test_disabled_groups_are_not_searched_across_groups(
    http: AsyncClient, sim: SimServer
) -> None:
    client = faq_client(http, sim)
    across = await client.query_enabled_groups("spring promotion double data", "en_US")
    direct = await client.query_group("spring promotion double data", 10008)
    assert across.best is None or across.best.group_id != 10008
    assert direct.best is not None
    assert direct.best.group_id == 10008


async def test_unrelated_sentence_has_no_match(http: AsyncClient, sim: SimServer) -> None:
    result = await faq_client(http, sim).query_enabled_groups("pizza recipe", "en_US")
    assert result.best is None
    assert not result.matched
    assert result.similar == ()


async def test_groups_are_listed_across_pages(http: AsyncClient, sim: SimServer) -> None:
    client = faq_client(http, sim)
    groups = await client.groups("en_US", page_size=2)
    names = [g.name for g in groups]
    assert names == ["Insurance", "Telecom", "Banking", "General", "Spring promotion 2025"]
    assert [g.enabled for g in groups][-1] is False
    assert groups[0].amount == 30
    page = await client.group_page("zh_CN", page=2, page_size=3)
    assert page.total == 4
    assert [g.name for g in page.groups] == ["通用问题"]


async def test_added_faq_is_found_by_a_query(http: AsyncClient, sim: SimServer) -> None:
    client = faq_client(http, sim)
    await client.create(
        NewFaq(
            group_id=10005,
            question="How do I order a chequebook?",
            answer="Order one in the app under Cards, Chequebook; it arrives within 5 days.",
            similar_questions=("Request new cheques",),
            keywords=("chequebook",),
        )
    )
    result = await client.query_group("request new cheques", 10005)
    assert result.best is not None
    assert result.best.question == "How do I order a chequebook?"
    assert result.best.answer.startswith("Order one in the app")


async def test_create_refused_by_the_server_is_a_service_error(
    http: AsyncClient, sim: SimServer
) -> None:
    client = faq_client(http, sim)
    with pytest.raises(ServiceError) as caught:
        await client.create(NewFaq(group_id=99999, question="Q?", answer="A."))
    assert caught.value.code == "10003"
    assert "99999" in caught.value.server_text
    assert caught.value.message == "The FAQ service refused the request."


async def test_create_checks_documented_limits_before_sending(
    http: AsyncClient, sim: SimServer
) -> None:
    client = faq_client(http, sim)
    with pytest.raises(ValueError, match="keyword"):
        await client.create(NewFaq(10001, "Q?", "A.", keywords=("a|b",)))
    stats = await control(http, sim, "stats")
    assert stats["tokens_issued"] == 0


async def test_unknown_group_query_is_a_service_error(http: AsyncClient, sim: SimServer) -> None:
    with pytest.raises(ServiceError) as caught:
        await faq_client(http, sim).query_group("lost card", 4242)
    assert not isinstance(caught.value, AuthError)
    assert caught.value.endpoint == "faq/testOneGroup"


async def test_unreachable_service_is_a_transport_error(http: AsyncClient) -> None:
    server = SimServer()
    await server.start()
    url = server.url
    await server.stop()
    with pytest.raises(TransportError):
        await FaqClient(http, url, TENANT, SECRET).query_enabled_groups("x", "en_US")


async def test_base_url_may_include_the_api_path(http: AsyncClient, sim: SimServer) -> None:
    client = FaqClient(http, f"{sim.url}/oifde/rest/api/", TENANT, SECRET)
    result = await client.query_enabled_groups("lost card", "en_US")
    assert result.best is not None


# ---- a misbehaving server: malformed and error bodies ---------------------------------------


@pytest.fixture
async def odd_server() -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """A tiny server whose FAQ answer is whatever the test puts in ``replies``."""
    replies: dict[str, Any] = {"status": 200, "body": "{}", "content_type": "application/json"}

    async def gettoken(request: web.Request) -> web.Response:
        return web.json_response({"errorCode": "0", "authToken": "t0k3n", "expireTime": "3600"})

    async def answer(request: web.Request) -> web.Response:
        return web.Response(
            status=replies["status"], text=replies["body"], content_type=replies["content_type"]
        )

    app = web.Application()
    app.router.add_post("/oifde/rest/api/gettoken", gettoken)
    app.router.add_post("/oifde/rest/api/faq/testOneGroup", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", replies
    await runner.cleanup()


async def test_html_error_page_is_a_protocol_error(
    http: AsyncClient, odd_server: tuple[str, dict[str, Any]]
) -> None:
    url, replies = odd_server
    replies.update(
        status=502, body="<html><body>Bad gateway</body></html>", content_type="text/html"
    )
    with pytest.raises(ProtocolError, match=r"internal error|web page"):
        await FaqClient(http, url, TENANT, SECRET).query_group("x", 1)


async def test_answer_of_the_wrong_shape_is_a_protocol_error(
    http: AsyncClient, odd_server: tuple[str, dict[str, Any]]
) -> None:
    url, replies = odd_server
    replies.update(body=json.dumps({"answer": ["not", "an", "object"]}))
    with pytest.raises(ProtocolError, match="unexpected shape"):
        await FaqClient(http, url, TENANT, SECRET).query_group("x", 1)


async def test_error_wrapper_with_numeric_code_is_a_service_error(
    http: AsyncClient, odd_server: tuple[str, dict[str, Any]]
) -> None:
    url, replies = odd_server
    replies.update(body=json.dumps({"errorCode": 500123, "errorMsg": "group is busy"}))
    with pytest.raises(ServiceError) as caught:
        await FaqClient(http, url, TENANT, SECRET).query_group("x", 1)
    assert caught.value.code == "500123"
    assert "group is busy" in str(caught.value)


async def test_token_refused_twice_gives_up_with_an_auth_error(
    http: AsyncClient, odd_server: tuple[str, dict[str, Any]]
) -> None:
    url, replies = odd_server
    replies.update(status=401, body=json.dumps({"errorCode": "x", "errorMsg": "token expired"}))
    with pytest.raises(AuthError) as caught:
        await FaqClient(http, url, TENANT, SECRET).query_group("x", 1)
    assert "t0k3n" not in str(caught.value)


async def test_wrapped_success_with_string_code_is_parsed(
    http: AsyncClient, odd_server: tuple[str, dict[str, Any]]
) -> None:
    url, replies = odd_server
    body = {
        "errorCode": "0",
        "errorMsg": "",
        "answer": {
            "faqGroupId": "10000",
            "faqGroupName": "保险咨询",
            "faqId": 10039,
            "question": "什么是寿险?",
            "answers": ["人寿保险是人身保险的一种。"],
            "prob": 121.11094785672965,
        },
    }
    replies.update(body=json.dumps(body, ensure_ascii=False))
    result = await FaqClient(http, url, TENANT, SECRET).query_group("什么是守护人寿险", 10000)
    assert result.best is not None
    assert result.best.group_id == 10000
    assert result.best.prob == pytest.approx(121.11094785672965)
    assert result.similar == ()


# ---- wiring from the profile and the secret store -------------------------------------------


async def test_factory_builds_a_client_that_reads_the_secret_from_the_store(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    config = FaqConfig(url=sim.url, tenant_id=TENANT, group_id="10001", language="en")
    client = clients.faq_client(http, Profile(faq=config), MemoryStore({FAQ_APP_SECRET: SECRET}))
    service = build_faq_service(client, config, cache_path=tmp_path / "c.sqlite3")
    assert service.configured
    assert service.group_id == 10001
    outcome = await service.query("How do I make a claim?", service.group_id)
    assert outcome.result.best is not None
    assert outcome.result.best.group_id == 10001
    await service.aclose()


async def test_factory_without_faq_section_gives_no_client(http: AsyncClient) -> None:
    assert clients.faq_client(http, Profile(), MemoryStore()) is None


async def test_service_answers_from_the_cache_when_the_service_is_down(
    http: AsyncClient, tmp_path: Path
) -> None:
    server = SimServer()
    await server.start()
    store = MemoryStore({FAQ_APP_SECRET: SECRET})
    config = FaqConfig(url=server.url, tenant_id=TENANT)
    client = clients.faq_client(http, Profile(faq=config), store)
    service = build_faq_service(client, config, cache_path=tmp_path / "c.sqlite3")
    live = await service.query("信用卡怎么提额")
    await service.settle()
    await server.stop()
    cached = await service.query("信用卡提额")
    assert not live.cached
    assert cached.cached
    assert isinstance(cached.error, TransportError)
    assert live.result.best is not None
    assert cached.result.best is not None
    assert cached.result.best.faq_id == live.result.best.faq_id
    await service.aclose()
