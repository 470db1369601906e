"""The FAQ service the FAQ tab binds to: search-as-you-type, groups, the cache and "add a Q&A".

Keystrokes restart a short debounce; when it fires the query runs as a task, and a newer query
cancels the older one. A result is shown only if it belongs to the newest query (a sequence
number guards against a slow answer arriving late). Live answers are written to the local cache;
when the FAQ service cannot be reached the cache answers instead and the outcome says so.
QtCore only: the widgets live in ``agentbar/ui/faq/faq_view.py``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from agentbar.app.faq.faq_cache import FaqCache
from agentbar.app.tasks import TaskSet, current_loop
from agentbar.cec import (
    CecError,
    FaqClient,
    FaqGroup,
    FaqResult,
    NewFaq,
    ProtocolError,
    TransportError,
)
from agentbar.config import FaqConfig

log = logging.getLogger(__name__)

DEBOUNCE_MS = 200
# How long the service may take before a cached answer is shown meanwhile. A live answer on a
# LAN takes a few ms; a service that hangs (no refusal, just silence) would otherwise keep the
# agent waiting for the whole 10 s request timeout before the cache is asked.
CACHE_GRACE_MS = 300

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# OIFDE language codes; config may hold a short form such as "zh" or "en".
_LANGUAGE_ALIASES = {"zh": "zh_CN", "zh_cn": "zh_CN", "en": "en_US", "en_us": "en_US"}
_LANGUAGES = ("en_US", "zh_CN", "es_ES", "ar", "th_TH", "pt_BR")


def oifde_language(configured: str, sentence: str) -> str:
    """The ``language`` for ``testEnabledGroups``: as configured, else guessed from the text."""
    value = configured.strip()
    if value in _LANGUAGES:
        return value
    alias = _LANGUAGE_ALIASES.get(value.lower())
    if alias:
        return alias
    return "zh_CN" if _CJK_RE.search(sentence) else "en_US"


@dataclass(frozen=True, slots=True)
class FaqOutcome:
    """What the tab shows for one query."""

    seq: int
    text: str
    result: FaqResult
    # True when the answer came from the local cache because the service was unreachable.
    cached: bool = False
    # The reason the service was not used (cached answers only).
    error: CecError | None = None
    # A cached answer shown while the service has not answered yet; its own answer follows
    # (or, if it fails, the cached answer again with ``provisional`` False).
    provisional: bool = False
    # time.perf_counter() when the debounce fired (for the latency benchmark).
    fired_at: float = 0.0


class FaqService(QObject):
    """Runs FAQ queries for the tab; one per profile. ``client`` None = not configured."""

    answered = Signal(object)  # FaqOutcome of the newest query
    failed = Signal(object)  # the exception of the newest query (no cached answer either)
    cleared = Signal()  # the search text became empty
    busy_changed = Signal(bool)
    groups_changed = Signal(object, bool)  # list[FaqGroup], from the cache?
    created = Signal(object)  # NewFaq accepted by the server
    create_failed = Signal(object)  # exception

    def __init__(
        self,
        client: FaqClient | None,
        cache: FaqCache | None = None,
        *,
        language: str = "",
        default_group_id: int | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        cache_grace_ms: int = CACHE_GRACE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.cache = cache
        self.language = language
        self.group_id = default_group_id
        self._text = ""
        self._seq = 0
        self._task: asyncio.Task[None] | None = None
        self._background = TaskSet()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._fire)
        self.cache_grace = cache_grace_ms / 1000

    @property
    def configured(self) -> bool:
        return self.client is not None

    @property
    def text(self) -> str:
        return self._text

    # ---- search as you type ----------------------------------------------------------------

    def search(self, text: str) -> None:
        """The search text changed: (re)start the debounce, or clear on empty text."""
        self._text = text
        if not text.strip():
            self._timer.stop()
            self._cancel_query()
            self._seq += 1
            self.cleared.emit()
            return
        self._timer.start()

    def set_group(self, group_id: int | None) -> None:
        """Search one group (or all enabled ones with None); re-runs the current text at once."""
        if group_id == self.group_id:
            return
        self.group_id = group_id
        if self._text.strip():
            self._timer.stop()
            self._fire()

    def search_now(self) -> None:
        """Skip the debounce (Enter pressed while it was still running)."""
        if self._timer.isActive():
            self._timer.stop()
            self._fire()

    @property
    def pending(self) -> bool:
        """True while a query waits for its debounce or its answer."""
        return self._timer.isActive() or (self._task is not None and not self._task.done())

    def _fire(self) -> None:
        fired_at = time.perf_counter()
        self._cancel_query()
        self._seq += 1
        self._task = current_loop().create_task(
            self._run(self._seq, self._text, self.group_id, fired_at)
        )
        self.busy_changed.emit(True)

    def _cancel_query(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def _run(self, seq: int, text: str, group_id: int | None, fired_at: float) -> None:
        live = current_loop().create_task(self.query(text, group_id, seq=seq, fired_at=fired_at))
        try:
            await self._provisional_answer(live, seq, text, group_id, fired_at)
            outcome = await live
        except asyncio.CancelledError:
            raise
        except CecError as exc:
            if seq == self._seq:
                self.busy_changed.emit(False)
                self.failed.emit(exc)
            return
        except Exception as exc:  # a bug must reach the tab, not vanish in a task
            log.exception("FAQ query failed unexpectedly")
            if seq == self._seq:
                self.busy_changed.emit(False)
                self.failed.emit(exc)
            return
        finally:
            if not live.done():  # a newer query cancelled this one
                live.cancel()
        if seq == self._seq:
            self.busy_changed.emit(False)
            self.answered.emit(outcome)

    async def _provisional_answer(
        self,
        live: asyncio.Task[FaqOutcome],
        seq: int,
        text: str,
        group_id: int | None,
        fired_at: float,
    ) -> None:
        """Show the cached answer if the service has not answered within the grace period."""
        if self.cache is None:
            return
        done, _ = await asyncio.wait({live}, timeout=self.cache_grace)
        if done:
            return
        cached = await self._from_cache(text, group_id)
        if cached is None or not cached.matched or live.done() or seq != self._seq:
            return
        self.answered.emit(
            FaqOutcome(seq, text, cached, cached=True, provisional=True, fired_at=fired_at)
        )

    async def query(
        self,
        text: str,
        group_id: int | None = None,
        *,
        seq: int = 0,
        fired_at: float = 0.0,
    ) -> FaqOutcome:
        """Ask the service (or, when it is unreachable, the cache) about ``text``."""
        try:
            if self.client is None:
                raise TransportError("The FAQ service is not configured.", endpoint="faq")
            if group_id is None:
                language = oifde_language(self.language, text)
                result = await self.client.query_enabled_groups(text, language)
            else:
                result = await self.client.query_group(text, group_id)
        except (TransportError, ProtocolError) as exc:
            # ProtocolError too: a proxy's HTML error page means the service is not there.
            cached = await self._from_cache(text, group_id)
            if cached is None:
                raise
            return FaqOutcome(seq, text, cached, cached=True, error=exc, fired_at=fired_at)
        if self.cache is not None and result.matched:
            # Written after the answer is shown; the writer is not cancelled by a newer query.
            self._spawn(self._store(result))
        return FaqOutcome(seq, text, result, fired_at=fired_at)

    async def _from_cache(self, text: str, group_id: int | None) -> FaqResult | None:
        if self.cache is None:
            return None
        try:
            return await self.cache.search(text, group_id)
        except Exception:  # a broken cache file must not hide the real error
            log.exception("FAQ cache search failed")
            return None

    async def _store(self, result: FaqResult) -> None:
        if self.cache is None:
            return
        try:
            await self.cache.store_result(result)
        except Exception:
            log.exception("FAQ cache write failed")

    # ---- groups and new entries ------------------------------------------------------------

    async def load_groups(self) -> list[FaqGroup]:
        """The FAQ groups, from the service (and cached) or, when it is unreachable, the cache."""
        try:
            if self.client is None:
                raise TransportError("The FAQ service is not configured.", endpoint="faq")
            groups: list[FaqGroup] = []
            for language in _group_languages(self.language):
                groups.extend(await self.client.groups(language))
        except (TransportError, ProtocolError):
            if self.cache is None:
                raise
            groups = await self.cache.groups()
            if not groups:
                raise
            self.groups_changed.emit(groups, True)
            return groups
        if self.cache is not None:
            await self._store_groups(groups)
        self.groups_changed.emit(groups, False)
        return groups

    async def _store_groups(self, groups: list[FaqGroup]) -> None:
        assert self.cache is not None
        try:
            await self.cache.store_groups(groups)
        except Exception:
            log.exception("FAQ cache write failed")

    async def create(self, faq: NewFaq) -> bool:
        """Send a new Q&A; emits ``created`` or ``create_failed`` and says which."""
        try:
            if self.client is None:
                raise TransportError("The FAQ service is not configured.", endpoint="faq/create")
            await self.client.create(faq)
        except (CecError, ValueError) as exc:
            self.create_failed.emit(exc)
            return False
        self.created.emit(faq)
        return True

    def start(self, coro: Coroutine[Any, Any, object]) -> asyncio.Task[Any]:
        """Run ``coro`` as a task this service keeps alive (for the tab's buttons)."""
        return self._spawn(coro)

    def _spawn(self, coro: Coroutine[Any, Any, object]) -> asyncio.Task[Any]:
        return self._background.spawn(coro)

    async def settle(self) -> None:
        """Wait until cache writes and other background work have finished."""
        await self._background.settle()

    async def aclose(self) -> None:
        """Stop the debounce, cancel the running query, finish cache writes and close the cache."""
        self._timer.stop()
        self._cancel_query()
        await self.settle()
        if self.cache is not None:
            await self.cache.close()


def _group_languages(configured: str) -> list[str]:
    value = configured.strip()
    if value in _LANGUAGES:
        return [value]
    alias = _LANGUAGE_ALIASES.get(value.lower())
    # With no language set, agents search in both, so the filter lists both.
    return [alias] if alias else ["zh_CN", "en_US"]


# ---- wiring (used by app/features.py) ------------------------------------------------------


def build_faq_service(
    client: FaqClient | None,
    config: FaqConfig,
    *,
    cache_path: Path | str | None = None,
) -> FaqService:
    """The service the FAQ tab binds to, over ``client`` (``agentbar.app.clients.faq_client``).

    It works (cache only) when ``client`` is None, i.e. when ``[faq]`` is empty.
    """
    group = config.group_id.strip()
    return FaqService(
        client,
        FaqCache(cache_path),
        language=config.language,
        default_group_id=int(group) if group.isdigit() else None,
    )
