"""KeyringStore and ``agentbar secrets`` against a real Secret Service (GNOME Keyring over D-Bus).

Each test runs a child Python inside its own ``dbus-run-session`` with a freshly unlocked
``gnome-keyring-daemon``, with HOME and the XDG dirs in tmp_path, so nothing touches the
developer's own keyring. On CI (``CI`` set) missing tools fail the test instead of skipping it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.secret_service

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "apt-get install -y gnome-keyring dbus"
TOOLS = ("dbus-run-session", "gnome-keyring-daemon")
VALUE = "Sëcret with spaces and 值 "


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not found; install with: {INSTALL}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_in_secret_service(tmp_path: Path, probe: str) -> dict[str, Any]:
    """Run ``probe`` (Python) in a D-Bus session with an unlocked keyring; its JSON result."""
    require_tools()
    script = tmp_path / "probe.py"
    script.write_text(textwrap.dedent(probe), encoding="utf-8")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
    }
    command = (
        "printf 'test-pass' | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
        ' && exec "$0" "$1"'
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", command, sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr
    data: dict[str, Any] = json.loads(lines[-1])
    assert VALUE not in result.stderr
    return data


def test_keyring_store_round_trips_through_gnome_keyring(tmp_path: Path) -> None:
    result = run_in_secret_service(
        tmp_path,
        f"""
        import json
        from agentbar.secrets import KeyringStore
        store = KeyringStore()
        out = {{"describe": store.describe()}}
        out["before"] = store.get("password")
        store.set("password", {VALUE!r})
        out["after_set"] = store.get("password")
        store.set("password", "replaced")
        out["after_replace"] = store.get("password")
        out["deleted"] = store.delete("password")
        out["after_delete"] = store.get("password")
        out["deleted_again"] = store.delete("password")
        # What other programs see: the item is under service "agentbar", user = secret name.
        import keyring
        store.set("faq-app-secret", "x")
        out["raw"] = keyring.get_password("agentbar", "faq-app-secret")
        print(json.dumps(out))
        """,
    )
    assert "SecretService" in result["describe"]
    assert result["before"] is None
    assert result["after_set"] == VALUE
    assert result["after_replace"] == "replaced"
    assert result["deleted"] is True
    assert result["after_delete"] is None
    assert result["deleted_again"] is False
    assert result["raw"] == "x"


def test_secrets_command_sets_reports_and_deletes_in_gnome_keyring(tmp_path: Path) -> None:
    result = run_in_secret_service(
        tmp_path,
        f"""
        import json, subprocess, sys
        from agentbar.secrets import KeyringStore

        def agentbar(*args, stdin=""):
            done = subprocess.run(
                [sys.executable, "-m", "agentbar", "secrets", *args],
                input=stdin, capture_output=True, text=True, timeout=30,
            )
            return {{"rc": done.returncode, "out": done.stdout, "err": done.stderr}}

        out = {{}}
        out["set"] = agentbar("set", "--stdin", "ccfs-sk", stdin={VALUE!r} + "\\n")
        out["stored"] = KeyringStore().get("ccfs-sk")
        out["status"] = agentbar("status")
        out["status_one"] = agentbar("status", "ccfs-sk")
        out["delete"] = agentbar("delete", "ccfs-sk")
        out["after_delete"] = KeyringStore().get("ccfs-sk")
        out["status_after"] = agentbar("status", "ccfs-sk")
        print(json.dumps(out))
        """,
    )
    assert result["set"]["rc"] == 0, result["set"]["err"]
    assert "Stored ccfs-sk in Secret Service" in result["set"]["out"]
    assert result["stored"] == VALUE
    status = result["status"]
    assert status["rc"] == 0, status["err"]
    assert "SecretService" in status["out"].splitlines()[0]
    rows = {line.split()[0]: line for line in status["out"].splitlines()[1:]}
    assert "not stored" not in rows["ccfs-sk"]
    assert "not stored" in rows["password"]
    assert VALUE.strip() not in status["out"] + status["err"]
    assert result["status_one"]["out"].count("\n") == 2
    assert result["delete"]["rc"] == 0
    assert "Deleted ccfs-sk" in result["delete"]["out"]
    assert result["after_delete"] is None
    assert "not stored" in result["status_after"]["out"]


def test_without_a_secret_service_the_command_says_what_to_install(tmp_path: Path) -> None:
    """Outside any D-Bus session keyring falls back to its fail backend: a clear refusal."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "agentbar", "secrets", "set", "--stdin", "password"],
        input=VALUE + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert "No system keyring" in result.stderr
    assert "GNOME Keyring" in result.stderr
    assert not list((tmp_path).rglob("*.cfg"))
