"""Unhandled exceptions reach the log (redacted, with traceback) and the UI callback."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import threading
from collections.abc import Iterator

import pytest

from agentbar.desktop.crash import CrashHandler, CrashReport, report_for
from agentbar.desktop.logs import forget_secrets, remember_secret

SECRET = "Crash-Sentinel-0042"


@pytest.fixture
def handler() -> Iterator[tuple[CrashHandler, list[CrashReport]]]:
    seen: list[CrashReport] = []
    crash = CrashHandler(seen.append)
    crash.install()
    try:
        yield crash, seen
    finally:
        crash.uninstall()
        forget_secrets()


def _raise_in_slot() -> None:
    raise RuntimeError(f"slot failed, password={SECRET}")


def test_excepthook_logs_traceback_and_tells_the_ui(
    handler: tuple[CrashHandler, list[CrashReport]], caplog: pytest.LogCaptureFixture
) -> None:
    _, seen = handler
    try:
        _raise_in_slot()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # what PySide6 does with an exception in a slot
    assert len(seen) == 1
    assert seen[0].where == "slot"
    assert seen[0].summary == "RuntimeError: slot failed, password=***"
    assert "_raise_in_slot" in seen[0].traceback
    logged = caplog.text
    assert "Traceback" in logged
    assert "_raise_in_slot" in logged
    assert SECRET not in logged


def test_remembered_secret_is_masked_in_report_and_log(
    handler: tuple[CrashHandler, list[CrashReport]], caplog: pytest.LogCaptureFixture
) -> None:
    crash, seen = handler
    remember_secret(SECRET)
    crash.handle(KeyError(f"no entry {SECRET}"), "slot")
    assert SECRET not in seen[0].summary
    assert SECRET not in seen[0].traceback
    assert SECRET not in caplog.text


def test_uninstall_restores_the_previous_hooks() -> None:
    before, before_thread = sys.excepthook, threading.excepthook
    crash = CrashHandler()
    crash.install()
    assert sys.excepthook == crash.excepthook
    crash.uninstall()
    assert sys.excepthook is before
    assert threading.excepthook is before_thread


def test_thread_exception_is_reported(handler: tuple[CrashHandler, list[CrashReport]]) -> None:
    _, seen = handler

    def work() -> None:
        raise OSError("disk gone")

    thread = threading.Thread(target=work, name="download")
    thread.start()
    thread.join()
    assert [(r.where, r.summary) for r in seen] == [("thread download", "OSError: disk gone")]


def test_unretrieved_task_exception_is_reported_through_the_loop(
    handler: tuple[CrashHandler, list[CrashReport]],
) -> None:
    crash, seen = handler

    async def failing() -> None:
        raise ValueError("task broke")

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        crash.install_on_loop(loop)
        task = loop.create_task(failing())
        await asyncio.sleep(0.01)
        assert task.done()
        del task
        gc.collect()  # "Task exception was never retrieved" is reported when the task dies

    asyncio.run(scenario())
    assert [(r.where, r.summary) for r in seen] == [("task", "ValueError: task broke")]


def test_loop_message_without_exception_is_only_logged(
    handler: tuple[CrashHandler, list[CrashReport]], caplog: pytest.LogCaptureFixture
) -> None:
    crash, seen = handler
    crash.loop_exception_handler(asyncio.new_event_loop(), {"message": "slow callback"})
    assert seen == []
    assert "slow callback" in caplog.text


def test_broken_callback_does_not_hide_the_crash(caplog: pytest.LogCaptureFixture) -> None:
    def broken(_: CrashReport) -> None:
        raise RuntimeError("dialog failed")

    crash = CrashHandler(broken)
    report = crash.handle(ZeroDivisionError("division by zero"), "slot")
    assert report.summary == "ZeroDivisionError: division by zero"
    assert "the crash callback failed" in caplog.text
    assert crash.reports == [report]


def test_keyboard_interrupt_goes_to_the_previous_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    called: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: called.append(t))
    seen: list[CrashReport] = []
    crash = CrashHandler(seen.append)
    crash.install()
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    finally:
        crash.uninstall()
    assert called == [KeyboardInterrupt]
    assert seen == []


def test_long_messages_are_cut_for_the_dialog() -> None:
    report = report_for(ValueError("x" * 1000), "slot")
    assert len(report.summary) == 300
    assert report.summary.endswith("…")


def test_exception_with_empty_message_is_named(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    assert report_for(RuntimeError(), "slot").summary == "RuntimeError"


def test_already_logged_exception_is_reported_without_a_second_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[CrashReport] = []
    crash = CrashHandler(seen.append)
    try:
        raise LookupError("logged by the task runner")
    except LookupError as exc:
        crash.handle(exc, "task", logged=True)

    assert [r.summary for r in seen] == ["LookupError: logged by the task runner"]
    assert [r.summary for r in crash.reports] == ["LookupError: logged by the task runner"]
    assert "logged by the task runner" not in caplog.text
