"""Start-up cost of agentbar (its product path and ``--demo``) against a bare PySide6 window.

    python tests/perf/bench_startup.py [--runs 7] [--importtime 15] [--no-compile] [--demo-floor]

Every program runs as a fresh process, offscreen, in turn within each round, so that a busy moment
on the machine weighs on all of them alike:

- **bare**: a bare PySide6 window; prints when it is shown. The baseline of every ratio.
- **floor**: the same bare window, then ``import httpx2`` and the requests agentbar makes before
  it is ready, with plain httpx2: sign-in (PUT onlineagent/101), then, as agentbar does, the first
  event poll alongside resetskill and agentstatus; "ready" when agentstatus has answered.
- **product**: ``agentbar --config PATH`` with a profile pointing at ``agentbar sim``, which runs
  in its own process for the whole benchmark (reset before every run so agent 101 is signed out),
  the password read from a test keyring (``tests/desk/file_keyring.py``).
- **demo**: ``agentbar --demo``, which brings its own simulator.

agentbar runs with ``AGENTBAR_STARTUP_PROBE=1``: it prints when its window is shown, when the
agent is signed in and Ready and the first event, then quits. Times are from just before the
process is started. Peak RSS is the kernel's accounting of the process (``wait4``); when the GUI
has a child process (the demo's simulator once it runs as ``agentbar sim --exit-with-parent``),
``wait4`` would fold the child's peak into the parent's, so the GUI's own ``VmHWM`` is read from
/proc just as it prints its last mark, and the child's separately.

Targets (issue 12), each as a ratio to the bare window of the same run:
product shown ≤ 2×, product ready ≤ 1.25× the floor's ready, product peak RSS ≤ 2×;
demo shown ≤ 2×, demo ready ≤ 3× the bare window's shown, demo GUI peak RSS ≤ 2×.

Each run gets its own TMPDIR, where the single-instance lock lives, so no run can hand over to
another. The product runs share one isolated HOME (never the user's), so from the second run on
they start as a returning user does, with the profile's data folder in place; a warm-up round,
not counted, creates it and fills the page cache.

agentbar's bytecode is compiled first, as an installed copy has it (pip compiles at install, the
PyInstaller bundle ships it); the dependencies in the venv have theirs already. Without this, a
source tree under ``PYTHONDONTWRITEBYTECODE`` recompiles every changed module on every start, which
no user's start pays. ``--no-compile`` measures that case anyway.

``--demo-floor`` also runs the bare window followed by nothing but the imports of aiohttp and
httpx2: the lowest "ready" an in-process demo simulator on these libraries could reach.

``--importtime N`` runs agentbar (product and demo) once more under ``python -X importtime`` and
lists the N costliest imports of each phase (before the window is shown, between shown and ready),
by their own time.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf._product import (  # noqa: E402 -- needs the repository on the path first
    AGENT_ID,
    DEMO_PASSWORD,
    PHONE,
    ExternalSim,
    isolated_env,
    product_env,
    write_profile,
)

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

# The floor under the product path's "ready": the bare window, then the HTTP client and the same
# requests agentbar sends before it is Ready (seen in the simulator's /sim/stats after a run):
# the sign-in, then the first event poll running alongside resetskill and agentstatus. Async
# httpx2 on asyncio, as agentbar's client is; the same JSON header and Guid handling (the GUID is
# adopted from every Set-GUID). What it leaves out is what agentbar adds: the qasync loop, the
# keyring, the profile, the widgets that show the state.
FLOOR_SIGN_IN = r"""
    import asyncio, json, os
    import httpx2

    async def sign_in():
        base = os.environ["BENCH_GATEWAY"] + "/agentgateway/resource/onlineagent/{agent}"
        events = os.environ["BENCH_GATEWAY"] + "/agentgateway/resource/agentevent/{agent}"
        json_header = {"Content-Type": "application/json; charset=UTF-8"}
        guid = None

        def check(response):
            nonlocal guid
            value = response.headers.get("Set-GUID")
            if value:
                guid = value.split(";", 1)[0].partition("=")[2].strip() or guid
            retcode = response.json().get("retcode")
            if retcode != "0":
                raise SystemExit(f"{response.request.url.path}: retcode {retcode}")

        def headers():
            return {**json_header, "Guid": guid}

        body = {"password": os.environ["BENCH_PASSWORD"], "phonenum": "{phone}",
                "autoanswer": False, "autoenteridle": True, "releasephone": True,
                "status": 4, "agenttype": 4}
        timeout = httpx2.Timeout(10.0, connect=5.0)
        async with httpx2.AsyncClient(trust_env=False, timeout=timeout) as client:
            check(await client.put(base, content=json.dumps(body).encode(), headers=json_header))
            poll = asyncio.create_task(client.get(events, headers=headers(), timeout=25.0))
            check(await client.post(base + "/resetskill/true", headers=headers()))
            check(await client.get(base + "/agentstatus", headers=headers()))
            print("{prefix} ready %.6f" % time.time(), flush=True)
            check(await poll)
            print("{prefix} event %.6f" % time.time(), flush=True)
            # Not timed: leave the simulator as agentbar does when it quits.
            check(await client.delete(base + "/logout", headers=headers()))

    asyncio.run(sign_in())
    app.quit()"""

FLOOR_WINDOW = BARE_WINDOW.replace(
    "    app.quit()",
    FLOOR_SIGN_IN.replace("{agent}", AGENT_ID)
    .replace("{phone}", PHONE)
    .replace("{prefix}", PROBE_PREFIX)
    .strip("\n"),
)

# The floor under an in-process demo simulator (--demo-floor): the bare window, then only the
# imports of aiohttp (the simulator) and httpx2 (the client). It answers nothing.
DEMO_FLOOR_WINDOW = BARE_WINDOW.replace(
    "    app.quit()",
    f"""    import aiohttp.web, httpx2
    print("{PROBE_PREFIX} ready %.6f" % time.time(), flush=True)
    app.quit()""",
)

# The targets: (program, measure, against, limit).
PRODUCT_SHOWN = 2.0
PRODUCT_READY_OVER_FLOOR = 1.25
PRODUCT_RSS = 2.0
DEMO_SHOWN = 2.0
DEMO_READY = 3.0
DEMO_RSS = 2.0


@dataclass
class Run:
    marks: dict[str, float]  # seconds from process start
    peak_rss_mb: float  # the process's own peak (see the module docstring)
    rss_source: str  # "wait4" or "VmHWM"
    child_rss_mb: list[float] = field(default_factory=list)  # children's peaks, if any


@dataclass
class Program:
    key: str
    label: str
    command: list[str]
    env: dict[str, str]
    # The marks after which the process quits: its /proc is read then (children, VmHWM).
    last_marks: frozenset[str] = frozenset()
    before: Callable[[], None] | None = None  # e.g. reset the simulator
    runs: list[Run] = field(default_factory=list)


def _status_kib(pid: int, key: str) -> int | None:
    """A ``kB`` field of /proc/<pid>/status, or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (from every thread's children list)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                    found.extend(int(child) for child in children.read().split())
            except OSError:
                continue
    except OSError:
        pass
    return found


def run_once(program: Program, scratch: Path) -> Run:
    if program.before is not None:
        program.before()
    env = dict(program.env)
    # Its own temp dir, where the single-instance lock lives: no run can hand over to another.
    tmp = Path(tempfile.mkdtemp(prefix=f"{program.key}-", dir=scratch))
    env["TMPDIR"] = str(tmp)
    own_hwm: int | None = None
    child_hwm: list[int] = []
    marks: dict[str, float] = {}
    try:
        with tempfile.TemporaryFile() as errors:
            started = time.time()
            process = subprocess.Popen(
                program.command,
                stdout=subprocess.PIPE,
                stderr=errors,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=ROOT,
                text=True,
            )
            assert process.stdout is not None
            for line in process.stdout:
                parts = line.split()
                if len(parts) >= 3 and parts[0] == PROBE_PREFIX:
                    # "event <type>" marks carry the event's type; the name is the first word.
                    marks.setdefault(parts[1], float(parts[-1]) - started)
                    if program.last_marks and program.last_marks <= marks.keys() and not own_hwm:
                        # It is about to quit: its own peak and its children's, while they live.
                        own_hwm = _status_kib(process.pid, "VmHWM")
                        for child in _children(process.pid):
                            hwm = _status_kib(child, "VmHWM")
                            if hwm is not None:
                                child_hwm.append(hwm)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode != 0:
                errors.seek(0)
                tail = errors.read().decode("utf-8", "replace")[-2000:]
                raise RuntimeError(f"{program.label} exited with {process.returncode}:\n{tail}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if child_hwm and own_hwm:
        # wait4 reports the larger of the process's peak and its reaped children's: not its own.
        return Run(marks, own_hwm / 1024, "VmHWM", [kib / 1024 for kib in child_hwm])
    return Run(marks, usage.ru_maxrss / 1024, "wait4")  # ru_maxrss is in KiB on Linux


@dataclass
class Import:
    name: str
    self_us: int
    phase: str


def import_profile(program: Program, scratch: Path) -> list[Import]:
    """One run under ``-X importtime``; each import with the phase it happened in.

    stderr is merged into stdout so the importtime lines and the probe lines arrive in the order
    they were written (both streams are unbuffered).
    """
    if program.before is not None:
        program.before()
    env = dict(program.env)
    env["TMPDIR"] = tempfile.mkdtemp(prefix="importtime-", dir=scratch)
    command = program.command
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
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


def print_import_profile(label: str, imports: list[Import], top: int) -> None:
    print(f"\n{label}: imports by phase (one run under -X importtime, which inflates times):")
    for phase in ("before window shown", "window shown → ready"):
        chosen = [i for i in imports if i.phase == phase]
        total = sum(i.self_us for i in chosen) / 1000
        print(f"  {phase}: {len(chosen)} modules, {total:.0f} ms of import time")
        for item in sorted(chosen, key=lambda i: -i.self_us)[:top]:
            print(f"    {item.self_us / 1000:6.1f} ms  {item.name}")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def mark(program: Program, name: str) -> float:
    return median([r.marks[name] for r in program.runs if name in r.marks])


def spread(program: Program, name: str) -> str:
    values = [r.marks[name] for r in program.runs if name in r.marks]
    return f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f}" if values else "–"


def rss(program: Program) -> float:
    return median([r.peak_rss_mb for r in program.runs])


def verdict(label: str, ratio: float, limit: float, against: str) -> bool:
    ok = ratio <= limit
    print(
        f"  {label:34s} {ratio:5.2f}×  (target ≤ {limit:g}× {against})  "
        f"{'MET' if ok else 'NOT MET'}"
    )
    return ok


def print_marks(program: Program) -> None:
    names = {name for run in program.runs for name in run.marks}
    ordered = sorted(((mark(program, n), n) for n in names), key=lambda m: m[0])
    print(f"  {program.key} marks (ms): " + ", ".join(f"{n} {t * 1000:.0f}" for t, n in ordered))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="agentbar start-up benchmark")
    parser.add_argument("--runs", type=int, default=5, help="measured rounds (%(default)s)")
    parser.add_argument(
        "--importtime", type=int, default=0, metavar="N", help="list the N costliest imports"
    )
    parser.add_argument(
        "--no-compile", action="store_true", help="do not compile agentbar's bytecode first"
    )
    parser.add_argument(
        "--demo-floor", action="store_true", help="also measure the bare window + aiohttp + httpx2"
    )
    args = parser.parse_args(argv)
    if not args.no_compile:
        # Writes __pycache__ (ignored by git) even under PYTHONDONTWRITEBYTECODE.
        compileall.compile_dir(ROOT / "agentbar", quiet=1)
        compileall.compile_dir(ROOT / "tests" / "desk", quiet=1)  # the test keyring backend

    scratch = Path(tempfile.mkdtemp(prefix="agentbar-bench-"))
    base = isolated_env(dict(os.environ), scratch / "home")
    base["QT_QPA_PLATFORM"] = "offscreen"
    base["AGENTBAR_STARTUP_PROBE"] = "1"
    base["PYTHONDONTWRITEBYTECODE"] = "1"
    base["AGENTBAR_LOG_DIR"] = str(scratch)
    base.pop("AGENTBAR_PROBE_IDLE", None)  # the idle hook would keep agentbar running

    sim = ExternalSim(env=dict(os.environ))
    try:
        config, keyring_file = write_profile(scratch, sim.url)
        floor_env = dict(base)
        floor_env["BENCH_GATEWAY"] = sim.url
        floor_env["BENCH_PASSWORD"] = DEMO_PASSWORD  # the public demo tenant's; never printed
        python = sys.executable
        bare = Program("bare", "bare PySide6 window", [python, "-c", BARE_WINDOW], base)
        floor = Program(
            "floor",
            "floor (bare + httpx2 sign-in)",
            [python, "-c", FLOOR_WINDOW],
            floor_env,
            before=sim.reset,
        )
        product = Program(
            "product",
            "agentbar --config (product)",
            [python, "-m", "agentbar", "--config", str(config)],
            product_env(base, scratch / "home", keyring_file),
            frozenset({"ready", "event"}),
            before=sim.reset,
        )
        demo = Program(
            "demo",
            "agentbar --demo",
            [python, "-m", "agentbar", "--demo"],
            base,
            frozenset({"ready", "event"}),
        )
        programs = [bare, floor, product, demo]
        if args.demo_floor:
            programs.append(
                Program("demo_floor", "demo floor", [python, "-c", DEMO_FLOOR_WINDOW], base)
            )

        # One warm-up round, so the first measured run does not pay for a cold page cache (and
        # the product's profile data folder exists, as it does for a returning user).
        for program in programs:
            run_once(program, scratch)
        for _ in range(args.runs):  # interleaved, so a busy moment on the machine hits all
            for program in programs:
                program.runs.append(run_once(program, scratch))
        load = os.getloadavg()
        report(programs, args, load)
        failed = not targets(bare, floor, product, demo)
        if args.importtime:
            for program in (product, demo):
                imports = import_profile(program, scratch)
                print_import_profile(program.label, imports, args.importtime)
    finally:
        sim.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


def report(programs: list[Program], args: argparse.Namespace, load: tuple[float, ...]) -> None:
    print(
        f"runs: {args.runs} rounds (medians), offscreen, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"  {'program':30s} {'shown':>8s} {'ready':>8s} {'peak RSS':>10s}")
    for program in programs:
        shown = mark(program, "window_shown")
        ready = mark(program, "ready")
        ready_text = f"{'–':>9s}" if math.isnan(ready) else f"{ready * 1000:6.0f} ms"
        print(
            f"  {program.label:30s} {shown * 1000:6.0f} ms {ready_text} {rss(program):7.1f} MB"
            f"  ({program.runs[0].rss_source if program.runs else '?'})"
        )
    # The spread shows how busy the machine was: on a shared 2-core box the bare window alone
    # has ranged from 100 to 150 ms between runs, and every ratio moves with it.
    print(
        "  spread (min–max ms): "
        + "; ".join(
            f"{p.key} shown {spread(p, 'window_shown')}"
            + (f", ready {spread(p, 'ready')}" if any("ready" in r.marks for r in p.runs) else "")
            for p in programs
        )
    )
    for program in programs:
        if program.key in ("product", "demo"):
            print_marks(program)
    demo = next(p for p in programs if p.key == "demo")
    children = [r.child_rss_mb for r in demo.runs if r.child_rss_mb]
    if children:
        print(
            f"  demo simulator (child process) peak RSS: {median([sum(c) for c in children]):.1f}"
            f" MB median over {len(children)} runs (not part of the GUI's figure)"
        )
    else:
        print("  demo simulator: no child simulator (it runs inside the GUI process)")
    compiled = "no (source compiled at each start)" if args.no_compile else "yes"
    print(f"  agentbar bytecode precompiled: {compiled}")


def targets(bare: Program, floor: Program, product: Program, demo: Program) -> bool:
    bare_shown = mark(bare, "window_shown")
    bare_rss = rss(bare)
    floor_ready = mark(floor, "ready")
    print(
        f"floor: ready {floor_ready / bare_shown:.2f}× bare shown, "
        f"peak RSS {rss(floor) / bare_rss:.2f}× bare; "
        f"product ready {mark(product, 'ready') / bare_shown:.2f}× bare shown (for reference)"
    )
    print("targets:")
    return all(
        [
            verdict(
                "product: window shown",
                mark(product, "window_shown") / bare_shown,
                PRODUCT_SHOWN,
                "bare shown",
            ),
            verdict(
                "product: signed in and ready",
                mark(product, "ready") / floor_ready,
                PRODUCT_READY_OVER_FLOOR,
                "floor ready",
            ),
            verdict("product: peak RSS", rss(product) / bare_rss, PRODUCT_RSS, "bare RSS"),
            verdict(
                "demo: window shown", mark(demo, "window_shown") / bare_shown, DEMO_SHOWN, "bare"
            ),
            verdict(
                "demo: signed in and ready",
                mark(demo, "ready") / bare_shown,
                DEMO_READY,
                "bare shown",
            ),
            verdict("demo: GUI peak RSS", rss(demo) / bare_rss, DEMO_RSS, "bare RSS"),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
