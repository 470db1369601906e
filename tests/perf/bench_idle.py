"""Idle cost of a signed-in, Ready agentbar: CPU and wake-ups of the GUI process.

    python tests/perf/bench_idle.py [--seconds 60] [--settle 5]

Issue 12's target: signed in, Ready, no events, with the window shown and with it hidden to the
tray, the GUI process uses ≤ 0.5 % of one core over 60 s and does not wake more than ~2 times a
second.

The product path, as in ``bench_startup.py``: ``agentbar --config PATH`` (offscreen) with a profile
pointing at ``agentbar sim`` in its own process, the password from the test keyring. The simulator
rings nobody (``demo_ring_every`` is off), so once the sign-in's own event has arrived nothing
happens but the event long poll, which the simulator holds for up to 10 s. agentbar runs with
``AGENTBAR_STARTUP_PROBE=1`` and ``AGENTBAR_PROBE_IDLE=1`` (``agentbar/startup/probe.py``): it
prints when it is ready and then stays up; SIGUSR1 hides its window as closing it to the tray
does (offscreen there is no tray, and closing would quit).

Measured over each window, from /proc, with nothing sampled in between (the benchmark sleeps):

- CPU: the run time of its threads (schedstat, in ns), or utime + stime of the whole process
  (which also counts threads that ended, but in 10 ms ticks) if that is larger, as a share of
  one core;
- wake-ups: the sum over its threads of voluntary + involuntary context switches, per second,
  and per thread (with its name and its CPU), so it is clear which thread wakes; a thread that
  ended inside the window is missing from the sum, and the count of those is printed.

The simulator's requests in each window (``/sim/stats``) are printed too: the long polls are
part of the GUI's wake-ups.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf._product import (  # noqa: E402 -- needs the repository on the path first
    AGENT_ID,
    ExternalSim,
    product_env,
    write_profile,
)

PROBE_PREFIX = "AGENTBAR_PROBE"
CPU_TARGET_PERCENT = 0.5
WAKEUP_TARGET_PER_S = 2.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
START_TIMEOUT = 60.0


@dataclass
class ThreadSample:
    name: str
    voluntary: int
    involuntary: int
    cpu_ns: int


@dataclass
class Sample:
    at: float  # time.monotonic()
    cpu_ticks: int  # utime + stime of the whole process
    threads: dict[int, ThreadSample]


def _read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def process_cpu_ticks(pid: int) -> int:
    # The fields after the command name, which may hold spaces: utime and stime are 14th/15th.
    fields = _read(f"/proc/{pid}/stat").rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def sample(pid: int) -> Sample:
    threads: dict[int, ThreadSample] = {}
    for entry in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{entry}"
        try:
            status = dict(
                line.split(":", 1) for line in _read(f"{base}/status").splitlines() if ":" in line
            )
            # schedstat: time on the CPU in ns (finer than the 10 ms ticks of stat).
            cpu_ns = int(_read(f"{base}/schedstat").split()[0])
        except (OSError, ValueError, IndexError):
            continue  # ended while being read
        threads[int(entry)] = ThreadSample(
            status["Name"].strip(),
            int(status["voluntary_ctxt_switches"]),
            int(status["nonvoluntary_ctxt_switches"]),
            cpu_ns,
        )
    return Sample(time.monotonic(), process_cpu_ticks(pid), threads)


@dataclass
class Window:
    label: str
    seconds: float
    cpu_percent: float
    wakeups: float  # per second, every thread
    voluntary: float
    involuntary: float
    per_thread: list[tuple[int, str, float, float]]  # tid, name, wake-ups/s, CPU ms
    ended_threads: int
    requests: dict[str, int]


def measure(label: str, pid: int, sim: ExternalSim, seconds: float) -> Window:
    before_stats = sim.control("GET", "/sim/stats")["requests"]
    first = sample(pid)
    time.sleep(seconds)
    last = sample(pid)
    after_stats = sim.control("GET", "/sim/stats")["requests"]
    elapsed = last.at - first.at
    per_thread: list[tuple[int, str, float, float]] = []
    voluntary = involuntary = 0
    for tid, now in last.threads.items():
        then = first.threads.get(tid, ThreadSample(now.name, 0, 0, 0))  # new: counts from 0
        v, i = now.voluntary - then.voluntary, now.involuntary - then.involuntary
        voluntary += v
        involuntary += i
        per_thread.append((tid, now.name, (v + i) / elapsed, (now.cpu_ns - then.cpu_ns) / 1e6))
    per_thread.sort(key=lambda t: (-t[2], -t[3]))
    requests = {
        path.rsplit("/resource/", 1)[-1]: count - before_stats.get(path, 0)
        for path, count in after_stats.items()
        if count - before_stats.get(path, 0) and not path.startswith("/sim/")
    }
    # Per-thread run time is exact (ns) but misses threads that ended; the process's ticks count
    # those too but come in 10 ms steps. The larger of the two.
    thread_cpu_s = sum(t[3] for t in per_thread) / 1000
    process_cpu_s = (last.cpu_ticks - first.cpu_ticks) / CLOCK_TICKS
    return Window(
        label,
        elapsed,
        max(thread_cpu_s, process_cpu_s) / elapsed * 100,
        (voluntary + involuntary) / elapsed,
        voluntary / elapsed,
        involuntary / elapsed,
        per_thread,
        len(first.threads.keys() - last.threads.keys()),
        requests,
    )


class Lines:
    """The program's stdout, read on a thread, so the marks can be awaited with a timeout."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.marks: dict[str, float] = {}
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, *names: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not set(names) <= self.marks.keys():
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no {names} within {timeout:.0f} s") from None
            if line is None:
                raise RuntimeError("agentbar ended")
            parts = line.split()
            if len(parts) >= 3 and parts[0] == PROBE_PREFIX:
                self.marks.setdefault(parts[1], float(parts[-1]))


def print_window(window: Window, top: int) -> bool:
    cpu_ok = window.cpu_percent <= CPU_TARGET_PERCENT
    wake_ok = window.wakeups <= WAKEUP_TARGET_PER_S
    print(f"\nwindow {window.label}, {window.seconds:.1f} s:")
    print(
        f"  CPU       {window.cpu_percent:6.3f} % of one core  (target ≤ {CPU_TARGET_PERCENT} %)"
        f"  {'MET' if cpu_ok else 'NOT MET'}"
    )
    print(
        f"  wake-ups  {window.wakeups:6.2f} /s  (voluntary {window.voluntary:.2f}, involuntary "
        f"{window.involuntary:.2f}; target ≤ ~{WAKEUP_TARGET_PER_S:g} /s)"
        f"  {'MET' if wake_ok else 'NOT MET'}"
    )
    rate = ", ".join(
        f"{path} {count / window.seconds:.2f}/s" for path, count in sorted(window.requests.items())
    )
    print(f"  requests at the simulator: {rate or 'none'}")
    waking = [t for t in window.per_thread if t[2] > 0 or t[3] > 0]
    quiet = len(window.per_thread) - len(waking)
    print(
        f"  threads: {len(window.per_thread)} ({quiet} never woke"
        f"{f', {window.ended_threads} ended inside the window' if window.ended_threads else ''})"
    )
    for tid, name, wakeups, cpu_ms in waking[:top]:
        print(f"    {tid:>8}  {name:16s} {wakeups:6.2f} wake-ups/s  {cpu_ms:8.1f} ms CPU")
    if len(waking) > top:
        print(f"    … {len(waking) - top} more")
    return cpu_ok and wake_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="agentbar idle CPU and wake-ups")
    parser.add_argument("--seconds", type=float, default=60.0, help="each window (%(default)s)")
    parser.add_argument(
        "--settle",
        type=float,
        default=5.0,
        help="wait this long after ready, and after hiding, before measuring (%(default)s)",
    )
    parser.add_argument("--threads", type=int, default=12, help="threads listed per window")
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="agentbar-idle-"))
    sim = ExternalSim(env=dict(os.environ))
    process: subprocess.Popen[str] | None = None
    errors = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in the finally below
    try:
        # Nobody rings the agent: "no events" (off by default for `agentbar sim`; made sure).
        sim.control("PATCH", "/sim/settings", {"demo_ring_every": None})
        sim.reset()
        config, keyring_file = write_profile(scratch, sim.url)
        env = product_env(dict(os.environ), scratch / "home", keyring_file)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            AGENTBAR_STARTUP_PROBE="1",
            AGENTBAR_PROBE_IDLE="1",
            AGENTBAR_LOG_DIR=str(scratch),
            TMPDIR=str(scratch),  # its own single-instance lock
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "agentbar", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
            text=True,
        )
        assert process.stdout is not None
        lines = Lines(process.stdout)
        try:
            lines.wait_for("ready", "event", timeout=START_TIMEOUT)
        except (TimeoutError, RuntimeError):
            errors.seek(0)
            print(errors.read().decode("utf-8", "replace")[-2000:], file=sys.stderr)
            raise
        time.sleep(args.settle)  # the work after ready: skills, the feature tabs
        agent = next(a for a in sim.control("GET", "/sim/agents") if a["agentId"] == AGENT_ID)
        print(
            f"agentbar PID {process.pid}, agent {AGENT_ID}: signed in {agent['signedIn']}, "
            f"state {agent['state']} (4 = Ready); load average "
            + " ".join(f"{x:.2f}" for x in os.getloadavg())
        )
        shown = measure("shown", process.pid, sim, args.seconds)
        process.send_signal(signal.SIGUSR1)
        lines.wait_for("window_hidden", timeout=10)
        time.sleep(args.settle)
        hidden = measure("hidden to the tray", process.pid, sim, args.seconds)
        # The way back, checked but not measured: the window comes forward as on a second launch.
        process.send_signal(signal.SIGUSR2)
        lines.wait_for("window_shown_again", timeout=10)
        ok = print_window(shown, args.threads) & print_window(hidden, args.threads)
        print(
            "\nload average at the end: "
            + " ".join(f"{x:.2f}" for x in os.getloadavg())
            + f"; {os.cpu_count()} CPUs"
        )
        print(f"overall: {'MET' if ok else 'NOT MET'}")
        return 0 if ok else 1
    finally:
        if process is not None and process.poll() is None:
            process.terminate()  # agentbar signs out and quits on SIGTERM
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        sim.stop()
        errors.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
