"""Feeds canned CC-Gateway answers to a real GatewayClient through httpx2.MockTransport.

Only for the parsing tests: the body (and headers) of every answer is chosen by the test, so the
client's reading of the documented examples, and of garbage, can be checked without a server.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2

from agentbar.cec.gateway import GatewayClient

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gateway"
BASE_URL = "http://gateway.test:8043"
SET_GUID = "JSESSIONID=279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


Reply = Callable[[httpx2.Request], httpx2.Response]


def answering(
    body: bytes | dict[str, Any] | Any,
    *,
    status: int = 200,
    headers: dict[str, str] | dict[str, bytes] | None = None,
) -> Reply:
    """A transport handler that answers every request with ``body`` (JSON-encoded unless bytes)."""
    content = body if isinstance(body, bytes) else json.dumps(body).encode()

    def reply(request: httpx2.Request) -> httpx2.Response:
        raw = [
            (k.encode(), v if isinstance(v, bytes) else v.encode())
            for k, v in (headers or {}).items()
        ]
        return httpx2.Response(status, content=content, headers=raw)

    return reply


def gateway(reply: Reply, guid: str | None = "current-guid") -> GatewayClient:
    """A client whose every request is answered by ``reply``; signed in with ``guid``."""
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(reply))
    client = GatewayClient(http, BASE_URL, "291")
    client._guid = guid  # a signed-in session, without a sign-in round trip
    return client
