"""The one place that imports httpx: client factory, TLS context, request sending, JSON parsing.

Every service module sends through :func:`send` and reads bodies through :func:`json_object`, so a
refused connection, a timeout, an HTML error page or malformed JSON turns into the same
:class:`~agentbar.cec.errors.CecError` subclasses everywhere, and a move to another HTTP library is
a change to this file only.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from agentbar import __version__
from agentbar.cec._wide_reads import WideReadBackend
from agentbar.cec.errors import ProtocolError, TlsError, TransportError

AsyncClient = httpx.AsyncClient
Response = httpx.Response
Request = httpx.Request
Auth = httpx.Auth
Timeout = httpx.Timeout
HTTPError = httpx.HTTPError

USER_AGENT = f"agentbar/{__version__}"

# Ordinary calls: the gateway answers in milliseconds on a LAN; 10 s total leaves room for a slow
# WAN without freezing a pending button for long. The event poll overrides `read` (see events.py).
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass(frozen=True, slots=True)
class TlsSettings:
    """How to verify servers: a CA bundle path (empty = system store) and whether to verify."""

    ca_bundle: str = ""
    verify: bool = True


def ssl_context(tls: TlsSettings) -> ssl.SSLContext | bool:
    """The ``verify=`` argument for httpx; ``False`` only when the user turned verification off."""
    if not tls.verify:
        return False
    if tls.ca_bundle:
        return ssl.create_default_context(cafile=tls.ca_bundle)
    return ssl.create_default_context()


def build_client(
    tls: TlsSettings | None = None,
    *,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    max_connections: int = 20,
) -> httpx.AsyncClient:
    """One shared client for all CEC services of a profile (connection pool, TLS, user agent)."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=10)
    return httpx.AsyncClient(
        transport=_TlsOnFirstUse(tls or TlsSettings(), limits),
        timeout=timeout,
        headers={"User-Agent": USER_AGENT},
        # Proxies from the environment would silently route loopback and LAN gateways through
        # a corporate proxy; the gateway is always reached directly.
        trust_env=False,
        follow_redirects=False,
    )


def _transport(verify: ssl.SSLContext | bool, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits, trust_env=False)
    # httpx takes no network backend; its pool keeps the one it chose, wrapped here so large
    # bodies are read in wide pieces (see _wide_reads). tests/integration/test_wide_reads.py
    # fails if an httpx upgrade moves these attributes.
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = WideReadBackend(backend)  # type: ignore[union-attr]
    return transport


class _TlsSetupError(httpx.ConnectError):
    """The TLS context could not be built (a CA bundle that is not PEM, or no longer there)."""


class _TlsOnFirstUse(httpx.AsyncBaseTransport):
    """Sends ``http://`` requests without any TLS set-up; builds the ``https://`` side on its first
    request, with the same verification as always (:func:`ssl_context`).

    A verifying context reads the whole CA store: about 30 ms and 2 MB with OpenSSL 3, paid at
    start-up by every profile before. A plain-http gateway (the demo's simulator, a lab) never
    needs it. The http side's pool gets a context that verifies against no CA at all; it only
    ever sees http URLs, and were that to change it would refuse every certificate.
    """

    def __init__(self, tls: TlsSettings, limits: httpx.Limits) -> None:
        self._tls = tls
        self._limits = limits
        self._plain = _transport(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), limits)
        self._secure: httpx.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme != "https":
            return await self._plain.handle_async_request(request)
        if self._secure is None:
            try:
                # Reads the CA store from disk: off the event loop.
                context = await asyncio.to_thread(ssl_context, self._tls)
            except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
                raise _TlsSetupError(
                    f"the TLS context could not be built: {exc}", request=request
                ) from exc
            if self._secure is None:  # another first request may have built it meanwhile
                self._secure = _transport(context, self._limits)
        return await self._secure.handle_async_request(request)

    async def aclose(self) -> None:
        try:
            await self._plain.aclose()
        finally:
            if self._secure is not None:
                await self._secure.aclose()


async def send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    endpoint: str,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    content: bytes | None = None,
    timeout: httpx.Timeout | None = None,
    auth: httpx.Auth | None = None,
) -> httpx.Response:
    """Send one request and read the whole body; transport failures become CecErrors."""
    extra: dict[str, Any] = {}
    if timeout is not None:
        extra["timeout"] = timeout
    if auth is not None:
        extra["auth"] = auth
    try:
        return await client.request(
            method, url, headers=headers, params=params, content=content, **extra
        )
    except httpx.TimeoutException as exc:
        raise TransportError(
            "The server did not answer in time. Check the network and try again.",
            endpoint=endpoint,
            server_text=type(exc).__name__,
        ) from None
    except httpx.ConnectError as exc:
        if _is_tls_failure(exc):
            raise TlsError(
                "The server's certificate could not be verified. Ask IT for the right CA bundle "
                "(tls.ca_bundle in the profile).",
                endpoint=endpoint,
                server_text=_short(exc),
            ) from None
        raise TransportError(
            "Cannot reach the server. Check the address and the network.",
            endpoint=endpoint,
            server_text=_short(exc),
        ) from None
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise TransportError(
            "The connection to the server was lost. Check the network and try again.",
            endpoint=endpoint,
            server_text=type(exc).__name__,
        ) from None
    except httpx.InvalidURL as exc:
        raise TransportError(
            "The server address is not a valid URL. Check the settings.",
            endpoint=endpoint,
            server_text=_short(exc),
        ) from None


def json_object(response: httpx.Response, endpoint: str) -> dict[str, Any]:
    """The body as a JSON object, or a ProtocolError that says what came instead."""
    body = response.content
    try:
        data = json.loads(body)
    # RecursionError: a body nested thousands deep ("[[[[…") overflows the decoder's stack.
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ProtocolError(
            _not_json_message(response),
            endpoint=endpoint,
            code=f"HTTP {response.status_code}",
            server_text=_body_excerpt(body),
        ) from None
    if not isinstance(data, dict):
        raise ProtocolError(
            "The server sent JSON of an unexpected shape.",
            endpoint=endpoint,
            code=f"HTTP {response.status_code}",
            server_text=_body_excerpt(body),
        )
    return data


def _not_json_message(response: httpx.Response) -> str:
    if response.status_code >= 500:
        return "The server reported an internal error. Try again later."
    text = response.content[:512].lstrip().lower()
    if text.startswith((b"<!doctype", b"<html", b"<")):
        return "The server sent a web page instead of data. Check the server address."
    if not response.content:
        return "The server sent an empty answer. Check the server address and try again."
    return "The server sent data that could not be read. Check the server address."


def _body_excerpt(body: bytes) -> str:
    return body[:200].decode("utf-8", "replace")


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (ssl.SSLError, _TlsSetupError)):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSL" in str(exc)


def _short(exc: BaseException) -> str:
    return str(exc)[:200] or type(exc).__name__
