"""Settings' "Gateway and sign-in" group, applied as the launcher applies it (``edit_settings``):
change or forget the stored password, and edit the gateway fields, which are checked like the
first-run dialog's, saved to the profile and used from the next start; read-only in the demo."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from agentbar.app.agent.session import AgentSession
from agentbar.app.services import Services
from agentbar.config import GatewayConfig, UiConfig, demo_profile, load_profile, save_profile
from agentbar.secrets import PASSWORD, MemoryStore, SecretStoreError
from agentbar.startup import first_run, settings
from agentbar.ui.settings.settings_dialog import SettingsDialog
from agentbar.ui.setup.password_dialog import PasswordDialog
from agentbar.ui.setup.setup_dialog import gateway_problems
from tests.gui.conftest import wait_until
from tests.gui.test_password_recovery import GOOD, Desk, open_desk, play

UNUSED = "http://127.0.0.1:9"  # nothing is sent there


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


@pytest.fixture
def stale(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, sim: Any) -> Iterator[Desk]:
    yield from open_desk(qloop, sim, "stale-password")


@pytest.fixture
def offline(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Desk]:
    """A window whose gateway is never asked; the keyring holds a password."""

    class Unused:
        url = UNUSED

    yield from open_desk(qloop, Unused(), GOOD)


def shown_settings(desk: Desk) -> SettingsDialog | None:
    for dialog in desk.window.findChildren(SettingsDialog):
        if dialog.isVisible():
            return dialog
    return None


def settings_of(desk: Desk) -> SettingsDialog:
    dialog = shown_settings(desk)
    assert dialog is not None
    return dialog


async def open_settings(desk: Desk, config: Path, *, demo: bool = False) -> asyncio.Task[None]:
    """Start ``edit_settings`` like the window's Settings button; the dialog, once it shows."""
    task = asyncio.ensure_future(settings.edit_settings(desk.window, desk.services, config, demo))
    await wait_until(lambda: shown_settings(desk) is not None)
    sign_in = settings_of(desk).sign_in
    assert sign_in is not None
    await wait_until(lambda: sign_in.password_stored is not None)
    return task


def press_ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


async def finish(task: asyncio.Task[None], dialog: SettingsDialog) -> None:
    await asyncio.wait_for(task, 10)
    dialog.deleteLater()  # the launcher's dialogs are not kept either


def test_a_password_changed_in_settings_is_stored_on_ok_and_used_by_the_next_sign_in(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, stale: Desk, config: Path
) -> None:
    save_profile(stale.profile, config)
    window = stale.window

    async def scenario() -> None:
        # The stored password is refused and the question cancelled …
        signing_in = asyncio.ensure_future(window.sign_in())
        (await stale.question()).reject()
        assert await signing_in is False
        # … so the person changes it in Settings.
        task = await open_settings(stale, config)
        dialog = settings_of(stale)
        sign_in = dialog.sign_in
        assert sign_in is not None
        assert "is stored" in sign_in.password_status.text()
        qtbot.mouseClick(sign_in.change_password_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: sign_in.findChild(PasswordDialog) is not None)
        asked = sign_in.findChild(PasswordDialog)
        assert asked is not None
        assert asked.remember_box.isHidden()  # storing it is the point
        qtbot.keyClicks(asked.password_edit, GOOD)
        qtbot.keyClick(asked.password_edit, Qt.Key.Key_Return)
        await wait_until(lambda: sign_in.new_password == GOOD)
        assert "when you press OK" in sign_in.password_status.text()
        assert stale.store.get(PASSWORD) == "stale-password"  # not before OK
        press_ok(qtbot, dialog)
        await finish(task, dialog)
        assert stale.store.get(PASSWORD) == GOOD
        # Sign in now sends the new stored password without asking.
        qtbot.mouseClick(window.bar.sign_button, Qt.MouseButton.LeftButton)
        await wait_until(stale.ready)
        assert window.password_dialog is None

    play(qloop, stale, scenario())
    assert stale.sent == ["stale-password", GOOD]


def test_forget_stored_password_deletes_it_on_ok_and_cancel_keeps_it(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, offline: Desk, config: Path
) -> None:
    save_profile(offline.profile, config)

    async def scenario() -> None:
        task = await open_settings(offline, config)
        dialog = settings_of(offline)
        sign_in = dialog.sign_in
        assert sign_in is not None
        qtbot.mouseClick(sign_in.forget_password_button, Qt.MouseButton.LeftButton)
        assert "deleted when you press OK" in sign_in.password_status.text()
        dialog.reject()
        await finish(task, dialog)
        assert offline.store.get(PASSWORD) == GOOD

        task = await open_settings(offline, config)
        dialog = settings_of(offline)
        sign_in = dialog.sign_in
        assert sign_in is not None
        qtbot.mouseClick(sign_in.forget_password_button, Qt.MouseButton.LeftButton)
        press_ok(qtbot, dialog)
        await finish(task, dialog)
        assert offline.store.get(PASSWORD) is None

        task = await open_settings(offline, config)
        dialog = settings_of(offline)
        sign_in = dialog.sign_in
        assert sign_in is not None
        assert "No password is stored" in sign_in.password_status.text()
        assert not sign_in.forget_password_button.isEnabled()
        dialog.reject()
        await finish(task, dialog)

    play(qloop, offline, scenario())


def test_gateway_fields_are_checked_like_the_first_run_saved_and_used_at_the_next_start(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, stale: Desk, config: Path, sim: Any
) -> None:
    save_profile(stale.profile, config)

    async def scenario() -> None:
        task = await open_settings(stale, config)
        dialog = settings_of(stale)
        sign_in = dialog.sign_in
        assert sign_in is not None
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled()
        sign_in.url.setText("ftp://10.1.1.1")
        assert not ok.isEnabled()
        shown = sign_in.errors["url"]
        assert not shown.isHidden()
        assert shown.text() == gateway_problems("ftp://10.1.1.1", "101", "1")["url"]
        sign_in.url.setText(sim.url + "/")
        assert ok.isEnabled()
        assert shown.isHidden()
        sign_in.agent_id.setText("102")
        sign_in.phone.setText("88880102")
        press_ok(qtbot, dialog)
        await finish(task, dialog)
        banner = stale.window.error_banner
        assert banner.isVisible()
        assert "start it again" in banner.text

    play(qloop, stale, scenario())
    saved = load_profile(config)
    assert saved.gateway == GatewayConfig(sim.url, "102", "88880102")
    assert stale.services.gateway.agent_id == "101"  # this run keeps the agent it started with

    async def next_start() -> None:
        # The next start loads the saved profile and signs in as the new agent.
        set_up = await first_run.load_or_set_up(config)
        assert set_up is not None
        async with await Services.open(set_up.profile, MemoryStore()) as services:
            session = AgentSession(services.gateway, set_up.profile.gateway.phone)
            assert await session.sign_in(GOOD)
            agents = await asyncio.to_thread(sim.control.agents)
            assert [a["agentId"] for a in agents if a["signedIn"]] == ["102"]
            assert await session.sign_out()
            await session.close()

    qloop.run_until_complete(asyncio.wait_for(next_start(), 30))


def test_the_demo_shows_its_gateway_read_only_and_says_why(qtbot: QtBot) -> None:
    gateway = demo_profile(UNUSED).gateway
    dialog = SettingsDialog(UiConfig(), gateway=gateway, demo=True)
    qtbot.addWidget(dialog)
    sign_in = dialog.sign_in
    assert sign_in is not None
    assert sign_in.url.isReadOnly()
    assert sign_in.agent_id.isReadOnly()
    assert sign_in.phone.isReadOnly()
    assert "demo" in sign_in.note.text()
    sign_in.agent_id.setText("9")  # even if forced, the demo's gateway stays
    assert sign_in.gateway_config() == gateway
    assert not sign_in.gateway_changed()


def test_a_keyring_that_cannot_be_read_is_said_in_settings(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    dialog = SettingsDialog(UiConfig(), gateway=demo_profile(UNUSED).gateway)
    qtbot.addWidget(dialog)
    sign_in = dialog.sign_in
    assert sign_in is not None

    async def unreadable() -> str | None:
        raise SecretStoreError("The keyring is locked.")

    qloop.run_until_complete(sign_in.load_password_state(unreadable))
    assert "cannot be read" in sign_in.password_status.text()
    assert "locked" in sign_in.password_status.text()
    assert not sign_in.forget_password_button.isEnabled()
    assert sign_in.change_password_button.isEnabled()


def test_settings_without_a_gateway_has_no_sign_in_group(qtbot: QtBot) -> None:
    dialog = SettingsDialog(UiConfig())
    qtbot.addWidget(dialog)
    assert dialog.sign_in is None
