"""Chooses the interface language and installs Qt translators for it (ours and Qt's own).

Our catalogues are compiled into the resource module under ``:/agentbar/i18n``; Qt's come from
the PySide6 installation. English is the source language and needs no catalogue.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    # At run time the mixins below are plain classes, so they can go before any Qt base; the
    # type checker sees them extend the Qt class whose methods they override.
    _WidgetBase = QWidget
    _ObjectBase = QObject
else:
    _WidgetBase = object
    _ObjectBase = object

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
# Language code → the language's own name, as the settings dialog lists it.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []


def system_language() -> str:
    """The supported language closest to the system locale (Chinese → zh_CN, else English)."""
    name = QLocale.system().name()
    if name.startswith("zh"):
        return "zh_CN"
    return SOURCE_LANGUAGE


def resolve_language(choice: str | None) -> str:
    """A configured choice ("", "system", "en", "zh_CN") as a supported language code."""
    if choice in LANGUAGES:
        return choice
    return system_language()


def install_language(language: str) -> bool:
    """Replace the installed translators with those for ``language``; False if ours is missing.

    Installing or removing a translator posts every widget a LanguageChange event; they are
    delivered before this returns, so open windows show the new language at once.
    """
    import agentbar._resources_rc  # noqa: F401  -- registers :/agentbar/…

    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QCoreApplication")
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language == SOURCE_LANGUAGE:
        _deliver_language_change()
        return True
    ours = QTranslator(app)
    if not ours.load(f":/agentbar/i18n/agentbar_{language}.qm"):
        log.warning("no agentbar translation for %s", language)
        return False
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        QCoreApplication.installTranslator(qt_own)
        _installed.append(qt_own)
    QCoreApplication.installTranslator(ours)
    _installed.append(ours)
    _deliver_language_change()
    return True


def _deliver_language_change() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


class Retranslating(_WidgetBase):
    """Mixin for a widget with a ``retranslate()`` method: it runs again on every language change.

    Put it before the Qt base (``class View(Retranslating, QWidget)``). The widget calls
    ``retranslate()`` once itself when built; :func:`install_language` reaches it later through
    the LanguageChange event Qt sends every widget.
    """

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class RetranslatingObject(_ObjectBase):
    """:class:`Retranslating` for a QObject that is not a widget (it has no ``changeEvent``).

    Such an object hears of a language change only as the child of a widget, which passes the
    event on to its children.
    """

    def retranslate(self) -> None:
        raise NotImplementedError

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().event(event)
