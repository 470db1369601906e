"""Start-up cost of ``agentbar --demo`` compared with a bare PySide6 window, in the same run.

    python tests/perf/bench_startup.py [--runs 5] [--importtime 15] [--no-compile]

Each program runs as a fresh process, offscreen, several times in turn. The bare window prints when
it is shown; agentbar (with ``AGENTBAR_STARTUP_PROBE=1``) prints when its window is shown and when
the demo agent is signed in and ready, then quits. Times are from just before the process is
started; peak RSS comes from the kernel's accounting of each child (``wait4``). Reported: medians,
and the ratios to the bare window (targets: shown ≤ 2×, ready ≤ 3×, peak RSS ≤ 2×), plus the
medians of the intermediate marks agentbar prints (simulator listening, HTTP stack loaded …).

agentbar's bytecode is compiled first, as an installed copy has it (pip compiles at install, the
PyInstaller bundle ships it); the dependencies in the venv have theirs already. Without this, a
source tree under ``PYTHONDONTWRITEBYTECODE`` recompiles every changed module on every start, which
no user's start pays. ``--no-compile`` measures that case anyway.

``--floor`` also runs the bare window followed by nothing but the imports of aiohttp and httpx:
the lowest "ready" any in-process demo on these libraries can reach, as a ratio to the same bare
window.

``--importtime N`` runs agentbar once more under ``python -X importtime`` and lists the N costliest
imports of each phase (before the window is shown, between shown and ready), by their own time.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE_PREFIX = "AGENTBAR_PROBE"

BARE_WINDOW = f"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
window = QWidget()
window.resize(1060, 60)
window.show()
def shown():
    print("{PROBE_PREFIX} window_shown %.6f" % time.time(), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

# The floor under "ready": the same bare window, then only the two libraries --demo cannot do
# without once it is shown (aiohttp for the embedded simulator, httpx for the client), imported
# on the main thread as the demo does. It answers the sim or sign-in nothing.
FLOOR_WINDOW = BARE_WINDOW.replace(
    "    app.quit()",
    """    import aiohttp.web, httpx
    print("{PROBE_PREFIX} ready %.6f" % time.time(), flush=True)
    app.quit()""".replace("{PROBE_PREFIX}", PROBE_PREFIX),
)

TARGETS = {"shown": 2.0, "ready": 3.0, "rss": 2.0}


@dataclass
class Run:
    marks: dict[str, float]  # seconds from process start
    peak_rss_mb: float


def run_once(command: list[str], env: dict[str, str]) -> Run:
    with tempfile.TemporaryFile() as errors:
        started = time.time()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, env=env, cwd=ROOT, text=True
        )
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{command} exited with {process.returncode}:\n{tail}")
    marks: dict[str, float] = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == PROBE_PREFIX:
            # "event <type>" marks carry the event's type; the phase name is the first word.
            marks.setdefault(parts[1], float(parts[-1]) - started)
    return Run(marks, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


@dataclass
class Import:
    name: str
    self_us: int
    phase: str


def import_profile(command: list[str], env: dict[str, str]) -> list[Import]:
    """One run under ``-X importtime``; each import with the phase it happened in.

    stderr is merged into stdout so the importtime lines and the probe lines arrive in the order
    they were written (both streams are unbuffered).
    """
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
        text=True,
        check=True,
    )
    phase = "before window shown"
    imports: list[Import] = []
    for line in done.stdout.splitlines():
        if line.startswith(PROBE_PREFIX):
            name = line.split()[1]
            if name == "window_shown":
                phase = "window shown → ready"
            elif name == "ready":
                phase = "after ready"
        elif line.startswith("import time:") and "|" in line:
            fields = line[len("import time:") :].split("|")
            if fields[0].strip().isdigit():
                imports.append(Import(fields[2].strip(), int(fields[0]), phase))
    return imports


def print_import_profile(imports: list[Import], top: int) -> None:
    print("\nimports by phase (one run under -X importtime, which inflates times):")
    for phase in ("before window shown", "window shown → ready"):
        chosen = [i for i in imports if i.phase == phase]
        total = sum(i.self_us for i in chosen) / 1000
        print(f"  {phase}: {len(chosen)} modules, {total:.0f} ms of import time")
        for item in sorted(chosen, key=lambda i: -i.self_us)[:top]:
            print(f"    {item.self_us / 1000:6.1f} ms  {item.name}")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="agentbar start-up benchmark")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--importtime", type=int, default=0, metavar="N", help="list the N costliest imports"
    )
    parser.add_argument(
        "--no-compile", action="store_true", help="do not compile agentbar's bytecode first"
    )
    parser.add_argument(
        "--floor", action="store_true", help="also measure the bare window + aiohttp + httpx"
    )
    args = parser.parse_args(argv)
    if not args.no_compile:
        # Writes __pycache__ (ignored by git) even under PYTHONDONTWRITEBYTECODE.
        compileall.compile_dir(ROOT / "agentbar", quiet=1)

    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["AGENTBAR_STARTUP_PROBE"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # Its own instance lock (and logs): a demo someone has open must not take the hand-over.
    scratch = tempfile.mkdtemp(prefix="agentbar-bench-")
    env["TMPDIR"] = scratch
    env["AGENTBAR_LOG_DIR"] = scratch
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    app_cmd = [sys.executable, "-m", "agentbar", "--demo"]

    # One warm-up each, so the first measured run does not pay for a cold page cache.
    run_once(bare_cmd, env)
    run_once(app_cmd, env)
    bare: list[Run] = []
    app: list[Run] = []
    floor: list[Run] = []
    for _ in range(args.runs):  # interleaved, so a busy moment on the machine hits both
        bare.append(run_once(bare_cmd, env))
        app.append(run_once(app_cmd, env))
        if args.floor:
            floor.append(run_once([sys.executable, "-c", FLOOR_WINDOW], env))

    bare_shown = median([r.marks["window_shown"] for r in bare])
    bare_rss = median([r.peak_rss_mb for r in bare])
    app_shown = median([r.marks["window_shown"] for r in app])
    app_ready = median([r.marks["ready"] for r in app])
    app_rss = median([r.peak_rss_mb for r in app])
    ratios = {
        "shown": app_shown / bare_shown,
        "ready": app_ready / bare_shown,
        "rss": app_rss / bare_rss,
    }

    print(f"runs: {args.runs} each (medians), offscreen, Python {sys.version.split()[0]}")
    print(f"bare PySide6 window  shown {bare_shown * 1000:7.0f} ms   peak RSS {bare_rss:6.1f} MB")
    print(f"agentbar --demo      shown {app_shown * 1000:7.0f} ms   peak RSS {app_rss:6.1f} MB")
    print(f"                     ready {app_ready * 1000:7.0f} ms")
    # The spread shows how busy the machine was: on a shared 2-core box the bare window alone
    # has ranged from 100 to 150 ms between runs of this script, and every ratio moves with it.
    print(
        "spread (min–max ms): "
        f"bare shown {spread([r.marks['window_shown'] for r in bare])}, "
        f"agentbar shown {spread([r.marks['window_shown'] for r in app])}, "
        f"ready {spread([r.marks['ready'] for r in app])}"
    )
    marks = {
        name: median([r.marks[name] for r in app if name in r.marks])
        for name in {name for run in app for name in run.marks}
    }
    print(
        "agentbar marks (ms): "
        + ", ".join(
            f"{name} {t * 1000:.0f}" for name, t in sorted(marks.items(), key=lambda m: m[1])
        )
    )
    if floor:
        floor_ready = median([r.marks["ready"] for r in floor])
        floor_rss = median([r.peak_rss_mb for r in floor])
        print(
            f"floor: bare window + aiohttp + httpx imports  ready {floor_ready * 1000:.0f} ms "
            f"= {floor_ready / bare_shown:.2f}× bare shown, peak RSS {floor_rss:.1f} MB "
            f"= {floor_rss / bare_rss:.2f}× bare"
        )
    compiled = "no (source compiled at each start)" if args.no_compile else "yes"
    print(f"agentbar bytecode precompiled: {compiled}; load average {os.getloadavg()[0]:.2f}")
    failed = False
    for key, label in (
        ("shown", "window shown / bare"),
        ("ready", "signed in and ready / bare shown"),
        ("rss", "peak RSS / bare"),
    ):
        ok = ratios[key] <= TARGETS[key]
        failed |= not ok
        verdict = "ok" if ok else "OVER TARGET"
        print(f"{label:34s} {ratios[key]:5.2f}×  (target ≤ {TARGETS[key]:.0f}×)  {verdict}")
    if args.importtime:
        print_import_profile(import_profile(app_cmd, env), args.importtime)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
