"""``packaging/resources.py`` (a script, not a package module) loaded once for the tests that
check translations and compiled resources against it."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
# A ``{name}`` or ``{0}`` placeholder in a message template.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@cache
def resources_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "resources_tool", ROOT / "packaging" / "resources.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["resources_tool"] = module
    spec.loader.exec_module(module)
    return module
