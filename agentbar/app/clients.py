"""The one place that turns a profile, its secrets and the shared HTTP client into CEC clients.

The toolbar, ``agentbar events`` and ``agentbar doctor`` all build their clients here, so a
profile means the same endpoints, TLS settings and credentials wherever it is used. Secrets are
never read here: each client gets a callable that reads its secret off the event loop (keyring
backends block) the first time a request needs it. No Qt: the command line uses this too.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from agentbar.cec import AsyncClient, GatewayClient, TlsSettings, build_client
from agentbar.config import Profile
from agentbar.secrets import (
    CASES_CLIENT_SECRET,
    CCFS_SK,
    FAQ_APP_SECRET,
    QUALITY_APP_SECRET,
    SecretStore,
)

if TYPE_CHECKING:
    from agentbar.cec import (
        CaseClient,
        FaqClient,
        GatewaySession,
        QualityClient,
        RecordingsClient,
    )

# The feature clients' modules are imported when first built, not with this module: signing in
# needs only the gateway, and the FAQ, cases, recordings and quality modules come later.


async def open_http(profile: Profile) -> AsyncClient:
    """The shared HTTP client; built off the loop, as the TLS context reads the CA bundle."""
    tls = TlsSettings(ca_bundle=profile.tls.ca_bundle, verify=profile.tls.verify)
    return await asyncio.to_thread(build_client, tls)


def gateway_client(http: AsyncClient, profile: Profile) -> GatewayClient:
    """The CC-Gateway client of the profile's agent."""
    return GatewayClient(http, profile.gateway.url, profile.gateway.agent_id)


def faq_client(http: AsyncClient, profile: Profile, secrets: SecretStore) -> FaqClient | None:
    """The FAQ client, or None when ``[faq]`` is not configured."""
    config = profile.faq
    if not config.configured:
        return None
    from agentbar.cec import FaqClient

    async def app_secret() -> str:
        return await asyncio.to_thread(secrets.get, FAQ_APP_SECRET) or ""

    return FaqClient(http, config.url, config.tenant_id, app_secret)


def case_client(http: AsyncClient, profile: Profile, secrets: SecretStore) -> CaseClient | None:
    """The work-order (case) client, or None when ``[cases]`` is not configured."""
    cases = profile.cases
    if not cases.configured:
        return None
    from agentbar.cec import CaseClient

    async def client_secret() -> str | None:
        return await asyncio.to_thread(secrets.get, CASES_CLIENT_SECRET)

    return CaseClient(http, cases.url, cases.client_id, client_secret, creator_id=cases.creator_id)


def recordings_client(
    http: AsyncClient,
    profile: Profile,
    secrets: SecretStore,
    gateway: GatewaySession | None = None,
) -> RecordingsClient:
    """CC-Gateway ``recordfile`` through ``gateway`` (when given) and CC-FS when configured."""
    from agentbar.cec import AuthV2, RecordingsClient

    async def secret_key() -> str | None:
        return await asyncio.to_thread(secrets.get, CCFS_SK)

    ccfs = profile.ccfs
    auth = AuthV2(ccfs.ak, secret_key) if ccfs.configured and ccfs.ak else None
    return RecordingsClient(http, gateway=gateway, ccfs_url=ccfs.url, ccfs_auth=auth)


def quality_client(
    http: AsyncClient, profile: Profile, secrets: SecretStore
) -> QualityClient | None:
    """The CCSQM client, or None when ``[quality]`` is not configured."""
    quality = profile.quality
    if not quality.configured or not quality.app_key:
        return None
    from agentbar.cec import QualityClient, TokenByAkSk

    async def app_secret() -> str | None:
        return await asyncio.to_thread(secrets.get, QUALITY_APP_SECRET)

    tokens = TokenByAkSk(http, quality.url, quality.app_key, app_secret)
    return QualityClient(
        http, quality.url, tokens, app_key=quality.app_key, user_id=quality.user_id
    )
