"""Counts the requests the simulator receives, per path, so tests can measure request rates.

Its middleware is the outermost one: a request is counted even when a fault answers it.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler


@dataclass
class Traffic:
    requests: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def reset(self) -> None:
        self.requests.clear()
        self.started = time.monotonic()

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "total": sum(self.requests.values()),
            "seconds": round(time.monotonic() - self.started, 3),
        }


TRAFFIC_KEY = web.AppKey("traffic", Traffic)


def setup(app: web.Application) -> None:
    traffic = Traffic()
    app[TRAFFIC_KEY] = traffic

    @web.middleware
    async def count(request: web.Request, handler: Handler) -> web.StreamResponse:
        traffic.requests[request.path] += 1
        return await handler(request)

    app.middlewares.append(count)
