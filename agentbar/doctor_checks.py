"""The individual doctor checks: config, reachability, TLS, clock skew, keyring, secrets, sign-in.

Each returns :class:`~agentbar.doctor.CheckResult` rows and never raises: a problem is a row.
Services that share one address (the simulator serves every service on one port) are checked
once, under their joined names. Secret values are read only to see whether they exist.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from agentbar.config import ConfigError, Profile, load_profile
from agentbar.doctor import CheckResult, Status
from agentbar.secrets import (
    CASES_CLIENT_SECRET,
    CCFS_SK,
    FAQ_APP_SECRET,
    PASSWORD,
    QUALITY_APP_SECRET,
    SecretStore,
    SecretStoreError,
)

CONNECT_TIMEOUT = 5.0
CERT_WARN_DAYS = 14
SKEW_WARN_SECONDS = 60.0
# GUESS: the auth-v2 tolerance is not documented (cec-api.md §4.1); 15 minutes is the usual
# window of timestamp-signed APIs, so beyond it requests are expected to be refused.
SKEW_FAIL_SECONDS = 15 * 60.0
SERVICE_SECTIONS = ("gateway", "ccfs", "quality", "faq", "cases")

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One address (scheme, host, port) and the services of the profile that live there."""

    names: tuple[str, ...]
    url: str
    scheme: str
    host: str
    port: int

    @property
    def label(self) -> str:
        return ", ".join(self.names)


# --- config --------------------------------------------------------------------------------------


async def check_config(path: Path) -> tuple[CheckResult, Profile | None]:
    try:
        profile = await asyncio.to_thread(load_profile, path)
    except ConfigError as exc:
        return (
            CheckResult(
                "config",
                Status.FAIL,
                exc.message,
                "Fix the profile (or run agentbar to fill it in with the setup dialog).",
            ),
            None,
        )
    configured = [n for n in SERVICE_SECTIONS[1:] if getattr(profile, n).configured]
    extra = f"; also configured: {', '.join(configured)}" if configured else ""
    return (
        CheckResult(
            "config",
            Status.PASS,
            f"{path} is valid: agent {profile.gateway.agent_id} at {profile.gateway.url}{extra}.",
        ),
        profile,
    )


def endpoints(profile: Profile) -> list[Endpoint]:
    """The distinct addresses of the gateway and every configured service, in profile order."""
    grouped: dict[tuple[str, str, int], list[str]] = {}
    urls: dict[tuple[str, str, int], str] = {}
    for name in SERVICE_SECTIONS:
        url = getattr(profile, name).url
        if not url:
            continue
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        key = (parts.scheme, parts.hostname or "", port)
        grouped.setdefault(key, []).append(name)
        urls.setdefault(key, url)
    return [
        Endpoint(tuple(names), urls[key], key[0], key[1], key[2]) for key, names in grouped.items()
    ]


# --- network -------------------------------------------------------------------------------------


async def check_services(profile: Profile, *, clock: Clock = time.time) -> list[CheckResult]:
    """Reachability and TLS of every endpoint, then the clock against the gateway's Date."""
    results: list[CheckResult] = []
    reachable_gateway = False
    for endpoint in endpoints(profile):
        reach = await check_reachable(endpoint)
        results.append(reach)
        if reach.status is Status.FAIL:
            continue
        if "gateway" in endpoint.names:
            reachable_gateway = True
        results.append(await check_tls(endpoint, profile.tls.ca_bundle, profile.tls.verify))
    if reachable_gateway:
        results.append(await check_clock(profile, clock=clock))
    return results


async def check_reachable(endpoint: Endpoint) -> CheckResult:
    name = f"{endpoint.label}: reachable"
    started = time.monotonic()
    try:
        _reader, writer = await asyncio.wait_for(
            asyncio.open_connection(endpoint.host, endpoint.port), CONNECT_TIMEOUT
        )
    except TimeoutError:
        return CheckResult(
            name,
            Status.FAIL,
            f"No answer from {endpoint.host}:{endpoint.port} within {CONNECT_TIMEOUT:g} s.",
            "Check the address in the profile, the VPN and any firewall between you and it.",
        )
    except OSError as exc:
        return CheckResult(
            name,
            Status.FAIL,
            f"Cannot connect to {endpoint.host}:{endpoint.port}: {exc.strerror or exc}.",
            f"Check the URL ({endpoint.url}) in the profile and that the server is running.",
        )
    writer.close()
    await _closed(writer)
    ms = (time.monotonic() - started) * 1000
    return CheckResult(
        name, Status.PASS, f"{endpoint.host}:{endpoint.port} answered in {ms:.0f} ms."
    )


async def check_tls(endpoint: Endpoint, ca_bundle: str, verify: bool) -> CheckResult:
    """Handshake with the configured CA bundle; the certificate's expiry."""
    name = f"{endpoint.label}: TLS"
    if endpoint.scheme != "https":
        return CheckResult(
            name,
            Status.WARN,
            f"{endpoint.url} uses plain HTTP: the password and tokens travel unencrypted.",
            "Use the https:// address of the service unless this is the simulator.",
        )
    if not verify:
        return CheckResult(
            name,
            Status.WARN,
            "Certificate verification is turned off (tls.verify = false).",
            "Set tls.verify = true and give the CA bundle in tls.ca_bundle.",
        )
    try:
        context = await asyncio.to_thread(_verifying_context, ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        return CheckResult(
            name,
            Status.FAIL,
            f"The CA bundle {ca_bundle} cannot be used: {exc}.",
            "Point tls.ca_bundle at a PEM file with your CA certificate(s).",
        )
    try:
        _reader, writer = await asyncio.wait_for(
            asyncio.open_connection(
                endpoint.host, endpoint.port, ssl=context, server_hostname=endpoint.host
            ),
            CONNECT_TIMEOUT,
        )
    except ssl.SSLCertVerificationError as exc:
        reason = exc.verify_message or str(exc)
        where = f"the CA bundle {ca_bundle}" if ca_bundle else "the system's trusted CAs"
        if "expired" in reason:
            action = "The server's certificate has expired: ask IT to renew it."
        elif "hostname" in reason.lower() or "IP address mismatch" in reason:
            action = "The certificate is for another name: use the address it was issued for."
        else:
            action = (
                "Put the CA certificate that signed the server's certificate into "
                "tls.ca_bundle (a PEM file)."
            )
        return CheckResult(
            name, Status.FAIL, f"The certificate is not trusted by {where}: {reason}.", action
        )
    except (ssl.SSLError, OSError, TimeoutError) as exc:
        return CheckResult(
            name,
            Status.FAIL,
            f"The TLS handshake failed: {exc}.",
            "Check that the URL is the service's HTTPS port.",
        )
    cert = writer.get_extra_info("peercert") or {}
    version = writer.get_extra_info("ssl_object")
    protocol = version.version() if version is not None else "TLS"
    writer.close()
    await _closed(writer)
    not_after = cert.get("notAfter")
    if not isinstance(not_after, str):
        return CheckResult(name, Status.PASS, f"{protocol}, certificate trusted.")
    expires = ssl.cert_time_to_seconds(not_after)
    days = (expires - time.time()) / 86400
    if days < CERT_WARN_DAYS:
        return CheckResult(
            name,
            Status.WARN,
            f"{protocol}, certificate trusted but it expires in {days:.0f} days ({not_after}).",
            "Ask IT to renew the server's certificate before it expires.",
        )
    return CheckResult(
        name, Status.PASS, f"{protocol}, certificate trusted, valid until {not_after}."
    )


def _verifying_context(ca_bundle: str) -> ssl.SSLContext:
    if ca_bundle:
        return ssl.create_default_context(cafile=ca_bundle)
    return ssl.create_default_context()


async def _closed(writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, TimeoutError, ssl.SSLError):
        await asyncio.wait_for(writer.wait_closed(), 1.0)


async def check_clock(profile: Profile, *, clock: Clock = time.time) -> CheckResult:
    """Compare the gateway's ``Date`` header with this computer's clock (auth-v2 depends on it)."""
    from agentbar.cec._http import TlsSettings, build_client, send
    from agentbar.cec.errors import CecError

    name = "clock"
    tls = TlsSettings(ca_bundle=profile.tls.ca_bundle, verify=profile.tls.verify)
    client = await asyncio.to_thread(build_client, tls)
    try:
        before = clock()
        response = await send(
            client, "GET", profile.gateway.url + "/", endpoint="doctor clock check"
        )
        after = clock()
    except CecError as exc:
        return CheckResult(
            name,
            Status.WARN,
            f"Could not read the server's time: {exc.message}",
            "Fix the connection problems above, then run the check again.",
        )
    finally:
        await client.aclose()
    header = response.headers.get("Date", "")
    try:
        server = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError):
        return CheckResult(
            name,
            Status.WARN,
            f"The gateway sent no usable Date header ({header or 'none'}).",
            "Make sure this computer's clock is set automatically (NTP).",
        )
    # Date has whole seconds; compare with the middle of the round trip.
    skew = server - (before + after) / 2
    ahead = "behind" if skew > 0 else "ahead of"
    detail = f"This computer's clock is {abs(skew):.0f} s {ahead} the gateway's."
    action = (
        "Turn on automatic time (NTP) or correct the clock: auth-v2 signatures carry the time "
        "and are refused when it is off."
    )
    if abs(skew) > SKEW_FAIL_SECONDS:
        return CheckResult(name, Status.FAIL, detail, action)
    if abs(skew) > SKEW_WARN_SECONDS:
        return CheckResult(name, Status.WARN, detail, action)
    return CheckResult(name, Status.PASS, detail)


# --- keyring and secrets -------------------------------------------------------------------------


def needed_secrets(profile: Profile | None) -> list[tuple[str, bool]]:
    """(secret name, required) for the profile; the password may also be typed at sign-in."""
    needed = [(PASSWORD, False)]
    if profile is None:
        return needed
    for section, secret in (
        ("ccfs", CCFS_SK),
        ("quality", QUALITY_APP_SECRET),
        ("faq", FAQ_APP_SECRET),
        ("cases", CASES_CLIENT_SECRET),
    ):
        if getattr(profile, section).configured:
            needed.append((secret, True))
    return needed


async def check_secrets(secrets: SecretStore, profile: Profile | None) -> list[CheckResult]:
    try:
        await asyncio.to_thread(secrets.check)
    except SecretStoreError as exc:
        return [
            CheckResult(
                "keyring",
                Status.FAIL,
                f"{secrets.describe()}: {exc.message}",
                "Start GNOME Keyring or KWallet in this desktop session (Linux), then store the "
                "secrets with: agentbar secrets set NAME",
            )
        ]
    results = [CheckResult("keyring", Status.PASS, secrets.describe())]
    for secret, required in needed_secrets(profile):
        name = f"secret {secret}"
        try:
            value = await asyncio.to_thread(secrets.get, secret)
        except SecretStoreError as exc:
            results.append(
                CheckResult(name, Status.FAIL, exc.message, "Unlock the keyring and try again.")
            )
            continue
        if value:
            results.append(CheckResult(name, Status.PASS, "stored (value not shown)."))
        elif required:
            results.append(
                CheckResult(
                    name,
                    Status.FAIL,
                    "not stored in the keyring, so this service cannot be used.",
                    f"Store it with: agentbar secrets set {secret}",
                )
            )
        else:
            results.append(
                CheckResult(
                    name,
                    Status.WARN,
                    "not stored; agentbar will ask for it at each sign-in.",
                    f"To be asked no more: agentbar secrets set {secret}",
                )
            )
        del value
    return results


# --- sign-in -------------------------------------------------------------------------------------


async def check_sign_in(profile: Profile, secrets: SecretStore) -> CheckResult:
    """Sign the agent in and straight out again (only with ``--sign-in``)."""
    from agentbar.cec._http import TlsSettings, build_client
    from agentbar.cec.errors import AlreadySignedInError, CecError
    from agentbar.cec.gateway import GatewayClient

    name = "sign-in"
    try:
        password = await asyncio.to_thread(secrets.get, PASSWORD)
    except SecretStoreError as exc:
        return CheckResult(name, Status.FAIL, exc.message, "Unlock the keyring and try again.")
    if not password:
        return CheckResult(
            name,
            Status.WARN,
            "Not tried: no password is stored.",
            "Store it with: agentbar secrets set password (or sign in from the toolbar).",
        )
    tls = TlsSettings(ca_bundle=profile.tls.ca_bundle, verify=profile.tls.verify)
    client = await asyncio.to_thread(build_client, tls)
    gateway = GatewayClient(client, profile.gateway.url, profile.gateway.agent_id)
    try:
        try:
            await gateway.sign_in(password, profile.gateway.phone)
        except AlreadySignedInError:
            return CheckResult(
                name,
                Status.WARN,
                f"Agent {profile.gateway.agent_id} is already signed in elsewhere; not forced.",
                "Sign out there first, or let the toolbar take the session over at sign-in.",
            )
        except CecError as exc:
            return CheckResult(
                name, Status.FAIL, f"The gateway refused the sign-in: {exc}", _sign_in_action(exc)
            )
        try:
            await gateway.sign_out()
        except CecError as exc:
            return CheckResult(
                name,
                Status.WARN,
                f"Signed in, but signing out again failed: {exc}",
                "Sign out from the toolbar, or wait two minutes for the gateway to do it.",
            )
    finally:
        await client.aclose()
    return CheckResult(
        name, Status.PASS, f"Agent {profile.gateway.agent_id} signed in and out again."
    )


def _sign_in_action(exc: Exception) -> str:
    code = getattr(exc, "code", "") or ""
    if code == "100-004":
        return "Check the agent ID and store the right password: agentbar secrets set password"
    if code in ("100-013", "100-014"):
        return "Check gateway.phone in the profile."
    return "See the message; the retcode is explained in the documentation."
