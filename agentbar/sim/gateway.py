"""The simulated CC-Gateway agent interfaces under ``/agentgateway/resource/``.

Huawei CEC, Signing In an Agent (and the pages after it): https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1202.html

Every answer is HTTP 200 with ``{"message", "retcode", "result"}`` (``event`` for the poll). The
``Guid`` header is checked on every call but sign-in and forced sign-in; in dynamic mode a new GUID
goes out in ``Set-GUID`` on polls and heartbeats. A background task signs out agents that stopped
polling.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiohttp import web

from agentbar.sim.center import (
    ALREADY_SIGNED_OUT,
    BAD_AGENT_TYPE,
    BAD_CREDENTIALS,
    BAD_GUID,
    BAD_PARAMETER,
    BAD_PHONE,
    BAD_SIGN_OUT_PARAMETER,
    BAD_SKILL_QUERY,
    BUSY,
    CENTER_KEY,
    IDLE,
    NOT_SIGNED_IN,
    SIGN_IN_EMPTY,
    SIGN_IN_PARAMETER,
    SIGN_IN_PENDING,
    WORK,
    Center,
    Refusal,
    Session,
    SignIn,
    load_center,
)
from agentbar.sim.server import SETTINGS_KEY

GW = "/agentgateway/resource"
AGENT = GW + "/onlineagent/{agentid}"
CALL = GW + "/voicecall/{agentid}"

AGENT_ID = re.compile(r"\d{3,6}")
DIGITS = re.compile(r"\d{1,24}")
DIALLED = re.compile(r"[0-9*#]{1,24}")
CALLER = re.compile(r"\d{0,24}")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_ABSENT = object()


def envelope(result: Any = _ABSENT, *, message: str = "", retcode: str = "0") -> web.Response:
    body: dict[str, Any] = {"message": message, "retcode": retcode}
    if result is not _ABSENT:
        body["result"] = result
    return _json(body)


def _json(body: dict[str, Any]) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json",
        charset="UTF-8",
    )


def _set_guid(response: web.StreamResponse, guid: str) -> None:
    response.headers["Set-GUID"] = f"JSESSIONID={guid}"


def gateway_call(handler: Handler) -> Handler:
    """Turns a ``Refusal`` into the documented error envelope (HTTP 200)."""

    async def call(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except Refusal as refusal:
            return envelope(message=refusal.message, retcode=refusal.retcode)

    return call


def _center(request: web.Request) -> Center:
    return request.app[CENTER_KEY]


def _agent_id(request: web.Request) -> str:
    agent_id = request.match_info["agentid"]
    if not AGENT_ID.fullmatch(agent_id):
        raise Refusal(BAD_PARAMETER, "invalid agent ID")
    return agent_id


def _session(request: web.Request) -> Session:
    """The active session the request's ``Guid`` belongs to, or the documented refusal."""
    session = _center(request).authorize(_agent_id(request), request.headers.get("Guid"))
    if not session.active:
        raise Refusal(NOT_SIGNED_IN, "the agent is not signed in")
    return session


def _flag(value: object, code: str, name: str) -> bool:
    """A boolean that may arrive as a JSON bool, a string or 0/1."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    raise Refusal(code, f"invalid {name}")


def _integer(value: object, code: str, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise Refusal(code, f"invalid {name}")


async def _json_body(request: web.Request, code: str) -> dict[str, Any]:
    if not request.can_read_body:
        raise Refusal(code, "the request has no body")
    try:
        body = json.loads(await request.read())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Refusal(code, "the body is not JSON") from exc
    if not isinstance(body, dict):
        raise Refusal(code, "the body is not a JSON object")
    return body


def _sign_in_request(body: dict[str, Any]) -> SignIn:
    password = body.get("password")
    if not isinstance(password, str):
        raise Refusal(SIGN_IN_EMPTY, "the password is missing")
    phone = body.get("phonenum")
    if isinstance(phone, int) and not isinstance(phone, bool):
        phone = str(phone)
    # GUESS: phonenum is optional (old edition); without it the configured phone is bound.
    if (
        phone is not None
        and phone != ""
        and not (isinstance(phone, str) and DIGITS.fullmatch(phone))
    ):
        raise Refusal(BAD_PHONE, "invalid phone number")
    status = _integer(body.get("status", IDLE), SIGN_IN_PARAMETER, "status")
    if status not in (BUSY, IDLE, WORK):
        raise Refusal(SIGN_IN_PARAMETER, "status must be 3, 4 or 5")
    agent_type = _integer(body.get("agenttype", 4), BAD_AGENT_TYPE, "agenttype")
    if agent_type not in (4, 11):
        raise Refusal(BAD_AGENT_TYPE, "wrong agent type")

    def flag(name: str, default: bool) -> bool:
        return _flag(body.get(name, default), SIGN_IN_PARAMETER, name)

    return SignIn(
        password=password,
        phone=phone or None,
        status=status,
        autoanswer=flag("autoanswer", True),
        autoenteridle=flag("autoenteridle", True),
        releasephone=flag("releasephone", True),
        check_in_webm=flag("checkInWebm", True),
        check_in_mailm=flag("checkInMailm", False),
    )


# -- sign in / out ------------------------------------------------------------------------------


async def _sign_in(request: web.Request, *, force: bool) -> web.StreamResponse:
    agent_id = request.match_info["agentid"]
    if not AGENT_ID.fullmatch(agent_id):
        raise Refusal(BAD_CREDENTIALS, "wrong user name or password")
    options = _sign_in_request(await _json_body(request, SIGN_IN_EMPTY))
    center = _center(request)
    session = center.sign_in(agent_id, options, force=force)
    result = {
        "vdnid": center.data.vdn_id,
        "workno": agent_id,
        # GUESS: T for the CTI server, and T/F for WebM/MailM as the request asked for them.
        "mediatype": "T"
        + ("T" if options.check_in_webm else "F")
        + ("T" if options.check_in_mailm else "F"),
        "loginTime": str(session.login_time_ms),
        "isForceChange": "false",
        "serverName": center.data.server_name,
        "timeRemaining": "90",
    }
    response = envelope(result)
    _set_guid(response, session.guids.current)
    return response


@gateway_call
async def login(request: web.Request) -> web.StreamResponse:
    return await _sign_in(request, force=False)


@gateway_call
async def force_login(request: web.Request) -> web.StreamResponse:
    return await _sign_in(request, force=True)


def _closed_or_active(request: web.Request) -> Session:
    """Like ``_session``, but a GUID of the agent's ended session is reported as 100-008."""
    session = _center(request).authorize(_agent_id(request), request.headers.get("Guid"))
    if not session.active:
        raise Refusal(ALREADY_SIGNED_OUT, "the agent has already signed out")
    return session


@gateway_call
async def logout(request: web.Request) -> web.StreamResponse:
    _center(request).logout(_closed_or_active(request))
    return envelope()


@gateway_call
async def force_logout(request: web.Request) -> web.StreamResponse:
    _center(request).sign_out(_closed_or_active(request), "forcelogout")
    return envelope()


@gateway_call
async def force_logout_with_reason(request: web.Request) -> web.StreamResponse:
    session = _closed_or_active(request)
    reason = _integer(request.match_info["reason"], BAD_SIGN_OUT_PARAMETER, "reason")
    if not 1 <= reason <= 255:
        raise Refusal(BAD_SIGN_OUT_PARAMETER, "the reason must be 1-255")
    _center(request).sign_out(session, f"forcelogout:{reason}")
    return envelope()


# -- skills -------------------------------------------------------------------------------------


@gateway_call
async def reset_skill(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    autoflag = request.match_info["autoflag"].lower()
    if autoflag not in ("true", "false"):
        raise Refusal(BAD_PARAMETER, "autoflag must be true or false")
    raw = request.query.get("skillid", "")
    if len(raw) > 4000:
        raise Refusal(BAD_PARAMETER, "skillid is too long")
    wanted: list[int] = []
    for part in raw.split(";"):
        if part.strip():
            wanted.append(_integer(part, BAD_PARAMETER, "skillid"))
    linkage = request.query.get("phonelinkage")
    if linkage is not None and linkage != "":
        _flag(linkage, BAD_PARAMETER, "phonelinkage")
    _center(request).reset_skills(session, autoflag == "true", wanted)
    return envelope()


@gateway_call
async def agent_skills(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    return envelope([s.to_json() for s in _center(request).current_skills(session)])


@gateway_call
async def agent_skills_by_workno(request: web.Request) -> web.StreamResponse:
    _session(request)
    work_no = request.match_info["workno"]
    if not AGENT_ID.fullmatch(work_no):
        raise Refusal(BAD_SKILL_QUERY, "invalid work number")
    # GUESS: an agent ID the center does not know has no configured skills (an empty list).
    return envelope([s.to_json() for s in _center(request).configured_skills(work_no)])


# -- state --------------------------------------------------------------------------------------


@gateway_call
async def agent_status(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    state = session.agent_state
    return envelope({"agentState": state, "isWorking": state == WORK})


@gateway_call
async def say_busy(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    reason = request.query.get("reason")
    if reason is not None and reason != "":
        if not 200 <= _integer(reason, BAD_PARAMETER, "reason") <= 250:
            raise Refusal(BAD_PARAMETER, "the busy reason must be 200-250")
    else:
        reason = None
    prolong = request.query.get("prolong")
    if prolong is not None and prolong != "":
        _flag(prolong, BAD_PARAMETER, "prolong")
    _center(request).say_busy(session, reason)
    return envelope()


@gateway_call
async def say_free(request: web.Request) -> web.StreamResponse:
    _center(request).say_free(_session(request))
    return envelope()


@gateway_call
async def cancel_busy(request: web.Request) -> web.StreamResponse:
    _center(request).cancel_busy(_session(request))
    return envelope()


@gateway_call
async def rest(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    seconds = _integer(request.match_info["time"], BAD_PARAMETER, "time")
    cause = _integer(request.match_info["restcause"], BAD_PARAMETER, "restcause")
    if not 1 <= seconds <= 86399 or not 0 <= cause <= 255:
        raise Refusal(BAD_PARAMETER, "time must be 1-86399 and restcause 0-255")
    prolong = request.query.get("prolong")
    if prolong is not None and prolong != "":
        _flag(prolong, BAD_PARAMETER, "prolong")
    _center(request).rest(session, seconds, str(cause))
    return envelope()


@gateway_call
async def cancel_rest(request: web.Request) -> web.StreamResponse:
    _center(request).cancel_rest(_session(request))
    return envelope()


@gateway_call
async def work(request: web.Request) -> web.StreamResponse:
    _center(request).work(_session(request))
    return envelope()


@gateway_call
async def cancel_work(request: web.Request) -> web.StreamResponse:
    _center(request).cancel_work(_session(request))
    return envelope()


@gateway_call
async def auto_answer(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    flag = request.match_info["flag"].lower()
    if flag not in ("true", "false"):
        raise Refusal(BAD_PARAMETER, "the flag must be true or false")
    session.autoanswer = flag == "true"
    return envelope()


# -- GUIDs, heartbeat and events ----------------------------------------------------------------


def _deliver_guid(
    center: Center, session: Session, sent: str | None, response: web.Response
) -> None:
    """Rotate when due (dynamic mode) and send the current GUID if the client's is not it."""
    if session.active:
        center.rotate_if_due(session)
        if sent != session.guids.current:
            _set_guid(response, session.guids.current)


@gateway_call
async def handshake(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    session.last_seen = time.monotonic()
    response = envelope(message="success")
    _deliver_guid(_center(request), session, request.headers.get("Guid"), response)
    return response


@gateway_call
async def update_guid(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    guid = session.guids.rotate()
    response = envelope({"guid": guid}, message="success")
    # GUESS: the new GUID also comes in Set-GUID (the docs only show it in the body).
    _set_guid(response, guid)
    return response


@gateway_call
async def poll(request: web.Request) -> web.StreamResponse:
    center = _center(request)
    agent_id = _agent_id(request)
    sent = request.headers.get("Guid")
    session = center.authorize(agent_id, sent)
    center.polls[agent_id] += 1
    if not session.active:
        # An ended session still hands out what was queued before its end (ShutdownService);
        # after that its GUID gets 100-006: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1219.html
        event = session.queue.take_nowait()
        if event is None:
            raise Refusal(NOT_SIGNED_IN, "the agent is not signed in")
        return _json({"message": "", "retcode": "0", "event": event.to_json()})

    def gone() -> bool:
        transport = request.transport
        return transport is None or transport.is_closing()

    session.last_seen = time.monotonic()
    event = await session.queue.take(request.app[SETTINGS_KEY].poll_hold, gone)
    session.last_seen = time.monotonic()
    if session.revoked:
        raise Refusal(BAD_GUID, "no permission: the session was taken over by a forced sign-in")
    # GUESS: a poll that ends without an event answers {"message":"","retcode":"0","event":null}.
    response = _json({"message": "", "retcode": "0", "event": event.to_json() if event else None})
    _deliver_guid(center, session, sent, response)
    return response


async def wrong_poll_method(request: web.Request) -> web.StreamResponse:
    return envelope(message="the event query method is wrong", retcode="000-001")


# -- call control -------------------------------------------------------------------------------


@gateway_call
async def answer(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    _center(request).answer(session, request.query.get("callid") or None)
    return envelope()


@gateway_call
async def release(request: web.Request) -> web.StreamResponse:
    _center(request).release(_session(request))
    return envelope()


@gateway_call
async def hold(request: web.Request) -> web.StreamResponse:
    _center(request).hold(_session(request))
    return envelope()


@gateway_call
async def get_hold(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    call_id = request.query.get("callid")
    if not call_id:
        raise Refusal(BAD_PARAMETER, "callid is required")
    _center(request).unhold(session, call_id)
    return envelope()


@gateway_call
async def connect_hold(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    # GUESS: with a single call per agent, connecting a held call is taking it back from hold.
    _center(request).unhold(session, request.match_info["callid"])
    return envelope()


@gateway_call
async def begin_mute(request: web.Request) -> web.StreamResponse:
    _center(request).mute(_session(request), True)
    return envelope()


@gateway_call
async def end_mute(request: web.Request) -> web.StreamResponse:
    _center(request).mute(_session(request), False)
    return envelope()


@gateway_call
async def callout(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    body = await _json_body(request, BAD_PARAMETER)
    called = body.get("called")
    if isinstance(called, int) and not isinstance(called, bool):
        called = str(called)
    if not isinstance(called, str) or not DIALLED.fullmatch(called):
        raise Refusal(BAD_PARAMETER, "called must be 1-24 digits, * or #")
    caller = body.get("caller", "")
    if isinstance(caller, int) and not isinstance(caller, bool):
        caller = str(caller)
    if not isinstance(caller, str) or not CALLER.fullmatch(caller):
        raise Refusal(BAD_PARAMETER, "caller must be 0-24 digits")
    skill_id = body.get("skillid")
    skill = None if skill_id in (None, "") else _integer(skill_id, BAD_PARAMETER, "skillid")
    call = _center(request).callout(session, called, caller, skill)
    return envelope(call.call_id)


@gateway_call
async def transfer(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    body = await _json_body(request, BAD_PARAMETER)
    device_type = _integer(body.get("devicetype"), BAD_PARAMETER, "devicetype")
    address = body.get("address")
    if isinstance(address, int) and not isinstance(address, bool):
        address = str(address)
    if device_type not in range(1, 6) or not isinstance(address, str) or not 0 < len(address) <= 24:
        raise Refusal(BAD_PARAMETER, "devicetype must be 1-5 and address 1-24 characters")
    if "mode" in body:
        _integer(body["mode"], BAD_PARAMETER, "mode")
    _center(request).transfer(session, device_type, address)
    return envelope({}, message="success")


# -- idle sign-out ------------------------------------------------------------------------------


async def _sign_out_idle_agents(app: web.Application) -> None:
    center = app[CENTER_KEY]
    settings = app[SETTINGS_KEY]
    while True:
        # Fine-grained enough for tests that use idle_signout=1.
        await asyncio.sleep(max(0.05, min(1.0, settings.idle_signout / 10)))
        center.sign_out_idle(time.monotonic())


async def _background(app: web.Application) -> AsyncIterator[None]:
    task = asyncio.create_task(_sign_out_idle_agents(app), name="sim-idle-signout")
    yield
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def _release_held_polls(app: web.Application) -> None:
    app[CENTER_KEY].shut_down()


# -- one sign-in or sign-out at a time ------------------------------------------------------------

_SIGN_IN_OR_OUT = frozenset({login, force_login, logout, force_logout, force_logout_with_reason})
_PENDING_KEY = web.AppKey("sign_in_or_out_pending", set)


@web.middleware
async def _one_sign_in_or_out_at_a_time(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Sign-in and sign-out cannot overlap (the gateway's common conventions): logout is refused
    while a login is pending, and the reverse; and login must not be called again before the
    previous one has answered.

    GUESS: every such overlap is refused with 100-021 ("Sign-in in progress"), also a sign-out
    during a sign-in. This middleware sits outside the fault injector, so a sign-in held up by a
    ``delay`` fault stays pending for its whole delay.
    """
    if request.match_info.handler not in _SIGN_IN_OR_OUT:
        return await handler(request)
    pending = request.app[_PENDING_KEY]
    agent_id = request.match_info.get("agentid", "")
    if agent_id in pending:
        return envelope(
            message="a sign-in or sign-out of this agent is in progress", retcode=SIGN_IN_PENDING
        )
    pending.add(agent_id)
    try:
        return await handler(request)
    finally:
        pending.discard(agent_id)


def setup(app: web.Application) -> None:
    settings = app[SETTINGS_KEY]
    app[_PENDING_KEY] = set()
    # Outermost, so outside the fault injector too: a sign-in held up by a fault is pending.
    app.middlewares.insert(0, _one_sign_in_or_out_at_a_time)
    app[CENTER_KEY] = Center(load_center(settings.center_path), settings)
    app.cleanup_ctx.append(_background)
    app.on_shutdown.append(_release_held_polls)
    app.router.add_routes(
        [
            web.put(AGENT, login),
            web.put(AGENT + "/forcelogin", force_login),
            web.delete(AGENT + "/logout", logout),
            web.delete(AGENT + "/forcelogout", force_logout),
            web.delete(AGENT + "/forcelogoutwithreason/{reason}", force_logout_with_reason),
            web.post(AGENT + "/resetskill/{autoflag}", reset_skill),
            web.get(AGENT + "/agentskills", agent_skills),
            web.get(AGENT + "/agentskillsbyworkno/{workno}", agent_skills_by_workno),
            web.get(AGENT + "/agentstatus", agent_status),
            web.post(AGENT + "/saybusy", say_busy),
            web.post(AGENT + "/sayfree", say_free),
            web.post(AGENT + "/cancelbusy", cancel_busy),
            web.post(AGENT + "/rest/{time}/{restcause}", rest),
            web.post(AGENT + "/cancelrest", cancel_rest),
            web.post(AGENT + "/work", work),
            web.post(AGENT + "/cancelwork", cancel_work),
            web.post(AGENT + "/autoanswer/{flag}", auto_answer),
            web.post(AGENT + "/handshake", handshake),
            web.put(AGENT + "/updateGuid", update_guid),
            web.get(GW + "/agentevent/{agentid}", poll),
            web.post(GW + "/agentevent/{agentid}", wrong_poll_method),
            web.put(GW + "/agentevent/{agentid}", wrong_poll_method),
            web.delete(GW + "/agentevent/{agentid}", wrong_poll_method),
            web.put(CALL + "/answer", answer),
            web.delete(CALL + "/release", release),
            web.delete(CALL, release),
            web.post(CALL + "/hold", hold),
            web.post(CALL + "/gethold", get_hold),
            web.post(CALL + "/connecthold/{callid}", connect_hold),
            web.post(CALL + "/beginmute", begin_mute),
            web.post(CALL + "/endmute", end_mute),
            web.put(CALL + "/callout", callout),
            web.post(CALL + "/transfer", transfer),
        ]
    )
