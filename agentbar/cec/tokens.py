"""C1 Bearer tokens from ``tokenByAkSk``, cached and refreshed.

Huawei CEC, C1 authentication: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0002.html

:class:`TokenByAkSk` fetches an ``AccessToken`` with the app key and secret, keeps it until
shortly before it expires and fetches a new one when a server refuses it. :class:`BearerAuth` is
the ``httpx2.Auth`` that puts it on a request (``Authorization: Bearer <token>``) and, on an
HTTP 401, refreshes the token once and sends the request again. The token never appears in a
log, a ``repr`` or an error message.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from dataclasses import dataclass, field
from typing import TypeVar

from agentbar.cec._http import AsyncClient, Auth, Request, Response, json_object, send
from agentbar.cec.errors import AuthError, ProtocolError

TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"
ENDPOINT = "tokenByAkSk"

# The documented maximum lifetime is 3600 s; we ask for 600 s like the documents' example.
DEFAULT_LIFETIME = 600
# Renew this long before expiry so a request sent just before it does not arrive just after it.
REFRESH_MARGIN = 60.0

_T = TypeVar("_T")

SecretSource = str | Callable[[], Awaitable[str | None]] | Callable[[], str | None]


@dataclass(frozen=True, slots=True)
class Token:
    """A token and when to fetch the next one (``clock`` time, shortly before it expires)."""

    value: str = field(repr=False)
    refresh_at: float


class TokenCache:
    """One cached token for a client: fetched on first use and again when it is due, and
    forgotten when a server refuses it, unless another request has already replaced it.

    Used by the tokenByAkSk provider, the work-order client and the FAQ client, which fetch
    their tokens in different ways but keep them the same way.
    """

    def __init__(self, fetch: Callable[[], Awaitable[Token]], clock: Callable[[], float]) -> None:
        self._fetch = fetch
        self._clock = clock
        self._token: Token | None = None
        self._lock = asyncio.Lock()  # one fetch at a time; the others wait for its token

    async def get(self) -> str:
        """A token valid for at least the refresh margin, fetched if needed."""
        async with self._lock:
            if self._token is None or self._clock() >= self._token.refresh_at:
                self._token = await self._fetch()
            return self._token.value

    def forget(self, refused: str) -> None:
        """Forget ``refused`` so the next :meth:`get` fetches anew (unless already replaced)."""
        if self._token is not None and self._token.value == refused:
            self._token = None

    async def call(self, send: Callable[[str], Awaitable[_T]]) -> _T:
        """``send`` with the token; when it raises :class:`AuthError` (the token was refused),
        once more with a new token."""
        token = await self.get()
        try:
            return await send(token)
        except AuthError:
            self.forget(token)
        return await send(await self.get())


async def resolve_secret(source: SecretSource, missing_message: str, endpoint: str) -> str:
    """The secret itself, read from ``source`` only when it is needed (keyring reads are slow).

    ``missing_message`` is the whole sentence shown when it is not set: a literal, so that
    ``packaging/resources.py`` finds it for translation.
    """
    if isinstance(source, str):
        value: object = source
    else:
        value = source()
        if inspect.isawaitable(value):
            value = await value
    if not isinstance(value, str) or not value:
        raise AuthError(missing_message, endpoint=endpoint)
    return value


class TokenByAkSk:
    """A tokenByAkSk token provider for one app key on one API gateway (``base_url``)."""

    def __init__(
        self,
        http: AsyncClient,
        base_url: str,
        app_key: str,
        app_secret: SecretSource,
        *,
        lifetime: int = DEFAULT_LIFETIME,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self.url = base_url.rstrip("/") + TOKEN_PATH
        self.app_key = app_key
        self._app_secret = app_secret
        self.lifetime = lifetime
        self._clock = clock
        self._cache = TokenCache(self._fetch, clock)
        self.fetches = 0

    def __repr__(self) -> str:
        return f"TokenByAkSk(url={self.url!r}, app_key={self.app_key!r})"

    async def token(self) -> str:
        """A token that is valid for at least the refresh margin, fetched if needed."""
        return await self._cache.get()

    def invalidate(self, refused: str) -> None:
        """Forget ``refused`` so the next :meth:`token` fetches anew (unless already replaced)."""
        self._cache.forget(refused)

    async def _fetch(self) -> Token:
        secret = await resolve_secret(
            self._app_secret,
            missing_message="The quality inspection app secret is not set. Add it in the settings.",
            endpoint=ENDPOINT,
        )
        body = json.dumps({"app_key": self.app_key, "app_secret": secret}).encode("utf-8")
        response = await send(
            self._http,
            "POST",
            self.url,
            endpoint=ENDPOINT,
            headers={"Content-Type": "application/json", "X-Token-Expire": str(self.lifetime)},
            content=body,
        )
        self.fetches += 1
        if response.status_code in (400, 401, 403):
            raise AuthError(
                "The API gateway refused the app key or secret. Check them in the settings.",
                endpoint=ENDPOINT,
                code=f"HTTP {response.status_code}",
                server_text=_safe_text(response.content),
            )
        data = json_object(response, ENDPOINT)
        value = data.get("AccessToken")
        if not isinstance(value, str) or not value:
            raise ProtocolError(
                "The API gateway sent no access token.",
                endpoint=ENDPOINT,
                code=f"HTTP {response.status_code}",
                server_text=", ".join(sorted(str(k) for k in data)),
            )
        lifetime = _seconds(data.get("Expires"), float(self.lifetime))
        margin = min(REFRESH_MARGIN, lifetime / 10)
        return Token(value, self._clock() + lifetime - margin)


def _seconds(raw: object, default: float) -> float:
    # Expires arrives as a string ("600") in the documents; accept a number too.
    if isinstance(raw, bool):
        return default
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            return default
    else:
        return default
    return value if value > 0 else default


def _safe_text(body: bytes) -> str:
    # An error body never carries the token (there is none yet), but keep it short.
    return body[:200].decode("utf-8", "replace")


class BearerAuth(Auth):
    """``Authorization: Bearer <token>`` from a provider; one refresh and resend on HTTP 401."""

    def __init__(self, provider: TokenByAkSk) -> None:
        self.provider = provider

    def __repr__(self) -> str:
        return f"BearerAuth({self.provider!r})"

    def sync_auth_flow(self, request: Request) -> Generator[Request, Response, None]:
        raise RuntimeError("BearerAuth fetches tokens asynchronously; use an AsyncClient")
        yield request  # pragma: no cover - makes this a generator

    async def async_auth_flow(self, request: Request) -> AsyncGenerator[Request, Response]:
        token = await self.provider.token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            self.provider.invalidate(token)
            token = await self.provider.token()
            request.headers["Authorization"] = f"Bearer {token}"
            yield request
