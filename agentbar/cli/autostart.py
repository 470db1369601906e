"""``agentbar autostart enable|disable|status``: start agentbar when the person logs in."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "autostart",
        help="start agentbar at login (enable, disable, status)",
        description="Start agentbar when you log in: an XDG autostart entry on Linux, the "
        "per-user Run registry key on Windows, a LaunchAgent on macOS. The entry runs this "
        "installation of agentbar.",
    )
    parser.set_defaults(run=run)
    parser.add_argument("action", choices=("enable", "disable", "status"))


def run(args: argparse.Namespace) -> int:
    from agentbar.desktop.autostart import AutostartError, entry_for_platform, launch_command

    command = launch_command()
    try:
        entry = entry_for_platform()
        if args.action == "enable":
            entry.enable(command)
            print(f"Start at login is on: {entry.location} runs {' '.join(command)}")
        elif args.action == "disable":
            removed = entry.disable()
            print(
                f"Start at login is off ({entry.location} removed)."
                if removed
                else f"Start at login was already off ({entry.location} does not exist)."
            )
        else:
            print(entry.status().describe(command))
    except AutostartError as exc:
        print(f"agentbar autostart: {exc}", file=sys.stderr)
        return 1
    return 0
