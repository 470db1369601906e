"""What the desk tests (``tests/desk``) need to see of the running window, written to a file.

Enabled only by ``AGENTBAR_DESK_PROBE=/path/file.json`` (see
``agentbar.startup.window.build_window``). Every 200 ms it writes, atomically, a JSON of: every
visible top-level window (objectName, class, title, frame geometry, the available geometry of its
screen, the device pixel ratio), the focus widget (and its text when it is a text field that is not
a password field), the clipboard's text, and the geometry, visibility and enabled state of every
named widget of the main window.

Geometry is in device pixels, the unit of the X server (``xdotool``, ``xwd``): Qt's own is in
logical pixels, which differ from them under ``QT_SCALE_FACTOR``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, QRect, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

ENV = "AGENTBAR_DESK_PROBE"
INTERVAL_MS = 200


def _device_rect(rect: QRect, ratio: float) -> dict[str, int]:
    # One screen at the origin (Xvfb): a logical point maps to device pixels by the ratio alone.
    return {
        "x": round(rect.x() * ratio),
        "y": round(rect.y() * ratio),
        "width": round(rect.width() * ratio),
        "height": round(rect.height() * ratio),
    }


def _screen_of(widget: QWidget) -> tuple[QRect, float]:
    screen = widget.screen() or QApplication.primaryScreen()
    return screen.availableGeometry(), screen.devicePixelRatio()


def _field_text(widget: QWidget) -> str | None:
    """The text of a text field the person types in; never a password's."""
    if isinstance(widget, QLineEdit):
        if widget.echoMode() != QLineEdit.EchoMode.Normal:
            return None
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    return None


def _describe(widget: QWidget) -> dict[str, Any]:
    return {"objectName": widget.objectName(), "class": type(widget).__name__}


def snapshot(main_window: QWidget) -> dict[str, Any]:
    """The JSON-ready picture of the application at this moment."""
    windows = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        available, ratio = _screen_of(top)
        windows.append(
            {
                **_describe(top),
                "title": top.windowTitle(),
                "frame": _device_rect(top.frameGeometry(), ratio),
                "geometry": _device_rect(top.geometry(), ratio),
                "available": _device_rect(available, ratio),
                "devicePixelRatio": ratio,
                "modal": top.isModal(),
                "active": top.isActiveWindow(),
            }
        )
    focus: dict[str, Any] | None = None
    focused = QApplication.focusWidget()
    if focused is not None:
        focus = {**_describe(focused), "window": focused.window().objectName()}
        text = _field_text(focused)
        focus["isTextField"] = isinstance(focused, QLineEdit | QPlainTextEdit | QTextEdit)
        if text is not None:
            focus["text"] = text
    widgets: dict[str, Any] = {}
    _, ratio = _screen_of(main_window)
    for child in main_window.findChildren(QWidget):
        name = child.objectName()
        if not name or name.startswith("qt_"):
            continue
        origin = child.mapToGlobal(QPoint(0, 0))
        rect = QRect(origin, child.size())
        # Several widgets may share a name (a form's error labels): keep the first visible one.
        if name in widgets and widgets[name]["visible"]:
            continue
        widgets[name] = {
            **_device_rect(rect, ratio),
            "class": type(child).__name__,
            "visible": child.isVisible(),
            "enabled": child.isEnabled(),
        }
    active = QApplication.activeWindow()
    return {
        "time": time.time(),
        "windows": windows,
        "activeWindow": active.objectName() if active is not None else None,
        "focus": focus,
        "clipboard": QApplication.clipboard().text(),
        "widgets": widgets,
    }


class DeskProbe(QObject):
    """Writes :func:`snapshot` of ``main_window`` to ``path`` every ``INTERVAL_MS``."""

    def __init__(self, main_window: QWidget, path: Path) -> None:
        super().__init__(main_window)
        self._window = main_window
        self._path = path
        self._seq = 0
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.write)
        self._timer.start()

    def write(self) -> None:
        self._seq += 1
        body = {"seq": self._seq, "pid": os.getpid(), **snapshot(self._window)}
        temp = self._path.with_name(self._path.name + ".tmp")
        # A few kilobytes to a test's temporary directory, only under the desk tests: written
        # on the GUI thread so the picture is of one moment.
        temp.write_text(json.dumps(body), encoding="utf-8")
        os.replace(temp, self._path)


def install(main_window: QWidget) -> DeskProbe | None:
    """Start the probe when ``AGENTBAR_DESK_PROBE`` names a file; else nothing."""
    path = os.environ.get(ENV, "")
    if not path:
        return None
    return DeskProbe(main_window, Path(path))
