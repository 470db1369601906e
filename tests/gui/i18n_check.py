"""The check that a widget shows no English left: every visible text, tooltip, accessible name,
placeholder, combo item, tab and table header, and whether one of them is untranslated.

Shared by tests/gui/test_i18n.py (the main window) and tests/gui/test_live_language.py (the other
widgets, switched at run time).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
# Strings that are the same in every language: numbers, times, product and protocol names.
ALLOWED = {
    "",
    "ID",
    "IVR",
    "agentbar",
    "✕",
    "●",
    "WhatsApp",
    # The settings' language list names each language in its own words, never translated.
    "English",
    # The setup dialog's example gateway address (a placeholder; a URL has no language).
    "https://10.1.1.1:8043",
}


def untranslated(text: str) -> bool:
    plain = re.sub(r"<[^>]+>", "", text).strip()
    if plain in ALLOWED or CJK.search(plain):
        return False
    return bool(re.search(r"[A-Za-z]{2,}", plain))


def visible_strings(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every visible widget's text, tooltip, accessible name and placeholder."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}"
        found.append((f"{where} toolTip", widget.toolTip()))
        found.append((f"{where} accessibleName", widget.accessibleName()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((f"{where} text", widget.text()))
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            found.append((f"{where} placeholder", widget.placeholderText()))
        if isinstance(widget, QComboBox):
            found += [(f"{where} item", widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            found += [(f"{where} tab", widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and isinstance(widget.model(), QAbstractItemModel):
            model = widget.model()
            # A list model has one column and no header worth reading.
            columns = 0 if isinstance(model, QAbstractListModel) else model.columnCount()
            found += [
                (f"{where} header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                for c in range(columns)
            ]
    return found


def leftovers(root: QWidget) -> list[tuple[str, str]]:
    """The visible strings of ``root`` that are still English."""
    return [item for item in visible_strings(root) if untranslated(item[1])]
