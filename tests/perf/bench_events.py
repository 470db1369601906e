"""Event pump benchmarks against the simulator on loopback.

Run from the repository root: ``.venv/bin/python tests/perf/bench_events.py [--events 1000]``

1. Event latency: an event is injected at the simulator (control POST, with ``perf_counter()`` at
   sending in its content) and timed until the EventPump yields it, one event at a time. The
   simulator runs on its own thread (SimThread), the pump on this process's main loop, so both
   ends read the same clock. Target: p99 ≤ 10 ms.
2. Idle traffic: requests per second the pump sends while nothing happens, with the documented
   10 s poll hold, counted by the simulator (/sim/stats). Target: ≤ 0.15 requests/s.

Baselines, measured in the same run: the raw loopback round trip of one GET to the simulator with
httpx (no parsing, no pump), and the same inject → event measurement with bare httpx long polls
(no client, no pump); the ratios of the pump's figures to both.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from agentbar.cec import _http
from agentbar.cec.events import EventPump
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
    async with httpx.AsyncClient(base_url=url, trust_env=False) as http:
        for _ in range(20):
            await http.get("/sim/settings")
        for _ in range(n):
            started = time.perf_counter()
            response = await http.get("/sim/settings")
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    return times


async def raw_poll_latency(url: str, n: int) -> list[float]:
    """The same inject → event measurement with bare httpx long polls: no client, no pump.

    What the loopback, the simulator and two HTTP round trips cost by themselves; the pump's
    figures above this are the client's own overhead.
    """
    agent, phone = "103", "88880103"
    resource = "/agentgateway/resource"
    times: list[float] = []
    async with (
        httpx.AsyncClient(base_url=url, trust_env=False) as http,
        httpx.AsyncClient(base_url=url, trust_env=False) as control,
    ):
        signed_in = await http.put(
            f"{resource}/onlineagent/{agent}", json={"password": "demo", "phonenum": phone}
        )
        guid = signed_in.headers["Set-GUID"].split("=", 1)[1]

        async def poll() -> dict[str, object]:
            nonlocal guid
            while True:
                response = await http.get(f"{resource}/agentevent/{agent}", headers={"Guid": guid})
                if "Set-GUID" in response.headers:
                    guid = response.headers["Set-GUID"].split("=", 1)[1]
                event = response.json().get("event")
                if event:
                    return dict(event)

        for _ in range(2):  # InService, Ready
            await poll()
        path = f"/sim/agents/{agent}/events"
        for seq in range(n + 50):
            sent = time.perf_counter()
            body = {"eventType": "AgentState_Rest_Timeout", "content": {"seq": seq}}
            post = asyncio.ensure_future(control.post(path, json=body))
            event = await poll()
            arrived = time.perf_counter()
            (await post).raise_for_status()
            assert event["content"] == {"seq": seq}, event
            if seq >= 50:
                times.append((arrived - sent) * 1000)
        await http.delete(f"{resource}/onlineagent/{agent}/logout", headers={"Guid": guid})
    return times


async def latency(url: str, n: int) -> tuple[list[float], list[float]]:
    """Inject → yield latencies, and the control POST round trips alongside them."""
    http = _http.build_client()
    gateway = GatewayClient(http, url, AGENT)
    await gateway.sign_in("demo", "88880101")
    pump = EventPump(gateway)
    events = pump.__aiter__()
    for _ in range(2):  # InService, Ready
        await anext(events)
    control = httpx.AsyncClient(base_url=url, trust_env=False)
    path = f"/sim/agents/{AGENT}/events"
    latencies: list[float] = []
    posts: list[float] = []
    try:
        for seq in range(n + 50):
            sent = time.perf_counter()
            body = {"eventType": "AgentState_Rest_Timeout", "content": {"t": sent, "seq": seq}}
            post = asyncio.ensure_future(control.post(path, json=body))
            event = await anext(events)
            arrived = time.perf_counter()
            response = await post
            posted = time.perf_counter()
            response.raise_for_status()
            content = event.content
            assert isinstance(content, dict), content
            assert content["seq"] == seq, (content, seq)
            if seq >= 50:  # warm-up: connections, caches, first GUID rotation
                latencies.append((arrived - float(content["t"])) * 1000)
                posts.append((posted - sent) * 1000)
    finally:
        pump.stop()
        await control.aclose()
        await gateway.sign_out()
        await http.aclose()
    return latencies, posts


async def idle_rate(url: str, seconds: float) -> tuple[int, float]:
    """Gateway requests the pump sends over ``seconds`` with nothing happening."""
    http = _http.build_client()
    gateway = GatewayClient(http, url, "102")
    await gateway.sign_in("demo", "88880102")
    pump = EventPump(gateway)
    events = pump.__aiter__()
    for _ in range(2):
        await anext(events)
    consumer = asyncio.ensure_future(anext(events))  # keeps polling; nothing will come
    async with httpx.AsyncClient(base_url=url, trust_env=False) as control:

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
        base = await baseline(url, 500)
        raw = await raw_poll_latency(url, args.events)
        lat, posts = await latency(url, args.events)
        requests, seconds = await idle_rate(url, args.idle_seconds)
    finally:
        sim.stop()

    print(f"simulator {url}, Python {sys.version.split()[0]}")
    base_p50, base_p99 = line("baseline: one GET round trip (httpx)", base)
    post_p50, _ = line("control POST round trip (inject)", posts)
    raw_p50, raw_p99 = line("raw: inject → bare httpx long poll", raw)
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
