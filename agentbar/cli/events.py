"""``agentbar events``: sign in without a window and print every agent event as one JSON line.

For scripts and other tools: stdout carries only events (keys ``eventType``, ``workNo``,
``content`` as the server sent it, ``received`` in local ISO 8601 with offset), one per line and
flushed at once; logs go to stderr. Ctrl-C or SIGTERM stops the pump, signs out and exits 0.
Exit codes: 0 stopped on request, 1 sign-in or connection failure, 2 usage, 3 signed out by the
server. Runs on plain asyncio; nothing here loads Qt.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import ipaddress
import json
import logging
import os
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from agentbar.cec import CecError, EventPump, GatewayClient
    from agentbar.config import Profile

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SIGNED_OUT_BY_SERVER = 3

# Sign-out is best effort once the person asked to stop; do not hang on a dead gateway.
SIGN_OUT_TIMEOUT = 5.0


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    from agentbar.cli.command import add_common_options

    parser = subparsers.add_parser(
        "events",
        help="sign in without a window and print agent events as JSON lines",
        description="Sign in to the CC-Gateway as the profile's agent and print each agent "
        "event as one JSON line on stdout (keys eventType, workNo, content, received). Logs go "
        "to stderr. Ctrl-C or SIGTERM signs out and exits 0; exit 1 on a sign-in or connection "
        "failure, 3 when the server signs the agent out.",
    )
    parser.set_defaults(run=run)
    add_common_options(parser)
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the agent password as one line from stdin instead of the keyring",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="sign in even if the agent is signed in elsewhere (ends that session)",
    )


class EventsFailure(Exception):
    """Ends the command with a one-line message on stderr and an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def run(args: argparse.Namespace) -> int:
    from agentbar.config import ConfigError, load_profile

    try:
        profile = load_profile(args.config)
    except ConfigError as exc:
        return _fail(exc.message)
    try:
        password = read_password(profile, from_stdin=args.password_stdin)
    except EventsFailure as exc:
        return _fail(exc.message, exc.exit_code)
    for warning in connection_warnings(profile):
        print(f"agentbar: warning: {warning}", file=sys.stderr, flush=True)
    try:
        return asyncio.run(stream_events(profile, password, force=args.force, out=sys.stdout))
    except EventsFailure as exc:
        return _fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        # Windows has no loop signal handlers: asyncio.run cancelled the main task on Ctrl-C,
        # which signed out in its clean-up before the interrupt surfaced here.
        return EXIT_OK


def _fail(message: str, exit_code: int = EXIT_ERROR) -> int:
    one_line = " ".join(message.split())
    print(f"agentbar: {one_line}", file=sys.stderr, flush=True)
    return exit_code


# --- the password --------------------------------------------------------------------------------


def read_password(profile: Profile, *, from_stdin: bool) -> str:
    """From stdin (``--password-stdin``), else the keyring, else a prompt on the terminal."""
    from agentbar.secrets import PASSWORD, KeyringStore, SecretStoreError

    agent = profile.gateway.agent_id
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise EventsFailure("--password-stdin was given but stdin was empty.")
        return line.rstrip("\r\n")
    try:
        stored = KeyringStore().get(PASSWORD)
    except SecretStoreError as exc:
        log.warning("no password from the keyring: %s", exc)
        stored = None
    if stored is not None:
        log.info("using the password stored in the keyring")
        return stored
    if not sys.stdin.isatty():
        raise EventsFailure(
            f"No password for agent {agent}: none is stored in the keyring and there is no "
            "terminal to ask on. Store it with `agentbar secrets set password`, or pass "
            "--password-stdin and write it to stdin."
        )
    try:
        return getpass.getpass(f"Password for agent {agent}: ")
    except (EOFError, KeyboardInterrupt):
        raise EventsFailure("cancelled; not signed in.") from None


def connection_warnings(profile: Profile) -> list[str]:
    """What a person should know about how insecure the connection to the gateway is."""
    warnings = []
    url = profile.gateway.url
    if not profile.tls.verify and url.startswith("https:"):
        warnings.append(
            f"TLS certificate verification is OFF ([tls] verify = false): anyone on the network "
            f"path to {url} can read the password and the events."
        )
    host = urlsplit(url).hostname or ""
    if url.startswith("http:") and not _is_loopback(host):
        warnings.append(f"{url} is plain HTTP: the password travels unencrypted.")
    return warnings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --- the session ---------------------------------------------------------------------------------


@dataclass
class _Stop:
    """Set by SIGINT/SIGTERM (or a closed stdout): sign out and end."""

    event: asyncio.Event
    reason: str = ""

    def request(self, reason: str) -> None:
        if not self.event.is_set():
            self.reason = reason
            self.event.set()


async def stream_events(profile: Profile, password: str, *, force: bool, out: TextIO) -> int:
    """Sign in, print events until stopped or signed out by the server; the exit code."""
    from agentbar.app import clients

    stop = _Stop(asyncio.Event())
    _install_signal_handlers(stop)
    http = await clients.open_http(profile)
    async with http:
        gateway = clients.gateway_client(http, profile)
        await _sign_in(gateway, profile, password, force=force)
        try:
            return await _pump_until_stopped(gateway, stop, out)
        except asyncio.CancelledError:
            # Windows Ctrl-C (no signal handlers): still sign out before the interrupt surfaces.
            await _sign_out(gateway)
            raise


def _install_signal_handlers(stop: _Stop) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Windows has no add_signal_handler; Ctrl-C there cancels the main task instead.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.request, sig.name)


async def _sign_in(gateway: GatewayClient, profile: Profile, password: str, *, force: bool) -> None:
    from agentbar.cec import AlreadySignedInError, CecError

    agent, url = profile.gateway.agent_id, profile.gateway.url
    try:
        await gateway.sign_in(password, profile.gateway.phone, force=force)
    except AlreadySignedInError:
        raise EventsFailure(
            f"agent {agent} is already signed in elsewhere. Run again with --force to take over "
            "that session (it will be signed out)."
        ) from None
    except CecError as exc:
        raise EventsFailure(f"cannot sign in agent {agent} at {url}: {_describe(exc)}") from None
    log.info("signed in as agent %s at %s; Ctrl-C signs out", agent, url)
    try:
        # The documented flow joins the agent's skill queues after sign-in:
        # https://support.huaweicloud.com/intl/en-us/devg-ccgw-cec/cec_05_1409.html
        await gateway.reset_skills(None)
    except CecError as exc:
        log.warning("could not join the skill queues: %s", _describe(exc))


async def _pump_until_stopped(gateway: GatewayClient, stop: _Stop, out: TextIO) -> int:
    from agentbar.cec import AuthError, CecError, EventPump, SignedOutByServer

    pump = EventPump(gateway)
    printing = asyncio.create_task(_print_events(pump, stop, out), name="agentbar-events")
    stopping = asyncio.create_task(stop.event.wait(), name="agentbar-stop")
    try:
        await asyncio.wait({printing, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not printing.done():
            pump.stop()
            printing.cancel()
        await asyncio.gather(printing, stopping, return_exceptions=True)
    if stop.event.is_set():
        log.info("stopping (%s): signing out", stop.reason)
        return await _sign_out(gateway)
    error = printing.exception()
    if isinstance(error, SignedOutByServer):
        raise EventsFailure(
            f"signed out by the server ({_describe(error)})", EXIT_SIGNED_OUT_BY_SERVER
        )
    if isinstance(error, AuthError):
        # The pump already asked for a new GUID once: the session is gone, most often because
        # the agent signed in somewhere else (a forced sign-in revokes this session).
        raise EventsFailure(
            f"signed out by the server: the session is no longer valid, perhaps because agent "
            f"{gateway.agent_id} signed in elsewhere ({_describe(error)})",
            EXIT_SIGNED_OUT_BY_SERVER,
        )
    if isinstance(error, CecError):
        await _sign_out(gateway)
        raise EventsFailure(f"lost the event stream: {_describe(error)}")
    if error is not None:
        raise error
    # The pump ended without an error: the server ended the session.
    raise EventsFailure("signed out by the server", EXIT_SIGNED_OUT_BY_SERVER)


async def _print_events(pump: EventPump, stop: _Stop, out: TextIO) -> None:
    async for event in pump:
        line = json.dumps(event.to_json(), ensure_ascii=False)
        try:
            out.write(line + "\n")
            out.flush()
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): nobody to print to, so sign out and end.
            # Point stdout at devnull so the interpreter's final flush does not fail again.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
            stop.request("stdout closed")
            return


async def _sign_out(gateway: GatewayClient) -> int:
    from agentbar.cec import CecError

    try:
        await asyncio.wait_for(gateway.sign_out(), SIGN_OUT_TIMEOUT)
    except (CecError, TimeoutError) as exc:
        message = _describe(exc) if isinstance(exc, CecError) else "no answer in time"
        print(
            f"agentbar: could not sign out: {message}. The gateway signs the agent out by itself "
            "after about 2 minutes without polling.",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_ERROR
    log.info("signed out")
    return EXIT_OK


def _describe(exc: CecError) -> str:
    text = exc.message
    if exc.code:
        text += f" [{exc.code}]"
    if exc.server_text and exc.server_text != exc.message:
        text += f" (server: {exc.server_text[:120]})"
    return text
