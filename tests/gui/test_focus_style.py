"""The compiled style sheet marks where the keyboard is: an accent border on the focused field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QFile, QIODevice
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

import agentbar._resources_rc  # noqa: F401 -- registers :/agentbar/style/agentbar.qss

ACCENT = QColor("#1c7ed6")


def style_sheet() -> str:
    style = QFile(":/agentbar/style/agentbar.qss")
    assert style.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        return bytes(style.readAll().data()).decode("utf-8")
    finally:
        style.close()


@pytest.mark.parametrize("kind", [QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QListView])
def test_the_focused_field_has_an_accent_border_and_the_others_not(
    qtbot: QtBot, kind: type[QWidget]
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.setStyleSheet(style_sheet())  # on this window only: other tests keep the default
    layout = QVBoxLayout(window)
    focused, other = kind(window), kind(window)
    layout.addWidget(focused)
    layout.addWidget(other)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    focused.setFocus()
    qtbot.waitUntil(focused.hasFocus, timeout=2000)

    def left_edge(widget: QWidget) -> QColor:
        image = widget.grab().toImage()
        return image.pixelColor(0, image.height() // 2)

    assert left_edge(focused) == ACCENT
    assert left_edge(other) != ACCENT
