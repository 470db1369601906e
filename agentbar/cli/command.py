"""The ``agentbar`` command: parses the arguments and hands over to the GUI or a subcommand.

Without a subcommand it starts the toolbar. Each subcommand lives in its own module, listed in
:data:`SUBCOMMANDS`, with ``add_parser(subparsers)`` (which sets ``run`` as the parser's default)
and ``run(args) -> int``; adding one is a new module and one line here. Subcommand modules import
their heavy dependencies inside ``run``, so ``agentbar secrets`` never loads Qt or aiohttp.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from agentbar import __version__

SUBCOMMANDS: tuple[str, ...] = (
    "agentbar.cli.sim",
    "agentbar.cli.events",
    "agentbar.cli.secrets",
    "agentbar.cli.autostart",
    "agentbar.cli.doctor",
)

Runner = Callable[[argparse.Namespace], int]

# The subcommands that also log to a file, so a diagnostics bundle after a failed run holds what
# happened: the profile's own log, or the simulator's.
FILE_LOGGED: dict[str, str] = {"events": "profile", "doctor": "profile", "sim": "sim"}


def build_parser() -> argparse.ArgumentParser:
    parser = _toolbar_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in SUBCOMMANDS:
        importlib.import_module(module_name).add_parser(subparsers)
    return parser


def _toolbar_parser(*, exit_on_error: bool = True) -> argparse.ArgumentParser:
    """The top-level options (the toolbar's), without the subcommands."""
    parser = argparse.ArgumentParser(
        prog="agentbar",
        description="Toolbar for Huawei Cloud CEC contact-center agents. Without a command it "
        "opens the toolbar for the configured profile.",
        exit_on_error=exit_on_error,
    )
    parser.add_argument("--version", action="version", version=f"agentbar {__version__}")
    add_common_options(parser, top_level=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run the toolbar against the built-in simulator, with in-memory secrets",
    )
    parser.add_argument(
        "--lang", choices=("en", "zh_CN"), help="user interface language (default: the system's)"
    )
    parser.set_defaults(command=None)
    return parser


def _toolbar_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The toolbar's options when ``argv`` names no subcommand and asks for no help; else None.

    Parsed without importing the subcommand modules (``events`` alone loads asyncio): the
    toolbar's window should not wait for them. Anything else goes to the full parser, which also
    words every usage error.
    """
    if "-h" in argv or "--help" in argv:
        return None
    try:
        args, rest = _toolbar_parser(exit_on_error=False).parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def add_common_options(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """``--config`` and ``-v``, accepted before and after the subcommand name.

    On subcommand parsers the defaults are suppressed, so ``agentbar --config X events`` is not
    overwritten by the subparser's own default.
    """
    default: object = None if top_level else argparse.SUPPRESS
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=default,
        help="profile file (default: $AGENTBAR_CONFIG, else config.toml in the user config dir)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=False if top_level else argparse.SUPPRESS,
        help="log debugging details to stderr",
    )


def configure_logging(verbose: bool, quiet: bool) -> None:
    """Log to stderr, redacted; stdout stays free for a subcommand's output (``events`` lines)."""
    from agentbar.desktop.logs import install_redaction

    if verbose:
        level = logging.DEBUG
    elif quiet:
        level = logging.WARNING
    else:
        level = logging.INFO
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # -v shows the HTTP stack's debug lines, response headers (Set-GUID) and all.
    install_redaction()


def start_file_log(args: argparse.Namespace) -> logging.Handler | None:
    """The file log of a subcommand in :data:`FILE_LOGGED`, and its native-crash file; or None."""
    kind = FILE_LOGGED.get(args.command or "")
    if kind is None:
        return None
    from agentbar.desktop.crash import enable_fault_log
    from agentbar.desktop.logs import (
        SIM_LOG_KEY,
        fault_file_name,
        level_named,
        log_dir,
        log_file_name,
        profile_log_name,
        setup_file_logging,
    )

    if kind == "sim":
        name, level = log_file_name(SIM_LOG_KEY), logging.INFO
    else:
        from agentbar.config import read_log_level

        name = profile_log_name(args.config)
        level = level_named(read_log_level(args.config))
    handler = setup_file_logging(name=name, level=level)
    if handler is not None:
        enable_fault_log(log_dir() / fault_file_name(name))
        logging.getLogger(__name__).info("agentbar %s %s", __version__, args.command)
    return handler


def main(argv: list[str] | None = None) -> int:
    """Run ``agentbar`` with ``argv`` (default: the process arguments); the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = _toolbar_arguments(argv) or build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors (2) end here
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    run: Runner | None = getattr(args, "run", None)
    # The GUI and `secrets` talk to the person, not a log: only warnings unless -v.
    configure_logging(args.verbose, quiet=run is None or args.command == "secrets")
    if run is None:
        return run_gui_command(args)
    file_log = start_file_log(args)
    try:
        return run(args)
    finally:
        if file_log is not None:
            from agentbar.desktop.logs import remove_handler

            remove_handler(file_log)


def run_gui_command(args: argparse.Namespace) -> int:
    # Imported here so that the subcommands never load Qt.
    from agentbar.startup.launch import run_gui

    return run_gui(args.config, demo=args.demo, language=args.lang)
