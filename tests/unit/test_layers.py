"""The layer rules live in pyproject.toml (import-linter contracts, ruff's TID251 ban); here they
are only run and checked for presence. What neither tool can say is checked on the source: app/
uses Qt's core only (import-linter sees PySide6 as a whole, ruff bans just QtWidgets)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "agentbar"

CONTRACTS = (
    "The client stack is layered",
    "The protocol layer knows no Qt",
    "The simulator imports nothing from the client",
    "The shift-start check imports no Qt itself",
)


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module ``source`` imports; relative imports resolved, ``from X import Y`` gives X.Y."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return found


def test_the_contracts_are_declared() -> None:
    config = pyproject()["tool"]
    names = [c["name"] for c in config["importlinter"]["contracts"]]
    assert sorted(names) == sorted(CONTRACTS)
    lint = config["ruff"]["lint"]
    assert "PySide6.QtWidgets" in lint["flake8-tidy-imports"]["banned-api"]
    exempt = [glob for glob, rules in lint["per-file-ignores"].items() if "TID251" in rules]
    assert [glob for glob in exempt if glob.startswith("agentbar")] == ["agentbar/ui/**"]


def test_import_linter_contracts_hold() -> None:
    venv_bin = Path(sys.executable).parent
    lint_imports = venv_bin / "lint-imports"
    command = str(lint_imports) if lint_imports.exists() else shutil.which("lint-imports")
    assert command, "lint-imports is not installed"
    done = subprocess.run(
        [command, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for name in CONTRACTS:
        assert f"{name} KEPT" in done.stdout


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "app").rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_app_uses_qt_core_only(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    qt = {
        name
        for _, name in imported_modules(source, module_name(path), path.name == "__init__.py")
        if name.startswith("PySide6.Qt")
    }
    assert {name.split(".")[1] for name in qt} <= {"QtCore"}


def test_the_scan_sees_relative_and_from_imports() -> None:
    # The scanner itself must catch the spellings a violation could hide behind.
    source = (
        "from PySide6 import QtWidgets\n"
        "import qasync\n"
        "from ..ui import bar\n"
        "from .. import app\n"
        "def later():\n"
        "    import PySide6.QtGui\n"
    )
    names = [name for _, name in imported_modules(source, "agentbar.app.faq", False)]
    assert "PySide6.QtWidgets" in names
    assert "qasync" in names
    assert "agentbar.ui.bar" in names
    assert "agentbar.app" in names
    assert "PySide6.QtGui" in names
