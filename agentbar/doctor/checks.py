"""The individual doctor checks: config, reachability, TLS, clock skew, keyring, secrets, fonts,
download folder, sign-in.

Each returns :class:`~agentbar.doctor.rows.CheckResult` rows and never raises: a problem is a row.
Services that share one address (the simulator serves every service on one port) are checked
once, under their joined names. Secret values are read only to see whether they exist.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from agentbar.app.recordings.recording_folder import FolderState, check_folder
from agentbar.config import ConfigError, Profile, load_profile
from agentbar.desktop.fonts import (
    SYSTEMS_WITH_CHINESE_FONTS,
    ChineseFontLookup,
    chinese_font_package,
    fontconfig_chinese_families,
)
from agentbar.doctor.rows import CheckResult, Status
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
# GUESS: Huawei does not document the auth-v2 clock tolerance; 15 minutes is the usual
# window of timestamp-signed APIs, so beyond it requests are expected to be refused.
SKEW_FAIL_SECONDS = 15 * 60.0
SERVICE_SECTIONS = ("gateway", "ccfs", "quality", "faq", "cases")
# GUESS: no document sizes the download folder. A recording is 8 kHz A-law, ~29 MB an hour, so
# 500 MB holds about two full shifts of calls (a warning below), and under 10 MB not even one
# long call fits (a failure).
DOWNLOAD_LOW_BYTES = 500_000_000
DOWNLOAD_FULL_BYTES = 10_000_000

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
            CheckResult.of(
                "config",
                Status.FAIL,
                "{profile_problem}",
                "Fix the profile (or run agentbar to fill it in with the setup dialog).",
                profile_problem=exc.text,
            ),
            None,
        )
    configured = [n for n in SERVICE_SECTIONS[1:] if getattr(profile, n).configured]
    found = {"path": str(path), "agent": profile.gateway.agent_id, "url": profile.gateway.url}
    if configured:
        return (
            CheckResult.of(
                "config",
                Status.PASS,
                "{path} is valid: agent {agent} at {url}; also configured: {services}.",
                services=", ".join(configured),
                **found,
            ),
            profile,
        )
    return (
        CheckResult.of("config", Status.PASS, "{path} is valid: agent {agent} at {url}.", **found),
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
    name = "{services}: reachable"
    where = {"services": endpoint.label, "host": endpoint.host, "port": str(endpoint.port)}
    started = time.monotonic()
    try:
        _reader, writer = await asyncio.wait_for(
            asyncio.open_connection(endpoint.host, endpoint.port), CONNECT_TIMEOUT
        )
    except TimeoutError:
        return CheckResult.of(
            name,
            Status.FAIL,
            "No answer from {host}:{port} within {seconds} s.",
            "Check the address in the profile, the VPN and any firewall between you and it.",
            seconds=f"{CONNECT_TIMEOUT:g}",
            **where,
        )
    except OSError as exc:
        return CheckResult.of(
            name,
            Status.FAIL,
            "Cannot connect to {host}:{port}: {error}.",
            "Check the URL ({url}) in the profile and that the server is running.",
            error=str(exc.strerror or exc),
            url=endpoint.url,
            **where,
        )
    writer.close()
    await _closed(writer)
    ms = (time.monotonic() - started) * 1000
    return CheckResult.of(
        name, Status.PASS, "{host}:{port} answered in {ms} ms.", ms=f"{ms:.0f}", **where
    )


async def check_tls(endpoint: Endpoint, ca_bundle: str, verify: bool) -> CheckResult:
    """Handshake with the configured CA bundle; the certificate's expiry."""
    name = "{services}: TLS"
    services = endpoint.label
    if endpoint.scheme != "https":
        return CheckResult.of(
            name,
            Status.WARN,
            "{url} uses plain HTTP: the password and tokens travel unencrypted.",
            "Use the https:// address of the service unless this is the simulator.",
            services=services,
            url=endpoint.url,
        )
    if not verify:
        return CheckResult.of(
            name,
            Status.WARN,
            "Certificate verification is turned off (tls.verify = false).",
            "Set tls.verify = true and give the CA bundle in tls.ca_bundle.",
            services=services,
        )
    try:
        context = await asyncio.to_thread(_verifying_context, ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        return CheckResult.of(
            name,
            Status.FAIL,
            "The CA bundle {ca_bundle} cannot be used: {error}.",
            "Point tls.ca_bundle at a PEM file with your CA certificate(s).",
            services=services,
            ca_bundle=ca_bundle,
            error=str(exc),
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
        detail = (
            "The certificate is not trusted by the CA bundle {ca_bundle}: {reason}."
            if ca_bundle
            else "The certificate is not trusted by the system's trusted CAs: {reason}."
        )
        if "expired" in reason:
            action = "The server's certificate has expired: ask IT to renew it."
        elif "hostname" in reason.lower() or "IP address mismatch" in reason:
            action = "The certificate is for another name: use the address it was issued for."
        else:
            action = (
                "Put the CA certificate that signed the server's certificate into "
                "tls.ca_bundle (a PEM file)."
            )
        return CheckResult.of(
            name,
            Status.FAIL,
            detail,
            action,
            services=services,
            ca_bundle=ca_bundle,
            reason=reason,
        )
    except (ssl.SSLError, OSError, TimeoutError) as exc:
        return CheckResult.of(
            name,
            Status.FAIL,
            "The TLS handshake failed: {error}.",
            "Check that the URL is the service's HTTPS port.",
            services=services,
            error=str(exc),
        )
    cert = writer.get_extra_info("peercert") or {}
    version = writer.get_extra_info("ssl_object")
    protocol = version.version() if version is not None else "TLS"
    writer.close()
    await _closed(writer)
    not_after = cert.get("notAfter")
    if not isinstance(not_after, str):
        return CheckResult.of(
            name,
            Status.PASS,
            "{protocol}, certificate trusted.",
            services=services,
            protocol=protocol,
        )
    expires = ssl.cert_time_to_seconds(not_after)
    days = (expires - time.time()) / 86400
    if days < CERT_WARN_DAYS:
        return CheckResult.of(
            name,
            Status.WARN,
            "{protocol}, certificate trusted but it expires in {days} days ({not_after}).",
            "Ask IT to renew the server's certificate before it expires.",
            services=services,
            protocol=protocol,
            days=f"{days:.0f}",
            not_after=not_after,
        )
    return CheckResult.of(
        name,
        Status.PASS,
        "{protocol}, certificate trusted, valid until {not_after}.",
        services=services,
        protocol=protocol,
        not_after=not_after,
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
    from agentbar.app import clients
    from agentbar.cec import CecError, send

    name = "clock"
    client = await clients.open_http(profile)
    try:
        before = clock()
        response = await send(
            client, "GET", profile.gateway.url + "/", endpoint="doctor clock check"
        )
        after = clock()
    except CecError as exc:
        return CheckResult.of(
            name,
            Status.WARN,
            "Could not read the server's time: {cec_message}",
            "Fix the connection problems above, then run the check again.",
            cec_message=exc.message,
        )
    finally:
        await client.aclose()
    header = response.headers.get("Date", "")
    try:
        server = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError):
        if header:
            return CheckResult.of(
                name,
                Status.WARN,
                "The gateway sent no usable Date header ({header}).",
                "Make sure this computer's clock is set automatically (NTP).",
                header=header,
            )
        return CheckResult.of(
            name,
            Status.WARN,
            "The gateway sent no usable Date header (none).",
            "Make sure this computer's clock is set automatically (NTP).",
        )
    # Date has whole seconds; compare with the middle of the round trip.
    skew = server - (before + after) / 2
    detail = (
        "This computer's clock is {seconds} s behind the gateway's."
        if skew > 0
        else "This computer's clock is {seconds} s ahead of the gateway's."
    )
    seconds = f"{abs(skew):.0f}"
    action = (
        "Turn on automatic time (NTP) or correct the clock: auth-v2 signatures carry the time "
        "and are refused when it is off."
    )
    if abs(skew) > SKEW_FAIL_SECONDS:
        return CheckResult.of(name, Status.FAIL, detail, action, seconds=seconds)
    if abs(skew) > SKEW_WARN_SECONDS:
        return CheckResult.of(name, Status.WARN, detail, action, seconds=seconds)
    return CheckResult.of(name, Status.PASS, detail, seconds=seconds)


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
            CheckResult.of(
                "keyring",
                Status.FAIL,
                "{keyring}: {keyring_error}",
                "Start GNOME Keyring or KWallet in this desktop session (Linux), then store the "
                "secrets with: agentbar secrets set NAME",
                keyring=secrets.description(),
                keyring_error=exc.text,
            )
        ]
    # The backend's description is the whole detail in English; a translation labels it.
    results = [CheckResult.of("keyring", Status.PASS, "{keyring}", keyring=secrets.description())]
    for secret, required in needed_secrets(profile):
        name = "secret {secret}"
        try:
            value = await asyncio.to_thread(secrets.get, secret)
        except SecretStoreError as exc:
            results.append(
                CheckResult.of(
                    name,
                    Status.FAIL,
                    "{secret_error}",
                    "Unlock the keyring and try again.",
                    secret=secret,
                    secret_error=exc.text,
                )
            )
            continue
        if value:
            results.append(
                CheckResult.of(name, Status.PASS, "stored (value not shown).", secret=secret)
            )
        elif required:
            results.append(
                CheckResult.of(
                    name,
                    Status.FAIL,
                    "not stored in the keyring, so this service cannot be used.",
                    "Store it with: agentbar secrets set {secret}",
                    secret=secret,
                )
            )
        else:
            results.append(
                CheckResult.of(
                    name,
                    Status.WARN,
                    "not stored; agentbar will ask for it at each sign-in.",
                    "To be asked no more: agentbar secrets set {secret}",
                    secret=secret,
                )
            )
        del value
    return results


# --- fonts ---------------------------------------------------------------------------------------


async def check_fonts(
    chinese_fonts: ChineseFontLookup | None = None, *, system: str = sys.platform
) -> CheckResult:
    """Whether a font covers Chinese (the Chinese interface, Chinese skill names); a warning if not.

    ``chinese_fonts`` lists the covering families (default: fontconfig's, on Linux); Windows and
    macOS ship Chinese fonts and are not asked.
    """
    name = "fonts"
    if chinese_fonts is None and system in SYSTEMS_WITH_CHINESE_FONTS:
        return CheckResult.of(
            name,
            Status.PASS,
            "{system} includes Chinese fonts.",
            system=SYSTEMS_WITH_CHINESE_FONTS[system],
        )
    families = await asyncio.to_thread(chinese_fonts or fontconfig_chinese_families)
    if families:
        return CheckResult.of(
            name, Status.PASS, "Chinese text can be shown ({family}).", family=families[0]
        )
    package = await asyncio.to_thread(chinese_font_package)
    if families is None:
        detail = "Could not tell whether a Chinese font is installed (fc-list did not answer)."
        action = (
            "If Chinese text shows as empty boxes, ask IT to install {package}."
            if package
            else "If Chinese text shows as empty boxes, ask IT to install a Chinese font such "
            "as Noto Sans CJK SC."
        )
    else:
        detail = (
            "No Chinese font is installed: Chinese text (the Chinese interface, skill names) "
            "shows as empty boxes."
        )
        action = (
            "Ask IT to install {package}, then restart agentbar."
            if package
            else "Ask IT to install a Chinese font such as Noto Sans CJK SC, then restart agentbar."
        )
    return CheckResult.of(name, Status.WARN, detail, action, package=package)


# --- download folder -----------------------------------------------------------------------------


async def check_download_folder(
    folder: Path, *, inspect: Callable[[Path], FolderState] = check_folder
) -> CheckResult:
    """Whether recordings can be saved in ``folder``: it exists or can be created, is a folder,
    may be written, and its disk has room. Nothing is created (``inspect`` looks, off the loop)."""
    name = "download folder"
    state = await asyncio.to_thread(inspect, folder)
    path = str(folder)
    free = _size(state.free) if state.free is not None else ""
    problem = state.problem
    action = "Choose another download folder in Settings (download_dir in the [ui] section)."
    if problem is not None and problem.issue != "full":
        found = {"path": path}
        if problem.issue == "not-a-folder":
            detail = "{path} cannot be used: {blocking} is a file, not a folder."
            found["blocking"] = problem.detail
        elif problem.issue == "cannot-create":
            detail = "{path} does not exist and cannot be created: {error}."
            found["error"] = problem.detail
        elif problem.issue == "not-writable":
            detail = "agentbar may not write in {path} (read-only or no permission)."
        else:
            detail = "{path} cannot be used: {error}."
            found["error"] = problem.detail
        return CheckResult.of(name, Status.FAIL, detail, action, **found)
    if problem is not None or (state.free is not None and state.free < DOWNLOAD_FULL_BYTES):
        return CheckResult.of(
            name,
            Status.FAIL,
            "The disk of {path} is full ({free} free): recordings cannot be saved.",
            "Free some space, or choose a download folder on another disk in Settings.",
            path=path,
            free=free or _size(0),
        )
    if state.free is not None and state.free < DOWNLOAD_LOW_BYTES:
        return CheckResult.of(
            name,
            Status.WARN,
            "Only {free} free on the disk of {path}.",
            "Free some space, or choose a download folder on another disk in Settings.",
            path=path,
            free=free,
        )
    if not free:
        detail = (
            "{path} is a folder agentbar can write to."
            if state.exists
            else "{path} does not exist yet; agentbar will create it at the first download."
        )
        return CheckResult.of(name, Status.PASS, detail, path=path)
    detail = (
        "{path} is a folder agentbar can write to; {free} free."
        if state.exists
        else "{path} does not exist yet; agentbar will create it at the first download "
        "({free} free)."
    )
    return CheckResult.of(name, Status.PASS, detail, path=path, free=free)


def _size(size: int) -> str:
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"


# --- sign-in -------------------------------------------------------------------------------------


async def check_sign_in(profile: Profile, secrets: SecretStore) -> CheckResult:
    """Sign the agent in and straight out again (only with ``--sign-in``)."""
    from agentbar.app import clients
    from agentbar.cec import AlreadySignedInError, CecError

    name = "sign-in"
    try:
        password = await asyncio.to_thread(secrets.get, PASSWORD)
    except SecretStoreError as exc:
        return CheckResult.of(
            name,
            Status.FAIL,
            "{secret_error}",
            "Unlock the keyring and try again.",
            secret_error=exc.text,
        )
    if not password:
        return CheckResult.of(
            name,
            Status.WARN,
            "Not tried: no password is stored.",
            "Store it with: agentbar secrets set password (or sign in from the toolbar).",
        )
    client = await clients.open_http(profile)
    gateway = clients.gateway_client(client, profile)
    agent = profile.gateway.agent_id
    try:
        try:
            await gateway.sign_in(password, profile.gateway.phone)
        except AlreadySignedInError:
            return CheckResult.of(
                name,
                Status.WARN,
                "Agent {agent} is already signed in elsewhere; not forced.",
                "Sign out there first, or let the toolbar take the session over at sign-in.",
                agent=agent,
            )
        except CecError as exc:
            return CheckResult.of(
                name,
                Status.FAIL,
                "The gateway refused the sign-in: {error}",
                _sign_in_action(exc),
                error=str(exc),
            )
        try:
            await gateway.sign_out()
        except CecError as exc:
            return CheckResult.of(
                name,
                Status.WARN,
                "Signed in, but signing out again failed: {error}",
                "Sign out from the toolbar, or wait two minutes for the gateway to do it.",
                error=str(exc),
            )
    finally:
        await client.aclose()
    return CheckResult.of(name, Status.PASS, "Agent {agent} signed in and out again.", agent=agent)


def _sign_in_action(exc: Exception) -> str:
    code = getattr(exc, "code", "") or ""
    if code == "100-004":
        return "Check the agent ID and store the right password: agentbar secrets set password"
    if code in ("100-013", "100-014"):
        return "Check gateway.phone in the profile."
    return "See the message; the retcode is explained in the documentation."
