"""Makes PySide6's check of every imported module cheap (start-up time and memory).

PySide6 wraps ``__import__``: after each import it asks ``shibokensupport.feature._mod_uses_pyside``
whether the module's source mentions "PySide6", to scope ``from __feature__ import snake_case``. It
answers through ``inspect.getsource``, which keeps the source of every module imported after Qt in
``linecache`` and joins it into one string per module. For the ~700 modules of ``agentbar --demo``
that cost about 150 ms and 12 MB at start-up (measured with tests/perf/bench_startup.py).

The replacement answers the same question from the file's bytes and keeps nothing. Anything that
is not a readable ``.py`` file (built-ins, extensions, a frozen build's modules) still goes to
PySide6's own check; a PySide6 whose hook looks different is left alone.
"""

from __future__ import annotations

import sys
from types import ModuleType

_REPLACED = "_agentbar_reads_bytes"


def cheapen_feature_check() -> bool:
    """Replace PySide6's per-import source check; False when this PySide6 has no such check."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, _REPLACED, False):
        return True

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    # Python source is ASCII-compatible in every encoding it accepts.
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    setattr(mod_uses_pyside, _REPLACED, True)
    setattr(feature, "_mod_uses_pyside", mod_uses_pyside)  # noqa: B010 -- a private attribute
    return True
