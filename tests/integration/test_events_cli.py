"""``agentbar sim`` and ``agentbar events`` end to end, as separate processes over loopback.

The simulator runs as ``python -m agentbar sim --port 0``; its first stdout line says where. The
events command signs in against it, and the tests drive the simulator's ``/sim/`` control
interface (inject events, ring, sign out) and read the JSON lines the command prints.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AGENT = "101"
PASSWORD = "demo"
WAIT = 15.0  # seconds for anything that should happen "now"; a hang fails instead of blocking

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONUNBUFFERED"] = "1"
    # The command must never read the developer's keyring here; the null backend has nothing.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.pop("AGENTBAR_CONFIG", None)
    return env


class Lines:
    """Reads a pipe on a thread so a test can wait for the next line with a timeout."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def next(self, timeout: float = WAIT) -> str:
        try:
            line = self._queue.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line within {timeout} s; so far: {self.seen}") from None
        if line is None:
            raise AssertionError(f"the stream ended; so far: {self.seen}")
        self.seen.append(line)
        return line

    def rest(self, timeout: float = WAIT) -> str:
        """Everything until the stream ends (the process has exited)."""
        self._thread.join(timeout)
        out = []
        while not self._queue.empty():
            line = self._queue.get_nowait()
            if line is not None:
                out.append(line)
        self.seen.extend(out)
        return "\n".join(out)


class Proc:
    def __init__(self, args: list[str], stdin: str | None = None) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "agentbar", *args],
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=child_env(),
            cwd=ROOT,
        )
        if stdin is not None:
            assert self.popen.stdin is not None
            self.popen.stdin.write(stdin)
            self.popen.stdin.close()
        assert self.popen.stdout is not None
        assert self.popen.stderr is not None
        self.out = Lines(self.popen.stdout)
        self.err = Lines(self.popen.stderr)

    def wait(self, timeout: float = WAIT) -> int:
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(5)
            raise AssertionError(
                f"did not exit within {timeout} s; stderr: {self.err.rest(1)}"
            ) from None

    def terminate(self, timeout: float = WAIT) -> int:
        self.popen.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait(5)


class Sim:
    """The simulator process and its control interface."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def request(self, method: str, path: str, body: object | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json; charset=UTF-8"},
        )
        try:
            with self._opener.open(request, timeout=WAIT) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: {exc.code} {exc.read()!r}") from None

    def agent(self, agent_id: str = AGENT) -> dict[str, Any]:
        agents = self.request("GET", "/sim/agents")
        return next(a for a in agents if a["agentId"] == agent_id)

    def inject(self, event_type: str, content: object) -> None:
        self.request(
            "POST", f"/sim/agents/{AGENT}/events", {"eventType": event_type, "content": content}
        )

    def sign_in_directly(self) -> None:
        """Sign agent 101 in as another client would, to make the events command meet 100-002."""
        body = {"password": PASSWORD, "phonenum": "88880101"}
        reply = self.request("PUT", f"/agentgateway/resource/onlineagent/{AGENT}", body)
        assert reply["retcode"] == "0", reply


@pytest.fixture
def sim() -> Iterator[Sim]:
    proc = Proc(["sim", "--port", "0"])
    try:
        url = proc.out.next()
        assert url.startswith("http://127.0.0.1:"), url
        yield Sim(url)
    finally:
        proc.kill()


@pytest.fixture
def config(tmp_path: Path, sim: Sim) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[gateway]\nurl = "{sim.url}"\nagent_id = "{AGENT}"\nphone = "88880101"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def running() -> Iterator[list[Proc]]:
    """Processes a test starts; killed at the end whatever happened."""
    procs: list[Proc] = []
    yield procs
    for proc in procs:
        proc.kill()


def start_events(running: list[Proc], config: Path, *extra: str, password: str = PASSWORD) -> Proc:
    proc = Proc(
        ["events", "--config", str(config), "--password-stdin", *extra], stdin=password + "\n"
    )
    running.append(proc)
    return proc


def next_event(proc: Proc, event_type: str) -> dict[str, Any]:
    """The next printed event of ``event_type``, checking every line on the way is one event."""
    deadline = time.monotonic() + WAIT
    while True:
        line = proc.out.next(max(0.1, deadline - time.monotonic()))
        event = json.loads(line)
        assert set(event) == {"eventType", "workNo", "content", "received"}, line
        if event["eventType"] == event_type:
            return event


# --- the simulator command -----------------------------------------------------------------------


def test_sim_on_port_0_prints_its_url_first_and_stops_on_sigterm(running: list[Proc]) -> None:
    proc = Proc(["sim", "--port", "0", "--guid-mode", "static"])
    running.append(proc)
    url = proc.out.next()
    assert url.startswith("http://127.0.0.1:")
    port = int(url.rsplit(":", 1)[1])
    assert port > 0
    assert Sim(url).agent()["signedIn"] is False
    started = time.monotonic()
    assert proc.terminate() == 0
    assert time.monotonic() - started < 5


# --- the events command --------------------------------------------------------------------------


def test_events_prints_injected_events_as_json_lines_in_order(
    sim: Sim, config: Path, running: list[Proc]
) -> None:
    proc = start_events(running, config)
    ready = next_event(proc, "AgentState_Ready")
    assert ready["workNo"] == AGENT
    assert sim.agent()["signedIn"] is True

    content = {"note": "客户来电", "n": 1, "nested": {"list": [1, "2"]}}
    sim.inject("AgentOther_Custom_One", content)
    sim.inject("AgentOther_Custom_Two", "plain text")
    first = next_event(proc, "AgentOther_Custom_One")
    second = json.loads(proc.out.next())
    assert first["content"] == content
    assert first["workNo"] == AGENT
    assert (second["eventType"], second["content"]) == ("AgentOther_Custom_Two", "plain text")
    received = datetime.fromisoformat(first["received"])
    assert received.tzinfo is not None
    assert abs(received.timestamp() - time.time()) < 60
    # Non-ASCII text is printed as is, not as \\u escapes.
    assert "客户来电" in proc.out.seen[-2]

    sim.request("POST", f"/sim/agents/{AGENT}/call", {"caller": "13800000000"})
    call_info = next_event(proc, "AgentEvent_Incoming_CallInfo")
    assert call_info["workNo"] == AGENT
    # A call in progress refuses a sign-out; the customer hangs up first.
    sim.request("POST", f"/sim/agents/{AGENT}/hangup")
    next_event(proc, "AgentEvent_Call_Release")

    assert proc.terminate() == 0
    assert sim.agent()["signedIn"] is False
    assert "signed out" in proc.err.rest()


def test_sigint_signs_out_and_exits_0(sim: Sim, config: Path, running: list[Proc]) -> None:
    proc = start_events(running, config)
    next_event(proc, "AgentState_Ready")
    proc.popen.send_signal(signal.SIGINT)
    assert proc.wait() == 0
    assert sim.agent()["signedIn"] is False


def test_wrong_password_exits_1_with_one_clear_line(
    sim: Sim, config: Path, running: list[Proc]
) -> None:
    proc = start_events(running, config, password="wrong")
    assert proc.wait() == 1
    err = proc.err.rest()
    assert "Wrong agent ID or password" in err
    assert "100-004" in err
    assert "Traceback" not in err
    assert proc.out.rest() == ""
    assert sim.agent()["signedIn"] is False


def test_agent_signed_in_elsewhere_needs_force(sim: Sim, config: Path, running: list[Proc]) -> None:
    sim.sign_in_directly()
    refused = start_events(running, config)
    assert refused.wait() == 1
    assert "--force" in refused.err.rest()

    forced = start_events(running, config, "--force")
    next_event(forced, "AgentState_Ready")
    sim.inject("AgentOther_Custom_One", {"after": "force"})
    assert next_event(forced, "AgentOther_Custom_One")["content"] == {"after": "force"}
    assert forced.terminate() == 0
    assert sim.agent()["signedIn"] is False


def test_sign_out_by_the_server_exits_3(sim: Sim, config: Path, running: list[Proc]) -> None:
    proc = start_events(running, config)
    next_event(proc, "AgentState_Ready")
    sim.request("POST", f"/sim/agents/{AGENT}/signout")
    assert proc.wait() == 3
    assert "signed out by the server" in proc.err.rest()


def test_forced_sign_in_elsewhere_ends_the_command_with_exit_3(
    sim: Sim, config: Path, running: list[Proc]
) -> None:
    proc = start_events(running, config)
    next_event(proc, "AgentState_Ready")
    body = {"password": PASSWORD, "phonenum": "88880101"}
    reply = sim.request("PUT", f"/agentgateway/resource/onlineagent/{AGENT}/forcelogin", body)
    assert reply["retcode"] == "0", reply
    assert proc.wait() == 3
    err = proc.err.rest()
    assert "signed out by the server" in err
    assert "signed in elsewhere" in err
    # The other client's session is left alone.
    assert sim.agent()["signedIn"] is True


def test_unreachable_gateway_exits_1(tmp_path: Path, running: list[Proc]) -> None:
    path = tmp_path / "config.toml"
    # Port 9 on loopback (discard) has no listener here: the connection is refused at once.
    path.write_text(
        '[gateway]\nurl = "http://127.0.0.1:9"\nagent_id = "101"\nphone = "88880101"\n',
        encoding="utf-8",
    )
    proc = start_events(running, path)
    assert proc.wait(30) == 1
    err = proc.err.rest()
    assert "cannot sign in agent 101 at http://127.0.0.1:9" in err
    assert "Cannot reach the server" in err


def test_tls_verification_off_is_warned_about(tmp_path: Path, running: list[Proc]) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[gateway]\nurl = "https://127.0.0.1:9"\nagent_id = "101"\nphone = "88880101"\n'
        "[tls]\nverify = false\n",
        encoding="utf-8",
    )
    proc = start_events(running, path)
    assert proc.wait(30) == 1
    assert "TLS certificate verification is OFF" in proc.err.rest()


def test_without_password_or_terminal_exits_1_and_says_how(
    config: Path, running: list[Proc]
) -> None:
    proc = Proc(["events", "--config", str(config)])
    running.append(proc)
    assert proc.wait() == 1
    err = proc.err.rest()
    assert "No password for agent 101" in err
    assert "agentbar secrets set password" in err
    assert "--password-stdin" in err


def test_missing_profile_exits_1_naming_the_file(tmp_path: Path, running: list[Proc]) -> None:
    proc = start_events(running, tmp_path / "absent.toml")
    assert proc.wait() == 1
    assert str(tmp_path / "absent.toml") in proc.err.rest()
