"""The simulated contact center: its agents and skills, each agent's session and state machine.

The configuration comes from ``sim/data/center.json`` (or ``SimSettings.center_path``). Every
state change queues the events that the sign-in, state and call-control pages describe
(from https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1202.html) and the devg flow pages
(e.g. https://support.huaweicloud.com/intl/en-us/devg-ccgw-cec/cec_05_4029.html). The gateway and
the control interface call into this module; neither keeps agent state of its own.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import web

from agentbar.sim.calls import CHAT_MEDIA, VOICE_MEDIA, Call, Recording, now_ms
from agentbar.sim.event_queue import EventQueue, make_event
from agentbar.sim.guids import GuidBook
from agentbar.sim.server import SimSettings

# Gateway agentState codes: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0581.html
SIGNED_OUT = 2
BUSY = 3
IDLE = 4
WORK = 5
TALKING = 7
REST = 8
PRE_REST = 9

# Retcodes: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0580.html
BAD_PARAMETER = "000-002"
BAD_GUID = "000-003"
SIGN_IN_EMPTY = "100-001"
ALREADY_SIGNED_IN = "100-002"
BAD_CREDENTIALS = "100-004"
BAD_SIGN_OUT_PARAMETER = "100-005"
NOT_SIGNED_IN = "100-006"
ALREADY_SIGNED_OUT = "100-008"
# GUESS: the call-control family (200-xxx) is undocumented, so a request the agent's state does
# not allow (answer without a ringing call, hold without a call, work during a call …) gets the
# generic "agent status is incorrect".
STATE_ERROR = "100-009"
SIGN_OUT_STATE_ERROR = "100-010"
SIGN_IN_PARAMETER = "100-011"
BAD_AGENT_TYPE = "100-012"
SIGN_IN_PENDING = "100-021"
BAD_PHONE = "100-013"
CANNOT_FORCE = "100-015"
BAD_SKILL_QUERY = "100-019"
NO_CALL_TO_DROP = "200-025"

# GUESS: an outbound call to a number with this prefix fails (AgentEvent_Call_Out_Fail), so
# clients can exercise the failure path.
FAILING_PREFIX = "999"


class Refusal(Exception):
    """A request the gateway answers with a non-zero retcode."""

    def __init__(self, retcode: str, message: str) -> None:
        super().__init__(f"{retcode}: {message}")
        self.retcode = retcode
        self.message = message


@dataclass(frozen=True, slots=True)
class Skill:
    id: int
    name: str
    mediatype: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "id": self.id, "mediatype": self.mediatype}


@dataclass(frozen=True, slots=True)
class AgentProfile:
    work_no: str
    name: str
    password: str = field(repr=False)
    phone: str
    skill_ids: tuple[int, ...]


@dataclass(frozen=True)
class CenterData:
    vdn_id: int
    server_name: str
    skills: dict[int, Skill]
    agents: dict[str, AgentProfile]


def load_center(path: Path | None = None) -> CenterData:
    """The contact center described by ``path``, or the shipped demo center."""
    if path is None:
        text = resources.files("agentbar.sim").joinpath("data/center.json").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    raw = json.loads(text)
    skills = {
        int(s["id"]): Skill(int(s["id"]), str(s["name"]), int(s["mediatype"]))
        for s in raw["skills"]
    }
    agents: dict[str, AgentProfile] = {}
    for a in raw["agents"]:
        ids = tuple(int(i) for i in a["skills"])
        unknown = [i for i in ids if i not in skills]
        if unknown:
            raise ValueError(f"agent {a['workno']} has unknown skills {unknown}")
        agents[str(a["workno"])] = AgentProfile(
            str(a["workno"]), str(a["name"]), str(a["password"]), str(a["phone"]), ids
        )
    return CenterData(
        int(raw.get("vdnId", 1)), str(raw.get("serverName", "AgentGateway")), skills, agents
    )


@dataclass(frozen=True)
class SignIn:
    """The options of a sign-in request, already validated by the gateway."""

    password: str = field(repr=False)
    phone: str | None = None
    status: int = IDLE
    autoanswer: bool = True
    autoenteridle: bool = True
    releasephone: bool = True
    check_in_webm: bool = True
    check_in_mailm: bool = False


@dataclass(eq=False)
class Session:
    """One sign-in of one agent, from login until its ``AgentOther_ShutdownService``."""

    work_no: str
    phone: str
    login_time_ms: int
    autoanswer: bool
    autoenteridle: bool
    releasephone: bool
    guids: GuidBook = field(default_factory=GuidBook)
    queue: EventQueue = field(default_factory=EventQueue)
    state: int = IDLE
    busy_reason: str = ""
    skills: list[int] = field(default_factory=list)
    call: Call | None = None
    pre_busy: str | None = None
    pre_rest: tuple[int, str] | None = None
    rest_timer: asyncio.TimerHandle | None = None
    last_seen: float = field(default_factory=time.monotonic)
    active: bool = True
    revoked: bool = False
    ended_by: str = ""

    @property
    def ready_for_a_call(self) -> bool:
        """What an ACD asks before it routes a customer here: signed in, Ready, not in a call."""
        return self.active and self.call is None and self.state == IDLE

    @property
    def agent_state(self) -> int:
        if not self.active:
            return SIGNED_OUT
        if self.call is not None:
            return PRE_REST if self.pre_rest is not None else TALKING
        return self.state

    def emit(self, event_type: str, content: Any = None) -> None:
        self.queue.put(make_event(event_type, self.work_no, content))

    def cancel_rest_timer(self) -> None:
        if self.rest_timer is not None:
            self.rest_timer.cancel()
            self.rest_timer = None


class Center:
    """Agents, their sessions and recordings; all mutation happens on the simulator's loop."""

    def __init__(self, data: CenterData, settings: SimSettings) -> None:
        self.data = data
        self.settings = settings
        self.sessions: dict[str, Session] = {}
        # The last ended session of each agent: its GUIDs get 100-006, and it keeps the events that
        # were queued before the end (ShutdownService) until they are polled.
        self.closed: dict[str, Session] = {}
        self.recordings: dict[str, list[Recording]] = {}
        self.polls: Counter[str] = Counter()
        self._call_seq: Iterator[int] = itertools.count(1001)
        self._record_seq: Iterator[int] = itertools.count(1030001)

    # -- lookup and auth ------------------------------------------------------------------------

    def profile(self, work_no: str) -> AgentProfile | None:
        return self.data.agents.get(work_no)

    def authorize(self, work_no: str, guid: str | None) -> Session:
        """The session a request's ``Guid`` belongs to; an ended session is returned inactive.

        GUESS: the gateway looks the agent up before the GUID, so any request for an agent who is
        not signed in gets 100-006 whatever its GUID; a GUID the current session does not accept
        gets 000-003. A session replaced by a forced sign-in is forgotten, so its GUIDs get 000-003.
        """
        session = self.sessions.get(work_no)
        timeout = self.settings.guid_timeout
        if session is not None and session.guids.accepts(guid, timeout):
            return session
        closed = self.closed.get(work_no)
        if closed is not None and closed.guids.knows(guid):
            return closed
        if session is not None:
            raise Refusal(BAD_GUID, "no permission: the GUID is invalid or has expired")
        raise Refusal(NOT_SIGNED_IN, "the agent is not signed in")

    def rotate_if_due(self, session: Session) -> None:
        settings = self.settings
        dynamic = settings.guid_mode == "dynamic"
        if dynamic and session.active and session.guids.due(settings.guid_interval):
            session.guids.rotate()

    # -- sign in and out ------------------------------------------------------------------------

    def sign_in(self, work_no: str, request: SignIn, *, force: bool) -> Session:
        profile = self.profile(work_no)
        # GUESS: an unknown agent gets the same answer as a wrong password.
        if profile is None or request.password != profile.password:
            raise Refusal(BAD_CREDENTIALS, "wrong user name or password")
        existing = self.sessions.get(work_no)
        if existing is not None:
            if not force:
                raise Refusal(ALREADY_SIGNED_IN, "the agent is already signed in")
            # GUESS: the undocumented condition of 100-015 is "in a call".
            if existing.call is not None:
                raise Refusal(CANNOT_FORCE, "the agent is in a call and cannot be forced out")
            self._revoke(existing)
        session = Session(
            work_no=work_no,
            phone=request.phone or profile.phone,
            login_time_ms=now_ms(),
            autoanswer=request.autoanswer,
            autoenteridle=request.autoenteridle,
            releasephone=request.releasephone,
        )
        self.sessions[work_no] = session
        session.emit("AgentOther_InService")
        session.emit("AgentState_Ready")
        if request.status == BUSY:
            session.state = BUSY
            session.busy_reason = "1"
            session.emit("AgentState_SetNotReady_Success", {"reason": "1"})
        elif request.status == WORK:
            session.state = WORK
            session.emit("AgentState_Work")
        return session

    def sign_out(self, session: Session, reason: str) -> None:
        """End a session: release its call, queue ``AgentOther_ShutdownService``."""
        if not session.active:
            return
        if session.call is not None:
            self._end_call(session, phone_state="3", then_ready=False)
        session.cancel_rest_timer()
        session.active = False
        session.ended_by = reason
        session.emit("AgentOther_ShutdownService", {"loginTime": str(session.login_time_ms)})
        if self.sessions.get(session.work_no) is session:
            del self.sessions[session.work_no]
        self.closed[session.work_no] = session

    def logout(self, session: Session) -> None:
        if session.call is not None:
            raise Refusal(SIGN_OUT_STATE_ERROR, "the agent's state does not allow signing out")
        self.sign_out(session, "logout")

    def _revoke(self, session: Session) -> None:
        if session.call is not None:
            session.call.cancel_timer()
            session.call = None
        session.cancel_rest_timer()
        session.active = False
        session.revoked = True
        session.ended_by = "forcelogin"
        session.queue.interrupt()
        if self.sessions.get(session.work_no) is session:
            del self.sessions[session.work_no]

    def sign_out_idle(self, now: float) -> list[str]:
        limit = self.settings.idle_signout
        idle = [
            s for s in self.sessions.values() if s.queue.waiting == 0 and now - s.last_seen >= limit
        ]
        for session in idle:
            self.sign_out(session, "idle")
        return [s.work_no for s in idle]

    def reset(self) -> None:
        for session in list(self.sessions.values()):
            self._revoke(session)
        for session in self.closed.values():
            session.queue.interrupt()
        self.sessions.clear()
        self.closed.clear()
        self.recordings.clear()
        self.polls.clear()
        self._call_seq = itertools.count(1001)
        self._record_seq = itertools.count(1030001)

    def shut_down(self) -> None:
        """Let every held poll return now, so the server stops without waiting for them."""
        for session in [*self.sessions.values(), *self.closed.values()]:
            session.queue.interrupt()

    # -- skills ---------------------------------------------------------------------------------

    def configured_skills(self, work_no: str) -> list[Skill]:
        profile = self.profile(work_no)
        if profile is None:
            return []
        return [self.data.skills[i] for i in profile.skill_ids]

    def current_skills(self, session: Session) -> list[Skill]:
        return [self.data.skills[i] for i in session.skills]

    def reset_skills(self, session: Session, all_skills: bool, wanted: list[int]) -> None:
        configured = [s.id for s in self.configured_skills(session.work_no)]
        if all_skills:
            session.skills = configured
        else:
            # GUESS: a requested skill the agent is not configured for is ignored, not an error.
            session.skills = [i for i in configured if i in set(wanted)]

    # -- agent state ----------------------------------------------------------------------------

    def say_busy(self, session: Session, reason: str | None) -> None:
        code = reason or "1"
        if session.call is not None:
            # Busy requested during a call takes effect when the call ends (pre-busy).
            session.pre_busy = code
            session.pre_rest = None
            return
        session.cancel_rest_timer()
        session.state = BUSY
        session.busy_reason = code
        session.emit("AgentState_SetNotReady_Success", {"reason": code})

    def say_free(self, session: Session) -> None:
        if session.call is not None:
            session.pre_busy = None
            session.pre_rest = None
            return
        leaving = {
            BUSY: "AgentState_CancelNotReady_Success",
            REST: "AgentState_CancelRest_Success",
            WORK: "AgentState_CancelWork_Success",
        }.get(session.state)
        # GUESS: sayfree when already idle succeeds without events.
        if leaving is None:
            return
        session.cancel_rest_timer()
        session.emit(leaving)
        self._become_idle(session)

    def cancel_busy(self, session: Session) -> None:
        if session.call is not None:
            session.pre_busy = None
            return
        # GUESS: cancelbusy when not busy succeeds without events.
        if session.state == BUSY:
            session.emit("AgentState_CancelNotReady_Success")
            self._become_idle(session)

    def rest(self, session: Session, seconds: int, cause: str) -> None:
        if session.call is not None:
            session.pre_rest = (seconds, cause)
            session.pre_busy = None
            return
        self._start_rest(session, seconds, cause)

    def cancel_rest(self, session: Session) -> None:
        if session.call is not None:
            session.pre_rest = None
            return
        if session.state == REST:
            session.cancel_rest_timer()
            session.emit("AgentState_CancelRest_Success")
            self._become_idle(session)

    def work(self, session: Session) -> None:
        if session.call is not None:
            raise Refusal(STATE_ERROR, "the agent is in a call")
        session.cancel_rest_timer()
        session.state = WORK
        # GUESS: an explicit "work" answers with SetWork_Success; AgentState_Work is what the
        # platform sends when it puts the agent into wrap-up itself (after a call, status=5).
        session.emit("AgentState_SetWork_Success")

    def cancel_work(self, session: Session) -> None:
        if session.call is None and session.state == WORK:
            session.emit("AgentState_CancelWork_Success")
            self._become_idle(session)

    def _become_idle(self, session: Session) -> None:
        session.state = IDLE
        session.busy_reason = ""
        session.emit("AgentState_Ready")

    def _start_rest(self, session: Session, seconds: int, cause: str) -> None:
        session.cancel_rest_timer()
        session.state = REST
        session.emit("AgentState_SetRest_Success", {"reason": cause})

        def remind() -> None:
            session.rest_timer = None
            if session.active and session.state == REST and session.call is None:
                # Only a reminder: the agent stays in rest until cancelrest.
                session.emit("AgentState_Rest_Timeout")

        session.rest_timer = asyncio.get_running_loop().call_later(seconds, remind)

    def _after_call(self, session: Session) -> None:
        if session.pre_rest is not None:
            seconds, cause = session.pre_rest
            session.pre_rest = None
            self._start_rest(session, seconds, cause)
        elif session.pre_busy is not None:
            code, session.pre_busy = session.pre_busy, None
            session.state = BUSY
            session.busy_reason = code
            session.emit("AgentState_SetNotReady_Success", {"reason": code})
        elif session.autoenteridle:
            self._become_idle(session)
        else:
            session.state = WORK
            session.emit("AgentState_Work")

    # -- calls ----------------------------------------------------------------------------------

    def _new_call_id(self) -> str:
        return f"{int(time.time())}-{next(self._call_seq)}"

    def ring(
        self,
        work_no: str,
        caller: str,
        *,
        skill_id: int | None = None,
        media_type: int | None = None,
        transfer_from: str = "",
    ) -> Call:
        """A customer's call reaches the agent (the documented inbound event sequence)."""
        session = self.sessions.get(work_no)
        if session is None:
            raise Refusal(NOT_SIGNED_IN, "the agent is not signed in")
        if not session.ready_for_a_call:
            raise Refusal(STATE_ERROR, "the agent is not idle")
        skill = self._pick_skill(session, skill_id, media_type)
        media = media_type if media_type is not None else (skill.mediatype if skill else 5)
        call = Call(
            call_id=self._new_call_id(),
            caller=caller,
            # The documented Ringing example names the agent, prefixed "A", as the called party.
            called=f"A{work_no}",
            media_type=media,
            direction="in",
            skill_id=skill.id if skill else None,
            skill_name=skill.name if skill else "",
            transfer_from=transfer_from,
        )
        session.call = call
        # GUESS: Incoming_CallInfo ("optional" in the flow pages) is always sent, in both answer
        # modes.
        session.emit("AgentEvent_Incoming_CallInfo", call.call_info_content())
        if session.autoanswer:
            session.emit("AgentEvent_Auto_Answer", call.alerting_content())
            self._connect(session, call)
        else:
            session.emit("AgentOther_PhoneAlerting")
            session.emit("AgentEvent_Ringing", call.alerting_content())
        return call

    def _pick_skill(
        self, session: Session, skill_id: int | None, media_type: int | None
    ) -> Skill | None:
        if skill_id is not None:
            skill = self.data.skills.get(skill_id)
            if skill is None:
                raise Refusal(BAD_PARAMETER, f"no skill {skill_id}")
            return skill
        wanted = VOICE_MEDIA if media_type is None or media_type in VOICE_MEDIA else CHAT_MEDIA
        for ids in (session.skills, [s.id for s in self.configured_skills(session.work_no)]):
            for i in ids:
                if self.data.skills[i].mediatype in wanted:
                    return self.data.skills[i]
        return None

    def _connect(self, session: Session, call: Call) -> None:
        call.phase = "talking"
        call.talking_since = time.monotonic()
        session.emit("AgentEvent_Talking", call.talking_content())
        if call.records:
            recording = self._start_recording(session, call)
            session.emit("AgentMediaEvent_Record", recording.started_content())

    def _start_recording(self, session: Session, call: Call) -> Recording:
        seq = next(self._record_seq)
        day = datetime.now().strftime("%Y%m%d")
        recording = Recording(
            agent_id=session.work_no,
            call_id=call.call_id,
            # Same shape as the documented "Y:/6/0/20161025/20011/1902050.V3": VDN, 0, date, agent.
            file_name=f"Y:/{self.data.vdn_id}/0/{day}/{session.work_no}/{seq}.V3",
            record_id=str(seq),
            location_id="0",
            task_id=str(seq),
            caller=call.caller,
            called=call.called,
            begin_ms=now_ms(),
        )
        call.recording = recording
        self.recordings.setdefault(session.work_no, []).append(recording)
        return recording

    def answer(self, session: Session, call_id: str | None) -> None:
        call = session.call
        if call is None or call.phase != "ringing":
            raise Refusal(STATE_ERROR, "no call is ringing")
        if call_id and call_id != call.call_id:
            raise Refusal(BAD_PARAMETER, "no such call")
        session.emit("AgentOther_PhoneOffhook", {"type": "main"})
        self._connect(session, call)

    def customer_hang_up(self, work_no: str) -> Call:
        session = self.sessions.get(work_no)
        if session is None or session.call is None:
            raise Refusal(NO_CALL_TO_DROP, "the agent has no call")
        call = session.call
        session.emit(
            "AgentEvent_Customer_Release", {"callid": call.call_id, "number": call.customer}
        )
        self._end_call(session, phone_state="3")
        return call

    def release(self, session: Session) -> None:
        if session.call is None:
            raise Refusal(NO_CALL_TO_DROP, "no call can be dropped")
        self._end_call(session, phone_state="2")

    def _end_call(self, session: Session, *, phone_state: str, then_ready: bool = True) -> None:
        call = session.call
        assert call is not None
        call.cancel_timer()
        session.call = None
        session.emit("AgentEvent_Call_Release", call.call_id)
        if call.recording is not None:
            call.recording.end_ms = now_ms()
            session.emit("AgentMediaEvent_StopRecordDone", call.recording.stopped_content())
        if session.releasephone:
            session.emit("AgentOther_PhoneRelease", {"phoneState": phone_state})
        if then_ready:
            self._after_call(session)

    def callout(self, session: Session, called: str, caller: str, skill_id: int | None) -> Call:
        if session.call is not None:
            raise Refusal(STATE_ERROR, "the agent is already in a call")
        # GUESS: an agent at rest must cancel the rest before calling out.
        if session.state == REST:
            raise Refusal(STATE_ERROR, "the agent is at rest")
        skill = self.data.skills.get(skill_id) if skill_id is not None else None
        call = Call(
            call_id=self._new_call_id(),
            caller=caller or session.phone,
            called=called,
            media_type=5,
            direction="out",
            skill_id=skill_id,
            skill_name=skill.name if skill else "",
            phase="alerting",
        )
        session.call = call
        session.emit("AgentState_Busy")
        session.emit(
            "AgentEvent_Customer_Alerting",
            {"callid": call.call_id, "otherPhoneWorkno": "", "otherPhone": called, "type": "main"},
        )
        loop = asyncio.get_running_loop()
        delay = self.settings.callout_answer_after
        if called.startswith(FAILING_PREFIX):
            call.timer = loop.call_later(delay, self._callout_failed, session, call)
        else:
            call.timer = loop.call_later(delay, self._callout_answered, session, call)
        return call

    def _callout_answered(self, session: Session, call: Call) -> None:
        call.timer = None
        if session.active and session.call is call and call.phase == "alerting":
            self._connect(session, call)

    def _callout_failed(self, session: Session, call: Call) -> None:
        call.timer = None
        if session.active and session.call is call:
            session.call = None
            session.emit("AgentEvent_Call_Out_Fail", call.call_id)
            session.emit("AgentOther_PhoneRelease", {"phoneState": "3"})
            # Busy or rest asked for while the call-out was dialling still applies (as after a
            # call); otherwise the agent is Ready again. GUESS: no wrap-up after a failed dial.
            if session.pre_busy is None and session.pre_rest is None:
                self._become_idle(session)
            else:
                self._after_call(session)

    def _talking_call(self, session: Session) -> Call:
        call = session.call
        if call is None or call.phase != "talking":
            raise Refusal(STATE_ERROR, "the agent is not talking")
        return call

    def hold(self, session: Session) -> None:
        call = self._talking_call(session)
        if call.held:
            raise Refusal(STATE_ERROR, "the call is already held")
        call.held = True
        session.emit("AgentEvent_Hold", call.call_id)

    def unhold(self, session: Session, call_id: str) -> None:
        call = self._talking_call(session)
        if not call.held:
            raise Refusal(STATE_ERROR, "no call is held")
        if call_id != call.call_id:
            raise Refusal(BAD_PARAMETER, "no such held call")
        call.held = False
        # GUESS: taking a call back from hold is confirmed by AgentEvent_Talking.
        session.emit("AgentEvent_Talking", call.talking_content())

    def mute(self, session: Session, on: bool) -> None:
        self._talking_call(session).muted = on

    def transfer(self, session: Session, device_type: int, address: str) -> None:
        call = self._talking_call(session)
        target = self.sessions.get(address) if device_type == 2 else None
        if target is not None and target.ready_for_a_call:
            # GUESS: the target's leg is a new call with its own call ID (not documented).
            self.ring(address, call.customer, skill_id=call.skill_id, transfer_from=session.work_no)
        # GUESS: every transfer mode takes the call away from this agent at once.
        self._end_call(session, phone_state="2")

    def inject(self, session: Session, event_type: str, content: Any, count: int) -> None:
        for _ in range(count):
            session.emit(event_type, content)


CENTER_KEY = web.AppKey("center", Center)
