"""The layer rules of ARCHITECTURE.md, checked on the source: cec/ knows no Qt, app/ no widgets,
desktop/ and doctor/ nothing above them, sim/ nothing of the client. Both by reading every import
(AST) and by running import-linter."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "agentbar"

# package → module prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "cec": ("PySide6", "shiboken6", "qasync", "agentbar.app", "agentbar.ui"),
    "app": ("PySide6.QtWidgets", "PySide6.QtGui", "agentbar.ui"),
    "desktop": (
        "PySide6.QtWidgets",
        "agentbar.app",
        "agentbar.ui",
        "agentbar.startup",
        "agentbar.cli",
        "agentbar.doctor",
    ),
    "doctor": ("PySide6", "qasync", "agentbar.ui", "agentbar.startup", "agentbar.cli"),
    "sim": (
        "agentbar.cec",
        "agentbar.app",
        "agentbar.ui",
        "httpx2",
        "httpcore2",
        "PySide6",
        "qasync",
    ),
}


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


def violations(layer: str) -> list[str]:
    banned = FORBIDDEN[layer]
    bad: list[str] = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for line, name in imported_modules(source, module_name(path), path.name == "__init__.py"):
            if any(name == b or name.startswith(b + ".") for b in banned):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_it_must_not(layer: str) -> None:
    assert list((PACKAGE / layer).rglob("*.py")), f"no sources found for {layer}"
    assert violations(layer) == []


def test_the_scan_sees_relative_and_from_imports() -> None:
    # The scanner itself must catch the spellings a violation could hide behind.
    source = (
        "from PySide6 import QtWidgets\n"
        "import qasync\n"
        "from ..ui import bar\n"
        "from .. import app\n"
        "def later():\n"
        "    import httpx2\n"
    )
    names = [name for _, name in imported_modules(source, "agentbar.cec.faq", False)]
    assert "PySide6.QtWidgets" in names
    assert "qasync" in names
    assert "agentbar.ui.bar" in names
    assert "agentbar.app" in names
    assert "httpx2" in names


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
    assert "0 broken" in done.stdout
    assert "The protocol layer knows no Qt KEPT" in done.stdout
