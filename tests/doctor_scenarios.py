"""Settings that make the shift-start check pass, warn and fail, run against real simulators.

Shared by tests/integration/test_doctor_templates.py (every row comes from a listed template) and
tests/gui/test_doctor_dialog_language.py (the Check dialog shows those rows translated).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from agentbar.config import demo_profile
from agentbar.doctor.report import DoctorReport, run_doctor
from agentbar.secrets import (
    CASES_CLIENT_SECRET,
    CCFS_SK,
    FAQ_APP_SECRET,
    PASSWORD,
    QUALITY_APP_SECRET,
    MemoryStore,
    SecretStoreError,
)
from agentbar.sim.server import SimSettings, SimThread
from tests.tls_certs import make_ca, make_server_cert

AGENT_PASSWORD = "demo"  # agent 101 of the simulator's demo center
ALL_SECRETS = {
    PASSWORD: AGENT_PASSWORD,
    CCFS_SK: "Sk-Value-5678",
    QUALITY_APP_SECRET: "Quality-Secret-1",
    FAQ_APP_SECRET: "Faq-Secret-2",
    CASES_CLIENT_SECRET: "Cases-Secret-3",
}


class LockedKeyring(MemoryStore):
    """A keyring the desktop session does not unlock."""

    def check(self) -> None:
        raise SecretStoreError("the keyring is locked")


class UnreadableSecrets(MemoryStore):
    """A keyring that answers ``check`` but cannot read a secret."""

    def _get(self, name: str) -> str | None:
        raise SecretStoreError(f"cannot read {name} from the keyring")


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_profile(
    path: Path,
    url: str,
    *,
    ca: Path | None = None,
    verify: bool = True,
    ccfs: bool = False,
    download_dir: Path | None = None,
) -> Path:
    """A profile file; recordings go to ``download_dir``, by default a folder beside it (made
    at the first download, so the check passes on any machine)."""
    lines = ["[gateway]", f'url = "{url}"', 'agent_id = "101"', 'phone = "88880101"']
    lines += ["[ui]", f'download_dir = "{download_dir or path.parent / "recordings"}"']
    tls = ([f'ca_bundle = "{ca}"'] if ca is not None else []) + (
        [] if verify else ["verify = false"]
    )
    if tls:
        lines += ["[tls]", *tls]
    if ccfs:
        lines += ["[ccfs]", f'url = "{url}"', 'ak = "demo-ak"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Simulators:
    """Starts plain and TLS simulators on 127.0.0.1 into ``folder``; ``stop`` ends them all."""

    folder: Path
    threads: list[SimThread] = field(default_factory=list)

    def plain(self, date_skew: float = 0.0) -> str:
        thread = SimThread(SimSettings(date_skew=date_skew))
        self.threads.append(thread)
        return thread.start("127.0.0.1", 0)

    def tls(self, valid_days: float = 90) -> tuple[str, Path]:
        """A TLS simulator's URL and the CA bundle that trusts it."""
        cert = make_server_cert(self.folder / f"certs{len(self.threads)}", valid_days=valid_days)
        thread = SimThread(SimSettings())
        self.threads.append(thread)
        return thread.start("127.0.0.1", 0, ssl_context=cert.server_context()), cert.ca_path

    def stop(self) -> None:
        for thread in self.threads:
            thread.stop()


def simulators(folder: Path) -> Iterator[Simulators]:
    running = Simulators(folder)
    try:
        yield running
    finally:
        running.stop()


def profile_path(folder: Path, name: str) -> Path:
    return folder / f"{name}.toml"


async def good_demo(sims: Simulators) -> DoctorReport:
    """The demo's in-memory profile with every secret stored: passes but for plain HTTP."""
    demo = demo_profile(sims.plain())
    profile = replace(demo, ui=replace(demo.ui, download_dir=str(sims.folder / "recordings")))
    return await run_doctor(None, MemoryStore(dict(ALL_SECRETS)), profile=profile, sign_in=True)


async def good_file(sims: Simulators) -> DoctorReport:
    url = sims.plain()
    config = write_profile(profile_path(sims.folder, "good"), url, ccfs=True)
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD, CCFS_SK: "sk"}))


async def wrong_url(sims: Simulators) -> DoctorReport:
    config = write_profile(
        profile_path(sims.folder, "wrong-url"), f"http://127.0.0.1:{closed_port()}"
    )
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def missing_secrets(sims: Simulators) -> DoctorReport:
    """No password (a warning) and no CC-FS SK (a failure)."""
    config = write_profile(profile_path(sims.folder, "missing"), sims.plain(), ccfs=True)
    return await run_doctor(config, MemoryStore(), sign_in=True)


async def broken_profile(sims: Simulators) -> DoctorReport:
    config = profile_path(sims.folder, "broken")
    config.write_text("[gateway\n", encoding="utf-8")
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def clock_behind(sims: Simulators) -> DoctorReport:
    config = write_profile(profile_path(sims.folder, "behind"), sims.plain(date_skew=3600.0))
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def clock_ahead(sims: Simulators) -> DoctorReport:
    config = write_profile(profile_path(sims.folder, "ahead"), sims.plain(date_skew=-300.0))
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def wrong_password(sims: Simulators) -> DoctorReport:
    config = write_profile(profile_path(sims.folder, "wrong-password"), sims.plain())
    return await run_doctor(config, MemoryStore({PASSWORD: "not-the-password"}), sign_in=True)


async def locked_keyring(sims: Simulators) -> DoctorReport:
    config = write_profile(profile_path(sims.folder, "locked"), sims.plain())
    return await run_doctor(config, LockedKeyring(), sign_in=True)


async def unreadable_secrets(sims: Simulators) -> DoctorReport:
    config = write_profile(profile_path(sims.folder, "unreadable"), sims.plain())
    return await run_doctor(config, UnreadableSecrets({PASSWORD: "x"}), sign_in=True)


async def trusted_tls(sims: Simulators) -> DoctorReport:
    url, ca = sims.tls()
    config = write_profile(profile_path(sims.folder, "tls"), url, ca=ca)
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def expiring_tls(sims: Simulators) -> DoctorReport:
    url, ca = sims.tls(valid_days=5)
    config = write_profile(profile_path(sims.folder, "expiring"), url, ca=ca)
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def untrusted_tls(sims: Simulators) -> DoctorReport:
    """The system's CAs do not know the simulator's: TLS fails, the clock cannot be read."""
    url, _ca = sims.tls()
    config = write_profile(profile_path(sims.folder, "untrusted"), url)
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def other_ca_tls(sims: Simulators) -> DoctorReport:
    url, _ca = sims.tls()
    other, _, _ = make_ca(sims.folder, "some-other-ca")
    config = write_profile(profile_path(sims.folder, "other-ca"), url, ca=other)
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def unverified_tls(sims: Simulators) -> DoctorReport:
    url, _ca = sims.tls()
    config = write_profile(profile_path(sims.folder, "unverified"), url, verify=False)
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def http_to_tls_port(sims: Simulators) -> DoctorReport:
    """Plain HTTP to a TLS port: reachable, but the gateway's time cannot be read."""
    url, _ca = sims.tls()
    config = write_profile(profile_path(sims.folder, "http-to-tls"), url.replace("https", "http"))
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


async def no_chinese_font(sims: Simulators) -> DoctorReport:
    """A computer without a font for Chinese (and without a profile: no network needed)."""
    absent = profile_path(sims.folder, "absent")
    return await run_doctor(absent, MemoryStore(), chinese_fonts=lambda: [])


async def fonts_unknown(sims: Simulators) -> DoctorReport:
    """fontconfig does not answer: whether Chinese can be shown is not known."""
    absent = profile_path(sims.folder, "absent")
    return await run_doctor(absent, MemoryStore(), chinese_fonts=lambda: None)


async def download_folder_below_a_file(sims: Simulators) -> DoctorReport:
    """``[ui] download_dir`` names a folder inside a regular file: recordings cannot be saved."""
    in_the_way = sims.folder / "notes.txt"
    in_the_way.write_text("a file, not a folder", encoding="utf-8")
    config = write_profile(
        profile_path(sims.folder, "file-in-path"), sims.plain(), download_dir=in_the_way / "rec"
    )
    return await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))


SCENARIOS = {
    "good_demo": good_demo,
    "good_file": good_file,
    "wrong_url": wrong_url,
    "missing_secrets": missing_secrets,
    "broken_profile": broken_profile,
    "clock_behind": clock_behind,
    "clock_ahead": clock_ahead,
    "wrong_password": wrong_password,
    "locked_keyring": locked_keyring,
    "unreadable_secrets": unreadable_secrets,
    "trusted_tls": trusted_tls,
    "expiring_tls": expiring_tls,
    "untrusted_tls": untrusted_tls,
    "other_ca_tls": other_ca_tls,
    "unverified_tls": unverified_tls,
    "http_to_tls_port": http_to_tls_port,
    "download_folder_below_a_file": download_folder_below_a_file,
    "no_chinese_font": no_chinese_font,
    "fonts_unknown": fonts_unknown,
}
