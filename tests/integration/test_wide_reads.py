"""Large bodies come off the socket in wide pieces (agentbar/cec/_wide_reads.py).

httpx2 gives no way to choose its network backend; ``_wide_reads.install`` wraps the one its
transport's pool holds. If an httpx2 or httpcore2 upgrade moves that, bodies fall back to 64 KiB
reads (with one warning per process) and the recording download gets ~35% more CPU-hungry: these
tests say so instead.
"""

from __future__ import annotations

import logging

import httpx2
import pytest

from agentbar.cec import _wide_reads
from agentbar.cec._http import AsyncClient, build_client
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


async def test_the_benchmark_switch_leaves_httpcore2s_own_backend() -> None:
    async with build_client(wide_reads=False) as http:
        plain = http._transport._plain  # type: ignore[attr-defined]
        assert not isinstance(plain._pool._network_backend, WideReadBackend)


async def test_installing_twice_wraps_once() -> None:
    async with httpx2.AsyncHTTPTransport() as transport:
        assert _wide_reads.install(transport)
        wrapped = transport._pool._network_backend
        assert _wide_reads.install(transport)
        assert transport._pool._network_backend is wrapped


class _MovedPool:
    """What a pool looks like to install() once an upgrade renames its backend attribute."""

    _backend_renamed = object()


class _MovedTransport:
    def __init__(self) -> None:
        self._pool = _MovedPool()


def test_moved_internals_fall_back_with_one_warning_per_process(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_wide_reads, "_warned", False)
    caplog.set_level(logging.WARNING, logger=_wide_reads.__name__)
    assert not _wide_reads.install(_MovedTransport())
    assert not _wide_reads.install(object())
    warnings = [r for r in caplog.records if r.name == _wide_reads.__name__]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert (
        warnings[0]
        .getMessage()
        .startswith("wide reads unavailable: _MovedTransport._pool._network_backend is NoneType")
    )


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
