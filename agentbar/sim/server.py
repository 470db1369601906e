"""Builds the simulator's aiohttp application and runs it, on the caller's loop or its own thread.

Each CEC service lives in its own module with a ``setup(app)`` function that adds its routes;
``SERVICE_MODULES`` lists them in the order they are set up. The simulator imports nothing from
``agentbar.cec``, ``agentbar.app`` or ``agentbar.ui``: it is a second, independent reading of the
Huawei documents.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import socket
import ssl
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from aiohttp import web

log = logging.getLogger(__name__)

GuidMode = Literal["static", "dynamic"]


@dataclass
class SimSettings:
    """Knobs of the simulated contact center; all durations in seconds.

    The defaults are the documented CC-Gateway defaults (GUIDINTERVAL 60000 ms, GUIDTIMEOUT
    120000 ms, sign-out after about 2 minutes without a poll, a poll held for up to 10 s).
    """

    guid_mode: GuidMode = "dynamic"
    guid_interval: float = 60.0
    guid_timeout: float = 120.0
    idle_signout: float = 120.0
    poll_hold: float = 10.0
    center_path: Path | None = None
    # --demo: ring each signed-in idle agent about this often (None: never on its own).
    demo_ring_every: float | None = None
    # --demo: how long the simulated customer talks before hanging up (min, max).
    demo_talk_time: tuple[float, float] = (20.0, 60.0)
    # How long the customer's phone rings before an outbound call (callout) connects.
    callout_answer_after: float = 1.0
    # Seconds added to the HTTP Date header of every response (a server clock that is off).
    date_skew: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)


SETTINGS_KEY = web.AppKey("settings", SimSettings)

# Modules under agentbar.sim that contribute routes; each has ``setup(app: web.Application)``.
SERVICE_MODULES: tuple[str, ...] = (
    "traffic",
    "faults",
    "gateway",
    "faq",
    "apig",
    "ccfs",
    "quality",
    "recordfile",
    "cases",
    "control",
    "clock",
)


@web.middleware
async def _client_gone(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """A client that hangs up in the middle of a request (an app quitting) is no server error."""
    try:
        return await handler(request)
    except ConnectionResetError:
        log.debug("the client went away during %s %s", request.method, request.path)
        # Nobody reads it: writing to the closed connection ends in aiohttp's quiet
        # "premature client disconnection" path instead of an error with a traceback.
        return web.Response(status=499)


def build_app(settings: SimSettings | None = None) -> web.Application:
    """A fresh simulator application with every service module's routes."""
    app = web.Application(client_max_size=64 * 1024 * 1024, middlewares=[_client_gone])
    app[SETTINGS_KEY] = settings or SimSettings()
    for name in SERVICE_MODULES:
        module = importlib.import_module(f"agentbar.sim.{name}")
        setup: Callable[[web.Application], None] = module.setup
        setup(app)
    return app


class SimServer:
    """Runs the simulator on the current asyncio loop."""

    def __init__(self, settings: SimSettings | None = None) -> None:
        self.settings = settings or SimSettings()
        self.app = build_app(self.settings)
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.port = 0

    async def start(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
        *,
        sock: socket.socket | None = None,
    ) -> str:
        """Listen and return the base URL (scheme, host and port, no path).

        ``sock``: serve on this socket, already bound and listening (a parent process made it
        and handed it over), instead of binding ``host:port``.
        """
        # shutdown_timeout is short: a long poll held for 10 s would otherwise hold up stop().
        self._runner = web.AppRunner(self.app, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site: web.BaseSite
        if sock is not None:
            site = web.SockSite(self._runner, sock, ssl_context=ssl_context)
        else:
            site = web.TCPSite(
                self._runner, host, port, ssl_context=ssl_context, reuse_address=True
            )
        await site.start()
        # The runner knows the bound addresses (aiohttp's BaseRunner.addresses).
        bound = self._runner.addresses[0]
        self.port = int(bound[1])
        if sock is not None:
            host = str(bound[0])
        scheme = "https" if ssl_context else "http"
        shown = f"[{host}]" if ":" in host else host
        self.url = f"{scheme}://{shown}:{self.port}"
        log.info("simulator listening on %s", self.url)
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


class SimThread:
    """Runs the simulator on its own thread and loop (``--demo``, GUI tests)."""

    def __init__(self, settings: SimSettings | None = None) -> None:
        self.settings = settings or SimSettings()
        self.url = ""
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: SimServer | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._error: BaseException | None = None

    def start(
        self, host: str = "127.0.0.1", port: int = 0, ssl_context: ssl.SSLContext | None = None
    ) -> str:
        self._thread = threading.Thread(
            target=self._run, args=(host, port, ssl_context), name="agentbar-sim", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("the simulator did not start within 15 s")
        if self._error is not None:
            raise RuntimeError(f"the simulator failed to start: {self._error}") from self._error
        return self.url

    @property
    def server(self) -> SimServer:
        assert self._server is not None
        return self._server

    def call(self, fn: Callable[[], object]) -> object:
        """Run ``fn`` on the simulator's loop and return its result (for tests and the demo)."""
        assert self._loop is not None
        done = threading.Event()
        box: list[object] = []

        def run() -> None:
            try:
                box.append(fn())
            finally:
                done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(10)
        return box[0] if box else None

    def stop(self) -> None:
        """Stop the server and join its thread; calling it again is a no-op."""
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None and not loop.is_closed():
            # The loop closes when the thread ends, which may happen between check and call.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopped.set)
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def _run(self, host: str, port: int, ssl_context: ssl.SSLContext | None) -> None:
        asyncio.run(self._main(host, port, ssl_context))

    async def _main(self, host: str, port: int, ssl_context: ssl.SSLContext | None) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        try:
            self._server = SimServer(self.settings)
            self.url = await self._server.start(host, port, ssl_context)
            self.port = self._server.port
        except BaseException as exc:  # noqa: BLE001 -- reported to the starting thread
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            await self._stopped.wait()
        finally:
            await self._server.stop()
