"""Every widget with a ``retranslate()`` gets it from the one mixin, and the mixin runs it live."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject
from PySide6.QtWidgets import QLabel, QWidget

import agentbar.ui
from agentbar.ui.i18n import Retranslating, RetranslatingObject, install_language


def _ui_classes() -> list[type]:
    found: list[type] = []
    for info in pkgutil.walk_packages(agentbar.ui.__path__, "agentbar.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name:
                found.append(cls)
    return found


def test_every_ui_class_with_retranslate_hears_language_changes() -> None:
    # Item models are retranslated by the view that shows them, not by an event of their own.
    missing = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _ui_classes()
        if issubclass(cls, QObject)
        and not issubclass(cls, QAbstractItemModel)
        and callable(getattr(cls, "retranslate", None))
        and cls not in (Retranslating, RetranslatingObject)
        and not issubclass(
            cls, RetranslatingObject if not issubclass(cls, QWidget) else Retranslating
        )
    ]
    assert missing == []


class _Counting(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 0

    def retranslate(self) -> None:
        self.count += 1


class _CountingLabel(Retranslating, QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 0

    def retranslate(self) -> None:
        self.count += 1


class _CountingObject(RetranslatingObject, QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.count = 0

    def retranslate(self) -> None:
        self.count += 1


def test_a_language_switch_retranslates_widgets_children_and_objects(qtbot: Any) -> None:
    top = _Counting()
    qtbot.addWidget(top)
    label = _CountingLabel(top)
    plain = _CountingObject(top)
    try:
        install_language("zh_CN")
        assert (top.count, label.count, plain.count) == (1, 1, 1)
        install_language("en")
        assert (top.count, label.count, plain.count) == (2, 2, 2)
    finally:
        install_language("en")
