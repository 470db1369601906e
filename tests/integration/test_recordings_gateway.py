"""Recordings announced by AgentMediaEvent_Record, fetched through recordfile (GUID) and CC-FS."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agentbar.cec import AsyncClient
from agentbar.cec.errors import AuthError, ServiceError
from agentbar.cec.recordings import RecordingsClient
from agentbar.cec.signing import AuthV2
from agentbar.sim.audio import AlawAudio
from agentbar.sim.server import SimServer

GW = "/agentgateway/resource"


@dataclass
class SignedIn:
    """What RecordingsClient needs from the gateway client (its GatewaySession protocol)."""

    guid: str | None
    base_url: str
    agent_id: str = "101"


@pytest.fixture
def sim(loop_sim: SimServer) -> SimServer:
    return loop_sim


async def sign_in(http: AsyncClient, sim: SimServer) -> str:
    response = await http.put(
        f"{sim.url}{GW}/onlineagent/101", json={"password": "demo", "phonenum": "88880101"}
    )
    assert response.json()["retcode"] == "0"
    return response.headers["Set-GUID"].removeprefix("JSESSIONID=")


async def recorded_call(http: AsyncClient, sim: SimServer, guid: str) -> dict[str, Any]:
    """Ring the agent (auto-answer), read AgentMediaEvent_Record, hang up; its content."""
    await http.post(f"{sim.url}/sim/agents/101/call", json={"caller": "13900000009"})
    for _ in range(20):
        response = await http.get(f"{sim.url}{GW}/agentevent/101", headers={"Guid": guid})
        event = response.json().get("event")
        if event and event["eventType"] == "AgentMediaEvent_Record":
            await http.post(f"{sim.url}/sim/agents/101/hangup")
            content: dict[str, Any] = event["content"]
            return content
    raise AssertionError("no AgentMediaEvent_Record")


async def announced_size(http: AsyncClient, sim: SimServer, file_name: str) -> int:
    listing = (await http.get(f"{sim.url}/sim/recordings")).json()
    return next(int(r["size"]) for r in listing if r["fileName"] == file_name)


async def test_announced_recording_downloads_through_recordfile_and_ccfs(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    guid = await sign_in(http, sim)
    content = await recorded_call(http, sim, guid)
    file_name = content["fileName"]
    size = await announced_size(http, sim, file_name)
    expected = hashlib.sha256(AlawAudio(file_name, size).read()).hexdigest()

    client = RecordingsClient(
        http,
        gateway=SignedIn(guid, sim.url),
        ccfs_url=sim.url,
        ccfs_auth=AuthV2("demo-ak", "demo-sk-0123456789abcdef"),
    )
    by_gateway = await client.download(
        client.via_gateway(file_name, location_id=content["locationId"]), tmp_path / "gw.V3"
    )
    by_ccfs = await client.download(client.via_ccfs(call_id=content["callId"]), tmp_path / "fs.V3")
    assert hashlib.sha256(by_gateway.path.read_bytes()).hexdigest() == expected
    assert hashlib.sha256(by_ccfs.path.read_bytes()).hexdigest() == expected


async def test_recordfile_unknown_file_is_104_005(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    guid = await sign_in(http, sim)
    client = RecordingsClient(http, gateway=SignedIn(guid, sim.url))
    with pytest.raises(ServiceError, match="does not exist") as caught:
        await client.download(client.via_gateway("Y:/1/0/20240102/101/404.V3"), tmp_path / "x")
    assert caught.value.code == "104-005"


async def test_recordfile_with_a_wrong_guid_is_refused(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    await sign_in(http, sim)
    client = RecordingsClient(http, gateway=SignedIn("not-the-guid", sim.url))
    with pytest.raises(AuthError) as caught:
        await client.download(client.via_gateway("Y:/1/0/20240102/101/1030001.V3"), tmp_path / "x")
    assert caught.value.code == "000-003"


async def test_recordfile_without_sign_in_asks_to_sign_in(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    client = RecordingsClient(http, gateway=SignedIn(None, sim.url))
    with pytest.raises(AuthError, match="Sign in"):
        await client.download(client.via_gateway("Y:/x.V3"), tmp_path / "x")


async def test_cut_fault_kind_cuts_a_gateway_download_which_then_resumes(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    guid = await sign_in(http, sim)
    response = await http.post(
        f"{sim.url}/sim/faults",
        json={"kind": "cut", "after": 50_000, "count": 3, "path": f"{GW}/recordfile/"},
    )
    assert response.status_code == 200
    client = RecordingsClient(http, gateway=SignedIn(guid, sim.url))
    name = "Y:/1/0/20240102/101/1030001.V3"
    result = await client.download(client.via_gateway(name), tmp_path / "r.V3", attempts=4)
    assert result.attempts == 4
    assert result.path.read_bytes() == AlawAudio(name, 185 * 8000).read()
