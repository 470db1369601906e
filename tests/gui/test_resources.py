"""The committed compiled resources match their sources, and they load."""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QFile
from PySide6.QtGui import QIcon

from tests.resources_tool import ROOT, resources_tool


def _code_lines(path: Path) -> list[str]:
    # The header comment names the rcc version; only the code has to match.
    return [line for line in path.read_text().splitlines() if not line.startswith("#")]


def test_compiled_translations_match_the_ts_sources(tmp_path):
    tool = resources_tool()
    for built in tool.release(tmp_path):
        committed = ROOT / "resources" / "i18n" / built.name
        assert built.read_bytes() == committed.read_bytes(), (
            f"{committed.name} is stale: run python packaging/resources.py"
        )


def test_resource_module_matches_resources(tmp_path):
    tool = resources_tool()
    out = tmp_path / "rc.py"
    tool.rcc(out=out)
    assert _code_lines(out) == _code_lines(tool.RC_MODULE), (
        "agentbar/_resources_rc.py is stale: run python packaging/resources.py"
    )


def test_runtime_strings_list_every_cec_message():
    tool = resources_tool()
    assert tool.RUNTIME_STRINGS.read_text(encoding="utf-8") == tool.runtime_strings_source(), (
        "resources/i18n/runtime_strings.py is stale: run python packaging/resources.py"
    )


def test_every_zh_cn_message_is_translated():
    tree = ET.parse(ROOT / "resources" / "i18n" / "agentbar_zh_CN.ts")
    untranslated = [
        (context.findtext("name"), message.findtext("source"))
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
        if not (message.findtext("translation") or "").strip()
        or message.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
    ]
    assert untranslated == []


def test_icons_and_style_load_from_the_resource_module(qapp):
    import agentbar._resources_rc  # noqa: F401

    for name in ("agentbar", "state-ready", "state-busy", "state-offline", "state-talking"):
        assert not QIcon(f":/agentbar/icons/{name}.svg").isNull(), name
    assert QFile.exists(":/agentbar/style/agentbar.qss")
    assert QFile.exists(":/agentbar/i18n/agentbar_zh_CN.qm")


@given(st.text())
def test_generated_literals_read_back_as_the_same_text(text: str) -> None:
    literal = resources_tool()._quoted(text)
    assert ast.literal_eval(literal) == text
    # ruff format's choice: double quotes unless single ones need fewer escapes.
    assert literal[0] == ("'" if text.count('"') > text.count("'") else '"')


def test_generated_runtime_strings_are_already_formatted() -> None:
    import subprocess

    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "format", "--check", "--diff", str(ROOT / "resources" / "i18n")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout
