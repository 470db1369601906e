"""``agentbar events``: sign in headless and print every agent event as one JSON line.

Placeholder until the gateway client lands.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    from agentbar.cli import add_common_options

    parser = subparsers.add_parser(
        "events",
        help="sign in without a window and print agent events as JSON lines",
        description="Sign in to the CC-Gateway with the profile's agent and print each agent "
        "event as one JSON line on stdout (keys eventType, workNo, content, received). Logs go "
        "to stderr. Ctrl-C or SIGTERM signs out and exits 0.",
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
        help="sign in even if the agent is signed in elsewhere (that session is ended)",
    )


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError
