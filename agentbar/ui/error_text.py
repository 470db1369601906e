"""Turns any exception that reaches the window into a translated title and message for a person.

The ``cec`` package writes its messages in English; they are the source texts of the Qt context
``CecError`` (see ``packaging/i18n.py``, which puts every one of them in the .ts file).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from agentbar.cec.errors import CecError


def error_title(exc: BaseException) -> str:
    if isinstance(exc, CecError):
        return QCoreApplication.translate("CecError", exc.title)
    return QCoreApplication.translate("ErrorText", "Unexpected error")


def error_message(exc: BaseException) -> str:
    """One sentence for a banner or dialog; a code, when there is one, goes in brackets."""
    if isinstance(exc, CecError):
        text = QCoreApplication.translate("CecError", exc.message)
        return f"{text} [{exc.code}]" if exc.code else text
    return QCoreApplication.translate(
        "ErrorText", "Something went wrong inside agentbar: {0}. See the log for details."
    ).format(type(exc).__name__)
