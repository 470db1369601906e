"""Injected faults: a middleware that delays, drops or garbles the answers to matching requests.

Rules are added through the control interface (``POST /sim/faults``). A rule matches a path prefix
(default: every path outside ``/sim/``) or a regular expression, optionally a method, and applies to
``count`` requests (``null`` = until cleared). Kinds: ``delay``, ``drop``, ``http5xx``, ``html``,
``malformed``; other modules add their own kinds with ``register_kind`` (the download helper's
``cut``, for example).
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

CONTROL_PREFIX = "/sim/"


@dataclass
class FaultRule:
    id: int
    kind: str
    path: str | None = None
    pattern: str | None = None
    method: str | None = None
    count: int | None = 1
    seconds: float = 0.0
    status: int | None = None
    when: str = "before"
    options: dict[str, Any] = field(default_factory=dict)
    hits: int = 0

    def matches(self, request: web.Request) -> bool:
        if self.count is not None and self.count <= 0:
            return False
        path = request.path
        if self.method is not None and request.method != self.method.upper():
            return False
        if self.pattern is not None:
            return re.search(self.pattern, path) is not None
        if self.path is not None:
            return path.startswith(self.path)
        return not path.startswith(CONTROL_PREFIX)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "path": self.path,
            "pattern": self.pattern,
            "method": self.method,
            "count": self.count,
            "seconds": self.seconds,
            "status": self.status,
            "when": self.when,
            "hits": self.hits,
            **self.options,
        }


FaultKind = Callable[[web.Request, Handler, FaultRule], Awaitable[web.StreamResponse]]


class FaultBook:
    """The active rules, first match wins."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(self, raw: dict[str, Any]) -> FaultRule:
        """A rule from its JSON form; raises ValueError for an unusable one."""
        kind = raw.get("kind")
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {sorted(KINDS)}")
        known = {"kind", "path", "pattern", "method", "count", "seconds", "status", "when"}
        count = raw.get("count", 1)
        if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
            raise ValueError("count must be an integer or null")
        pattern = raw.get("pattern")
        if pattern is not None:
            re.compile(pattern)
        when = raw.get("when", "before")
        if when not in ("before", "after"):
            raise ValueError("when must be 'before' or 'after'")
        rule = FaultRule(
            id=next(self._ids),
            kind=kind,
            path=raw.get("path"),
            pattern=pattern,
            method=raw.get("method"),
            count=count,
            seconds=float(raw.get("seconds", 0.0)),
            status=None if raw.get("status") is None else int(raw["status"]),
            when=when,
            options={k: v for k, v in raw.items() if k not in known},
        )
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def take(self, request: web.Request) -> FaultRule | None:
        for rule in self.rules:
            if rule.matches(request):
                if rule.count is not None:
                    rule.count -= 1
                rule.hits += 1
                return rule
        return None


FAULTS_KEY = web.AppKey("faults", FaultBook)


def _drop(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        # abort(), not close(): the client must see a reset, not a clean end of a response.
        transport.abort()
    # Cancelling the handler is how aiohttp itself gives up on a request whose client is gone:
    # nothing is written and nothing is logged.
    raise asyncio.CancelledError


async def _delay(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    if rule.when == "after":
        # The request takes effect now; its answer comes late (after a client's timeout, say).
        response = await handler(request)
        await asyncio.sleep(rule.seconds)
        return response
    await asyncio.sleep(rule.seconds)
    return await handler(request)


async def _drop_kind(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    if rule.when == "after":
        # The request takes effect (a sign-in succeeds, an event is taken) but its answer is lost.
        await handler(request)
    _drop(request)
    raise AssertionError("unreachable")


async def _http5xx(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    status = rule.status or 503
    return web.Response(status=status, text=f"{status} Service Unavailable (simulated fault)\n")


HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    "<body><h1>502 Bad Gateway</h1><p>The proxy server received an invalid response.</p>"
    "<hr><address>nginx</address></body></html>\n"
)


async def _html(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    return web.Response(status=rule.status or 200, text=HTML_PAGE, content_type="text/html")


MALFORMED_BODY = '{"retcode": "0", "event": {'


async def _malformed(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    return web.Response(
        status=rule.status or 200, text=MALFORMED_BODY, content_type="application/json"
    )


KINDS: dict[str, FaultKind] = {
    "delay": _delay,
    "drop": _drop_kind,
    "http5xx": _http5xx,
    "html": _html,
    "malformed": _malformed,
}


def register_kind(name: str, kind: FaultKind) -> None:
    """Add a fault kind (e.g. ``cut``: a download that stops half-way); extra rule fields reach
    it in ``rule.options``."""
    KINDS[name] = kind


def setup(app: web.Application) -> None:
    book = FaultBook()
    app[FAULTS_KEY] = book

    @web.middleware
    async def inject(request: web.Request, handler: Handler) -> web.StreamResponse:
        rule = book.take(request)
        if rule is None:
            return await handler(request)
        return await KINDS[rule.kind](request, handler, rule)

    app.middlewares.append(inject)
