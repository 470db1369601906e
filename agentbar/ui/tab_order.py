"""The Tab order of a form or dialog, written down as one list from top to bottom.

PySide6 6.11 has only the two-widget ``QWidget.setTabOrder``; a list states a form's order once.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtWidgets import QWidget


def set_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order (Shift+Tab back)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
