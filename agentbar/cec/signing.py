"""auth-v2 (C2) request signing as an ``httpx2.Auth``.

Huawei CEC, C2 authentication: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0003.html
The page shows the algorithm as images, so Huawei's demo is the readable source:
https://github.com/Huawei/CloudIPCC_huaweicloud_hpsdemo (``sign/SignerUtils.java``).

CC-FS and the other directly exposed CEC services authenticate each request with an HMAC-SHA256
signature over a canonical form of the request, sent as
``Authorization: auth-v2/{AK}/{timestamp}/{signedHeaders}/{signature}``. :func:`authorization`
is the pure algorithm (checked against test vectors A–D); :class:`AuthV2` applies it to every
request httpx2 sends, signing the exact body bytes that go on the wire.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncGenerator, Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qsl

from agentbar.cec._http import Auth, Request, Response
from agentbar.cec.tokens import SecretSource, resolve_secret

SCHEME = "auth-v2"
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# norm() keeps only these bytes as they are; everything else becomes %XX (upper-case hex).
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def norm(text: str | bytes) -> str:
    """Percent-encode every byte of ``text`` (UTF-8) except ``A-Z a-z 0-9 - . _ ~``."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in data)


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_timestamp(moment: datetime) -> str:
    """``yyyy-MM-dd'T'HH:mm:ss'Z'`` in UTC, the form Huawei's demo sends."""
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """What the signature covers; ``headers`` are the headers to sign (any case)."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


def canonical_request(req: SignedRequest) -> str:
    """The text that is signed: method, path, [query], signed header names, header lines, body."""
    names = signed_header_names(req.headers)
    lines = [req.method.upper(), req.path]
    if req.query:
        lines.append("&".join(sorted(f"{norm(k)}={norm(v)}" for k, v in req.query)))
    lines.append(names)
    header_lines = sorted(
        f"{norm(name.lower())}:{norm(value)}" for name, value in req.headers.items()
    )
    lines.append("\n".join(header_lines))
    lines.append(norm(req.body))
    return "\n".join(lines)


def signed_header_names(headers: Iterable[str]) -> str:
    return ";".join(sorted(name.lower() for name in headers))


def authorization(req: SignedRequest, ak: str, sk: str, timestamp: str) -> str:
    """The full ``Authorization`` value for ``req`` signed with ``ak``/``sk`` at ``timestamp``."""
    prefix = f"{SCHEME}/{ak}/{timestamp}/{signed_header_names(req.headers)}"
    signing_key = _hmac_hex(sk.encode("utf-8"), prefix)
    # The hex *string* of the signing key is the next key, not its raw bytes.
    signature = _hmac_hex(signing_key.encode("utf-8"), canonical_request(req))
    return f"{prefix}/{signature}"


def _hmac_hex(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


# Signed whenever they are sent: host always, the body's type and length when there is a body.
_BODY_HEADERS = ("content-type", "content-length")


class AuthV2(Auth):
    """Signs each request with auth-v2; the body signed is ``request.content``, byte for byte.

    ``sk`` is the secret key or a (possibly async) function returning it, read once on first use
    so a keyring lookup never runs on the event loop. ``clock`` returns the current time (tests
    pin it to 2024-01-02T03:04:05Z). The SK is kept out of ``repr`` and never copied into a
    header or an error.
    """

    requires_request_body = True

    def __init__(
        self, ak: str, sk: SecretSource, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.ak = ak
        self._sk_source = sk
        self._sk: str | None = sk if isinstance(sk, str) else None
        self._clock = clock

    def __repr__(self) -> str:
        return f"AuthV2(ak={self.ak!r})"

    def sync_auth_flow(self, request: Request) -> Generator[Request, Response, None]:
        request.headers["Authorization"] = self.sign(request)
        yield request

    async def async_auth_flow(self, request: Request) -> AsyncGenerator[Request, Response]:
        if self._sk is None:
            self._sk = await resolve_secret(
                self._sk_source,
                missing_message="The CC-FS secret key (SK) is not set. Add it in the settings.",
                endpoint="auth-v2",
            )
        request.headers["Authorization"] = self.sign(request)
        yield request

    def auth_flow(self, request: Request) -> Generator[Request, Response, None]:
        return self.sync_auth_flow(request)

    def sign(self, request: Request) -> str:
        if self._sk is None:
            raise RuntimeError("the SK has not been read yet; sign through an AsyncClient")
        body = request.content
        headers = {"host": request.headers["host"]}
        if body:
            for name in _BODY_HEADERS:
                if name in request.headers:
                    headers[name] = request.headers[name]
        raw_path, _, raw_query = request.url.raw_path.decode("ascii").partition("?")
        # httpx2 writes spaces in the query as "+", so decode the way a form decoder does.
        query = tuple(parse_qsl(raw_query, keep_blank_values=True))
        req = SignedRequest(request.method, raw_path, query, headers, body)
        return authorization(req, self.ak, self._sk, format_timestamp(self._clock()))
