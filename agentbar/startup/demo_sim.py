"""The demo's simulator, run as a child process of this same program (``agentbar sim``).

Started first thing, before Qt is even imported, so it boots on the other core while the window
is built, and never competes with the window for the GIL afterwards. This module is plain Python:
the window learns about the child through ``on_exit``, called from a watcher thread.

The parent binds the listening socket itself and hands it to the child (POSIX), so the demo's
URL is known at once, is printed before anything else, and stays the same when the child is
restarted. The child ends with the parent: it watches its stdin, whose other end only the parent
holds, and on Linux also asks for SIGTERM when the parent dies (``agentbar/sim/run.py``).
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
# How often the simulator rings the demo agent on its own.
DEMO_RING_EVERY = 20.0
# Lines of the child's stderr kept to show when it fails.
TAIL_LINES = 12
# How long the child may take to answer with its URL before it counts as failed to start.
START_TIMEOUT = 20.0

ExitHandler = Callable[[int, list[str]], None]
# A routine line of the child's log ("2026-12-06 03:26:33,825 INFO aiohttp.access: …").
_ROUTINE = re.compile(r"^\S+ \S+ (DEBUG|INFO) ")


def sim_command(extra: list[str]) -> list[str]:
    """How this program starts itself as ``agentbar sim`` (from source or as the built binary)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "sim", *extra]
    return [sys.executable, "-m", "agentbar", "sim", *extra]


class DemoSimulator:
    """One child simulator at a time on a loopback address that outlives restarts."""

    def __init__(self, listener: socket.socket | None, port: int, ring_every: float | None) -> None:
        self._listener = listener  # None where sockets cannot be handed over (Windows)
        self.port = port
        self._ring_every = ring_every
        self.url = f"http://{HOST}:{port}"
        self._on_exit: ExitHandler | None = None
        self._exit: tuple[int, list[str]] | None = None  # an exit nobody was told of yet
        self._process: subprocess.Popen[bytes] | None = None
        self._tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        self._ready = threading.Event()
        self._stderr_read = threading.Event()
        self._stopping = False
        self._lock = threading.Lock()

    @classmethod
    def start(cls, *, ring_every: float | None = DEMO_RING_EVERY) -> DemoSimulator:
        """Bind the demo's address and start the child on it; returns at once."""
        listener: socket.socket | None = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        assert listener is not None
        listener.bind((HOST, 0))
        port = int(listener.getsockname()[1])
        if os.name == "posix":
            listener.listen(128)
            listener.set_inheritable(True)
        else:
            # Windows: the child binds the port itself. Between this close and its bind another
            # program could take the port; on loopback at start-up that is acceptable.
            listener.close()
            listener = None
        sim = cls(listener, port, ring_every)
        sim.spawn()
        return sim

    def watch(self, on_exit: ExitHandler) -> None:
        """Call ``on_exit(code, last stderr lines)`` (from a thread) when the child ends unasked;
        at once if it already has."""
        with self._lock:
            self._on_exit = on_exit
            missed, self._exit = self._exit, None
        if missed is not None:
            on_exit(*missed)

    # -- the child ----------------------------------------------------------------------------

    def spawn(self) -> None:
        """Start (or restart) the child on the demo's address."""
        with self._lock:
            self._stopping = False
            self._exit = None
            self._ready.clear()
            self._stderr_read.clear()
            self._tail.clear()
            options = ["--exit-with-parent"]
            if self._ring_every:
                options += ["--demo-ring", f"{self._ring_every:g}"]
            pass_fds: tuple[int, ...] = ()
            if self._listener is not None:
                options += ["--listen-fd", str(self._listener.fileno())]
                pass_fds = (self._listener.fileno(),)
            else:
                options += ["--host", HOST, "--port", str(self.port)]
            command = sim_command(options)
            log.info("starting the demo simulator: %s", " ".join(command))
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    pass_fds=pass_fds,
                )
            except OSError as exc:
                self._process = None
                self._tail.append(f"{command[0]}: {exc}")
                threading.Thread(target=self._report, args=(-1,), daemon=True).start()
                return
            self._process = process
        for target, name in (
            (self._read_stdout, "stdout"),
            (self._read_stderr, "stderr"),
            (self._wait, "wait"),
        ):
            threading.Thread(
                target=target, args=(process,), name=f"agentbar-demo-sim-{name}", daemon=True
            ).start()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def wait_ready(self, timeout: float = START_TIMEOUT) -> bool:
        """Block until the child announced its URL (True) or ``timeout`` passed or it died."""
        return self._ready.wait(timeout) and self.running()

    def tail(self) -> list[str]:
        """The last lines the child wrote to stderr (why it failed, usually)."""
        return list(self._tail)

    def stop(self, timeout: float = 3.0) -> None:
        """End the child (closing its stdin is enough; SIGTERM, then SIGKILL, if not)."""
        with self._lock:
            self._stopping = True
            process = self._process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                if process.stdin is not None:
                    process.stdin.close()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def close(self) -> None:
        """Stop the child and give up the demo's address."""
        self.stop()
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    # -- watcher threads ----------------------------------------------------------------------

    def _read_stdout(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            if raw.strip() and not self._ready.is_set():
                self._ready.set()  # the first line: the URL it serves (agentbar sim)

    def _read_stderr(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stderr is not None
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            if not line:
                continue
            log.debug("demo simulator: %s", line)
            # Its log's routine lines (every request, at INFO) would push out the error that
            # matters; warnings, errors and anything unformatted (a traceback) are kept.
            if not _ROUTINE.search(line[:60]):
                self._tail.append(line)
        self._stderr_read.set()

    def _wait(self, process: subprocess.Popen[bytes]) -> None:
        code = process.wait()
        self._stderr_read.wait(2.0)  # its last words, before they are reported
        if self._process is process:
            self._report(code)

    def _report(self, code: int) -> None:
        self._ready.set()  # nobody waits for a dead child
        with self._lock:
            if self._stopping:
                return
            on_exit = self._on_exit
            if on_exit is None:
                self._exit = (code, self.tail())
        log.warning("the demo simulator ended (exit code %s): %s", code, " | ".join(self._tail))
        if on_exit is not None:
            on_exit(code, self.tail())
