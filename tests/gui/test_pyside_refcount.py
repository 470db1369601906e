"""Guards against a Qt binding that loses references to None (PySide6 6.12.0 on Python 3.11).

Each call of a void method, and each Python model override that answers None to a C++ caller,
dropped one reference to None; after some thousands of calls CPython aborted with "deallocating
None" — a full day at the desk makes millions. pyproject.toml excludes that version; this test
fails on any binding that does it again.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QSpinBox

CALLS = 500  # few enough that a leaking binding fails here instead of aborting

AnyIndex = QModelIndex | QPersistentModelIndex


class _EmptyModel(QAbstractTableModel):
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return None


def _none_lost_by(call: Any) -> int:
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(None)


def test_void_methods_keep_the_references_to_none(qtbot: Any) -> None:
    box = QSpinBox()
    qtbot.addWidget(box)
    assert _none_lost_by(lambda: box.setSuffix(" min")) < CALLS // 10


def test_model_overrides_answering_none_keep_the_references_to_none(qapp: Any) -> None:
    source = _EmptyModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    index = proxy.index(0, 0)
    assert _none_lost_by(lambda: proxy.data(index)) < CALLS // 10
