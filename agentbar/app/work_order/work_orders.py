"""What the work-order tab needs, in one object: case types, the outbox, drafts and the creator.

:func:`build_work_orders` makes it from the profile's ``[cases]`` section, the secret store
(``cases-client-secret``) and the shared HTTP client; the widgets never see a URL or a secret.
Without a ``[cases]`` URL the outbox still keeps cases (queued) until the service is configured.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from agentbar.app import clients
from agentbar.app.work_order.outbox import Outbox
from agentbar.app.work_order.outbox_signals import OutboxSignals
from agentbar.app.work_order.outbox_store import OutboxEntry, OutboxStore
from agentbar.cec import AsyncClient, CaseClient, CaseSummary, CaseTypeNode, CecError, NewCase
from agentbar.config import Profile
from agentbar.secrets import SecretStore

NOT_CONFIGURED = "Work orders are not configured. Add the work-order service in the settings."


class NotConfiguredError(CecError):
    """The profile has no ``[cases]`` URL."""

    title = "Not configured"


class WorkOrders:
    """Case types, submitting through the outbox, the outbox's entries and the form's draft."""

    def __init__(
        self,
        client: CaseClient | None,
        outbox: Outbox,
        creator_id: str,
        parent: QObject | None = None,
    ) -> None:
        self.client = client
        self.outbox = outbox
        self.creator_id = creator_id
        self.signals = OutboxSignals(outbox, parent)

    @property
    def configured(self) -> bool:
        return self.client is not None

    def start(self) -> None:
        """Start sending (call on the running loop)."""
        self.outbox.start()

    async def close(self) -> None:
        await self.outbox.close()

    async def case_type_tree(self) -> list[CaseTypeNode]:
        return await self._client().case_type_tree()

    async def recent_cases(self, limit: int = 20) -> list[CaseSummary]:
        return await self._client().recent_cases(limit)

    async def submit(self, case: NewCase) -> OutboxEntry:
        return await self.outbox.submit(case)

    async def resubmit(self, entry_id: int, case: NewCase) -> OutboxEntry:
        return await self.outbox.resubmit(entry_id, case)

    async def retry(self, entry_id: int) -> None:
        await self.outbox.retry(entry_id)

    async def entries(self) -> list[OutboxEntry]:
        return await self.outbox.entries()

    async def case(self, entry_id: int) -> NewCase:
        return await self.outbox.case(entry_id)

    async def save_draft(self, body: dict[str, Any]) -> None:
        await asyncio.to_thread(self.outbox.store.save_draft, body)

    async def load_draft(self) -> dict[str, Any] | None:
        return await asyncio.to_thread(self.outbox.store.load_draft)

    async def clear_draft(self) -> None:
        await asyncio.to_thread(self.outbox.store.clear_draft)

    def _client(self) -> CaseClient:
        if self.client is None:
            raise NotConfiguredError(NOT_CONFIGURED, endpoint="cases")
        return self.client


def build_work_orders(
    profile: Profile,
    secrets: SecretStore,
    http: AsyncClient,
    *,
    store_path: Path | str | None = None,
    parent: QObject | None = None,
) -> WorkOrders:
    """The work-order services of ``profile`` (outbox in the user data dir unless ``store_path``).

    The client secret is read from the keyring only when a token is fetched, off the loop.
    """
    client = clients.case_client(http, profile, secrets)
    outbox = Outbox(OutboxStore(store_path), client)
    return WorkOrders(client, outbox, profile.cases.creator_id, parent)
