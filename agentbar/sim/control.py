"""The simulator's control interface under ``/sim/``: drive customers, agents, faults and settings.

JSON in and out, no authentication (the simulator listens on loopback). Used by tests, benchmarks,
trainers and ``--demo``, whose background ringer also lives here. The README documents each route.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import random
import time
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from agentbar.sim.calls import Call
from agentbar.sim.center import CENTER_KEY, Center, Refusal, Session
from agentbar.sim.faults import FAULTS_KEY
from agentbar.sim.server import SETTINGS_KEY, SimSettings
from agentbar.sim.traffic import TRAFFIC_KEY

SIM = "/sim"

# GUESS: a demo customer whose call is not answered gives up after this long.
DEMO_RING_PATIENCE = 30.0


class ControlError(Exception):
    def __init__(self, status: int, reason: str, retcode: str = "") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retcode = retcode


def _reply(body: Any, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = json.loads(await request.read() or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ControlError(400, "the body is not JSON") from exc
    if not isinstance(body, dict):
        raise ControlError(400, "the body must be a JSON object")
    return body


@web.middleware
async def _control_errors(request: web.Request, handler: Any) -> web.StreamResponse:
    if not request.path.startswith(SIM + "/"):
        response: web.StreamResponse = await handler(request)
        return response
    try:
        response = await handler(request)
        return response
    except ControlError as exc:
        return _reply({"error": exc.reason, "retcode": exc.retcode}, exc.status)
    except Refusal as exc:
        return _reply({"error": exc.message, "retcode": exc.retcode}, 409)


def _center(request: web.Request) -> Center:
    return request.app[CENTER_KEY]


def _signed_in(request: web.Request) -> Session:
    agent_id = request.match_info["agentid"]
    center = _center(request)
    if center.profile(agent_id) is None:
        raise ControlError(404, f"no agent {agent_id}")
    session = center.sessions.get(agent_id)
    if session is None:
        raise ControlError(409, f"agent {agent_id} is not signed in", "100-006")
    return session


def agent_json(center: Center, agent_id: str) -> dict[str, Any]:
    profile = center.data.agents[agent_id]
    session = center.sessions.get(agent_id)
    closed = center.closed.get(agent_id)
    return {
        "agentId": agent_id,
        "name": profile.name,
        "phone": session.phone if session else profile.phone,
        "signedIn": session is not None,
        "state": session.agent_state if session else 2,
        "skills": list(session.skills) if session else [],
        "configuredSkills": list(profile.skill_ids),
        "autoanswer": session.autoanswer if session else None,
        "call": session.call.to_json() if session and session.call else None,
        "queue": len(session.queue) if session else (len(closed.queue) if closed else 0),
        "polls": center.polls[agent_id],
        "recordings": len(center.recordings.get(agent_id, [])),
    }


async def list_agents(request: web.Request) -> web.StreamResponse:
    center = _center(request)
    return _reply([agent_json(center, a) for a in center.data.agents])


async def customer_call(request: web.Request) -> web.StreamResponse:
    session = _signed_in(request)
    body = await _body(request)
    caller = str(body.get("caller", "13800000000"))
    skill_id = body.get("skillId")
    media_type = body.get("mediaType")
    try:
        skill = None if skill_id is None else int(skill_id)
        media = None if media_type is None else int(media_type)
    except (TypeError, ValueError) as exc:
        raise ControlError(400, "skillId and mediaType must be integers") from exc
    call = _center(request).ring(session.work_no, caller, skill_id=skill, media_type=media)
    return _reply({"callId": call.call_id})


async def customer_hang_up(request: web.Request) -> web.StreamResponse:
    session = _signed_in(request)
    call = _center(request).customer_hang_up(session.work_no)
    return _reply({"callId": call.call_id})


async def force_sign_out(request: web.Request) -> web.StreamResponse:
    session = _signed_in(request)
    _center(request).sign_out(session, "control")
    return _reply({"signedOut": session.work_no})


async def rotate_guid(request: web.Request) -> web.StreamResponse:
    session = _signed_in(request)
    return _reply({"guid": session.guids.rotate()})


async def inject_events(request: web.Request) -> web.StreamResponse:
    session = _signed_in(request)
    body = await _body(request)
    event_type = body.get("eventType")
    count = body.get("count", 1)
    if not isinstance(event_type, str) or not event_type:
        raise ControlError(400, "eventType is required")
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 10_000_000:
        raise ControlError(400, "count must be a positive integer")
    _center(request).inject(session, event_type, body.get("content"), count)
    return _reply({"queued": count, "queue": len(session.queue)})


async def add_fault(request: web.Request) -> web.StreamResponse:
    try:
        rule = request.app[FAULTS_KEY].add(await _body(request))
    except (TypeError, ValueError) as exc:
        raise ControlError(400, str(exc)) from exc
    return _reply({"id": rule.id})


async def list_faults(request: web.Request) -> web.StreamResponse:
    return _reply([r.to_json() for r in request.app[FAULTS_KEY].rules])


async def clear_faults(request: web.Request) -> web.StreamResponse:
    request.app[FAULTS_KEY].clear()
    return _reply({"cleared": True})


SETTABLE = {"guid_mode", "guid_interval", "guid_timeout", "idle_signout", "poll_hold",
            "demo_ring_every", "demo_talk_time", "callout_answer_after", "date_skew"}  # fmt: skip


def settings_json(settings: SimSettings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in sorted(SETTABLE)}


async def patch_settings(request: web.Request) -> web.StreamResponse:
    settings = request.app[SETTINGS_KEY]
    body = await _body(request)
    unknown = set(body) - SETTABLE
    if unknown:
        raise ControlError(400, f"unknown settings {sorted(unknown)}; settable: {sorted(SETTABLE)}")
    if "guid_mode" in body and body["guid_mode"] not in ("static", "dynamic"):
        raise ControlError(400, "guid_mode must be 'static' or 'dynamic'")
    changes: dict[str, Any] = {}
    try:
        for name, value in body.items():
            if name == "guid_mode":
                changes[name] = value
            elif name == "demo_talk_time":
                low, high = (float(v) for v in value)
                changes[name] = (low, high)
            elif value is None and name == "demo_ring_every":
                changes[name] = None
            else:
                changes[name] = float(value)
    except (TypeError, ValueError) as exc:
        raise ControlError(400, f"bad value: {exc}") from exc
    for name, value in changes.items():
        setattr(settings, name, value)
    return _reply(settings_json(settings))


async def get_settings(request: web.Request) -> web.StreamResponse:
    return _reply(settings_json(request.app[SETTINGS_KEY]))


async def stats(request: web.Request) -> web.StreamResponse:
    center = _center(request)
    body = request.app[TRAFFIC_KEY].to_json()
    body["polls"] = dict(center.polls)
    return _reply(body)


async def recordings(request: web.Request) -> web.StreamResponse:
    center = _center(request)
    agent_id = request.match_info["agentid"]
    return _reply([r.to_json() for r in center.recordings.get(agent_id, [])])


async def reset(request: web.Request) -> web.StreamResponse:
    _center(request).reset()
    request.app[FAULTS_KEY].clear()
    request.app[TRAFFIC_KEY].reset()
    request.app[RINGER_KEY].reset()
    return _reply({"reset": True})


# -- the --demo ringer --------------------------------------------------------------------------


@dataclasses.dataclass
class DemoRinger:
    """Rings Ready agents now and then and hangs up as the customer after a while.

    Like an ACD it routes only to an agent who is signed in, Ready and not in a call: one who is
    Busy, at rest, in wrap-up or talking is left alone, and rung a fresh interval after becoming
    Ready again. ``POST /sim/agents/{id}/call`` (``customer_call``) does not wait: it rings now,
    and is refused when the agent is not Ready.
    """

    center: Center
    settings: SimSettings
    rng: random.Random = dataclasses.field(default_factory=lambda: random.Random(20240102))
    next_ring: dict[str, float] = dataclasses.field(default_factory=dict)
    talk_for: dict[str, float] = dataclasses.field(default_factory=dict)

    def reset(self) -> None:
        self.next_ring.clear()
        self.talk_for.clear()

    def caller(self) -> str:
        return "1" + self.rng.choice("3578") + "".join(self.rng.choices("0123456789", k=9))

    def tick(self, now: float) -> None:
        every = self.settings.demo_ring_every
        if every is None or every <= 0:
            return
        for agent_id, session in list(self.center.sessions.items()):
            call = session.call
            if call is not None:
                self._maybe_hang_up(agent_id, call, now)
            elif session.ready_for_a_call:
                due = self.next_ring.setdefault(agent_id, now + every * self.rng.uniform(0.7, 1.3))
                if now >= due:
                    del self.next_ring[agent_id]
                    self.center.ring(agent_id, self.caller())
                    low, high = self.settings.demo_talk_time
                    self.talk_for[agent_id] = self.rng.uniform(low, high)
            else:
                self.next_ring.pop(agent_id, None)

    def _maybe_hang_up(self, agent_id: str, call: Call, now: float) -> None:
        talk_for = self.talk_for.get(agent_id)
        if talk_for is None:
            return  # not the ringer's call
        if call.talking_since is not None:
            done = now - call.talking_since >= talk_for
        else:
            done = now - call.started >= DEMO_RING_PATIENCE
        if done:
            del self.talk_for[agent_id]
            self.center.customer_hang_up(agent_id)


RINGER_KEY = web.AppKey("demo_ringer", DemoRinger)


async def _run_ringer(ringer: DemoRinger) -> None:
    while True:
        await asyncio.sleep(0.25)
        # A Refusal means the agent's state changed in between; the next tick tries again.
        with contextlib.suppress(Refusal):
            ringer.tick(time.monotonic())


async def _ringer_task(app: web.Application) -> AsyncIterator[None]:
    task = asyncio.create_task(_run_ringer(app[RINGER_KEY]), name="sim-demo-ringer")
    yield
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def setup(app: web.Application) -> None:
    app[RINGER_KEY] = DemoRinger(app[CENTER_KEY], app[SETTINGS_KEY])
    app.cleanup_ctx.append(_ringer_task)
    app.middlewares.append(_control_errors)
    agent = SIM + "/agents/{agentid}"
    app.router.add_routes(
        [
            web.get(SIM + "/agents", list_agents),
            web.post(agent + "/call", customer_call),
            web.post(agent + "/hangup", customer_hang_up),
            web.post(agent + "/signout", force_sign_out),
            web.post(agent + "/rotate-guid", rotate_guid),
            web.post(agent + "/events", inject_events),
            web.get(agent + "/recordings", recordings),
            web.post(SIM + "/faults", add_fault),
            web.get(SIM + "/faults", list_faults),
            web.delete(SIM + "/faults", clear_faults),
            web.get(SIM + "/settings", get_settings),
            web.patch(SIM + "/settings", patch_settings),
            web.get(SIM + "/stats", stats),
            web.post(SIM + "/reset", reset),
        ]
    )
