"""``agentbar doctor``: the shift-start check, as a table, as JSON, or packed into a bundle."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    from agentbar.cli.command import add_common_options

    parser = subparsers.add_parser(
        "doctor",
        help="check the profile, the network, TLS, the clock and the keyring",
        description="Check that this computer is ready for a shift: the profile is valid, each "
        "configured service is reachable, TLS certificates are trusted and not about to expire, "
        "the clock agrees with the gateway, and the keyring holds the needed secrets (their "
        "values are never shown). Exits 1 when a check fails.",
    )
    parser.set_defaults(run=run)
    add_common_options(parser)
    parser.add_argument(
        "--sign-in",
        action="store_true",
        help="also sign the agent in and straight out again",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON (IT tools)")
    parser.add_argument(
        "--bundle",
        type=Path,
        metavar="FILE",
        help="also save a diagnostics bundle (zip: logs, this report, versions, the profile)",
    )


def run(args: argparse.Namespace) -> int:
    import asyncio

    from agentbar.doctor.report import run_doctor
    from agentbar.secrets import KeyringStore

    report = asyncio.run(run_doctor(args.config, KeyringStore(), sign_in=args.sign_in))
    print(report.to_json_text() if args.json else report.to_table())
    if args.bundle is not None:
        from agentbar.doctor.bundle import DiagnosticsError, write_bundle

        try:
            path = write_bundle(args.bundle, report=report, config_path=args.config)
        except DiagnosticsError as exc:
            print(f"agentbar doctor: {exc}", file=sys.stderr)
            return 2
        print(f"Diagnostics saved to {path}", file=sys.stderr)
    return report.exit_code
