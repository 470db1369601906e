"""The widget-level calls of start-up: the QApplication with agentbar's names and style sheet, and
bringing the open modal dialog forward (``agentbar.startup`` imports no QtWidgets itself)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtWidgets import QApplication

from agentbar.ui.window.bring_forward import bring_forward


def create_application() -> QApplication:
    """The QApplication (the running one in tests), named and styled as agentbar."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("agentbar")
    app.setApplicationDisplayName("agentbar")
    app.setDesktopFileName("agentbar")
    app.setQuitOnLastWindowClosed(False)  # we end the loop ourselves, after signing out
    _apply_style(app)
    return app


def bring_modal_dialog_forward() -> None:
    """Bring the open modal dialog (the first-run dialog, say) forward, if there is one."""
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        bring_forward(dialog)


def _apply_style(app: QApplication) -> None:
    import agentbar._resources_rc  # noqa: F401  -- registers :/agentbar/…

    style = QFile(":/agentbar/style/agentbar.qss")
    if style.open(QIODevice.OpenModeFlag.ReadOnly):
        app.setStyleSheet(bytes(style.readAll().data()).decode("utf-8"))
        style.close()
