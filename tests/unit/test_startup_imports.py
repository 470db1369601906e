"""What start-up does not load: each check runs in a fresh interpreter, so earlier tests' imports
do not hide a regression (tests/perf/bench_startup.py measures what these imports cost)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_API": "pyside6"}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_importing_secrets_does_not_import_keyring() -> None:
    done = run_python(
        """
        import sys
        import agentbar.secrets
        from agentbar.secrets import MemoryStore, PASSWORD
        MemoryStore({PASSWORD: "x"}).get(PASSWORD)
        print(sorted(m for m in sys.modules if m.split(".")[0] == "keyring"))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_keyring_store_loads_keyring_on_first_use() -> None:
    done = run_python(
        """
        import sys
        from agentbar.secrets import KeyringStore
        store = KeyringStore()
        before = "keyring" in sys.modules
        store.describe()
        print(before, "keyring" in sys.modules)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_demo_start_up_path_does_not_import_keyring() -> None:
    # The command line, the window's modules, the demo's simulator with its in-memory secrets,
    # and the HTTP services: everything `agentbar --demo` loads before the agent is ready.
    done = run_python(
        """
        import asyncio, sys
        import agentbar.cli.command
        agentbar.cli.command.build_parser().parse_args(["--demo"])
        import agentbar.ui.window.main_window, agentbar.ui.window.tray, agentbar.app.services
        from agentbar.startup import demo

        from agentbar.startup.demo_sim import DemoSimulator

        class Window:  # start_demo reports a failed simulator on it; this one starts
            def add_banner(self):
                from unittest.mock import Mock
                return Mock()

        async def main():
            sim = DemoSimulator.start(ring_every=None)
            try:
                secrets = await demo.start_demo(sim, Window())
                assert secrets.get("password") == demo.DEMO_PASSWORD
            finally:
                sim.close()

        asyncio.run(main())
        print(sorted(m for m in sys.modules if m.split(".")[0] == "keyring"))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_demo_profile_needs_no_toml_or_platform_dirs() -> None:
    done = run_python(
        """
        import sys
        from agentbar.config import demo_profile
        demo_profile("http://127.0.0.1:9")
        print(sorted(m for m in ("tomllib", "tomli_w", "platformdirs") if m in sys.modules))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_toolbar_command_line_is_parsed_without_loading_the_subcommands() -> None:
    done = run_python(
        """
        import sys
        from agentbar.cli import command as cli
        seen = []
        cli.run_gui_command = lambda args: seen.append((args.demo, args.lang, args.command)) or 0
        assert cli.main(["--demo", "--lang", "en"]) == 0
        loaded = sorted(m for m in cli.SUBCOMMANDS if m in sys.modules)
        print(seen, loaded, "asyncio" in sys.modules)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[(True, 'en', None)] [] False"


def test_demo_window_is_built_before_the_event_and_http_modules_load() -> None:
    # What start-up loads before the first paint (tests/perf/bench_startup.py "window_shown").
    done = run_python(
        """
        import sys
        from PySide6.QtWidgets import QApplication
        import tempfile, os
        os.environ["TMPDIR"] = tempfile.mkdtemp()  # its own instance lock, not a running demo's
        from agentbar.startup import demo, instance, window
        from agentbar.startup.options import LaunchOptions
        app = QApplication([])
        assert instance.claim_instance(LaunchOptions(None, True, None))[0] is not None
        from agentbar.startup.demo_sim import DemoSimulator
        sim = DemoSimulator.start(ring_every=None)
        window.build_window(LaunchOptions(None, True, None), demo.demo_profile_for(sim))
        sim.close()
        app.processEvents()
        heavy = (
            "agentbar.cec.events", "agentbar.cec.gateway", "httpx2", "aiohttp", "keyring",
            "PySide6.QtNetwork",
        )
        print(sorted(m for m in heavy if m in sys.modules))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
