"""Entry script of the frozen program: the same ``main`` as the ``agentbar`` console script."""

from __future__ import annotations

import os
import sys

# Before anything imports qasync: the frozen build carries only PySide6.
os.environ.setdefault("QT_API", "pyside6")

from agentbar.cli import main

if __name__ == "__main__":
    sys.exit(main())
