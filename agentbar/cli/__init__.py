"""The ``agentbar`` command (:mod:`agentbar.cli.command`) and one module per subcommand."""

from agentbar.cli.command import main

__all__ = ["main"]
