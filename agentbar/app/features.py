"""The FAQ, work-order and recordings services of one profile, started and closed together.

They are built after the window is up (their imports and SQLite files are not needed to sign in)
from the same HTTP client and secrets as the gateway. ``data_dir`` holds the FAQ cache, the
outbox and the download queue; ``None`` means the user data directory. The demo passes a
temporary directory so nothing it does — least of all a demo work order waiting in the outbox —
mixes with a real profile's data.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agentbar.app import clients
from agentbar.app.faq.faq_service import FaqService, build_faq_service
from agentbar.app.recordings.download_queue import DownloadQueue
from agentbar.app.recordings.downloads import Downloads
from agentbar.app.recordings.recording_clients import staff_id
from agentbar.app.work_order.work_orders import WorkOrders, build_work_orders
from agentbar.cec import AsyncClient, GatewaySession, QualityClient
from agentbar.config import Profile
from agentbar.secrets import SecretStore

log = logging.getLogger(__name__)

FAQ_CACHE_FILE = "faq-cache.sqlite3"
OUTBOX_FILE = "outbox.sqlite3"
DOWNLOAD_QUEUE_FILE = "downloads.json"


@dataclass
class Features:
    """What the FAQ, Work order and Recordings tabs bind to."""

    faq: FaqService
    work_orders: WorkOrders
    downloads: Downloads
    quality: QualityClient | None
    staff_id: str
    downloads_folder: Callable[[], Path]

    @classmethod
    def build(
        cls,
        profile: Profile,
        secrets: SecretStore,
        http: AsyncClient,
        gateway: GatewaySession,
        *,
        downloads_folder: Callable[[], Path],
        data_dir: Path | None = None,
    ) -> Features:
        """``downloads_folder`` is asked at each download: the agent may change it in settings."""

        def in_data_dir(name: str) -> Path | None:
            return data_dir / name if data_dir is not None else None

        recordings = clients.recordings_client(http, profile, secrets, gateway)
        return cls(
            faq=build_faq_service(
                clients.faq_client(http, profile, secrets),
                profile.faq,
                cache_path=in_data_dir(FAQ_CACHE_FILE),
            ),
            work_orders=build_work_orders(
                profile, secrets, http, store_path=in_data_dir(OUTBOX_FILE)
            ),
            downloads=Downloads(
                recordings, DownloadQueue(in_data_dir(DOWNLOAD_QUEUE_FILE)), downloads_folder
            ),
            quality=clients.quality_client(http, profile, secrets),
            staff_id=staff_id(profile),
            downloads_folder=downloads_folder,
        )

    async def start(self) -> None:
        """Resume sending queued work orders and list unfinished downloads (on the loop)."""
        self.work_orders.start()
        await self.downloads.restore()

    async def aclose(self) -> None:
        """Close all three; one failing does not keep the others open (their data is on disk)."""
        results = await asyncio.gather(
            self.downloads.aclose(),
            self.work_orders.close(),
            self.faq.aclose(),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, BaseException):
                log.error("closing a feature service failed", exc_info=result)
