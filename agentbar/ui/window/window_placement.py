"""Where the main window goes: inside the available area of a screen that is there now.

The window's last place is kept in a small JSON file beside the profile's data (never anything
secret). At start it goes back there only if that place is still on a connected screen; a
monitor unplugged since, or a smaller laptop screen, puts it at the top of the primary screen
instead, and a window larger than the screen's free area is shrunk to fit it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize

log = logging.getLogger(__name__)

PLACEMENT_FILE = "window.json"
# How much of the window's top edge must lie on a screen for a saved place to count as visible:
# enough to grab it with the mouse.
GRAB_WIDTH = 120
GRAB_HEIGHT = 24


def load_placement(path: Path) -> QRect | None:
    """The window's last place (logical pixels), or None when there is none that can be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rect = QRect(int(data["x"]), int(data["y"]), int(data["width"]), int(data["height"]))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.info("the window's last place could not be read from %s: %s", path, exc)
        return None
    return rect if rect.width() > 0 and rect.height() > 0 else None


def save_placement(path: Path, rect: QRect) -> None:
    """Keep ``rect`` for next time; a failure (disk full, no permission) is only logged."""
    data = {"x": rect.x(), "y": rect.y(), "width": rect.width(), "height": rect.height()}
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        log.warning("the window's place could not be saved to %s: %s", path, exc)


def fitted(frame: QRect, areas: Sequence[QRect], primary: QRect) -> QRect:
    """``frame`` moved (and shrunk if need be) into the available area it is on.

    ``areas`` are the available geometries of the connected screens; a frame on none of them
    (its top edge cannot be grabbed on any) goes to the top centre of ``primary``.
    """
    area = _area_holding_top_edge(frame, areas)
    if area is None:
        area = primary
        size = _shrunk(frame.size(), area)
        top_left = QPoint(area.x() + (area.width() - size.width()) // 2, area.y())
        return QRect(top_left, size)
    size = _shrunk(frame.size(), area)
    x = min(max(frame.x(), area.x()), area.x() + area.width() - size.width())
    y = min(max(frame.y(), area.y()), area.y() + area.height() - size.height())
    return QRect(QPoint(x, y), size)


def _shrunk(size: QSize, area: QRect) -> QSize:
    return QSize(min(size.width(), area.width()), min(size.height(), area.height()))


def _area_holding_top_edge(frame: QRect, areas: Sequence[QRect]) -> QRect | None:
    edge = QRect(frame.x(), frame.y(), max(1, frame.width()), GRAB_HEIGHT)
    best: QRect | None = None
    best_width = 0
    for area in areas:
        overlap = edge.intersected(area)
        grabbable = overlap.width() >= min(GRAB_WIDTH, frame.width()) and overlap.height() > 0
        if grabbable and overlap.width() > best_width:
            best, best_width = area, overlap.width()
    return best
