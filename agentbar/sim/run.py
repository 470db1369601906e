"""Runs the simulator in the foreground until SIGINT or SIGTERM (``agentbar sim``).

As the demo's child process it also ends when its parent does: the parent holds the write end of
the child's stdin, which closes however the parent ends (quit, crash, SIGKILL).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import ssl
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from agentbar.sim.server import SimServer, SimSettings

DEFAULT_HOST = "127.0.0.1"


def tls_context(cert: str, key: str | None) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@dataclass(frozen=True)
class Listen:
    """Where to listen: ``host:port``, or a socket a parent process bound and handed over."""

    host: str = DEFAULT_HOST
    port: int = 0
    fd: int | None = None  # an inherited, listening socket's file descriptor (POSIX)


def serve(
    listen: Listen,
    settings: SimSettings,
    tls_cert: str | None,
    tls_key: str | None,
    *,
    on_listening: Callable[[str], None],
    exit_with_parent: bool = False,
) -> None:
    """Listen and block until a signal (or, with ``exit_with_parent``, until stdin closes).

    Prints nothing: ``on_listening`` gets the base URL once the socket is bound, so the caller can
    make it the first line of its output.
    """
    context = tls_context(tls_cert, tls_key) if tls_cert else None
    asyncio.run(_serve(listen, settings, context, on_listening, exit_with_parent))


async def _serve(
    listen: Listen,
    settings: SimSettings,
    context: ssl.SSLContext | None,
    on_listening: Callable[[str], None],
    exit_with_parent: bool,
) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):
            # Windows: no loop signal handlers; a plain handler hands the signal to the loop.
            signal.signal(signum, lambda *_: loop.call_soon_threadsafe(stop.set))
    if exit_with_parent:
        watch_parent(lambda: _set_from_thread(loop, stop))
    server = SimServer(settings)
    sock = socket.socket(fileno=listen.fd) if listen.fd is not None else None
    url = await server.start(listen.host or DEFAULT_HOST, listen.port, context, sock=sock)
    try:
        on_listening(url)
        await stop.wait()
    finally:
        await server.stop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)


def _set_from_thread(loop: asyncio.AbstractEventLoop, event: asyncio.Event) -> None:
    with contextlib.suppress(RuntimeError):  # the loop may have closed already
        loop.call_soon_threadsafe(event.set)


def watch_parent(stop: Callable[[], None]) -> None:
    """Call ``stop`` once stdin reaches its end: the parent that holds its other end is gone."""
    if sys.platform.startswith("linux"):
        _die_with_parent()

    def wait() -> None:
        # os.read, not sys.stdin: a thread blocked in the buffered reader holds its lock, and
        # the interpreter aborts at exit when it cannot take it ("_enter_buffered_busy").
        try:
            fd = sys.stdin.fileno() if sys.stdin is not None else -1
            while fd >= 0 and os.read(fd, 4096):
                pass
        except (OSError, ValueError):
            pass
        stop()

    threading.Thread(target=wait, name="agentbar-sim-parent", daemon=True).start()


def _die_with_parent() -> None:
    """Linux: SIGTERM to this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    import ctypes

    pr_set_pdeathsig = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the stdin watch still ends the child
