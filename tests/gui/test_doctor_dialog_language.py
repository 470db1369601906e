"""The Check dialog shows the doctor's rows in the UI language; the English stays as it was.

The doctor runs against real simulators with good and bad settings (``tests/doctor_scenarios.py``);
its report is shown in a ``DoctorDialog`` with zh_CN installed, where no row may keep English
(the check of ``tests/gui/i18n_check.py``), and in English, where every cell must be the text the
CLI prints.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import Status
from agentbar.ui.i18n import install_language
from agentbar.ui.settings.doctor_dialog import DoctorDialog
from tests.doctor_scenarios import (
    Simulators,
    broken_profile,
    clock_behind,
    good_demo,
    good_file,
    missing_secrets,
    simulators,
    untrusted_tls,
    wrong_url,
)
from tests.gui.i18n_check import CJK, untranslated

SHOWN = (good_demo, good_file, wrong_url, missing_secrets, broken_profile, clock_behind)


@pytest.fixture
def sims(tmp_path: Path) -> Iterator[Simulators]:
    yield from simulators(tmp_path)


@pytest.fixture
def language(qapp: QApplication) -> Iterator[None]:
    try:
        yield
    finally:
        install_language("en")
        qapp.processEvents()


def switch(qapp: QApplication, language: str) -> None:
    assert install_language(language)
    qapp.processEvents()


def cells(dialog: DoctorDialog) -> list[tuple[str, str, str]]:
    """Check, found and what to do of every row, as the table shows them."""
    model = dialog.model
    return [
        tuple(str(model.data(model.index(row, column)) or "") for column in (1, 2, 3))  # type: ignore[misc]
        for row in range(model.rowCount())
    ]


def tooltips(dialog: DoctorDialog) -> list[str]:
    model = dialog.model
    return [
        str(model.data(model.index(row, 2), Qt.ItemDataRole.ToolTipRole))
        for row in range(model.rowCount())
    ]


def english(report: DoctorReport) -> list[tuple[str, str, str]]:
    """What ``agentbar doctor`` prints for each row: action only where the check did not pass."""
    return [
        (r.name, r.detail, r.action if r.status is not Status.PASS else "") for r in report.results
    ]


def run(qloop: asyncio.AbstractEventLoop, sims: Simulators) -> list[DoctorReport]:
    async def all_of_them() -> list[DoctorReport]:
        return [await scenario(sims) for scenario in SHOWN]

    return qloop.run_until_complete(all_of_them())


def test_rows_are_chinese_in_zh_cn_and_the_clis_english_in_english(
    qloop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
    qapp: QApplication,
    sims: Simulators,
    language: None,
) -> None:
    reports = run(qloop, sims)
    statuses = {r.status for report in reports for r in report.results}
    assert statuses == {Status.PASS, Status.WARN, Status.FAIL}
    dialog = DoctorDialog()
    qtbot.addWidget(dialog)
    dialog.show()

    switch(qapp, "zh_CN")
    for report in reports:
        dialog.set_report(report)
        shown = cells(dialog)
        assert len(shown) == len(report.results)
        left = [text for row in shown for text in row if untranslated(text)]
        left += [text for text in tooltips(dialog) if untranslated(text)]
        assert left == [], f"English left in the {report.config_path} rows"
        for chinese, source in zip(shown, english(report), strict=True):
            assert all(a != b for a, b in zip(chinese, source, strict=True) if b), source

    switch(qapp, "en")
    for report in reports:
        dialog.set_report(report)
        assert cells(dialog) == english(report)
        assert tooltips(dialog) == [f"{r.detail}\n{r.action}".strip() for r in report.results]


def test_bad_settings_show_translated_rows_with_their_data(
    qloop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
    qapp: QApplication,
    sims: Simulators,
    language: None,
) -> None:
    wrong, missing = qloop.run_until_complete(_both(sims))
    dialog = DoctorDialog()
    qtbot.addWidget(dialog)
    dialog.show()

    # English first: exactly what the doctor printed before its rows were translatable.
    dialog.set_report(missing)
    rows = {name: (detail, action) for name, detail, action in cells(dialog)}
    assert rows["secret ccfs-sk"] == (
        "not stored in the keyring, so this service cannot be used.",
        "Store it with: agentbar secrets set ccfs-sk",
    )
    assert rows["secret password"] == (
        "not stored; agentbar will ask for it at each sign-in.",
        "To be asked no more: agentbar secrets set password",
    )
    assert rows["sign-in"] == (
        "Not tried: no password is stored.",
        "Store it with: agentbar secrets set password (or sign in from the toolbar).",
    )

    switch(qapp, "zh_CN")  # the open dialog follows the language change
    rows = {name: (detail, action) for name, detail, action in cells(dialog)}
    assert rows["密钥 ccfs-sk"] == (
        "密钥环中没有保存，因此无法使用该服务。",
        "用以下命令保存：agentbar secrets set ccfs-sk",
    )
    assert rows["密钥 password"][1] == "如不想每次都输入：agentbar secrets set password"
    assert "签入" in rows

    dialog.set_report(wrong)
    failed = next(r for r in wrong.results if r.status is Status.FAIL)
    host_port = f"{failed.args['host']}:{failed.args['port']}"
    name, detail, action = cells(dialog)[wrong.results.index(failed)]
    assert name == "gateway：连通性"
    assert detail.startswith(f"无法连接到 {host_port}：")
    assert failed.args["error"] in detail  # the system's own words stay as they came
    assert action == f"请检查配置文件中的地址（{failed.args['url']}），并确认服务器正在运行。"

    switch(qapp, "en")
    assert cells(dialog)[wrong.results.index(failed)] == (
        "gateway: reachable",
        f"Cannot connect to {host_port}: {failed.args['error']}.",
        f"Check the URL (http://{host_port}) in the profile and that the server is running.",
    )


async def _both(sims: Simulators) -> tuple[DoctorReport, DoctorReport]:
    return await wrong_url(sims), await missing_secrets(sims)


def test_a_language_change_repaints_every_column(
    qloop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
    qapp: QApplication,
    sims: Simulators,
    language: None,
) -> None:
    report = qloop.run_until_complete(missing_secrets(sims))
    dialog = DoctorDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_report(report)
    changed: list[tuple[int, int, int, int]] = []

    def seen(top_left: QModelIndex, bottom_right: QModelIndex, *_: object) -> None:
        changed.append(
            (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column())
        )

    dialog.model.dataChanged.connect(seen)
    switch(qapp, "zh_CN")

    assert (0, 0, len(report.results) - 1, 3) in changed
    assert CJK.search(cells(dialog)[0][0])


def test_a_message_of_agentbar_itself_in_a_row_is_translated_too(
    qloop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
    qapp: QApplication,
    sims: Simulators,
    language: None,
) -> None:
    # The clock check cannot read the time over untrusted TLS and says why in a CecError's words.
    report = qloop.run_until_complete(untrusted_tls(sims))
    clock = next(r for r in report.results if r.name == "clock")
    assert clock.status is Status.WARN
    assert "cec_message" in clock.args
    dialog = DoctorDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_report(report)

    switch(qapp, "zh_CN")

    detail = cells(dialog)[report.results.index(clock)][1]
    assert detail.startswith("无法读取服务器时间：")
    assert not untranslated(detail.split("：", 1)[1]), detail
