"""The one token cache behind the tokenByAkSk, work-order and FAQ clients."""

from __future__ import annotations

import asyncio

import pytest

from agentbar.cec.errors import AuthError
from agentbar.cec.tokens import Token, TokenCache


class Issuer:
    """Hands out tok-1, tok-2 … each valid for 100 s of a clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0
        self.issued = 0

    async def fetch(self) -> Token:
        await asyncio.sleep(0)  # a real fetch yields to other requests
        self.issued += 1
        return Token(f"tok-{self.issued}", self.now + 100)

    def cache(self) -> TokenCache:
        return TokenCache(self.fetch, lambda: self.now)


async def test_concurrent_requests_share_one_fetch_and_it_is_fetched_again_when_due() -> None:
    issuer = Issuer()
    cache = issuer.cache()
    assert await asyncio.gather(*(cache.get() for _ in range(5))) == ["tok-1"] * 5
    issuer.now = 99.9
    assert await cache.get() == "tok-1"
    issuer.now = 100.0
    assert await cache.get() == "tok-2"
    assert issuer.issued == 2


async def test_forget_drops_only_the_refused_token() -> None:
    issuer = Issuer()
    cache = issuer.cache()
    assert await cache.get() == "tok-1"
    cache.forget("tok-1")
    assert await cache.get() == "tok-2"
    cache.forget("tok-1")  # refused late, by a request that still had the old one
    assert await cache.get() == "tok-2"


async def test_call_retries_once_with_a_new_token_when_the_first_is_refused() -> None:
    issuer = Issuer()
    cache = issuer.cache()
    sent: list[str] = []

    async def refused_once(token: str) -> str:
        sent.append(token)
        if len(sent) == 1:
            raise AuthError("refused", endpoint="x")
        return f"ok with {token}"

    assert await cache.call(refused_once) == "ok with tok-2"
    assert sent == ["tok-1", "tok-2"]


async def test_call_gives_up_after_the_second_refusal() -> None:
    issuer = Issuer()
    cache = issuer.cache()
    sent: list[str] = []

    async def always_refused(token: str) -> str:
        sent.append(token)
        raise AuthError(f"refused {token}", endpoint="x")

    with pytest.raises(AuthError, match="refused tok-2"):
        await cache.call(always_refused)
    assert sent == ["tok-1", "tok-2"]


def test_the_token_value_is_not_in_its_repr() -> None:
    assert "secret-value" not in repr(Token("secret-value", 1.0))
