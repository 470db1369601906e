"""Event pump benchmarks against the simulator on loopback.

Run from the repository root: ``.venv/bin/python tests/perf/bench_events.py [--events 1000]``

1. Event latency: an event is injected at the simulator (control POST, with ``perf_counter()`` at
   sending in its content) and timed until the EventPump yields it, one event at a time. The
   simulator runs on its own thread (SimThread), the pump on this process's main loop, so both
   ends read the same clock. Target: p99 ≤ 10 ms.
2. Idle traffic: requests per second the pump sends while nothing happens, with the documented
   10 s poll hold, counted by the simulator (/sim/stats). Target: ≤ 0.15 requests/s.

Baselines, measured in the same run: the raw loopback round trip of one GET to the simulator with
httpx2 (no parsing, no pump), and the same inject → event measurement with bare httpx2 long polls
(no client, no pump), taken in chunks alternating with the pump's so that a busy machine weighs
on both alike; the ratios of the pump's figures to both.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from agentbar.cec import build_client
from agentbar.cec.event_pump import EventPump
from agentbar.cec.gateway import GatewayClient
from agentbar.sim.server import SimSettings, SimThread

AGENT = "101"
LATENCY_TARGET_MS = 10.0
IDLE_TARGET_RPS = 0.15


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def line(name: str, values: list[float]) -> tuple[float, float]:
    p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
    print(
        f"{name:<40} n={len(values):>5}  p50={p50:7.3f} ms  p99={p99:7.3f} ms"
        f"  max={max(values):7.3f} ms"
    )
    return p50, p99


async def baseline(url: str, n: int) -> list[float]:
    """Round trips of one GET to the simulator, on a warm keep-alive connection."""
    times: list[float] = []
    async with httpx2.AsyncClient(base_url=url, trust_env=False) as http:
        for _ in range(20):
            await http.get("/sim/settings")
        for _ in range(n):
            started = time.perf_counter()
            response = await http.get("/sim/settings")
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    return times


RESOURCE = "/agentgateway/resource"
CHUNK = 50  # events measured on one path before switching to the other
WARM_UP = 50


class RawPoller:
    """The same inject → event measurement with bare httpx2 long polls: no client, no pump.

    What the loopback, the simulator and two HTTP round trips cost by themselves; the pump's
    figures above this are the client's own overhead.
    """

    agent, phone = "103", "88880103"

    def __init__(self, url: str) -> None:
        self.http = httpx2.AsyncClient(base_url=url, trust_env=False)
        self.guid = ""

    async def start(self) -> None:
        body = {"password": "demo", "phonenum": self.phone}
        signed_in = await self.http.put(f"{RESOURCE}/onlineagent/{self.agent}", json=body)
        self.guid = signed_in.headers["Set-GUID"].split("=", 1)[1]
        for _ in range(2):  # InService, Ready
            await self.next_event()

    async def next_event(self) -> dict[str, object]:
        while True:
            response = await self.http.get(
                f"{RESOURCE}/agentevent/{self.agent}", headers={"Guid": self.guid}
            )
            if "Set-GUID" in response.headers:
                self.guid = response.headers["Set-GUID"].split("=", 1)[1]
            event = response.json().get("event")
            if event:
                return dict(event)

    async def close(self) -> None:
        path = f"{RESOURCE}/onlineagent/{self.agent}/logout"
        await self.http.delete(path, headers={"Guid": self.guid})
        await self.http.aclose()


class PumpPoller:
    """The real client: GatewayClient and EventPump."""

    agent, phone = AGENT, "88880101"

    def __init__(self, url: str) -> None:
        self.http = build_client()
        self.gateway = GatewayClient(self.http, url, self.agent)
        self.pump = EventPump(self.gateway)
        self.events = self.pump.__aiter__()

    async def start(self) -> None:
        await self.gateway.sign_in("demo", self.phone)
        for _ in range(2):  # InService, Ready
            await anext(self.events)

    async def next_event(self) -> dict[str, object]:
        event = await anext(self.events)
        assert isinstance(event.content, dict), event
        return {"eventType": event.event_type, "content": event.content}

    async def close(self) -> None:
        self.pump.stop()
        await self.gateway.sign_out()
        await self.http.aclose()


async def latencies(url: str, n: int) -> tuple[list[float], list[float], list[float]]:
    """Inject → event latencies of the pump and of bare long polls, measured in alternating
    chunks so that the load of the machine weighs on both alike; and the inject POST times."""
    pump, raw = PumpPoller(url), RawPoller(url)
    await pump.start()
    await raw.start()
    control = httpx2.AsyncClient(base_url=url, trust_env=False)
    measured: dict[str, list[float]] = {"pump": [], "raw": [], "post": []}

    async def one(poller: PumpPoller | RawPoller, seq: int, name: str) -> None:
        path = f"/sim/agents/{poller.agent}/events"
        sent = time.perf_counter()
        body = {"eventType": "AgentState_Rest_Timeout", "content": {"seq": seq}}
        post = asyncio.ensure_future(control.post(path, json=body))
        event = await poller.next_event()
        arrived = time.perf_counter()
        response = await post
        posted = time.perf_counter()
        response.raise_for_status()
        assert event["content"] == {"seq": seq}, (event, seq)
        if seq >= WARM_UP:  # connections, caches
            measured[name].append((arrived - sent) * 1000)
            if name == "pump":
                measured["post"].append((posted - sent) * 1000)

    try:
        for first in range(0, n + WARM_UP, CHUNK):
            for seq in range(first, min(first + CHUNK, n + WARM_UP)):
                await one(pump, seq, "pump")
            for seq in range(first, min(first + CHUNK, n + WARM_UP)):
                await one(raw, seq, "raw")
    finally:
        await control.aclose()
        await pump.close()
        await raw.close()
    return measured["pump"], measured["raw"], measured["post"]


async def idle_rate(url: str, seconds: float) -> tuple[int, float]:
    """Gateway requests the pump sends over ``seconds`` with nothing happening."""
    http = build_client()
    gateway = GatewayClient(http, url, "102")
    await gateway.sign_in("demo", "88880102")
    pump = EventPump(gateway)
    events = pump.__aiter__()
    for _ in range(2):
        await anext(events)
    consumer = asyncio.ensure_future(anext(events))  # keeps polling; nothing will come
    async with httpx2.AsyncClient(base_url=url, trust_env=False) as control:

        async def gateway_requests() -> tuple[int, float]:
            stats = (await control.get("/sim/stats")).json()
            count = sum(n for p, n in stats["requests"].items() if p.startswith("/agentgateway/"))
            return count, time.monotonic()

        await asyncio.sleep(0.5)
        before, started = await gateway_requests()
        await asyncio.sleep(seconds)
        after, ended = await gateway_requests()
    pump.stop()
    await asyncio.gather(consumer, return_exceptions=True)
    await gateway.sign_out()
    await http.aclose()
    return after - before, ended - started


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    args = parser.parse_args()

    sim = SimThread(SimSettings())  # documented defaults: 10 s poll hold, dynamic GUIDs
    url = sim.start("127.0.0.1", 0)
    try:
        load_before = os.getloadavg()
        base = await baseline(url, 500)
        lat, raw, posts = await latencies(url, args.events)
        requests, seconds = await idle_rate(url, args.idle_seconds)
    finally:
        sim.stop()

    load_after = os.getloadavg()
    print(
        f"simulator {url}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average"
        f" {load_before[0]:.2f} before / {load_after[0]:.2f} after"
    )
    base_p50, base_p99 = line("baseline: one GET round trip (httpx2)", base)
    post_p50, _ = line("control POST round trip (inject)", posts)
    raw_p50, raw_p99 = line("raw: inject → bare httpx2 long poll", raw)
    p50, p99 = line("event latency: inject → pump yields", lat)
    print(
        f"ratios to the GET round trip: p50 {p50 / base_p50:.1f}×, p99 {p99 / base_p99:.1f}×;"
        f" to the bare long poll: p50 {p50 / raw_p50:.2f}×, p99 {p99 / raw_p99:.2f}×;"
        f" latency p50 minus inject POST p50: {p50 - post_p50:.3f} ms"
    )
    rate = requests / seconds
    print(
        f"idle: {requests} gateway requests in {seconds:.1f} s = {rate:.3f} requests/s"
        f" (target ≤ {IDLE_TARGET_RPS})"
    )
    ok_latency = p99 <= LATENCY_TARGET_MS
    ok_idle = rate <= IDLE_TARGET_RPS
    print(f"event latency p99 ≤ {LATENCY_TARGET_MS:g} ms: {'OK' if ok_latency else 'MISSED'}")
    print(f"idle ≤ {IDLE_TARGET_RPS} requests/s: {'OK' if ok_idle else 'MISSED'}")
    return 0 if ok_latency and ok_idle else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
