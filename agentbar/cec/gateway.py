"""The CC-Gateway agent interfaces: sign in and out, skills, state, call control.

Huawei CEC, Signing In an Agent (and the pages after it): https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1202.html

Authentication is C4 (https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0005.html):
the gateway hands out a GUID in a ``Set-GUID`` response header and may rotate it on any later
answer (dynamic mode), so the GUID is adopted from *every* response and sent as ``Guid`` on every
call after sign-in. The same code serves static and dynamic mode.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from agentbar.cec import _http
from agentbar.cec.errors import (
    AlreadySignedInError,
    AuthError,
    CecError,
    InvalidRequestError,
    ProtocolError,
    gateway_error,
)
from agentbar.cec.events import AgentEvent, parse_event
from agentbar.cec.models import (
    AgentState,
    AgentStatus,
    SignInResult,
    Skill,
    as_str,
)

log = logging.getLogger(__name__)

RESOURCE_PATH = "/agentgateway/resource"
JSON_HEADERS = {"Content-Type": "application/json; charset=UTF-8"}
GUID_REFUSED = "000-003"

# The server holds an empty poll for up to 10 s; a read timeout well above that tells a held poll
# from a dead connection.
POLL_TIMEOUT = _http.Timeout(25.0, connect=5.0)

# callappdata: "string ≤16k" (the callout page); GUESS: 16k means 16,000 characters.
CALL_DATA_LIMIT = 16_000


def parse_set_guid(value: str) -> str | None:
    """The GUID from a ``Set-GUID`` header value: everything after ``JSESSIONID=``."""
    text = value.strip()
    if not text:
        return None
    # GUESS: tolerate attributes after the value (cookie style) and a bare GUID without the prefix.
    first = text.split(";", 1)[0].strip()
    if "=" in first:
        name, _, guid = first.partition("=")
        if name.strip().upper() != "JSESSIONID":
            return None
        first = guid.strip()
    # The GUID goes back out as a header value, which must be visible ASCII: anything else is a
    # broken header, and adopting it would make every later request fail to encode.
    if not first or any(not "!" <= char <= "~" for char in first):
        return None
    return first


def guid_hint(guid: str | None) -> str:
    """A short, non-secret hint of a GUID for logs."""
    return f"{guid[:8]}…" if guid else "none"


class GatewayClient:
    """An async client of one agent's CC-Gateway session."""

    def __init__(self, http: _http.AsyncClient, base_url: str, agent_id: str) -> None:
        self._http = http
        self.base_url = base_url.rstrip("/")
        self.agent_id = agent_id
        self._guid: str | None = None
        self.last_round_trip: float | None = None
        # Sign-in and sign-out must never overlap (the sign-in page's rules).
        self._session_lock = asyncio.Lock()

    @property
    def guid(self) -> str | None:
        return self._guid

    # -- session -------------------------------------------------------------------------------

    async def sign_in(
        self,
        password: str,
        phone: str,
        *,
        force: bool = False,
        auto_answer: bool = False,
        status: AgentState = AgentState.IDLE,
        release_phone: bool = True,
        auto_enter_idle: bool = True,
    ) -> SignInResult:
        body = {
            "password": password,
            "phonenum": phone,
            "autoanswer": auto_answer,
            "autoenteridle": auto_enter_idle,
            "releasephone": release_phone,
            "status": int(status),
            "agenttype": 4,
        }
        path = f"onlineagent/{self.agent_id}"
        async with self._session_lock:
            self._guid = None
            try:
                data = await self._call("PUT", path, body=body, with_guid=False)
            except AlreadySignedInError:
                # The documented flow (https://support.huaweicloud.com/intl/en-us/devg-ccgw-cec/cec_05_1409.html):
                # login first, forcelogin only on 100-002, and only
                # when the caller asked for it.
                if not force:
                    raise
                path += "/forcelogin"
                data = await self._call("PUT", path, body=body, with_guid=False)
            if self._guid is None:
                raise ProtocolError(
                    "The gateway accepted the sign-in but sent no session (Set-GUID). "
                    "Try again; if it persists, tell IT.",
                    endpoint=path,
                )
        result = SignInResult.parse(data.get("result"), self.agent_id)
        log.info("signed in agent %s (session %s)", self.agent_id, guid_hint(self._guid))
        return result

    async def sign_out(self, *, force: bool = False, reason: int | None = None) -> None:
        if reason is not None:
            if not 1 <= reason <= 255:
                raise _invalid("The sign-out reason must be between 1 and 255.", "logout")
            path = f"onlineagent/{self.agent_id}/forcelogoutwithreason/{reason}"
        else:
            path = f"onlineagent/{self.agent_id}/" + ("forcelogout" if force else "logout")
        async with self._session_lock:
            await self._call("DELETE", path)

    async def update_guid(self) -> str:
        data = await self._call("PUT", f"onlineagent/{self.agent_id}/updateGuid", renew_guid=False)
        result = data.get("result")
        guid = as_str(result.get("guid")) if isinstance(result, dict) else ""
        if guid:
            self._guid = guid
        if not self._guid:
            raise ProtocolError("The gateway sent no new session.", endpoint="updateGuid")
        return self._guid

    async def handshake(self) -> None:
        await self._call("POST", f"onlineagent/{self.agent_id}/handshake")

    # -- skills --------------------------------------------------------------------------------

    async def skills(self) -> list[Skill]:
        data = await self._call("GET", f"onlineagent/{self.agent_id}/agentskills")
        return _parse_skills(data.get("result"), "agentskills")

    async def configured_skills(self, work_no: str | None = None) -> list[Skill]:
        target = work_no or self.agent_id
        path = f"onlineagent/{self.agent_id}/agentskillsbyworkno/{quote(target, safe='')}"
        data = await self._call("GET", path)
        return _parse_skills(data.get("result"), "agentskillsbyworkno")

    async def reset_skills(self, skill_ids: Sequence[int] | None = None) -> None:
        """Sign in to all configured skill queues (None) or only to the given ones."""
        path = f"onlineagent/{self.agent_id}/resetskill/{'true' if skill_ids is None else 'false'}"
        if skill_ids:
            # Sent literally as in the documented example (skillid=10;25), not as %3B.
            path += "?skillid=" + ";".join(str(int(s)) for s in skill_ids)
        await self._call("POST", path)

    # -- state ---------------------------------------------------------------------------------

    async def status(self) -> AgentStatus:
        data = await self._call("GET", f"onlineagent/{self.agent_id}/agentstatus")
        return AgentStatus.parse(data.get("result"))

    async def say_ready(self) -> None:
        await self._call("POST", f"onlineagent/{self.agent_id}/sayfree")

    async def cancel_busy(self) -> None:
        await self._call("POST", f"onlineagent/{self.agent_id}/cancelbusy")

    async def say_busy(self, reason: int | None = None) -> None:
        params = None
        if reason is not None:
            if not 200 <= reason <= 250:
                raise _invalid("The busy reason must be between 200 and 250.", "saybusy")
            params = {"reason": str(reason)}
        await self._call("POST", f"onlineagent/{self.agent_id}/saybusy", params=params)

    async def rest(self, seconds: int, cause: int) -> None:
        if not 1 <= seconds <= 86399:
            raise _invalid("The rest time must be between 1 second and 24 hours.", "rest")
        if not 0 <= cause <= 255:
            raise _invalid("The rest cause must be between 0 and 255.", "rest")
        await self._call("POST", f"onlineagent/{self.agent_id}/rest/{seconds}/{cause}")

    async def cancel_rest(self) -> None:
        await self._call("POST", f"onlineagent/{self.agent_id}/cancelrest")

    async def enter_wrap_up(self) -> None:
        await self._call("POST", f"onlineagent/{self.agent_id}/work")

    async def leave_wrap_up(self) -> None:
        await self._call("POST", f"onlineagent/{self.agent_id}/cancelwork")

    async def set_auto_answer(self, on: bool) -> None:
        flag = "true" if on else "false"
        await self._call("POST", f"onlineagent/{self.agent_id}/autoanswer/{flag}")

    # -- call control ------------------------------------------------------------------------------

    async def answer(self, call_id: str | None = None) -> None:
        params = {"callid": call_id} if call_id else None
        await self._call("PUT", f"voicecall/{self.agent_id}/answer", params=params)

    async def release(self) -> None:
        await self._call("DELETE", f"voicecall/{self.agent_id}/release")

    async def hold(self) -> None:
        await self._call("POST", f"voicecall/{self.agent_id}/hold")

    async def unhold(self, call_id: str) -> None:
        await self._call("POST", f"voicecall/{self.agent_id}/gethold", params={"callid": call_id})

    async def mute(self) -> None:
        await self._call("POST", f"voicecall/{self.agent_id}/beginmute")

    async def unmute(self) -> None:
        await self._call("POST", f"voicecall/{self.agent_id}/endmute")

    async def call_out(
        self,
        called: str,
        *,
        caller: str | None = None,
        skill_id: int | None = None,
        call_data: str | None = None,
    ) -> str:
        """Call a number; the answer is the new call's ID: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1232.html"""
        if not called or len(called) > 24 or any(c not in "0123456789*#" for c in called):
            raise _invalid("Enter a number of up to 24 digits (and * or #).", "callout")
        if call_data is not None and len(call_data) > CALL_DATA_LIMIT:
            raise _invalid("The call data is too long (16,000 characters at most).", "callout")
        body: dict[str, Any] = {"called": called}
        if caller:
            body["caller"] = caller
        if skill_id is not None:
            body["skillid"] = skill_id
        if call_data is not None:
            body["callappdata"] = call_data
        data = await self._call("PUT", f"voicecall/{self.agent_id}/callout", body=body)
        # [3P] result is the call id string; accept an object carrying it too.
        result = data.get("result")
        if isinstance(result, dict):
            result = result.get("callid") or result.get("callId")
        call_id = as_str(result)
        if not call_id:
            raise ProtocolError(
                "The gateway started the call but sent no call ID.", endpoint="callout"
            )
        return call_id

    async def transfer(
        self,
        device_type: int,
        address: str,
        mode: int = 0,
        *,
        caller: str | None = None,
        skill_id: int | None = None,
        call_data: str | None = None,
        hold_first: bool | None = None,
    ) -> None:
        """Transfer the current call (https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1242.html).

        ``device_type``: 1 skill, 2 agent, 3 IVR, 4 access code, 5 external number. ``mode``: 0
        release (blind), 1 suspend (IVR), 2 success, 3 talk (consult), 4 three-party.
        """
        if device_type not in (1, 2, 3, 4, 5):
            raise _invalid("Choose a transfer target type.", "transfer")
        if not address or len(address) > 24:
            raise _invalid("Enter a transfer target of up to 24 characters.", "transfer")
        if mode not in (0, 1, 2, 3, 4):
            raise _invalid("Choose a transfer mode.", "transfer")
        if call_data is not None and len(call_data) > CALL_DATA_LIMIT:
            raise _invalid("The call data is too long (16,000 characters at most).", "transfer")
        body: dict[str, Any] = {"devicetype": device_type, "address": address, "mode": mode}
        if caller:
            body["caller"] = caller
        if skill_id is not None:
            body["skillId"] = skill_id  # spelled skillId here, skillid in callout
        if call_data is not None:
            body["callappdata"] = call_data
        if hold_first is not None:
            body["holdflag"] = hold_first
        await self._call("POST", f"voicecall/{self.agent_id}/transfer", body=body)

    # -- events --------------------------------------------------------------------------------

    async def poll_event(self) -> AgentEvent | None:
        """One long poll: the next event, or None when the server had none within its hold."""
        # The pump renews a refused GUID itself (once, then it reports): no renewal here.
        data = await self._call(
            "GET", f"agentevent/{self.agent_id}", timeout=POLL_TIMEOUT, renew_guid=False
        )
        return parse_event(data.get("event"), datetime.now().astimezone())

    # -- plumbing ------------------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        with_guid: bool = True,
        timeout: _http.Timeout | None = None,
        renew_guid: bool = True,
    ) -> dict[str, Any]:
        try:
            return await self._call_once(
                method, path, body=body, params=params, with_guid=with_guid, timeout=timeout
            )
        except AuthError as exc:
            if not (renew_guid and with_guid and self._guid and exc.code == GUID_REFUSED):
                raise
            refused = exc
        # A command refused for its GUID was not carried out (000-003), so it is sent once
        # more with a renewed GUID; a second refusal is reported as it is.
        log.info("the gateway refused the session GUID; renewing it and sending %s again", path)
        try:
            await self.update_guid()
        except CecError as renewal:
            # The person asked for the command: its refusal is what they are told.
            log.info("the GUID could not be renewed: %s", renewal)
            raise refused from None
        return await self._call_once(
            method, path, body=body, params=params, with_guid=with_guid, timeout=timeout
        )

    async def _call_once(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None,
        params: dict[str, str] | None,
        with_guid: bool,
        timeout: _http.Timeout | None,
    ) -> dict[str, Any]:
        endpoint = path.split("?", 1)[0]
        headers = dict(JSON_HEADERS)
        if with_guid and self._guid:
            headers["Guid"] = self._guid
        content = json.dumps(body).encode() if body is not None else None
        started = time.perf_counter()
        response = await _http.send(
            self._http,
            method,
            f"{self.base_url}{RESOURCE_PATH}/{path}",
            endpoint=endpoint,
            headers=headers,
            params=params,
            content=content,
            timeout=timeout,
        )
        if timeout is None:
            self.last_round_trip = time.perf_counter() - started
        self._adopt_guid(response)
        data = _http.json_object(response, endpoint)
        retcode = as_str(data.get("retcode")).strip()
        if not retcode:
            raise ProtocolError(
                "The gateway's answer has no result code. Check the gateway address in Settings.",
                endpoint=endpoint,
                code=f"HTTP {response.status_code}",
                server_text=response.text[:200],
            )
        if retcode != "0":
            raise gateway_error(retcode, as_str(data.get("message")), endpoint)
        if not response.is_success:
            raise ProtocolError(
                "The gateway reported success with an HTTP error status. Try again later.",
                endpoint=endpoint,
                code=f"HTTP {response.status_code}",
            )
        return data

    def _adopt_guid(self, response: _http.Response) -> None:
        header = response.headers.get("Set-GUID")
        if header is None:
            return
        guid = parse_set_guid(header)
        if guid and guid != self._guid:
            log.debug("adopted a new GUID %s", guid_hint(guid))
            self._guid = guid


def _parse_skills(raw: object, endpoint: str) -> list[Skill]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ProtocolError(
            "The gateway sent the skills in an unexpected shape.", endpoint=endpoint
        )
    return [skill for item in raw if (skill := Skill.parse(item)) is not None]


def _invalid(message: str, endpoint: str) -> InvalidRequestError:
    # Checked before sending: nothing went to the gateway.
    return InvalidRequestError(message, endpoint=endpoint)
