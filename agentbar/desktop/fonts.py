"""Whether Chinese text can be drawn here, and which package gives a font for it (no Qt).

Without a font that covers Chinese, Qt draws every Chinese character as an empty box: the Chinese
interface, and skill names such as "文字交谈_Text chat" even in the English one. The window asks
Qt's font database (``agentbar/ui/window/fonts.py``); ``agentbar doctor`` may run without Qt, so on
Linux it asks fontconfig's ``fc-list``, which is where Qt's font database comes from there. Both
name the same package to install, chosen from ``/etc/os-release``.
"""

from __future__ import annotations

import functools
import platform
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence

# The families that cover Simplified Chinese; None when that cannot be told.
ChineseFontLookup = Callable[[], Sequence[str] | None]

# GUESS: the code points that need a CJK font: CJK radicals, symbols and punctuation (。「」),
# unified and compatibility ideographs (all extensions) and full-width forms. Kana and Hangul are
# left out: CEC skill names and agentbar's languages are Chinese or English.
_CJK_RANGES = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x303F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
)

# The package with a Simplified Chinese font, by os-release ID (or an ID_LIKE word).
PACKAGES: Mapping[str, str] = {
    "debian": "fonts-noto-cjk",  # and Ubuntu, Mint…: ID_LIKE="debian"
    # GUESS: RHEL and its rebuilds say ID_LIKE="fedora" and are given Fedora's name.
    "fedora": "google-noto-sans-cjk-fonts",
    "arch": "noto-fonts-cjk",
    # openSUSE's IDs (opensuse-leap, opensuse-tumbleweed) come with ID_LIKE="suse opensuse".
    "suse": "noto-sans-sc-fonts",
}

# Every Windows since Vista ships Microsoft YaHei and SimSun, every macOS PingFang or Hiragino:
# only the free desktops may lack a Chinese font.
SYSTEMS_WITH_CHINESE_FONTS: Mapping[str, str] = {"win32": "Windows", "darwin": "macOS"}

FC_LIST_TIMEOUT = 10.0


def has_chinese(text: str) -> bool:
    """Whether ``text`` has a character that only a CJK font can draw."""
    return any(low <= ord(char) <= high for char in text for low, high in _CJK_RANGES)


def language_is_chinese(language: str) -> bool:
    """Whether the interface language ("zh_CN", "zh", "zh-Hans"…) is written in Chinese."""
    return language.lower().startswith("zh")


def needs_chinese_font(language: str, texts: Iterable[str] = ()) -> bool:
    """Whether the interface in ``language`` showing ``texts`` needs a Chinese font."""
    return language_is_chinese(language) or any(has_chinese(text) for text in texts)


def package_for(os_release: Mapping[str, str]) -> str:
    """The package that installs a Chinese font on this distribution; "" when not known."""
    words = [os_release.get("ID", ""), *os_release.get("ID_LIKE", "").split()]
    return next((PACKAGES[word] for word in words if word in PACKAGES), "")


@functools.cache
def chinese_font_package() -> str:
    """The package for this computer's distribution (read once); "" elsewhere or unknown."""
    if not sys.platform.startswith("linux"):
        return ""
    try:
        return package_for(platform.freedesktop_os_release())
    except OSError:
        return ""


def fontconfig_chinese_families() -> list[str] | None:
    """The families fontconfig says cover Simplified Chinese, SC cuts first; None if fc-list fails.

    Blocks (a subprocess): call it from a thread.
    """
    try:
        done = subprocess.run(
            ["fc-list", ":lang=zh-cn", "family"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=FC_LIST_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    # A line lists a family's names, the English one first: "Noto Sans CJK SC,Noto Sans CJK SC
    # Regular". The Simplified Chinese cuts (… SC) come first, as the best to name.
    names = {line.split(",")[0].strip() for line in done.stdout.splitlines() if line.strip()}
    return sorted(names, key=lambda family: (not family.endswith(" SC"), family))
