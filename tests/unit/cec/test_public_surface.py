"""``agentbar.cec`` is the protocol layer's public surface: its names load lazily from the modules
that define them, and nothing outside the package reaches into its private HTTP modules."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import agentbar.cec as cec

ROOT = Path(__file__).resolve().parents[3]
PRIVATE = ("agentbar.cec._http", "agentbar.cec._wide_reads")
# The tests of the private modules themselves may import them.
OWN_TESTS = {"tests/integration/test_http_tls.py", "tests/integration/test_wide_reads.py"}


@pytest.mark.parametrize("name", cec.__all__)
def test_every_public_name_is_its_home_modules_object(name: str) -> None:
    home = importlib.import_module(f"agentbar.cec.{cec._HOMES[name]}")
    assert getattr(cec, name) is getattr(home, name)


def test_the_lazy_table_and_all_agree() -> None:
    assert sorted(cec._HOMES) == sorted(cec.__all__)
    with pytest.raises(AttributeError):
        _ = cec.NoSuchName


def test_a_light_name_does_not_load_the_http_stack() -> None:
    code = (
        "import sys\n"
        "from agentbar.cec import AgentState, CecError\n"
        "print(sorted(m for m in sys.modules if m.startswith(('httpx2', 'agentbar.cec.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['agentbar.cec.errors', 'agentbar.cec.models']"


def _private_imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n in PRIVATE]
    return found


def test_nothing_outside_cec_imports_its_private_modules() -> None:
    bad: list[str] = []
    for folder in ("agentbar", "packaging", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("agentbar/cec/") or relative in OWN_TESTS:
                continue
            bad += _private_imports(path)
    assert bad == []
