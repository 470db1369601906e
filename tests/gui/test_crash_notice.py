"""A crash in a slot, task or thread: logged, shown with "Save diagnostics"; the window stays."""

from __future__ import annotations

import asyncio
import logging
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from agentbar.config import demo_profile
from agentbar.desktop.crash import CrashHandler
from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import CheckResult, Status
from agentbar.secrets import PASSWORD, MemoryStore
from agentbar.ui.settings.doctor_dialog import DoctorDialog
from agentbar.ui.settings.shift_check import ShiftCheck
from agentbar.ui.window.crash_notice import CrashNotice
from tests.gui.conftest import wait_until

pytestmark = pytest.mark.qt_no_exception_capture  # this file tests our own excepthook


@pytest.fixture
def crash(qtbot: QtBot) -> Iterator[tuple[CrashHandler, CrashNotice, QPushButton]]:
    window = QPushButton("window")
    qtbot.addWidget(window)
    window.show()
    notice = CrashNotice(window)
    handler = CrashHandler(notice.report)
    handler.install()
    try:
        yield handler, notice, window
    finally:
        handler.uninstall()
        if notice.box is not None:
            notice.box.close()


def _broken_slot() -> None:
    raise RuntimeError("the slot broke")


def test_exception_in_a_slot_is_logged_shown_and_the_window_survives(
    qtbot: QtBot,
    crash: tuple[CrashHandler, CrashNotice, QPushButton],
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler, notice, window = crash
    window.clicked.connect(_broken_slot)

    qtbot.mouseClick(window, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
    assert notice.box is not None
    assert "RuntimeError: the slot broke" in notice.box.text()
    assert window.isVisible()
    assert "Traceback" in caplog.text
    assert "_broken_slot" in caplog.text
    assert handler.reports[-1].where == "slot"
    buttons = [b.text() for b in notice.box.buttons()]
    assert "Save diagnostics…" in buttons

    with qtbot.waitSignal(notice.save_requested):
        save = next(b for b in notice.box.buttons() if b.text() == "Save diagnostics…")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_second_crash_updates_the_open_notice_instead_of_stacking(
    qtbot: QtBot, crash: tuple[CrashHandler, CrashNotice, QPushButton]
) -> None:
    _, notice, _ = crash
    QTimer.singleShot(0, _broken_slot)
    qtbot.waitUntil(lambda: notice.shown == 1)
    first = notice.box

    def other() -> None:
        raise KeyError("second")

    QTimer.singleShot(0, other)
    qtbot.waitUntil(lambda: notice.shown == 2)
    assert notice.box is first
    assert notice.box is not None
    assert "KeyError" in notice.box.text()


def test_exception_in_a_worker_thread_is_shown_on_the_main_thread(
    qtbot: QtBot, crash: tuple[CrashHandler, CrashNotice, QPushButton]
) -> None:
    _, notice, window = crash

    def work() -> None:
        raise OSError("disk unplugged")

    thread = threading.Thread(target=work, name="writer")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
    assert notice.box is not None
    assert "OSError: disk unplugged" in notice.box.text()
    assert window.isVisible()


def test_exception_in_an_unawaited_task_reaches_the_notice(
    qloop: asyncio.AbstractEventLoop,
    crash: tuple[CrashHandler, CrashNotice, QPushButton],
) -> None:
    handler, notice, _ = crash
    handler.install_on_loop(qloop)

    async def failing() -> None:
        raise ValueError("task broke")

    async def scenario() -> None:
        task = asyncio.get_running_loop().create_task(failing())
        await asyncio.sleep(0.05)
        del task
        import gc

        gc.collect()
        await wait_until(lambda: notice.box is not None)

    qloop.run_until_complete(scenario())
    assert notice.box is not None
    assert "ValueError: task broke" in notice.box.text()


def test_doctor_dialog_shows_rows_and_verdict(qtbot: QtBot) -> None:
    dialog = DoctorDialog()
    qtbot.addWidget(dialog)
    dialog.set_report(
        DoctorReport(
            (
                CheckResult("config", Status.PASS, "valid", "unused"),
                CheckResult("clock", Status.FAIL, "1 h behind", "Turn on NTP."),
            ),
            "p",
        )
    )
    model = dialog.model
    assert model.rowCount() == 2
    assert [model.index(1, c).data() for c in range(4)] == [
        "FAIL",
        "clock",
        "1 h behind",
        "Turn on NTP.",
    ]
    assert model.index(0, 3).data() == ""  # no advice on a pass
    assert (
        dialog.summary.text()
        == "1 passed, 0 warnings, 1 failed. Not ready: fix the failures below."
    )


def test_check_and_save_diagnostics_against_the_simulator(
    qloop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
    sim: object,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    window = QPushButton("window")
    qtbot.addWidget(window)
    profile = demo_profile(sim.url)  # type: ignore[attr-defined]
    check = ShiftCheck(
        window,
        MemoryStore({PASSWORD: "Check-Pass-777"}),
        config_path=tmp_path / "absent.toml",
        profile=lambda: profile,
        events=lambda: [{"eventType": "AgentState_Ready"}],
        log_directory=tmp_path,
    )

    async def scenario() -> Path | None:
        report = await check.check()
        assert check.dialog is not None
        assert check.dialog.model.rowCount() == len(report.results)
        assert "clock" in [r.name for r in report.results]
        return await check.save_diagnostics(tmp_path / "diag.zip")

    written = qloop.run_until_complete(scenario())
    assert written == tmp_path / "diag.zip"
    with zipfile.ZipFile(written) as bundle:
        names = set(bundle.namelist())
        assert {"doctor.txt", "events.jsonl", "versions.json"} <= names
        assert "Check-Pass-777" not in "".join(bundle.read(n).decode() for n in names)
