"""``agentbar secrets set|delete|status``: manage agentbar's secrets in the OS keyring.

Values are read without echo (or one line from stdin with ``--stdin``, for scripts) and are never
printed. Exit codes: 0 done, 1 error (no keyring, entries differ …), 2 usage.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from agentbar.secrets import (
    SECRET_DESCRIPTIONS,
    SECRET_NAMES,
    KeyringStore,
    SecretStore,
    SecretStoreError,
)


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "secrets",
        help="store, delete or check secrets in the OS keyring",
        description="Manage agentbar's secrets in the OS keyring. Known secrets: "
        + "; ".join(f"{name} ({text})" for name, text in SECRET_DESCRIPTIONS.items()),
    )
    parser.set_defaults(run=run)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    set_parser = actions.add_parser("set", help="store a secret (asks twice, without echo)")
    set_parser.add_argument("name", choices=SECRET_NAMES, metavar="NAME")
    set_parser.add_argument(
        "--stdin", action="store_true", help="read the value as one line from stdin (for scripts)"
    )
    delete_parser = actions.add_parser("delete", help="remove a secret from the keyring")
    delete_parser.add_argument("name", choices=SECRET_NAMES, metavar="NAME")
    status_parser = actions.add_parser(
        "status", help="show which secrets are stored (never their values)"
    )
    status_parser.add_argument("name", choices=SECRET_NAMES, metavar="NAME", nargs="?")


def run(args: argparse.Namespace, store: SecretStore | None = None) -> int:
    store = store or KeyringStore()
    try:
        if args.action == "set":
            return _set(store, args.name, from_stdin=args.stdin)
        if args.action == "delete":
            return _delete(store, args.name)
        return _status(store, args.name)
    except SecretStoreError as exc:
        print(f"agentbar: {exc}", file=sys.stderr)
        return 1


def _set(store: SecretStore, name: str, *, from_stdin: bool) -> int:
    value = _read_stdin_line() if from_stdin else _prompt_twice(name)
    if value is None:
        return 1
    if not value:
        print(f"agentbar: the value is empty; {name} was not stored.", file=sys.stderr)
        return 1
    store.set(name, value)
    print(f"Stored {name} in {store.describe()}.")
    return 0


def _read_stdin_line() -> str | None:
    line = sys.stdin.readline()
    if not line:
        print("agentbar: nothing on stdin; nothing was stored.", file=sys.stderr)
        return None
    # Only the line end goes: spaces may be part of a password.
    return line.rstrip("\r\n")


def _prompt_twice(name: str) -> str | None:
    if not sys.stdin.isatty():
        print(
            "agentbar: no terminal to ask for the value on; use --stdin to read it from stdin.",
            file=sys.stderr,
        )
        return None
    try:
        first = getpass.getpass(f"{name}: ")
        second = getpass.getpass(f"{name} (again): ")
    except (EOFError, KeyboardInterrupt):
        print("\nagentbar: cancelled; nothing was stored.", file=sys.stderr)
        return None
    if first != second:
        print("agentbar: the two entries differ; nothing was stored.", file=sys.stderr)
        return None
    return first


def _delete(store: SecretStore, name: str) -> int:
    if store.delete(name):
        print(f"Deleted {name} from {store.describe()}.")
    else:
        print(f"{name} was not stored in {store.describe()}; nothing to delete.")
    return 0


def _status(store: SecretStore, name: str | None) -> int:
    print(f"Keyring: {store.describe()}")
    store.check()
    names = (name,) if name else SECRET_NAMES
    width = max(len(n) for n in names)
    for each in names:
        state = "stored" if store.get(each) is not None else "not stored"
        print(f"{each:<{width}}  {state:<10}  {SECRET_DESCRIPTIONS[each]}")
    return 0
