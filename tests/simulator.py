"""Test-side helpers for the simulator: its control interface and a raw CC-Gateway agent.

``SimControl`` wraps ``/sim/`` (the simulator's own interface; see the README). ``RawAgent``
speaks the gateway protocol directly, without ``agentbar.cec``, for the simulator's own tests.
"""

from __future__ import annotations

from typing import Any

import httpx2

GW = "/agentgateway/resource"


class SimControl:
    """Synchronous client of the simulator's control interface."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url
        self._http = httpx2.Client(base_url=base_url, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def _send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self._http.request(method, path, json=body)
        if response.status_code >= 400:
            raise SimControlError(response.status_code, response.json())
        return response.json()

    def call(
        self,
        agent_id: str,
        caller: str = "13800000000",
        *,
        skill_id: int | None = None,
        media_type: int | None = None,
    ) -> str:
        body: dict[str, Any] = {"caller": caller}
        if skill_id is not None:
            body["skillId"] = skill_id
        if media_type is not None:
            body["mediaType"] = media_type
        call_id: str = self._send("POST", f"/sim/agents/{agent_id}/call", body)["callId"]
        return call_id

    def hangup(self, agent_id: str) -> None:
        self._send("POST", f"/sim/agents/{agent_id}/hangup")

    def sign_out(self, agent_id: str) -> None:
        self._send("POST", f"/sim/agents/{agent_id}/signout")

    def rotate_guid(self, agent_id: str) -> str:
        guid: str = self._send("POST", f"/sim/agents/{agent_id}/rotate-guid")["guid"]
        return guid

    def inject(self, agent_id: str, event_type: str, content: Any = None, count: int = 1) -> None:
        body = {"eventType": event_type, "content": content, "count": count}
        self._send("POST", f"/sim/agents/{agent_id}/events", body)

    def agents(self) -> list[dict[str, Any]]:
        agents: list[dict[str, Any]] = self._send("GET", "/sim/agents")
        return agents

    def agent(self, agent_id: str) -> dict[str, Any]:
        return next(a for a in self.agents() if a["agentId"] == agent_id)

    def recordings(self, agent_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._send("GET", f"/sim/agents/{agent_id}/recordings")
        return found

    def add_fault(self, **rule: Any) -> int:
        fault_id: int = self._send("POST", "/sim/faults", rule)["id"]
        return fault_id

    def faults(self) -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = self._send("GET", "/sim/faults")
        return rules

    def clear_faults(self) -> None:
        self._send("DELETE", "/sim/faults")

    def set(self, **settings: Any) -> dict[str, Any]:
        current: dict[str, Any] = self._send("PATCH", "/sim/settings", settings)
        return current

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self._send("GET", "/sim/stats")
        return stats

    def reset(self) -> None:
        self._send("POST", "/sim/reset")


class SimControlError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


class RawAgent:
    """One agent speaking the CC-Gateway protocol by hand; adopts every ``Set-GUID``."""

    def __init__(self, base_url: str, agent_id: str = "101", timeout: float = 15.0) -> None:
        self.agent_id = agent_id
        self.guid: str | None = None
        self.http = httpx2.Client(base_url=base_url + GW, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def send(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.guid is not None and "Guid" not in headers:
            headers["Guid"] = self.guid
        response = self.http.request(method, path, headers=headers, **kwargs)
        set_guid = response.headers.get("Set-GUID")
        if set_guid:
            self.guid = set_guid.split("JSESSIONID=", 1)[1]
        return response

    def body(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        data: dict[str, Any] = self.send(method, path, **kwargs).json()
        return data

    def sign_in(self, *, force: bool = False, **options: Any) -> dict[str, Any]:
        body = {"password": "demo", "phonenum": f"8888{int(self.agent_id):04d}", **options}
        suffix = "/forcelogin" if force else ""
        return self.body("PUT", f"/onlineagent/{self.agent_id}{suffix}", json=body)

    def agent(self, method: str, action: str, **kwargs: Any) -> dict[str, Any]:
        return self.body(method, f"/onlineagent/{self.agent_id}/{action}", **kwargs)

    def call(self, method: str, action: str, **kwargs: Any) -> dict[str, Any]:
        path = f"/voicecall/{self.agent_id}" + (f"/{action}" if action else "")
        return self.body(method, path, **kwargs)

    def poll(self) -> dict[str, Any]:
        return self.body("GET", f"/agentevent/{self.agent_id}")

    def event_types(self, n: int) -> list[str]:
        """The types of the next ``n`` events (fails if a poll comes back empty)."""
        types: list[str] = []
        for _ in range(n):
            reply = self.poll()
            assert reply["retcode"] == "0", reply
            assert reply["event"] is not None, f"no event after {types}"
            types.append(reply["event"]["eventType"])
        return types

    def drain(self) -> list[dict[str, Any]]:
        """Every queued event (needs a short poll_hold: stops at the first empty poll)."""
        events: list[dict[str, Any]] = []
        while True:
            reply = self.poll()
            if reply.get("event") is None:
                return events
            events.append(reply["event"])
