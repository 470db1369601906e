"""The recording and quality clients Services builds: the demo profile and secrets reach the
simulator's demo tenant."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentbar.app.clients import quality_client, recordings_client
from agentbar.app.recordings.recording_clients import staff_id
from agentbar.cec import AsyncClient
from agentbar.cec.errors import AuthError
from agentbar.config import Profile
from agentbar.secrets import CCFS_SK, QUALITY_APP_SECRET, MemoryStore
from agentbar.sim.server import SimServer


@pytest.fixture
def sim(loop_sim: SimServer) -> SimServer:
    return loop_sim


async def test_demo_profile_and_secrets_download_and_list_inspected_calls(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    profile = Profile.demo(sim.url)
    secrets = MemoryStore(
        {CCFS_SK: "demo-sk-0123456789abcdef", QUALITY_APP_SECRET: "demo-app-secret"}
    )
    recordings = recordings_client(http, profile, secrets)
    result = await recordings.download(
        recordings.via_ccfs(call_id="1704191400-1001"), tmp_path / "a.V3"
    )
    assert result.size == 185 * 8000
    quality = quality_client(http, profile, secrets)
    assert quality is not None
    page = await quality.inspected_calls(staff_id(profile))
    assert page.total == 25


async def test_missing_secrets_are_clear_errors(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    profile = Profile.demo(sim.url)
    secrets = MemoryStore()
    recordings = recordings_client(http, profile, secrets)
    with pytest.raises(AuthError, match="secret key"):
        await recordings.download(recordings.via_ccfs(call_id="1704191400-1001"), tmp_path / "a")
    quality = quality_client(http, profile, secrets)
    assert quality is not None
    with pytest.raises(AuthError, match="app secret"):
        await quality.inspected_calls("101")


async def test_unconfigured_quality_gives_no_client(http: AsyncClient) -> None:
    assert quality_client(http, Profile(), MemoryStore()) is None
