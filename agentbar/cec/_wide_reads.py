"""A network backend for httpcore that reads the socket in pieces of up to 256 KiB.

httpcore asks its network stream for 64 KiB at a time, while asyncio's transport hands over up to
256 KiB per ``recv``. anyio then cuts each 256 KiB piece into four, copying the rest of the piece
on every cut, and every read pays for a resume/pause of the transport. For a large body (a 30 MiB
recording) that cost more CPU than everything else: measured on the 2-core benchmark machine, a
30 MiB body streamed and thrown away took ~65 ms of CPU with 64 KiB reads and ~40 ms with these.

Asking for more than httpcore asked is safe: HTTP/1.1 is parsed by h11, which keeps whatever
arrives past the current event for the next one, and TLS streams return at most what was asked.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

# asyncio's selector transport reads at most 256 KiB per recv (``max_size``); asking for as much
# hands each of its pieces over whole.
READ_SIZE = 256 * 1024

SocketOption = Any  # httpcore's SOCKET_OPTION union, which it does not export


class WideReadBackend(httpcore.AsyncNetworkBackend):
    """Wraps another backend; the streams it opens read at least :data:`READ_SIZE` at a time."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return WideReadStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_unix_socket(path, timeout, socket_options)
        return WideReadStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class WideReadStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
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
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return WideReadStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)
