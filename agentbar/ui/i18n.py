"""Chooses the interface language and installs Qt translators for it (ours and Qt's own).

Our catalogues are compiled into the resource module under ``:/agentbar/i18n``; Qt's come from
the PySide6 installation. English is the source language and needs no catalogue.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

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
