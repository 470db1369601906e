"""The desk: a private Xvfb screen, the real ``agentbar`` on it, and real X input (XTEST).

``desk_factory(...)`` starts a screen (1280×720, or 1920×1080 with ``QT_SCALE_FACTOR=1.5``) and
the program on it as a subprocess of its own process group, with its own HOME and XDG folders,
a file keyring (tests/desk/file_keyring.py) and the desk probe (agentbar/ui/window/desk_probe.py),
which writes what the window shows to a JSON file. Input goes through ``xdotool`` (XTEST), the
way a person's keyboard and mouse reach the program; outcomes are read from the simulator's
``/sim/`` control interface, the probe and ``xdotool getwindowgeometry``.

No window manager runs, so the X input focus follows the pointer (PointerRoot) until something
sets it: :meth:`Desk.focus_window` does what a window manager does for a newly mapped window.

On a failure every running desk saves a screenshot; its path is printed with the failure.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import pytest

REPO = Path(__file__).resolve().parents[2]
TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool", "xwd": "x11-apps", "convert": "imagemagick"}
SHOTS = Path(os.environ.get("AGENTBAR_DESK_SHOTS", "/tmp/agentbar-desk-shots"))
START_TIMEOUT = 30.0


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@pytest.fixture(scope="session", autouse=True)
def _desk_tools() -> None:
    missing = missing_tools()
    if missing:
        packages = " ".join(sorted({TOOLS[t] for t in missing}))
        pytest.fail(
            f"the desk tests need {', '.join(missing)}: install them with "
            f"`apt-get install {packages}` (on CI, .ci/run does)",
            pytrace=False,
        )


@dataclass(frozen=True)
class ScreenSize:
    width: int
    height: int
    scale: float | None = None

    @property
    def id(self) -> str:
        text = f"{self.width}x{self.height}"
        return f"{text}@{self.scale:g}" if self.scale else text


SMALL = ScreenSize(1280, 720)
LARGE_SCALED = ScreenSize(1920, 1080, 1.5)


class Xvfb:
    """A private X server on a free display number (Xvfb picks it: -displayfd)."""

    def __init__(self, size: ScreenSize) -> None:
        read_fd, write_fd = os.pipe()
        self.process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                f"{size.width}x{size.height}x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start (no display number on -displayfd)")
        self.display = f":{number}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _stop_group(process: subprocess.Popen[Any]) -> None:
    """End the program and everything it started (its own process group)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(8)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


class Lines:
    """The stdout of a subprocess, line by line, read on a thread and copied to a log file."""

    def __init__(self, stream: Any, log: Path) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(stream, log), daemon=True)
        self._thread.start()

    def _read(self, stream: Any, log: Path) -> None:
        with log.open("a", encoding="utf-8") as out:
            for line in stream:
                out.write(line)
                out.flush()
                self._queue.put(line.rstrip("\n"))

    def first(self, timeout: float) -> str:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return ""


@dataclass
class Desk:
    """One screen and the program on it; the test's hands (xdotool) and eyes (probe, /sim/)."""

    screen: Xvfb
    size: ScreenSize
    home: Path
    name: str
    process: subprocess.Popen[Any] | None = None
    sim_process: subprocess.Popen[Any] | None = None
    sim_url: str = ""
    http: httpx2.Client = field(default_factory=lambda: httpx2.Client(timeout=10))
    _last_seq: int = 0

    @property
    def display(self) -> str:
        return self.screen.display

    @property
    def probe_path(self) -> Path:
        return self.home / "probe.json"

    @property
    def keyring_path(self) -> Path:
        return self.home / "keyring.json"

    @property
    def log_path(self) -> Path:
        return self.home / "agentbar.log"

    @property
    def config_path(self) -> Path:
        return self.home / "config" / "agentbar" / "config.toml"

    # -- processes ---------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        # The program's own session: not this user's keyring, D-Bus, tray or settings.
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("QT_SCALE_FACTOR", None)
        tmp = self.home / "tmp"
        runtime = self.home / "runtime"
        for folder in (tmp, runtime):
            folder.mkdir(mode=0o700, exist_ok=True)
        env.update(
            DISPLAY=self.display,
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            XDG_STATE_HOME=str(self.home / "state"),
            XDG_RUNTIME_DIR=str(runtime),
            # The single-instance lock and socket live in the temp folder: a demo started by
            # someone else on this machine must not be "the running agentbar".
            TMPDIR=str(tmp),
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
            PYTHON_KEYRING_BACKEND="tests.desk.file_keyring.FileKeyring",
            AGENTBAR_DESK_KEYRING=str(self.keyring_path),
            AGENTBAR_DESK_PROBE=str(self.probe_path),
            LANG="en_US.UTF-8",
            LANGUAGE="en",
        )
        if self.size.scale:
            env["QT_SCALE_FACTOR"] = f"{self.size.scale:g}"
        return env

    def start_sim(self) -> str:
        """``agentbar sim --port 0`` alone (its own ringer off); its base URL."""
        log = self.home / "sim.log"
        self.sim_process = subprocess.Popen(
            [sys.executable, "-m", "agentbar", "sim", "--port", "0"],
            cwd=REPO,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
            start_new_session=True,
        )
        url = Lines(self.sim_process.stdout, log).first(START_TIMEOUT)
        if not url.startswith("http"):
            raise AssertionError(f"agentbar sim did not print its URL; see {log}")
        self.sim_url = url
        return url

    def start(self, *args: str) -> None:
        """Run ``agentbar ARGS`` on the screen; wait for its window (and, with --demo, its URL)."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agentbar", *args],
            cwd=self.home,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        lines = Lines(self.process.stdout, self.log_path)
        if "--demo" in args:
            first = lines.first(START_TIMEOUT)
            prefix = "demo simulator: "
            if not first.startswith(prefix):
                raise AssertionError(
                    f"agentbar --demo's first line was {first!r}, not {prefix!r}…; "
                    f"see {self.log_path}"
                )
            self.sim_url = first[len(prefix) :].strip()

    def stop(self) -> None:
        for process in (self.process, self.sim_process):
            if process is not None:
                _stop_group(process)
        self.http.close()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # -- eyes ---------------------------------------------------------------------------------

    def probe(self, timeout: float = 5.0) -> dict[str, Any]:
        """A picture written after this call (so it shows what the last input did)."""
        deadline = time.monotonic() + timeout
        wanted = self._last_seq + 2  # one more may have been in flight
        last: dict[str, Any] | None = None
        while time.monotonic() < deadline:
            try:
                last = json.loads(self.probe_path.read_text(encoding="utf-8"))
            except (FileNotFoundError, json.JSONDecodeError):
                last = None
            if last is not None and last["seq"] >= wanted:
                self._last_seq = last["seq"]
                return last
            self._check_alive()
            time.sleep(0.05)
        if last is not None:
            self._last_seq = last["seq"]
            return last
        raise AssertionError(f"the desk probe wrote nothing to {self.probe_path} in {timeout} s")

    def wait_probe(
        self, what: str, check: Callable[[dict[str, Any]], bool], timeout: float = 10.0
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            picture = self.probe()
            if check(picture):
                return picture
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")

    def widget(self, picture: dict[str, Any], name: str) -> dict[str, Any]:
        found = picture["widgets"].get(name)
        assert found is not None, f"no widget named {name!r} in the main window"
        return found

    def focus_name(self, picture: dict[str, Any] | None = None) -> str:
        focus = (picture or self.probe())["focus"]
        return focus["objectName"] if focus else ""

    def agent(self, agent_id: str = "101") -> dict[str, Any]:
        agents = self.sim("GET", "/sim/agents")
        return next(a for a in agents if a["agentId"] == agent_id)

    def wait_agent(
        self, what: str, check: Callable[[dict[str, Any]], bool], timeout: float = 10.0
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                agent = self.agent()
            except httpx2.TransportError as exc:  # the demo's simulator starts after the window
                agent = {"unreachable": str(exc)}
            if "unreachable" not in agent and check(agent):
                return agent
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}: {agent}")
            self._check_alive()
            time.sleep(0.1)

    def sim(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(method, self.sim_url + path, json=body)
        response.raise_for_status()
        return response.json()

    def x_windows(self) -> dict[str, dict[str, int]]:
        """``xdotool getwindowgeometry`` of every visible window named agentbar…, by title."""
        found = self.xdotool("search", "--onlyvisible", "--name", "agentbar", check=False)
        result = {}
        for wid in found.split():
            title = self.xdotool("getwindowname", wid)
            shell = self.xdotool("getwindowgeometry", "--shell", wid)
            values = dict(line.split("=", 1) for line in shell.splitlines() if "=" in line)
            result[title] = {k.lower(): int(v) for k, v in values.items() if k != "SCREEN"}
        return result

    def _check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(
                f"agentbar exited with {self.process.returncode}; its output: {self.log_path}"
            )

    # -- hands --------------------------------------------------------------------------------

    def xdotool(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["xdotool", *args],
            env={**os.environ, "DISPLAY": self.display},
            capture_output=True,
            text=True,
            timeout=60,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def key(self, *keys: str, repeat: int = 1, delay_ms: int = 40) -> None:
        args = ["key", "--delay", str(delay_ms)]
        if repeat > 1:
            args += ["--repeat", str(repeat)]
        self.xdotool(*args, *keys)

    def type(self, text: str, delay_ms: int = 30) -> None:
        self.xdotool("type", "--delay", str(delay_ms), text)

    def click_widget(self, name: str) -> None:
        """Move the pointer to the middle of the main window's widget ``name`` and click."""
        found = self.widget(self.probe(), name)
        assert found["visible"], f"{name} is not visible"
        x = found["x"] + found["width"] // 2
        y = found["y"] + found["height"] // 2
        self.xdotool("mousemove", "--sync", str(x), str(y))
        self.xdotool("click", "1")

    def focus_window(self, title_part: str = "agentbar") -> None:
        """Give the X input focus to the newest visible window whose title has ``title_part``.

        What a window manager does when a window is mapped; without one, the focus would
        follow the pointer wherever it happens to be.
        """
        found = self.xdotool("search", "--onlyvisible", "--name", title_part, check=False)
        assert found, f"no visible window named like {title_part!r}"
        self.xdotool("windowfocus", "--sync", found.split()[-1])

    # -- evidence -----------------------------------------------------------------------------

    def screenshot(self, label: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{label}-{self.name}-{time.strftime('%Y%m%d-%H%M%S')}.png"
        subprocess.run(
            f"xwd -root -silent -display {self.display} | convert xwd:- {path}",
            shell=True,
            check=False,
            timeout=30,
        )
        return path


class DeskFactory:
    def __init__(self, tmp: Path) -> None:
        self._tmp = tmp
        self.desks: list[Desk] = []

    def __call__(self, size: ScreenSize = SMALL) -> Desk:
        home = self._tmp / f"desk{len(self.desks)}-{size.id}"
        home.mkdir()
        desk = Desk(Xvfb(size), size, home, f"desk{len(self.desks)}-{size.id}")
        self.desks.append(desk)
        return desk

    def close(self) -> None:
        for desk in self.desks:
            desk.stop()
            desk.screen.stop()


@pytest.fixture
def desk_factory(tmp_path: Path) -> Iterator[DeskFactory]:
    factory = DeskFactory(tmp_path)
    try:
        yield factory
    finally:
        factory.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    factory = getattr(item, "funcargs", {}).get("desk_factory")
    if not isinstance(factory, DeskFactory):
        return
    label = item.name.replace("/", "_").replace("[", "-").replace("]", "")
    for desk in factory.desks:
        path = desk.screenshot(label)
        note = f"screenshot: {path}\nprogram output: {desk.log_path}"
        report.sections.append((f"desk {desk.name}", note))
        print(f"\n[desk] {item.nodeid}: {note}", file=sys.stderr)
