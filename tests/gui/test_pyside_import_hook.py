"""PySide6's per-import check, made cheap (agentbar/startup/pyside_import_hook.py): same answers, no
module source kept in linecache."""

from __future__ import annotations

import importlib
import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import PySide6.QtCore  # noqa: F401  -- installs PySide6's import hook
import pytest

from agentbar.startup.pyside_import_hook import cheapen_feature_check


@pytest.fixture
def module_dir(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in ("uses_qt_probe_mod", "plain_probe_mod"):
            sys.modules.pop(name, None)


def feature_dict() -> dict[str, int]:
    feature = sys.modules["shibokensupport.feature"]
    return feature.pyside_feature_dict  # type: ignore[no-any-return]


def test_modules_are_classified_as_before_without_filling_linecache(module_dir: Path) -> None:
    assert cheapen_feature_check()
    (module_dir / "uses_qt_probe_mod.py").write_text("from PySide6 import QtCore\n")
    (module_dir / "plain_probe_mod.py").write_text("VALUE = 1\n")

    importlib.invalidate_caches()
    exec("import uses_qt_probe_mod, plain_probe_mod", {})  # through PySide6's __import__

    # 0: "uses PySide6, features may be switched"; -1: "ignore this module" (PySide6's meaning).
    assert feature_dict()["uses_qt_probe_mod"] == 0
    assert feature_dict()["plain_probe_mod"] == -1
    assert str(module_dir / "uses_qt_probe_mod.py") not in linecache.cache
    assert str(module_dir / "plain_probe_mod.py") not in linecache.cache


def test_replacing_twice_keeps_one_replacement() -> None:
    assert cheapen_feature_check()
    feature = sys.modules["shibokensupport.feature"]
    first = feature._mod_uses_pyside
    assert cheapen_feature_check()
    assert feature._mod_uses_pyside is first


def test_modules_without_source_still_go_to_pyside6s_check() -> None:
    assert cheapen_feature_check()
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside(sys) is False  # a built-in: PySide6's own check says no
