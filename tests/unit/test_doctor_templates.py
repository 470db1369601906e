"""The doctor's rows keep translatable templates, and the catalogue can list all of them.

``packaging/resources.py`` finds the templates by reading the doctor modules; these tests keep the
modules written the way it reads them, and the zh_CN catalogue's translations usable.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import TRANSLATION_CONTEXT, CheckResult, Status
from tests.resources_tool import PLACEHOLDER, ROOT, resources_tool

TOOL = resources_tool()
MODULES = [ROOT / "agentbar" / name for name in TOOL.DOCTOR_MODULES]


def test_of_renders_the_english_and_keeps_templates_and_arguments() -> None:
    row = CheckResult.of(
        "secret {secret}",
        Status.FAIL,
        "not stored in the keyring, so this service cannot be used.",
        "Store it with: agentbar secrets set {secret}",
        secret="ccfs-sk",
    )

    assert (row.name, row.detail, row.action) == (
        "secret ccfs-sk",
        "not stored in the keyring, so this service cannot be used.",
        "Store it with: agentbar secrets set ccfs-sk",
    )
    assert row.name_template == "secret {secret}"
    assert row.action_template == "Store it with: agentbar secrets set {secret}"
    assert dict(row.args) == {"secret": "ccfs-sk"}
    # The JSON for IT tools stays the English text, with the same four keys as before.
    assert row.to_json() == {
        "name": "secret ccfs-sk",
        "status": "fail",
        "detail": "not stored in the keyring, so this service cannot be used.",
        "action": "Store it with: agentbar secrets set ccfs-sk",
    }
    report = DoctorReport((row,), "p")
    assert "{secret}" not in report.to_table() + report.to_json_text()


def test_a_value_with_braces_is_data_not_a_field() -> None:
    row = CheckResult.of("config", Status.FAIL, "{profile_problem}", profile_problem="x = {y}")
    assert row.detail == "x = {y}"


def _calls_of(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "of"
    ]


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_doctor_rows_are_made_only_from_templates_the_catalogue_can_read(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    direct = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "CheckResult"
    ]
    assert direct == [], "make doctor rows with CheckResult.of(template, …) so they translate"

    def readable(node: ast.expr) -> bool:
        if isinstance(node, ast.IfExp):
            return readable(node.body) and readable(node.orelse)
        if isinstance(node, ast.Name):
            return node.id in TOOL.DOCTOR_TEMPLATE_NAMES
        if isinstance(node, ast.Call):
            return getattr(node.func, "id", "").endswith("_action")
        return isinstance(node, ast.Constant) and isinstance(node.value, str)

    calls = _calls_of(tree)
    assert calls
    for call in calls:
        templates = [arg for i, arg in enumerate(call.args) if i != 1]
        assert all(readable(arg) for arg in templates), ast.unparse(call)
    for node in ast.walk(tree):
        # A template held in a local must be a literal (or a choice of literals) to be listed.
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in TOOL.DOCTOR_TEMPLATE_NAMES for t in node.targets
        ):
            value = node.value
            leaves = [value] if not isinstance(value, ast.IfExp) else [value.body, value.orelse]
            assert all(
                isinstance(leaf, ast.Constant) and isinstance(leaf.value, str) for leaf in leaves
            ), ast.unparse(node)
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_action"):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return):
                    assert inner.value is not None
                    assert TOOL.template_literals(inner.value), ast.unparse(inner)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_doctor_modules_do_not_import_qt(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
        )
    ]
    assert not [name for name in imported if name.startswith(("PySide6", "qasync"))]


def test_templates_fill_from_plain_named_fields() -> None:
    templates = TOOL.doctor_templates()
    assert "{services}: reachable" in templates
    assert "not stored in the keyring, so this service cannot be used." in templates
    for template in templates:
        # Arguments are strings: no format specs or positional fields a translator must copy.
        assert all(re.fullmatch(r"[a-z_]+", name) for name in PLACEHOLDER.findall(template))


def test_zh_cn_translations_keep_every_placeholder_of_the_doctor_templates() -> None:
    tree = ET.parse(ROOT / "resources" / "i18n" / "agentbar_zh_CN.ts")
    translated = {
        message.findtext("source") or "": message.findtext("translation") or ""
        for context in tree.getroot().iter("context")
        if context.findtext("name") == TRANSLATION_CONTEXT
        for message in context.iter("message")
    }
    templates = TOOL.doctor_templates()
    assert sorted(translated) == templates
    for source, text in translated.items():
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source
        assert re.search(r"[\u4e00-\u9fff]", text), f"not Chinese: {text!r}"
