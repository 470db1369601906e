"""The first run, as the launcher does it: the setup dialog, the saved profile, the password only
carried to the window (which stores it once the gateway accepted it) — and a broken profile file
never silently lost."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from agentbar.config import load_profile
from agentbar.secrets import PASSWORD, MemoryStore
from agentbar.startup import first_run
from agentbar.ui.setup.setup_dialog import SetupDialog
from tests.gui.conftest import wait_until
from tests.gui.test_setup_dialog import VALID as DIALOG_VALID
from tests.gui.test_setup_dialog import fill

VALID = {**DIALOG_VALID, "password": "Pw-first-run-4711"}


@pytest.fixture
def keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryStore:
    store = MemoryStore()
    # The launcher's KeyringStore(), replaced by a store the test can read.
    monkeypatch.setattr("agentbar.startup.first_run.KeyringStore", lambda: store)
    return store


def setup_dialog() -> SetupDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, SetupDialog) and widget.isVisible():
            return widget
    return None


async def answer_setup(config: Path, **values: str) -> Any:
    """Run the launcher's first-run step and fill its dialog like a person; its result."""
    task = asyncio.ensure_future(first_run.load_or_set_up(config))
    await wait_until(lambda: setup_dialog() is not None)
    dialog = setup_dialog()
    assert dialog is not None
    problem = dialog.problem.text() if dialog.problem.isVisible() else ""
    if values:
        fill(dialog, **values)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    else:
        dialog.reject()
    return problem, await asyncio.wait_for(task, 10)


def test_first_run_saves_the_profile_and_carries_the_password_unstored_to_the_window(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path, keyring: MemoryStore
) -> None:
    keyring.set(PASSWORD, "good-from-before")
    config = tmp_path / "agentbar" / "config.toml"
    problem, result = qloop.run_until_complete(answer_setup(config, **VALID))
    assert problem == ""
    profile, secrets, password = result.profile, result.secrets, result.password
    assert secrets is keyring
    assert password == VALID["password"]
    assert result.remember is True  # the box is ticked by default
    assert load_profile(config) == profile
    assert profile.gateway.agent_id == VALID["agent_id"]
    # Not yet accepted by any gateway: what the keyring held stays until the window stores it.
    assert keyring.get(PASSWORD) == "good-from-before"
    assert VALID["password"] not in config.read_text(encoding="utf-8")


def test_cancelling_the_first_run_leaves_nothing_behind(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path, keyring: MemoryStore
) -> None:
    config = tmp_path / "config.toml"
    _problem, result = qloop.run_until_complete(answer_setup(config))
    assert result is None
    assert not config.exists()
    assert keyring.get(PASSWORD) is None


def test_a_broken_profile_is_explained_and_kept_aside_when_replaced(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path, keyring: MemoryStore
) -> None:
    config = tmp_path / "config.toml"
    broken = '[gateway]\nurl = "https://10.1.1.1:8043"\nagent_id = 291 phone\n'
    config.write_text(broken, encoding="utf-8")
    problem, result = qloop.run_until_complete(answer_setup(config, **VALID))
    assert problem, "the person is not told what is wrong with the file"
    assert result is not None
    assert load_profile(config).gateway.agent_id == VALID["agent_id"]
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("config.toml.broken")]
    assert len(kept) == 1, "the hand-edited file was overwritten without a copy"
    assert kept[0].read_text(encoding="utf-8") == broken


def test_the_first_run_dialog_writes_nothing_to_the_keyring(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    keyring: MemoryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writes: list[str] = []
    monkeypatch.setattr(keyring, "set", lambda name, value: writes.append(value))
    _problem, result = qloop.run_until_complete(answer_setup(tmp_path / "config.toml", **VALID))
    assert result.password == VALID["password"]  # the window signs in with it
    assert writes == []


def test_a_second_launch_during_the_first_run_brings_the_dialog_forward(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    keyring: MemoryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from agentbar.desktop.single_instance import SingleInstance
    from tests.gui.test_single_instance import _start

    key = f"agentbar-test-{uuid.uuid4().hex[:12]}"
    first = SingleInstance(key, tmp_path)
    assert first.acquire(listen=False)  # as the launcher claims it: listening comes later
    forwarded: list[object] = []
    monkeypatch.setattr("agentbar.ui.application.bring_forward", forwarded.append)

    async def scenario() -> list[str]:
        task = asyncio.ensure_future(
            first_run.load_or_set_up(
                tmp_path / "config.toml", on_dialog=lambda: first_run.answer_during_set_up(first)
            )
        )
        await wait_until(lambda: setup_dialog() is not None)
        later = _start(key, tmp_path)  # a second agentbar for the same profile
        await wait_until(lambda: later.poll() is not None, within=10)
        assert later.stdout is not None
        said = later.stdout.read().split()
        dialog = setup_dialog()
        assert dialog is not None
        dialog.reject()
        assert await asyncio.wait_for(task, 10) is None
        return said

    try:
        said = qloop.run_until_complete(scenario())
    finally:
        first.release()
    # It was answered (not left to say "did not answer"), and the open dialog came forward.
    assert said == ["second", "True"]
    assert len(forwarded) == 1
    assert isinstance(forwarded[0], SetupDialog)
