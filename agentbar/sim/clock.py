"""The simulator's clock as its clients see it: the HTTP ``Date`` header, optionally skewed.

auth-v2 signs a timestamp, so a client whose clock is off is refused; ``agentbar doctor`` warns by
comparing the server's ``Date`` with the local clock. ``SimSettings.date_skew`` (seconds, may be
negative; also ``PATCH /sim/settings``) moves the ``Date`` of every response, so that check can be
tested and trained against without touching the machine's clock.
"""

from __future__ import annotations

import time
from email.utils import formatdate

from aiohttp import web

from agentbar.sim.server import SETTINGS_KEY


def setup(app: web.Application) -> None:
    settings = app[SETTINGS_KEY]

    async def skew_date(request: web.Request, response: web.StreamResponse) -> None:
        if settings.date_skew:
            # aiohttp only fills Date when it is absent, so setting it here wins.
            response.headers["Date"] = formatdate(time.time() + settings.date_skew, usegmt=True)

    app.on_response_prepare.append(skew_date)
