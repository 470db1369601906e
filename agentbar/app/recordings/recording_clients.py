"""Factories that build the recording and quality-inspection clients of a profile.

``Services`` calls these with its shared HTTP client and secret store; the SK and the app secret
are read from the keyring lazily, off the event loop, the first time a request needs them.
"""

from __future__ import annotations

import asyncio

from agentbar.cec import (
    AsyncClient,
    AuthV2,
    GatewaySession,
    QualityClient,
    RecordingsClient,
    TokenByAkSk,
)
from agentbar.config import Profile
from agentbar.secrets import CCFS_SK, QUALITY_APP_SECRET, SecretStore


def recordings_client(
    http: AsyncClient,
    profile: Profile,
    secrets: SecretStore,
    gateway: GatewaySession | None = None,
) -> RecordingsClient:
    """CC-Gateway ``recordfile`` through ``gateway`` (when given) and CC-FS when configured."""

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

    async def app_secret() -> str | None:
        return await asyncio.to_thread(secrets.get, QUALITY_APP_SECRET)

    tokens = TokenByAkSk(http, quality.url, quality.app_key, app_secret)
    return QualityClient(
        http, quality.url, tokens, app_key=quality.app_key, user_id=quality.user_id
    )


def staff_id(profile: Profile) -> str:
    """Whose inspected calls the Recordings tab lists.

    GUESS: CCSQM's ``staff_id`` is the agent's account ID in the console; the profile has no field
    for it, so the quality ``user_id`` is used, else the agent (work) number.
    """
    return profile.quality.user_id or profile.gateway.agent_id
