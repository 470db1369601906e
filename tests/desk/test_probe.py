"""The desk probe (agentbar/ui/window/desk_probe.py): off without its variable, never shows a
password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from agentbar.ui.window import desk_probe


def window(qtbot: QtBot) -> tuple[QWidget, QLineEdit, QLineEdit]:
    main = QWidget()
    main.setObjectName("mainWindow")
    qtbot.addWidget(main)
    name = QLineEdit(main)
    name.setObjectName("nameField")
    secret = QLineEdit(main)
    secret.setObjectName("secretField")
    secret.setEchoMode(QLineEdit.EchoMode.Password)
    layout = QVBoxLayout(main)
    layout.addWidget(name)
    layout.addWidget(secret)
    main.show()
    qtbot.waitExposed(main)
    return main, name, secret


def test_off_without_its_variable(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(desk_probe.ENV, raising=False)
    main, _, _ = window(qtbot)
    assert desk_probe.install(main) is None


def test_writes_windows_focus_and_widgets_but_no_password(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "probe.json"
    monkeypatch.setenv(desk_probe.ENV, str(path))
    main, name, secret = window(qtbot)
    assert desk_probe.install(main) is not None
    name.setText("question")
    secret.setText("hunter2")
    main.activateWindow()
    secret.setFocus()
    qtbot.waitUntil(path.exists, timeout=3000)
    qtbot.waitUntil(lambda: json.loads(path.read_text())["focus"] is not None, timeout=3000)
    picture = json.loads(path.read_text())
    assert "hunter2" not in path.read_text()
    assert picture["focus"]["objectName"] == "secretField"
    assert "text" not in picture["focus"]
    names = [w["objectName"] for w in picture["windows"]]
    assert "mainWindow" in names
    field = picture["widgets"]["nameField"]
    ratio = picture["windows"][names.index("mainWindow")]["devicePixelRatio"]
    assert field["width"] == round(name.width() * ratio)
    assert field["visible"]
    name.setFocus()
    qtbot.waitUntil(
        lambda: (json.loads(path.read_text())["focus"] or {}).get("text") == "question",
        timeout=3000,
    )
