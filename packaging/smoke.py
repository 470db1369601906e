"""Smoke test of the built program, headless; CI runs it right after ``packaging/build.py``.

    python packaging/smoke.py                   # the three checks below, about 5 s
    python packaging/smoke.py --measure 5       # also: launch-to-window time, built vs source

1. ``agentbar --version`` prints the version.
2. ``agentbar sim --port 0`` prints its URL first and answers HTTP there; SIGTERM stops it.
3. ``agentbar --demo`` under offscreen Qt shows the window, signs the demo agent in to its
   simulator, receives an event and exits 0 (``AGENTBAR_STARTUP_PROBE=1``).

Everything runs with a throwaway HOME, config, log and temp dir, so no real profile is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = "AGENTBAR_PROBE"
DEMO_TIMEOUT = 60.0


class SmokeFailure(Exception):
    pass


def built_program() -> Path:
    name = "agentbar-cli.exe" if sys.platform == "win32" else "agentbar"
    if sys.platform == "darwin":
        return ROOT / "dist" / "agentbar.app" / "Contents" / "MacOS" / "agentbar"
    return ROOT / "dist" / "agentbar" / name


def isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env.pop(name, None)
    env.update(
        {
            "HOME": str(home),
            "USERPROFILE": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_RUNTIME_DIR": str(home / "runtime"),
            "AGENTBAR_LOG_DIR": str(home / "logs"),
            "TMPDIR": str(home / "tmp"),
            "QT_QPA_PLATFORM": "offscreen",
            "AGENTBAR_STARTUP_PROBE": "1",
        }
    )
    for name in ("config", "data", "cache", "state", "runtime", "logs", "tmp"):
        (home / name).mkdir(parents=True, exist_ok=True)
    (home / "runtime").chmod(0o700)
    return env


def check_version(program: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [*program, "--version"], capture_output=True, text=True, env=env, timeout=60
    )
    if done.returncode != 0 or not done.stdout.startswith("agentbar "):
        raise SmokeFailure(f"--version: exit {done.returncode}, {done.stdout!r} {done.stderr!r}")
    return done.stdout.strip()


def check_sim(program: list[str], env: dict[str, str]) -> str:
    process = subprocess.Popen(
        [*program, "sim", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise SmokeFailure(f"sim: first line is {url!r}, not its URL")
        with urllib.request.urlopen(f"{url}/sim/agents", timeout=10) as response:
            agents = json.loads(response.read())
        if not isinstance(agents, list) or not agents:
            raise SmokeFailure(f"sim: /sim/agents answered {agents!r}")
    finally:
        process.send_signal(signal.SIGTERM) if sys.platform != "win32" else process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise SmokeFailure("sim: did not stop within 10 s of SIGTERM") from None
    return f"{url} answered /sim/agents with {len(agents)} agents"


def run_demo(program: list[str], env: dict[str, str], *, strict: bool = True) -> dict[str, float]:
    """Run ``--demo`` to its probe exit; seconds from launch to each probe line.

    ``strict``: a traceback on stderr fails the run even when the exit code is 0.
    """
    launched = time.time()
    done = subprocess.run(
        [*program, "--demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=DEMO_TIMEOUT,
    )
    marks: dict[str, float] = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == PROBE:
            marks[" ".join(parts[1:-1])] = float(parts[-1]) - launched
    if done.returncode != 0:
        raise SmokeFailure(
            f"--demo: exit {done.returncode}\nstdout:\n{done.stdout[-2000:]}\n"
            f"stderr:\n{done.stderr[-4000:]}"
        )
    if "window_shown" not in marks or "ready" not in marks:
        raise SmokeFailure(f"--demo: probe lines missing: {sorted(marks)}\n{done.stderr[-4000:]}")
    if not any(name.startswith("event ") for name in marks):
        raise SmokeFailure(f"--demo: no agent event received: {sorted(marks)}")
    if strict and "Traceback" in done.stderr:
        raise SmokeFailure(f"--demo: exit 0 but a traceback on stderr:\n{done.stderr[-4000:]}")
    return marks


def measure(program: list[str], source: list[str], env: dict[str, str], rounds: int) -> None:
    built_times: list[float] = []
    source_times: list[float] = []
    for _ in range(rounds):
        # Alternate, so that a busy neighbour on the machine hits both alike.
        built_times.append(run_demo(program, env, strict=False)["window_shown"])
        source_times.append(run_demo(source, env, strict=False)["window_shown"])
    built, from_source = statistics.median(built_times), statistics.median(source_times)
    print(
        f"smoke: launch to window shown, median of {rounds}: built {built:.2f} s, "
        f"source {from_source:.2f} s, ratio built/source {built / from_source:.2f}"
    )
    print(f"smoke:   built  {', '.join(f'{t:.2f}' for t in built_times)}")
    print(f"smoke:   source {', '.join(f'{t:.2f}' for t in source_times)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--program", type=Path, default=None, help="default: dist/agentbar/…")
    parser.add_argument(
        "--measure",
        type=int,
        default=0,
        metavar="N",
        help="also compare launch-to-window time with `python -m agentbar`, N runs each",
    )
    args = parser.parse_args(argv)
    program_path = args.program or built_program()
    if not program_path.exists():
        print(f"smoke: {program_path} does not exist; run packaging/build.py first")
        return 2
    program = [str(program_path)]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="agentbar-smoke-") as tmp:
        env = isolated_env(Path(tmp))
        try:
            print(f"smoke: {check_version(program, env)}", flush=True)
            print(f"smoke: sim: {check_sim(program, env)}", flush=True)
            marks = run_demo(program, env)
            shown = ", ".join(
                f"{name} {t:.2f} s" for name, t in sorted(marks.items(), key=lambda m: m[1])
            )
            print(f"smoke: --demo: {shown}; clean exit", flush=True)
            if args.measure:
                source_env = {**env, "PYTHONPATH": str(ROOT)}
                measure(program, [sys.executable, "-m", "agentbar"], source_env, args.measure)
        except (SmokeFailure, subprocess.TimeoutExpired, OSError) as exc:
            print(f"smoke: FAILED: {exc}")
            return 1
    print(f"smoke: passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
