"""Rebuilds the translations and the resource module from ``resources/``.

    python packaging/resources.py            # lupdate → .ts, lrelease → .qm, rcc → _resources_rc.py
    python packaging/resources.py --no-update   # only lrelease and rcc (after editing the .ts)

The compiled ``.qm`` files and ``agentbar/_resources_rc.py`` are committed, so a fresh clone runs
without this step; ``tests/gui/test_resources.py`` fails when they are older than their sources.

Strings that the UI translates at run time but that are not written as ``tr()`` calls — the
``cec`` package's error messages and event description templates, the shift-start check's row
templates, and the profile's and keyring's message templates — are collected into
``resources/i18n/runtime_strings.py`` (as ``QT_TRANSLATE_NOOP`` calls) so lupdate sees them.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
I18N = RESOURCES / "i18n"
LANGUAGES = ("zh_CN",)
RUNTIME_STRINGS = I18N / "runtime_strings.py"
RC_MODULE = ROOT / "agentbar" / "_resources_rc.py"
# Format version 1 carries no file timestamps and --no-compress no zlib output, so the module
# depends only on the files' contents and a check can compare bytes.
RCC_ARGS = ("--format-version", "1", "--no-compress")


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else name


def cec_messages() -> list[str]:
    """Every person-facing sentence the ``cec`` package can put in a CecError, and the titles."""
    from agentbar.cec import errors

    found: list[str] = list(errors.RETCODE_MESSAGES.values())
    found += list(getattr(errors, "_FAMILY_MESSAGES", {}).values())
    found.append(errors.UNKNOWN_CODE_MESSAGE)
    for name in dir(errors):
        value = getattr(errors, name)
        if isinstance(value, type) and issubclass(value, errors.CecError):
            found.append(value.title)
    for extra in ("OIFDE_MESSAGES", "HTTP_MESSAGES"):
        table = getattr(errors, extra, None)
        if isinstance(table, dict):
            found += [v for v in table.values() if isinstance(v, str)]
    error_names = {
        name
        for name in dir(errors)
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), errors.CecError)
    }
    for module in sorted((ROOT / "agentbar" / "cec").glob("*.py")):
        found += _literal_messages(module, error_names)
    return _unique(found)


def _literal_messages(path: Path, error_names: set[str]) -> list[str]:
    """String literals passed first to a CecError class or as a ``*_message=`` keyword, or
    returned by ``*message*`` helpers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            first = node.args[0]
            if (
                name in error_names
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append(first.value)
        if isinstance(node, ast.Call):
            found += [
                keyword.value.value
                for keyword in node.keywords
                if (keyword.arg or "").endswith("_message")
                and isinstance(keyword.value, ast.Constant)
                and isinstance(keyword.value.value, str)
            ]
        if isinstance(node, ast.FunctionDef) and "message" in node.name:
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Return)
                    and isinstance(inner.value, ast.Constant)
                    and isinstance(inner.value.value, str)
                ):
                    found.append(inner.value.value)
    return found


def event_templates() -> list[str]:
    """The English description templates of agent events (context ``AgentEvent``)."""
    from agentbar.cec import events

    return _unique(events.description_templates())


# The doctor modules whose rows the Check dialog translates, and the local names that hold a
# row's template before it is given to ``CheckResult.of``.
DOCTOR_MODULES = ("doctor/report.py", "doctor/checks.py")
DOCTOR_TEMPLATE_NAMES = frozenset({"name", "detail", "action"})


def doctor_templates() -> list[str]:
    """The English templates of the shift-start check's rows (context ``DoctorCheck``).

    They are the string literals of the doctor modules that are given to ``CheckResult.of``,
    assigned to a local ``name``, ``detail`` or ``action``, or returned by an ``*_action``
    helper; ``tests/unit/test_doctor_templates.py`` keeps the modules written that way.
    """
    found: list[str] = []
    for module in DOCTOR_MODULES:
        tree = ast.parse((ROOT / "agentbar" / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "of":
                found += [text for arg in node.args for text in template_literals(arg)]
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id in DOCTOR_TEMPLATE_NAMES
                for target in node.targets
            ):
                found += template_literals(node.value)
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_action"):
                found += [
                    text
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Return) and inner.value is not None
                    for text in template_literals(inner.value)
                ]
    return _unique(found)


# The modules without Qt whose messages are kept as agentbar.message.Message templates; each
# names its Qt context in TRANSLATION_CONTEXT and its translated argument words in MESSAGE_WORDS.
MESSAGE_MODULES = ("agentbar.config", "agentbar.secrets")


def message_templates(module_name: str) -> list[str]:
    """The English templates, words and error titles of one of :data:`MESSAGE_MODULES`.

    Templates are the string literals given first to ``Message`` or to one of the module's
    exception classes (or a module-level constant given to one of those);
    ``tests/unit/test_message_templates.py`` keeps the modules written that way.
    """
    module = importlib.import_module(module_name)
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    errors = message_errors(module_name)
    found: list[str] = list(module.MESSAGE_WORDS)
    found += [getattr(module, name).title for name in errors]
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        if getattr(node.func, "id", "") not in {"Message", *errors}:
            continue
        first = node.args[0]
        found += template_literals(first)
        if isinstance(first, ast.Name) and isinstance(getattr(module, first.id, None), str):
            found.append(getattr(module, first.id))
    return _unique(found)


def message_errors(module_name: str) -> set[str]:
    """The names of the exception classes a message module defines."""
    module = importlib.import_module(module_name)
    return {
        name
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ == module.__name__
    }


def template_literals(node: ast.expr) -> list[str]:
    """The strings an expression can be when it is a literal or a choice between literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return template_literals(node.body) + template_literals(node.orelse)
    return []


def _unique(items: list[str]) -> list[str]:
    return sorted({item for item in items if item.strip()})


def _quoted(text: str) -> str:
    """A literal as ruff format writes it: double quotes, unless single ones need fewer escapes."""
    literal = repr(text)  # escapes backslashes and control characters; quotes fixed below
    body = literal[1:-1]
    quote = literal[0]
    body = body.replace("\\" + quote, quote)
    # Now ``body`` has no escaped quote of either kind.
    if text.count('"') > text.count("'"):
        return "'" + body.replace("'", "\\'") + "'"
    return '"' + body.replace('"', '\\"') + '"'


def runtime_strings_source() -> str:
    lines = [
        '"""Generated by packaging/resources.py: run-time strings for lupdate. Do not edit."""',
        "",
        "# ruff: noqa: E501  -- messages stay on one line each, as lupdate shows them",
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
    ]
    from agentbar.doctor.rows import TRANSLATION_CONTEXT

    contexts = [
        ("CecError", cec_messages()),
        ("AgentEvent", event_templates()),
        (TRANSLATION_CONTEXT, doctor_templates()),
    ]
    contexts += [
        (importlib.import_module(name).TRANSLATION_CONTEXT, message_templates(name))
        for name in MESSAGE_MODULES
    ]
    for context, texts in contexts:
        for text in texts:
            lines += ["QT_TRANSLATE_NOOP(", f'    "{context}",', f"    {_quoted(text)},", ")"]
    return "\n".join(lines) + "\n"


def update_ts() -> None:
    RUNTIME_STRINGS.write_text(runtime_strings_source(), encoding="utf-8")
    # Every module that calls tr() or QCoreApplication.translate, in the feature packages too.
    sources = [
        str(p)
        for package in ("ui", "app", "startup")
        for p in sorted((ROOT / "agentbar" / package).rglob("*.py"))
    ]
    sources.append(str(RUNTIME_STRINGS))
    for language in LANGUAGES:
        ts = I18N / f"agentbar_{language}.ts"
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                "-no-obsolete",
                "-locations",
                "none",
                *sources,
                "-ts",
                str(ts),
            ],
            check=True,
        )


def release(out_dir: Path = I18N) -> list[Path]:
    made = []
    for language in LANGUAGES:
        ts = I18N / f"agentbar_{language}.ts"
        qm = out_dir / f"agentbar_{language}.qm"
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        made.append(qm)
    return made


def rcc(qrc: Path = RESOURCES / "resources.qrc", out: Path = RC_MODULE) -> None:
    subprocess.run([tool("pyside6-rcc"), *RCC_ARGS, str(qrc), "-o", str(out)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-update", action="store_true", help="do not run lupdate")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if not args.no_update:
        update_ts()
    release()
    rcc()
    return 0


if __name__ == "__main__":
    sys.exit(main())
