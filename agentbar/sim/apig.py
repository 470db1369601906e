"""The simulated API gateway token service: C1 ``tokenByAkSk``.

Huawei CEC, C1 authentication: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0002.html

Hands out Bearer tokens for the demo app (``demo-app`` / ``demo-app-secret``) with the lifetime
asked for in ``X-Token-Expire`` (at most 3600 s), and lets other simulated services check a
request's ``Authorization: Bearer …``. ``POST /sim/apig/expire`` invalidates every token, so a
client's refresh on HTTP 401 can be tested.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import web

TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"
DEMO_APP_KEY = "demo-app"
DEMO_APP_SECRET = "demo-app-secret"
MAX_LIFETIME = 3600
# GUESS: the lifetime when X-Token-Expire is absent is not documented; the maximum is used.
DEFAULT_LIFETIME = 3600


@dataclass
class ApiGateway:
    apps: dict[str, str] = field(default_factory=lambda: {DEMO_APP_KEY: DEMO_APP_SECRET})
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    issued: int = 0

    def issue(self, app_key: str, lifetime: int) -> str:
        token = secrets.token_urlsafe(24)
        self.tokens[token] = (app_key, time.monotonic() + lifetime)
        self.issued += 1
        return token

    def app_of(self, authorization: str | None) -> str | None:
        """The app key a ``Bearer`` header belongs to, or None when it is missing or expired."""
        if not authorization or not authorization.startswith("Bearer "):
            return None
        held = self.tokens.get(authorization[len("Bearer ") :])
        if held is None or time.monotonic() >= held[1]:
            return None
        return held[0]


APIG_KEY = web.AppKey("apig", ApiGateway)


def install(app: web.Application) -> ApiGateway:
    if APIG_KEY not in app:
        app[APIG_KEY] = ApiGateway()
    return app[APIG_KEY]


def unauthorized(text: str) -> web.HTTPUnauthorized:
    # GUESS: the gateway's 401 body is not documented; this one names the problem.
    body = json.dumps({"error_code": "APIG.0301", "error_msg": text})
    return web.HTTPUnauthorized(text=body, content_type="application/json")


async def token_by_ak_sk(request: web.Request) -> web.Response:
    gateway = request.app[APIG_KEY]
    try:
        body = json.loads(await request.read())
        app_key, app_secret = body["app_key"], body["app_secret"]
    except (ValueError, KeyError, TypeError):
        return web.json_response(
            {"error_code": "APIG.0101", "error_msg": "app_key and app_secret are required"},
            status=400,
        )
    if not isinstance(app_key, str) or gateway.apps.get(app_key) != app_secret:
        raise unauthorized("incorrect app_key or app_secret")
    try:
        lifetime = int(request.headers.get("X-Token-Expire", DEFAULT_LIFETIME))
    except ValueError:
        lifetime = DEFAULT_LIFETIME
    lifetime = max(1, min(lifetime, MAX_LIFETIME))
    token = gateway.issue(app_key, lifetime)
    return web.json_response(
        {
            "AccessToken": token,
            "ApplyType": "Bearer",
            "CreateTime": str(int(time.time())),
            "Expires": str(lifetime),
            "Scope": "",
            "AppKey": app_key,
            "UserID": "Anonymous",
        }
    )


async def expire_all(request: web.Request) -> web.Response:
    gateway = request.app[APIG_KEY]
    count = len(gateway.tokens)
    gateway.tokens.clear()
    return web.json_response({"expired": count, "issued": gateway.issued})


def setup(app: web.Application) -> None:
    install(app)
    app.router.add_post(TOKEN_PATH, token_by_ak_sk)
    app.router.add_post("/sim/apig/expire", expire_all)
