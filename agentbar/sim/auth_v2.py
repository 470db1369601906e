"""The simulator's verifier of auth-v2 (C2) signatures, written from the documents on its own.

Huawei CEC, C2 authentication: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0003.html

It rebuilds the canonical request from what arrived — method, raw path, query, the headers named
in the Authorization value (that list is used exactly as given, never re-sorted), the body bytes —
and compares HMACs in constant time. Both timestamp forms are accepted (``…:05Z`` and the
seed's ``…:50.872Z``); a timestamp more than 15 minutes away from the server's clock is refused.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from urllib.parse import quote

from aiohttp import web

MAX_SKEW = timedelta(minutes=15)
_TIME_FORMATS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ")


class AuthV2Refused(Exception):
    """The request's auth-v2 header is missing, malformed, stale or does not match."""


@dataclass(frozen=True, slots=True)
class Arrived:
    """A request as the server saw it; ``headers`` looked up case-insensitively by the caller."""

    method: str
    raw_path: str
    query: Sequence[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes


def _pct(data: str | bytes) -> str:
    # quote() with nothing marked safe keeps exactly A-Z a-z 0-9 - . _ ~ and writes upper-case %XX.
    return quote(data, safe="")


def _mac(key: str, text: str) -> str:
    return hmac.new(key.encode(), text.encode(), sha256).hexdigest()


def _parse_time(text: str) -> datetime:
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise AuthV2Refused(f"timestamp {text!r} is not yyyy-MM-ddTHH:mm:ss[.SSS]Z")


def check(
    arrived: Arrived,
    authorization: str | None,
    secret_for: Callable[[str], str | None],
    now: datetime,
) -> str:
    """Return the AK when ``authorization`` is a valid auth-v2 signature of ``arrived``."""
    if not authorization:
        raise AuthV2Refused("no Authorization header")
    pieces = authorization.strip().split("/")
    if len(pieces) != 5 or pieces[0] != "auth-v2":
        raise AuthV2Refused("Authorization is not auth-v2/{AK}/{timestamp}/{headers}/{signature}")
    _, ak, stamp, header_list, given = pieces
    moment = _parse_time(stamp)
    if abs(now - moment) > MAX_SKEW:
        raise AuthV2Refused("timestamp is more than 15 minutes away from the server clock")
    secret = secret_for(ak)
    if secret is None:
        raise AuthV2Refused("unknown AK")

    names = [n for n in header_list.split(";") if n]
    if not names:
        raise AuthV2Refused("no signed headers")
    header_lines = []
    for name in names:
        value = arrived.headers.get(name)
        if value is None:
            raise AuthV2Refused(f"signed header {name!r} was not sent")
        header_lines.append(_pct(name.lower()) + ":" + _pct(value))

    parts = [arrived.method.upper(), arrived.raw_path]
    if arrived.query:
        parts.append("&".join(sorted(_pct(k) + "=" + _pct(v) for k, v in arrived.query)))
    parts += [header_list, "\n".join(sorted(header_lines)), _pct(arrived.body)]
    canonical = "\n".join(parts)

    key = _mac(secret, f"auth-v2/{ak}/{stamp}/{header_list}")
    expected = _mac(key, canonical)
    if not hmac.compare_digest(expected, given.lower()):
        raise AuthV2Refused("signature does not match")
    return ak


@dataclass
class Tenant:
    """AK → SK pairs the simulated tenant accepts, and the server clock (tests may move it)."""

    keys: dict[str, str]
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)


TENANT_KEY = web.AppKey("auth_v2_tenant", Tenant)
DEMO_AK = "demo-ak"
DEMO_SK = "demo-sk-0123456789abcdef"


def tenant(app: web.Application) -> Tenant:
    """The app's auth-v2 tenant, created with the demo AK/SK on first use."""
    if TENANT_KEY not in app:
        app[TENANT_KEY] = Tenant({DEMO_AK: DEMO_SK})
    return app[TENANT_KEY]


async def require(request: web.Request) -> tuple[str, bytes]:
    """Verify the request's auth-v2 header; return (AK, body) or raise HTTP 401 with a JSON body."""
    body = await request.read()
    raw_path = request.raw_path.split("?", 1)[0]
    arrived = Arrived(
        request.method, raw_path, list(request.rel_url.query.items()), request.headers, body
    )
    held = tenant(request.app)
    try:
        ak = check(arrived, request.headers.get("Authorization"), held.keys.get, held.clock())
    except AuthV2Refused as exc:
        # GUESS: the documents give only "HTTP 401" for a failed C2 check; the body is ours.
        body_text = json.dumps(
            {"resultCode": "401", "resultDesc": f"auth-v2 verification failed: {exc}"}
        )
        raise web.HTTPUnauthorized(text=body_text, content_type="application/json") from None
    return ak, body
