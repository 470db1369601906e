"""Fixtures shared by the integration tests: the HTTP client, and a simulator on the test's loop.

The root ``sim`` fixture runs the simulator on its own thread; modules whose client and simulator
share the test's event loop name ``loop_sim`` their ``sim``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from agentbar.cec import AsyncClient, build_client
from agentbar.sim.server import SimServer, SimSettings


@pytest.fixture
async def http() -> AsyncIterator[AsyncClient]:
    client = build_client()
    yield client
    await client.aclose()


@pytest.fixture
async def loop_sim() -> AsyncIterator[SimServer]:
    server = SimServer(SimSettings())
    await server.start()
    yield server
    await server.stop()
