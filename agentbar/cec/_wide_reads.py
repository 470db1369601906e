"""A network backend for httpcore2 that reads the socket in pieces of up to 256 KiB.

httpcore2 (under httpx2, as httpcore was under httpx) asks its network stream for 64 KiB at a
time, while asyncio's transport hands over up to 256 KiB per ``recv``. anyio then cuts each
256 KiB piece into four, copying the rest of the piece on every cut, and every read pays for a
resume/pause of the transport. For a large body (a 30 MiB recording) that cost more CPU than
everything else: measured on the 2-core benchmark machine, a 30 MiB body streamed and thrown away
took ~65 ms of CPU with 64 KiB reads and ~40 ms with these. Measured again with httpx2 2.17
(tests/perf/README.md, "Download"): without these reads the download misses the ≥ 0.8× curl
target (median of the per-run ratios 0.61–0.72); with them it meets it.

Asking for more than httpcore2 asked is safe: HTTP/1.1 is parsed by h11, which keeps whatever
arrives past the current event for the next one, and TLS streams return at most what was asked.

httpx2 takes no network backend, so :func:`install` swaps the one its transport's pool holds, a
private attribute. If a release moves it, downloads still work with 64 KiB reads: one warning
per process says so ("wide reads unavailable: …"), and tests/integration/test_wide_reads.py
fails.

When this module can go: once httpcore2 reads at least 256 KiB at a time (its HTTP/1.1
connection's ``READ_NUM_BYTES``, 64 KiB in 2.17) or httpx2 lets a caller choose the read size or
the network backend. Then run ``python -m tests.perf.bench_download --compare-wide-reads`` and
drop this module if the figures without it meet the target.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore2

log = logging.getLogger(__name__)

# asyncio's selector transport reads at most 256 KiB per recv (``max_size``); asking for as much
# hands each of its pieces over whole.
READ_SIZE = 256 * 1024

SocketOption = Any  # httpcore2's SOCKET_OPTION union, which it does not export

_warned = False


def install(transport: object) -> bool:
    """Make the pool of an ``httpx2.AsyncHTTPTransport`` read through :class:`WideReadBackend`.

    False, after one warning per process, when the transport no longer keeps its pool's network
    backend where this looks (``_pool._network_backend``): reads then stay at httpcore2's 64 KiB.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, WideReadBackend):
        return True
    if not isinstance(backend, httpcore2.AsyncNetworkBackend):
        where = f"{type(transport).__name__}._pool"
        if pool is None:
            _warn_once(f"{where} is missing")
        else:
            _warn_once(f"{where}._network_backend is {type(backend).__name__}, not a backend")
        return False
    pool._network_backend = WideReadBackend(backend)  # type: ignore[union-attr]
    return True


def _warn_once(reason: str) -> None:
    global _warned
    if _warned:
        return
    _warned = True
    log.warning(
        "wide reads unavailable: %s; large downloads read 64 KiB at a time and use more CPU "
        "(an httpx2/httpcore2 upgrade moved what agentbar/cec/_wide_reads.py wraps)",
        reason,
    )


class WideReadBackend(httpcore2.AsyncNetworkBackend):
    """Wraps another backend; the streams it opens read at least :data:`READ_SIZE` at a time."""

    def __init__(self, inner: httpcore2.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return WideReadStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        stream = await self._inner.connect_unix_socket(path, timeout, socket_options)
        return WideReadStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class WideReadStream(httpcore2.AsyncNetworkStream):
    def __init__(self, inner: httpcore2.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max(max_bytes, READ_SIZE), timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        stream = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return WideReadStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)
