"""Says in a banner why Chinese text shows as boxes: no installed font covers Chinese.

The interface language (zh_CN) and the text on show that may be Chinese in any language (skill
names such as "文字交谈_Text chat") are checked against Qt's font database whenever either
changes; ``agentbar/desktop/fonts.py`` decides what needs a Chinese font and names the package
to install.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QFontDatabase

from agentbar.desktop.fonts import ChineseFontLookup, chinese_font_package, needs_chinese_font
from agentbar.ui.window.banner import Banner


def qt_chinese_families() -> list[str]:
    """The installed font families Qt can draw Simplified Chinese with."""
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def missing_font_text(package: str) -> str:
    """The warning in the current language; ``package`` is what to install ("": not known)."""
    if package:
        return QCoreApplication.translate(
            "FontNotice",
            "Chinese text cannot be shown: no Chinese font is installed. Ask IT to install {0}.",
        ).format(package)
    return QCoreApplication.translate(
        "FontNotice",
        "Chinese text cannot be shown: no Chinese font is installed. "
        "Ask IT to install a Chinese font such as Noto Sans CJK SC.",
    )


class FontNotice:
    """Shows the warning on ``banner`` while Chinese is needed and no font covers it.

    ``chinese_fonts`` lists the covering families (default: Qt's font database); tests give one
    that finds none. A warning the person dismissed comes back only when the language changes
    or after it was no longer needed.
    """

    def __init__(self, banner: Banner, chinese_fonts: ChineseFontLookup | None = None) -> None:
        self.banner = banner
        self.chinese_fonts: ChineseFontLookup = chinese_fonts or qt_chinese_families
        self._texts: tuple[str, ...] = ()
        self._shown: tuple[str, str] | None = None  # (language, text) last shown

    def set_texts(self, texts: Iterable[str]) -> None:
        """The text on show that may be Chinese whatever the language (skill names); checks."""
        self._texts = tuple(texts)
        self.check()

    def check(self) -> None:
        """Show, keep or dismiss the warning for the current language (``QLocale()``)."""
        language = QLocale().name()
        missing = False
        if needs_chinese_font(language, self._texts):
            families = self.chinese_fonts()
            # None: the lookup cannot tell, and a warning that may be wrong is not shown.
            missing = families is not None and not families
        if not missing:
            self._shown = None
            self.banner.dismiss()
            return
        # Reads /etc/os-release once per process, and only when a warning is due.
        text = missing_font_text(chinese_font_package())
        if self._shown != (language, text):
            self._shown = (language, text)
            self.banner.show_message("warning", text)
