"""Builds every CEC client of a profile over one shared HTTP client, and closes them together.

Widgets never construct a client, read a secret or know a URL: they get a ``Services`` and ask it.
A new service (FAQ, cases, recordings…) is one more attribute built in ``__init__`` from the same
``http`` client and profile; the clients themselves are built in ``agentbar.app.clients``.
"""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from agentbar.app import clients
from agentbar.cec import AsyncClient
from agentbar.config import Profile
from agentbar.secrets import SecretStore

if TYPE_CHECKING:
    from agentbar.app.features import Features

PASSWORD_SECRET = "password"


class Services:
    """The clients of one profile. Use ``await Services.open(...)`` or ``async with``."""

    def __init__(self, profile: Profile, secrets: SecretStore, http: AsyncClient) -> None:
        self.profile = profile
        self.secrets = secrets
        self.http = http
        self.gateway = clients.gateway_client(http, profile)
        self.features: Features | None = None

    @classmethod
    async def open(cls, profile: Profile, secrets: SecretStore) -> Services:
        """Build the services over a new shared HTTP client (built off the loop)."""
        return cls(profile, secrets, await clients.open_http(profile))

    @property
    def tls_insecure(self) -> bool:
        """True when certificate verification is off: the window says so for the whole session."""
        return not self.profile.tls.verify

    async def password(self) -> str | None:
        """The stored agent password, read off the loop (keyring backends block)."""
        return await asyncio.to_thread(self.secrets.get, PASSWORD_SECRET)

    async def remember_password(self, password: str) -> None:
        await asyncio.to_thread(self.secrets.set, PASSWORD_SECRET, password)

    async def forget_password(self) -> bool:
        """Delete the stored agent password; False when none was stored."""
        return await asyncio.to_thread(self.secrets.delete, PASSWORD_SECRET)

    async def open_features(self, data_dir: Path | None = None) -> Features:
        """Build and start the FAQ, work-order and recordings services (once).

        Their modules (SQLite, the outbox, the download queue) are imported off the loop: they
        come after sign-in and must not stall the window.
        """
        if self.features is None:
            await asyncio.to_thread(importlib.import_module, "agentbar.app.features")
            from agentbar.app.features import Features

            features = Features.build(
                self.profile,
                self.secrets,
                self.http,
                self.gateway,
                downloads_folder=lambda: self.profile.ui.download_path(),
                data_dir=data_dir,
            )
            self.features = features
            await features.start()
        return self.features

    async def aclose(self) -> None:
        """Close the feature services first (they flush to disk and may still talk), then HTTP."""
        try:
            if self.features is not None:
                await self.features.aclose()
        finally:
            await self.http.aclose()

    async def __aenter__(self) -> Services:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
