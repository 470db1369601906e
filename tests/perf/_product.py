"""The product path for the start-up and idle benchmarks: agentbar with a profile on disk.

Shared by ``bench_startup.py`` and ``bench_idle.py``. ``agentbar sim`` runs as its own process
(as a real CC-Gateway is not part of agentbar), the profile points at it, and the password comes
from a test keyring backend (``tests/desk/file_keyring.py``, a JSON file), so agentbar reads it
through the real keyring code path and no desktop keyring is touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
# The simulator's demo tenant (README, "Demo tenant"): public, made-up credentials.
AGENT_ID = "101"
PHONE = "88880101"
DEMO_PASSWORD = "demo"
KEYRING_BACKEND = "tests.desk.file_keyring.FileKeyring"
KEYRING_FILE_ENV = "AGENTBAR_DESK_KEYRING"

# Loopback only: never let an http_proxy from the environment carry the control requests.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ExternalSim:
    """``agentbar sim --port 0`` in its own process; its first stdout line is its URL."""

    def __init__(self, *extra: str, env: dict[str, str] | None = None) -> None:
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agentbar", "sim", "--port", "0", *extra],
            stdout=subprocess.PIPE,
            stderr=self._errors,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http"):
            self.stop()
            self._errors.seek(0)
            tail = self._errors.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"agentbar sim did not start:\n{tail}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """One request to the simulator's /sim/ control interface; the decoded JSON answer."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"} if data is not None else {},
        )
        with _OPENER.open(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def reset(self) -> None:
        """Every agent signed out, counters at zero: the next run starts as the first one."""
        self.control("POST", "/sim/reset")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._errors.close()


def write_profile(folder: Path, gateway_url: str) -> tuple[Path, Path]:
    """``config.toml`` for agent 101 at ``gateway_url``, and the test keyring file holding its
    password; both in ``folder``."""
    from agentbar.secrets import PASSWORD, SERVICE

    config = folder / "config.toml"
    config.write_text(
        f'[gateway]\nurl = "{gateway_url}"\nagent_id = "{AGENT_ID}"\nphone = "{PHONE}"\n',
        encoding="utf-8",
    )
    keyring_file = folder / "keyring.json"
    # The FileKeyring's format: "service/user name" → value (tests/desk/file_keyring.py).
    keyring_file.write_text(
        json.dumps({"secrets": {f"{SERVICE}/{PASSWORD}": DEMO_PASSWORD}, "writes": []}),
        encoding="utf-8",
    )
    return config, keyring_file


def isolated_env(base: dict[str, str], home: Path) -> dict[str, str]:
    """``base`` with HOME and the XDG folders under ``home``: the user's own profile data,
    placement and instance locks are never read or touched."""
    env = dict(base)
    env["HOME"] = str(home)
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        env[name] = str(home / sub)
    return env


def product_env(base: dict[str, str], home: Path, keyring_file: Path) -> dict[str, str]:
    """The environment agentbar runs in on the product path: isolated, with the test keyring."""
    env = isolated_env(base, home)
    env["PYTHON_KEYRING_BACKEND"] = KEYRING_BACKEND
    env[KEYRING_FILE_ENV] = str(keyring_file)
    # The keyring backend lives in tests/: the repository root must be importable.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), base.get("PYTHONPATH", "")]))
    return env
