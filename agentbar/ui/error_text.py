"""Turns any exception that reaches the window into a translated title and message for a person.

The ``cec`` package writes its messages in English; they are the source texts of the Qt context
``CecError``. The profile (:class:`~agentbar.config.ConfigError`, context ``ConfigError``) and the
keyring (:class:`~agentbar.secrets.SecretStoreError`, context ``SecretStore``) keep theirs as a
:class:`~agentbar.message.Message`, translated here from its template. ``packaging/resources.py``
puts every one of them in the .ts file.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from agentbar import config, secrets
from agentbar.cec import CecError
from agentbar.message import Message, fill


def translated(context: str, message: Message) -> str:
    """``message`` in the current language: its template and its ``words`` translated in
    ``context``, the other arguments as they are. A translation that lost a placeholder shows
    the English."""
    args = {
        key: QCoreApplication.translate(context, value) if key in message.words else value
        for key, value in message.args.items()
    }
    try:
        return fill(QCoreApplication.translate(context, message.template), args)
    except (KeyError, IndexError, ValueError):
        return str(message)


def keyring_description(store: secrets.SecretStore) -> str:
    """The keyring backend's description (``SecretStore.describe``) in the current language."""
    return translated(secrets.TRANSLATION_CONTEXT, store.description())


def error_title(exc: BaseException) -> str:
    if isinstance(exc, CecError):
        return QCoreApplication.translate("CecError", exc.title)
    if isinstance(exc, config.ConfigError):
        return QCoreApplication.translate(config.TRANSLATION_CONTEXT, exc.title)
    if isinstance(exc, secrets.SecretStoreError):
        return QCoreApplication.translate(secrets.TRANSLATION_CONTEXT, exc.title)
    return QCoreApplication.translate("ErrorText", "Unexpected error")


def error_message(exc: BaseException) -> str:
    """One sentence for a banner or dialog; a code, when there is one, goes in brackets."""
    if isinstance(exc, CecError):
        text = QCoreApplication.translate("CecError", exc.message)
        return f"{text} [{exc.code}]" if exc.code else text
    if isinstance(exc, config.ConfigError):
        return translated(config.TRANSLATION_CONTEXT, exc.text)
    if isinstance(exc, secrets.SecretStoreError):
        return translated(secrets.TRANSLATION_CONTEXT, exc.text)
    return QCoreApplication.translate(
        "ErrorText", "Something went wrong inside agentbar: {0}. See the log for details."
    ).format(type(exc).__name__)
