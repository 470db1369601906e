"""``python -m agentbar`` runs the same entry point as the ``agentbar`` command."""

import sys

from agentbar.cli import main

sys.exit(main())
