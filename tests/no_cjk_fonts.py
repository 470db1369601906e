"""A fontconfig configuration that knows no font for Chinese (this machine has fonts-noto-cjk).

A process given ``FONTCONFIG_FILE`` pointing at it sees only the DejaVu fonts, as a desktop
without a CJK font would: ``fc-list :lang=zh-cn`` lists nothing and Qt draws Chinese as boxes.
"""

from __future__ import annotations

from pathlib import Path

DEJAVU = "/usr/share/fonts/truetype/dejavu"


def no_cjk_fonts_conf(folder: Path) -> Path:
    """Write the configuration (and room for its cache) into ``folder``; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{DEJAVU}</dir>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return path
