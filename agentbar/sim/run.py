"""Runs the simulator in the foreground until SIGINT or SIGTERM (``agentbar sim``)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import ssl
from collections.abc import Callable

from agentbar.sim.server import SimServer, SimSettings

DEFAULT_HOST = "127.0.0.1"


def tls_context(cert: str, key: str | None) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def serve(
    host: str,
    port: int,
    settings: SimSettings,
    tls_cert: str | None,
    tls_key: str | None,
    *,
    on_listening: Callable[[str], None],
) -> None:
    """Listen on ``host:port`` (loopback when ``host`` is empty) and block until a signal.

    Prints nothing: ``on_listening`` gets the base URL once the socket is bound, so the caller can
    make it the first line of its output.
    """
    context = tls_context(tls_cert, tls_key) if tls_cert else None
    asyncio.run(_serve(host or DEFAULT_HOST, port, settings, context, on_listening))


async def _serve(
    host: str,
    port: int,
    settings: SimSettings,
    context: ssl.SSLContext | None,
    on_listening: Callable[[str], None],
) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):
            # Windows: no loop signal handlers; a plain handler hands the signal to the loop.
            signal.signal(signum, lambda *_: loop.call_soon_threadsafe(stop.set))
    server = SimServer(settings)
    url = await server.start(host, port, context)
    try:
        on_listening(url)
        await stop.wait()
    finally:
        await server.stop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
