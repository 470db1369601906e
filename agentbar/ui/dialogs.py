"""Awaiting a dialog without a nested event loop (``open()`` + ``finished`` → a future).

``QDialog.exec()`` and the static ``QMessageBox`` helpers start a nested loop, which breaks every
other asyncio task running on qasync; this is the one way agentbar waits for a dialog.
"""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


async def run_dialog(dialog: QDialog) -> int:
    """Show ``dialog`` window-modally and wait for its result code."""
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not future.done():
            future.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await future
    finally:
        dialog.finished.disconnect(finished)


def confirm_box(parent: QWidget, title: str, text: str, yes_text: str) -> QMessageBox:
    """The box :func:`confirm` shows: Enter and Escape both choose Cancel.

    What is confirmed ends something (a call, a sign-in), so a key pressed out of habit, or
    meant for the field the agent was typing in, must not do it.
    """
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setObjectName("confirmBox")
    return box


async def confirm(parent: QWidget, title: str, text: str, yes_text: str) -> bool:
    """Ask a yes/no question; True when the person chose ``yes_text``."""
    box = confirm_box(parent, title, text, yes_text)
    await run_dialog(box)
    clicked = box.clickedButton()
    return clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole
