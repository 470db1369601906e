"""Large bodies come off the socket in wide pieces (agentbar/cec/_wide_reads.py).

httpx gives no way to choose its network backend; ``_http._transport`` wraps the one its pool
holds. If an httpx or httpcore upgrade moves that, bodies fall back to 64 KiB reads and the
recording download gets ~35% more CPU-hungry: this test says so instead.
"""

from __future__ import annotations

import pytest

from agentbar.cec._http import AsyncClient
from agentbar.cec._wide_reads import READ_SIZE, WideReadBackend
from agentbar.cec.recordings import RecordingsClient
from agentbar.cec.signing import AuthV2
from agentbar.sim.server import SimServer

MIB = 1024 * 1024


@pytest.fixture
def sim(loop_sim: SimServer) -> SimServer:
    return loop_sim


async def test_every_pool_reads_through_the_wide_backend(http: AsyncClient) -> None:
    transport = http._transport
    plain = transport._plain  # type: ignore[attr-defined]
    assert isinstance(plain._pool._network_backend, WideReadBackend)


async def test_a_large_body_arrives_in_pieces_wider_than_httpcore_asks_for(
    http: AsyncClient, sim: SimServer
) -> None:
    added = await http.post(
        f"{sim.url}/sim/recordings", json={"callId": "wide-1", "bytes": 8 * MIB}
    )
    added.raise_for_status()
    client = RecordingsClient(
        http, ccfs_url=sim.url, ccfs_auth=AuthV2("demo-ak", "demo-sk-0123456789abcdef")
    )
    request = client.via_ccfs(file_name=added.json()["fileName"])
    sizes: list[int] = []
    async with http.stream(
        request.method,
        request.url,
        content=request.content,
        headers=request.headers(),
        auth=request.auth,
    ) as response:
        assert response.status_code == 200
        async for chunk in response.aiter_raw():
            sizes.append(len(chunk))
    assert sum(sizes) == 8 * MIB
    # httpcore asks for 64 KiB; only the wide backend lets a piece be larger than that.
    assert max(sizes) > 64 * 1024
    assert max(sizes) <= READ_SIZE
