"""Kill test of the work-order outbox: SIGKILL a submitting client at random points, then count.

The simulator runs as its own process (``python -m agentbar sim --port 0``). A client process
(this module with ``client``) opens the outbox, submits the numbered cases it does not hold yet
and sends until every one is sent. The driver kills it with SIGKILL after a random time, again and
again, then lets a last run finish, and counts the cases on the server by title: each number must
be there exactly once.

Full run: ``python -m tests.integration.outbox_kill --cases 100 --kills 20``; the default test
run uses :func:`run_kill_test` from ``test_outbox_kill.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

TITLE = "kill-test #{n}"
_TITLE_RE = re.compile(r"kill-test #(\d+)")
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class KillReport:
    submitted: int  # distinct cases in the outbox after the last run
    present_once: int
    duplicates: int  # numbers found more than once on the server
    lost: int  # numbers not found on the server
    kills: int
    create_requests: int  # create calls the server saw (more than cases: killed mid-request)
    found_by_lookup: int  # cases created by a killed run and found again, not sent twice
    seconds: float

    def line(self) -> str:
        return (
            f"submitted {self.submitted} / present once {self.present_once} / duplicates "
            f"{self.duplicates} / lost {self.lost} ({self.kills} kills, "
            f"{self.create_requests} create requests, {self.found_by_lookup} found by lookup, "
            f"{self.seconds:.1f} s)"
        )


# ---- the client process -----------------------------------------------------------------------


async def _client(url: str, db: str, count: int, pace: float) -> int:
    from agentbar.app.backoff import Backoff
    from agentbar.app.work_order.outbox import Outbox
    from agentbar.app.work_order.outbox_store import EntryState, OutboxStore
    from agentbar.cec import build_client
    from agentbar.cec.cases import CaseClient, NewCase

    # The outbox logs "already created" when a lookup finds a case; the driver counts those.
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")

    http = build_client()
    cases = CaseClient(http, url, "demo-client", "demo-client-secret", creator_id="101")
    outbox = Outbox(OutboxStore(db), cases, backoff=Backoff(first=0.05, longest=0.5))
    outbox.start()
    held = {e.title for e in await outbox.entries()}
    for n in range(1, count + 1):
        title = TITLE.format(n=n)
        if title in held:
            continue
        await outbox.submit(
            NewCase(
                title=title,
                description=f"Case {n} of the outbox kill test.",
                type_id="cvmC00000149NzxF1ePA",
                contact_id="ciIy0000013y7cC8T2rA",
                creator_id="101",
                origin="Voice",
            )
        )
        if pace:
            await asyncio.sleep(pace)
    while True:
        entries = await outbox.entries()
        if len(entries) >= count and all(e.state is EntryState.SENT for e in entries):
            break
        if any(e.state is EntryState.INVALID for e in entries):
            print("invalid case in the outbox", flush=True)
            return 2
        await asyncio.sleep(0.05)
    await outbox.close()
    await http.aclose()
    print("done", flush=True)
    return 0


# ---- the driver -------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def start_sim() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "agentbar", "sim", "--port", "0"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http"):
        process.kill()
        raise RuntimeError(f"the simulator did not print its URL: {url!r}")
    return process, url


def _client_command(url: str, db: Path, count: int, pace: float) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tests.integration.outbox_kill",
        "client",
        "--url",
        url,
        "--db",
        str(db),
        "--cases",
        str(count),
        "--pace",
        str(pace),
    ]


def _server_cases(url: str) -> list[dict[str, object]]:
    request = urllib.request.Request(f"{url}/sim/cases/cases", data=b"{}", method="POST")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        cases: list[dict[str, object]] = json.loads(response.read())["cases"]
    return cases


def _stats(url: str) -> dict[str, int]:
    request = urllib.request.Request(f"{url}/sim/cases/stats", data=b"{}", method="POST")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        stats: dict[str, int] = json.loads(response.read())
    return stats


def _slow_down_create(url: str, seconds: float) -> None:
    """Answer every create (and lookup) late, after the case is stored: a wide window for a kill
    to fall between "the server has it" and "the client knows"."""
    body = json.dumps(
        {
            "kind": "delay",
            "when": "after",
            "seconds": seconds,
            "path": "/service/AICC__Case/1.0.0/openapi/case",
            "count": None,
        }
    ).encode()
    request = urllib.request.Request(f"{url}/sim/faults", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10):
        pass


def _outbox_titles(db: Path) -> set[str]:
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        return {row[0] for row in connection.execute("SELECT title FROM outbox_case")}
    finally:
        connection.close()


def run_kill_test(
    cases: int = 100,
    kills: int = 10,
    *,
    seed: int | None = None,
    min_delay: float = 0.25,
    max_delay: float = 1.0,
    pace: float = 0.02,
    slow_create: float = 0.03,
    deadline: float = 120.0,
) -> KillReport:
    """Submit ``cases`` numbered cases through client processes killed ``kills`` times."""
    rng = random.Random(seed)
    started = time.monotonic()
    sim, url = start_sim()
    try:
        if slow_create:
            _slow_down_create(url, slow_create)
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "outbox.sqlite3"
            log_path = Path(tmp) / "clients.log"
            log = log_path.open("w")
            command = _client_command(url, db, cases, pace)
            done_kills = 0
            for _ in range(kills):
                client = subprocess.Popen(
                    command, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=log
                )
                try:
                    client.wait(rng.uniform(min_delay, max_delay))
                except subprocess.TimeoutExpired:
                    client.send_signal(signal.SIGKILL)
                    client.wait()
                    done_kills += 1
                else:
                    if client.returncode != 0:
                        raise RuntimeError(f"a client run failed with {client.returncode}")
                    break  # it finished before its kill: everything is sent
            final = subprocess.run(
                command, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=log, timeout=deadline
            )
            log.close()
            text = log_path.read_text("utf-8", "replace")
            if final.returncode != 0:
                raise RuntimeError(f"the last client run failed: {text[-2000:]}")
            submitted = len(_outbox_titles(db))
            found_by_lookup = text.count("was already created")
        found: dict[int, int] = {}
        for case in _server_cases(url):
            match = _TITLE_RE.fullmatch(str(case.get("title", "")))
            if match:
                number = int(match.group(1))
                found[number] = found.get(number, 0) + 1
        stats = _stats(url)
    finally:
        sim.send_signal(signal.SIGTERM)
        try:
            sim.wait(5)
        except subprocess.TimeoutExpired:
            sim.kill()
            sim.wait()
    numbers = range(1, cases + 1)
    return KillReport(
        submitted=submitted,
        present_once=sum(1 for n in numbers if found.get(n) == 1),
        duplicates=sum(1 for n in numbers if found.get(n, 0) > 1),
        lost=sum(1 for n in numbers if n not in found),
        kills=done_kills,
        create_requests=stats["create_requests"],
        found_by_lookup=found_by_lookup,
        seconds=time.monotonic() - started,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("role", nargs="?", choices=("driver", "client"), default="driver")
    parser.add_argument("--url", default="")
    parser.add_argument("--db", default="")
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--pace", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--slow-create", type=float, default=0.03, metavar="SECONDS")
    args = parser.parse_args(argv)
    if args.role == "client":
        return asyncio.run(_client(args.url, args.db, args.cases, args.pace))
    report = run_kill_test(
        args.cases, args.kills, seed=args.seed, pace=args.pace, slow_create=args.slow_create
    )
    print(report.line())
    ok = report.present_once == args.cases and report.duplicates == 0 and report.lost == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
