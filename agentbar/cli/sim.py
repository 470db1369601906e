"""``agentbar sim``: run the CEC simulator alone (training, demos, other tools' tests).

Checks the options against the documents' rules, then hands over to :func:`agentbar.sim.run.serve`.
The URL the simulator listens on is the first line of stdout, so a script that asked for
``--port 0`` can read where it went.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8043


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "sim",
        help="run the CEC simulator",
        description="Run the simulator of the CEC interfaces. Plain HTTP on loopback unless "
        "--tls-cert/--tls-key are given. The first line of stdout is the URL it listens on.",
    )
    parser.set_defaults(run=run)
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (%(default)s)")
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help="port to listen on; 0 picks a free one (%(default)s)",
    )
    parser.add_argument(
        "--guid-mode",
        choices=("static", "dynamic"),
        default="dynamic",
        help="CC-Gateway GUID mode, AUTHMODE 1 or 2 (%(default)s)",
    )
    parser.add_argument(
        "--guid-interval",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="dynamic mode: how often a new GUID is issued (GUIDINTERVAL, %(default)s)",
    )
    parser.add_argument(
        "--guid-timeout",
        type=_seconds,
        default=120.0,
        metavar="SECONDS",
        help="dynamic mode: how long a superseded GUID still works (GUIDTIMEOUT, %(default)s)",
    )
    parser.add_argument(
        "--idle-signout",
        type=_seconds,
        default=120.0,
        metavar="SECONDS",
        help="sign an agent out after this long without a poll (%(default)s)",
    )
    parser.add_argument("--tls-cert", type=Path, metavar="PATH", help="PEM certificate for HTTPS")
    parser.add_argument("--tls-key", type=Path, metavar="PATH", help="PEM private key for HTTPS")
    parser.add_argument(
        "--demo-ring",
        type=_seconds,
        metavar="SECONDS",
        help="ring each signed-in idle agent about this often (default: never)",
    )
    parser.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="exit when standard input closes: the parent that started it has ended "
        "(how `agentbar --demo` runs its simulator)",
    )
    parser.add_argument(
        "--listen-fd",
        type=int,
        metavar="FD",
        help="serve on this inherited, already listening socket instead of --host/--port",
    )


def run(args: argparse.Namespace) -> int:
    problem = options_problem(args)
    if problem:
        print(f"agentbar sim: error: {problem}", file=sys.stderr)
        return 2
    # Imported here so that other subcommands never load aiohttp.
    from agentbar.sim.run import Listen, serve
    from agentbar.sim.server import SimSettings

    settings = SimSettings(
        guid_mode=args.guid_mode,
        guid_interval=args.guid_interval,
        guid_timeout=args.guid_timeout,
        idle_signout=args.idle_signout,
        demo_ring_every=args.demo_ring,
    )
    try:
        serve(
            Listen(args.host, args.port, args.listen_fd),
            settings,
            str(args.tls_cert) if args.tls_cert else None,
            str(args.tls_key) if args.tls_key else None,
            on_listening=announce,
            exit_with_parent=args.exit_with_parent,
        )
    except OSError as exc:  # port in use, address not local, unreadable or bad certificate
        print(f"agentbar sim: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def announce(url: str) -> None:
    """The first line of stdout: where the simulator listens."""
    print(url, flush=True)


def options_problem(args: argparse.Namespace) -> str:
    """A sentence about options that contradict each other, or ""."""
    if args.guid_interval >= args.guid_timeout:
        return (
            f"--guid-interval ({args.guid_interval:g} s) must be smaller than --guid-timeout "
            f"({args.guid_timeout:g} s), as on the real gateway (GUIDINTERVAL < GUIDTIMEOUT)."
        )
    if (args.tls_cert is None) != (args.tls_key is None):
        return "--tls-cert and --tls-key go together; give both or neither."
    for option in ("tls_cert", "tls_key"):
        path: Path | None = getattr(args, option)
        if path is not None and not path.is_file():
            return f"--{option.replace('_', '-')} {path}: no such file."
    return ""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not between 0 and 65535")
    return port


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of seconds")
    return value
