"""The one place that imports httpx2: client factory, TLS context, request sending, JSON parsing.

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

import httpx2

from agentbar import __version__
from agentbar.cec import _wide_reads
from agentbar.cec.errors import ProtocolError, TlsError, TransportError

AsyncClient = httpx2.AsyncClient
Response = httpx2.Response
Request = httpx2.Request
Auth = httpx2.Auth
Timeout = httpx2.Timeout
HTTPError = httpx2.HTTPError

USER_AGENT = f"agentbar/{__version__}"

# Ordinary calls: the gateway answers in milliseconds on a LAN; 10 s total leaves room for a slow
# WAN without freezing a pending button for long. The event poll overrides `read` (see gateway.py).
DEFAULT_TIMEOUT = httpx2.Timeout(10.0, connect=5.0)


@dataclass(frozen=True, slots=True)
class TlsSettings:
    """How to verify servers: a CA bundle path (empty = system store) and whether to verify."""

    ca_bundle: str = ""
    verify: bool = True


def ssl_context(tls: TlsSettings) -> ssl.SSLContext | bool:
    """The ``verify=`` argument for httpx2; ``False`` only when the user turned verification off."""
    if not tls.verify:
        return False
    if tls.ca_bundle:
        return ssl.create_default_context(cafile=tls.ca_bundle)
    return ssl.create_default_context()


def build_client(
    tls: TlsSettings | None = None,
    *,
    timeout: httpx2.Timeout = DEFAULT_TIMEOUT,
    max_connections: int = 20,
    wide_reads: bool = True,
) -> httpx2.AsyncClient:
    """One shared client for all CEC services of a profile (connection pool, TLS, user agent).

    ``wide_reads=False`` leaves httpcore2's 64 KiB reads alone; only the download benchmark asks.
    """
    limits = httpx2.Limits(max_connections=max_connections, max_keepalive_connections=10)
    return httpx2.AsyncClient(
        transport=_TlsOnFirstUse(tls or TlsSettings(), limits, wide_reads=wide_reads),
        timeout=timeout,
        headers={"User-Agent": USER_AGENT},
        # Proxies from the environment would silently route loopback and LAN gateways through
        # a corporate proxy; the gateway is always reached directly.
        trust_env=False,
        follow_redirects=False,
    )


def _transport(
    verify: ssl.SSLContext | bool, limits: httpx2.Limits, *, wide_reads: bool = True
) -> httpx2.AsyncHTTPTransport:
    transport = httpx2.AsyncHTTPTransport(verify=verify, limits=limits, trust_env=False)
    if wide_reads:
        # Large bodies read in 256 KiB pieces, not httpcore2's 64 KiB (see _wide_reads). If an
        # httpx2 upgrade moves what it wraps, one warning says so and reads stay at 64 KiB.
        _wide_reads.install(transport)
    return transport


class _TlsSetupError(httpx2.ConnectError):
    """The TLS context could not be built (a CA bundle that is not PEM, or no longer there)."""


class _TlsOnFirstUse(httpx2.AsyncBaseTransport):
    """Sends ``http://`` requests without any TLS set-up; builds the ``https://`` side on its first
    request, with the same verification as always (:func:`ssl_context`).

    A verifying context reads the whole CA store: about 30 ms and 2 MB with OpenSSL 3, paid at
    start-up by every profile before. A plain-http gateway (the demo's simulator, a lab) never
    needs it. The http side's pool gets a context that verifies against no CA at all; it only
    ever sees http URLs, and were that to change it would refuse every certificate.
    """

    def __init__(self, tls: TlsSettings, limits: httpx2.Limits, *, wide_reads: bool = True) -> None:
        self._tls = tls
        self._limits = limits
        self._wide_reads = wide_reads
        self._plain = _transport(
            ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), limits, wide_reads=wide_reads
        )
        self._secure: httpx2.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
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
                self._secure = _transport(context, self._limits, wide_reads=self._wide_reads)
        return await self._secure.handle_async_request(request)

    async def aclose(self) -> None:
        try:
            await self._plain.aclose()
        finally:
            if self._secure is not None:
                await self._secure.aclose()


async def send(
    client: httpx2.AsyncClient,
    method: str,
    url: str,
    *,
    endpoint: str,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    content: bytes | None = None,
    timeout: httpx2.Timeout | None = None,
    auth: httpx2.Auth | None = None,
) -> httpx2.Response:
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
    except httpx2.TimeoutException as exc:
        raise TransportError(
            "The server did not answer in time. Check the network and try again.",
            endpoint=endpoint,
            server_text=type(exc).__name__,
        ) from None
    except httpx2.ConnectError as exc:
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
    except (httpx2.TransportError, httpx2.DecodingError) as exc:
        raise TransportError(
            "The connection to the server was lost. Check the network and try again.",
            endpoint=endpoint,
            server_text=type(exc).__name__,
        ) from None
    except httpx2.InvalidURL as exc:
        raise TransportError(
            "The server address is not a valid URL. Check the settings.",
            endpoint=endpoint,
            server_text=_short(exc),
        ) from None


def json_object(response: httpx2.Response, endpoint: str) -> dict[str, Any]:
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


def _not_json_message(response: httpx2.Response) -> str:
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
