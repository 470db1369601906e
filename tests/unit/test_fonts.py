"""What needs a Chinese font, which package gives one, fontconfig's answer and the doctor's row."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agentbar.desktop import fonts
from agentbar.desktop.fonts import (
    fontconfig_chinese_families,
    has_chinese,
    language_is_chinese,
    needs_chinese_font,
    package_for,
)
from agentbar.doctor import checks as doctor_checks
from agentbar.doctor.checks import check_fonts
from agentbar.doctor.rows import Status
from tests.no_cjk_fonts import no_cjk_fonts_conf

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    ["文字交谈_Text chat", "售后", "Hello。", "ｆｕｌｌ", "𠀀 extension B", "⺀ radical"],
)
def test_chinese_characters_and_punctuation_need_a_cjk_font(text: str) -> None:
    assert has_chinese(text)


@pytest.mark.parametrize("text", ["", "Text chat", "Café — naïve “quotes” …", "Ελληνικά", "№ 5"])
def test_latin_and_other_text_does_not(text: str) -> None:
    assert not has_chinese(text)


def test_the_chinese_interface_or_chinese_text_needs_a_chinese_font() -> None:
    assert language_is_chinese("zh_CN")
    assert language_is_chinese("zh")
    assert not language_is_chinese("en_US")
    assert needs_chinese_font("zh_CN")
    assert needs_chinese_font("zh_CN", ["Voice"])
    assert needs_chinese_font("en_US", ["Voice", "文字交谈_Text chat"])
    assert not needs_chinese_font("en_US", ["Voice", "Text chat"])
    assert not needs_chinese_font("en_US")


@pytest.mark.parametrize(
    ("os_release", "package"),
    [
        ({"ID": "debian"}, "fonts-noto-cjk"),
        ({"ID": "ubuntu", "ID_LIKE": "debian"}, "fonts-noto-cjk"),
        ({"ID": "linuxmint", "ID_LIKE": "ubuntu debian"}, "fonts-noto-cjk"),
        ({"ID": "fedora"}, "google-noto-sans-cjk-fonts"),
        ({"ID": "rocky", "ID_LIKE": "rhel centos fedora"}, "google-noto-sans-cjk-fonts"),
        ({"ID": "arch"}, "noto-fonts-cjk"),
        ({"ID": "manjaro", "ID_LIKE": "arch"}, "noto-fonts-cjk"),
        ({"ID": "opensuse-tumbleweed", "ID_LIKE": "opensuse suse"}, "noto-sans-sc-fonts"),
        ({"ID": "opensuse-leap", "ID_LIKE": "suse opensuse"}, "noto-sans-sc-fonts"),
        ({"ID": "sles", "ID_LIKE": "suse"}, "noto-sans-sc-fonts"),
        ({"ID": "gentoo"}, ""),
        ({}, ""),
    ],
)
def test_the_package_follows_os_release_id_then_id_like(
    os_release: dict[str, str], package: str
) -> None:
    assert package_for(os_release) == package


def test_fontconfig_lists_the_installed_chinese_fonts_sc_first() -> None:
    # This machine (and CI) has fonts-noto-cjk.
    families = fontconfig_chinese_families()
    assert families
    assert families[0] == "Noto Sans CJK SC"
    assert all("," not in family for family in families)


def test_fontconfig_finds_none_on_a_desktop_without_cjk_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_cjk_fonts_conf(tmp_path)))
    assert fontconfig_chinese_families() == []


def test_without_fc_list_fontconfig_cannot_tell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert fontconfig_chinese_families() is None


@pytest.mark.parametrize("script", ["exit 1", "sleep 5"], ids=["fails", "hangs"])
def test_a_failing_or_hanging_fc_list_cannot_tell(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "fc-list"
    fake.write_text(f"#!/bin/sh\necho 'Noto Sans CJK SC'\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(fonts, "FC_LIST_TIMEOUT", 0.5)
    assert fontconfig_chinese_families() is None


# --- the doctor's row ----------------------------------------------------------------------------


async def test_doctor_passes_when_a_font_covers_chinese() -> None:
    row = await check_fonts(lambda: ["Noto Sans CJK SC", "Noto Serif CJK SC"])
    assert (row.name, row.status, row.detail) == (
        "fonts",
        Status.PASS,
        "Chinese text can be shown (Noto Sans CJK SC).",
    )


async def test_doctor_warns_and_names_the_package_when_no_font_covers_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(doctor_checks, "chinese_font_package", lambda: "noto-fonts-cjk")
    row = await check_fonts(lambda: [])
    assert row.status is Status.WARN  # a warning: agentbar works, Chinese shows as boxes
    assert row.detail == (
        "No Chinese font is installed: Chinese text (the Chinese interface, skill names) shows "
        "as empty boxes."
    )
    assert row.action == "Ask IT to install noto-fonts-cjk, then restart agentbar."


async def test_doctor_names_a_font_when_the_distribution_is_not_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(doctor_checks, "chinese_font_package", lambda: "")
    row = await check_fonts(lambda: [])
    assert row.status is Status.WARN
    assert row.action == (
        "Ask IT to install a Chinese font such as Noto Sans CJK SC, then restart agentbar."
    )
    unknown = await check_fonts(lambda: None)
    assert unknown.status is Status.WARN
    assert "Could not tell" in unknown.detail
    assert unknown.action.startswith("If Chinese text shows as empty boxes, ask IT to install a")


@pytest.mark.parametrize(("system", "name"), [("win32", "Windows"), ("darwin", "macOS")])
async def test_doctor_does_not_ask_windows_or_macos(system: str, name: str) -> None:
    row = await check_fonts(system=system)
    assert (row.status, row.detail) == (Status.PASS, f"{name} includes Chinese fonts.")


async def test_doctor_asks_fontconfig_on_linux(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (await check_fonts(system="linux")).status is Status.PASS
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_cjk_fonts_conf(tmp_path)))
    assert (await check_fonts(system="linux")).status is Status.WARN
    monkeypatch.setenv("PATH", str(tmp_path))
    assert "Could not tell" in (await check_fonts(system="linux")).detail


def test_doctor_cli_reports_the_missing_font_as_a_warning_row(tmp_path: Path) -> None:
    """``agentbar doctor --json`` on a desktop without a Chinese font (no Qt, no display)."""
    done = subprocess.run(
        [sys.executable, "-m", "agentbar", "doctor", "--json", "--config", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "FONTCONFIG_FILE": str(no_cjk_fonts_conf(tmp_path / "fonts")),
        },
    )
    assert "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    fonts = [row for row in data["results"] if row["name"] == "fonts"]
    assert fonts == [
        {
            "name": "fonts",
            "status": "warn",
            "detail": "No Chinese font is installed: Chinese text (the Chinese interface, skill "
            "names) shows as empty boxes.",
            "action": "Ask IT to install fonts-noto-cjk, then restart agentbar.",
        }
    ]


def test_the_doctor_font_check_loads_no_qt() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, agentbar.doctor.checks; print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=True,
    )
    assert not [name for name in json.loads(done.stdout) if name.startswith("PySide6")]
