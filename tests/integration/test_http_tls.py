"""The shared HTTP client's TLS (agentbar/cec/_http.py) against the simulator over loopback:
https verifies as always, and a plain-http profile never builds a verifying context."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agentbar.cec import _http
from agentbar.cec._http import TlsSettings, build_client, send
from agentbar.cec.errors import TlsError
from agentbar.sim.server import SimThread
from tests.conftest import RunningSim
from tests.tls_certs import ServerCert, make_server_cert


@pytest.fixture
def tls_sim(tmp_path: Path) -> Iterator[tuple[str, ServerCert]]:
    cert = make_server_cert(tmp_path / "certs")
    thread = SimThread()
    url = thread.start("127.0.0.1", 0, ssl_context=cert.server_context())
    try:
        yield url, cert
    finally:
        thread.stop()


@pytest.fixture
def context_builds(monkeypatch: pytest.MonkeyPatch) -> list[TlsSettings]:
    """Every TLS context the client builds, by the settings it was built for."""
    built: list[TlsSettings] = []
    original: Callable[[TlsSettings], object] = _http.ssl_context

    def counting(tls: TlsSettings) -> object:
        built.append(tls)
        return original(tls)

    monkeypatch.setattr(_http, "ssl_context", counting)
    return built


async def test_plain_http_profile_builds_no_tls_context(
    sim: RunningSim, context_builds: list[TlsSettings]
) -> None:
    async with build_client(TlsSettings()) as client:
        for _ in range(2):
            response = await send(client, "GET", f"{sim.url}/sim/agents", endpoint="sim")
            assert response.status_code == 200
    assert context_builds == []


async def test_https_verifies_with_the_ca_bundle_built_once(
    tls_sim: tuple[str, ServerCert], context_builds: list[TlsSettings]
) -> None:
    url, cert = tls_sim
    tls = TlsSettings(ca_bundle=str(cert.ca_path))
    async with build_client(tls) as client:
        for _ in range(3):
            response = await send(client, "GET", f"{url}/sim/agents", endpoint="sim")
            assert response.status_code == 200
    assert context_builds == [tls]


async def test_https_still_refuses_a_certificate_the_system_store_does_not_trust(
    tls_sim: tuple[str, ServerCert],
) -> None:
    url, _ = tls_sim
    async with build_client(TlsSettings()) as client:
        with pytest.raises(TlsError):
            await send(client, "GET", f"{url}/sim/agents", endpoint="sim")


async def test_unusable_ca_bundle_is_a_tls_error_on_first_https_request(
    tls_sim: tuple[str, ServerCert], tmp_path: Path
) -> None:
    url, _ = tls_sim
    garbage = tmp_path / "not-a-bundle.pem"
    garbage.write_text("this is not PEM\n")
    async with build_client(TlsSettings(ca_bundle=str(garbage))) as client:
        with pytest.raises(TlsError) as caught:
            await send(client, "GET", f"{url}/sim/agents", endpoint="sim")
    assert "CA bundle" in caught.value.message
