"""A refused password, against the real simulator: the stored one is never replaced by one the
gateway did not accept, the password is asked for again at once, a cancelled question leaves an
"Enter password" banner, and Sign in never silently sends a stored password refused in this run.

The demo tenant's agents all have the password "demo" (README, "Demo tenant").
"""

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
from agentbar.cec.errors import gateway_error
from agentbar.cec.models import AgentState
from agentbar.config import demo_profile
from agentbar.secrets import PASSWORD, MemoryStore, SecretStoreError
from agentbar.startup import options as startup_options
from agentbar.startup import window as startup_window
from agentbar.ui.setup.password_dialog import PasswordDialog, Refused
from agentbar.ui.window.main_window import MainWindow
from agentbar.ui.window.tray import TrayIcon
from tests.gui.conftest import settle_tasks, wait_until
from tests.gui.test_first_run import setup_dialog
from tests.gui.test_setup_dialog import fill

GOOD = "demo"


class RecordingStore(MemoryStore):
    """The in-memory keyring, recording every password written to it."""

    def __init__(self, initial: dict[str, str] | None = None) -> None:
        super().__init__(initial)
        self.writes: list[str] = []  # after the initial values

    def _set(self, name: str, value: str) -> None:
        if hasattr(self, "writes"):
            self.writes.append(value)
        super()._set(name, value)


class Desk:
    """The window, session and services of one agent of the simulator, as
    agentbar/startup/window.py builds them; ``sent`` lists every password the window sent to the
    gateway."""

    def __init__(self, sim_url: str, store: RecordingStore) -> None:
        self.profile = demo_profile(sim_url)
        self.store = store
        self.sent: list[str] = []
        self.closed = False
        self.services: Services
        self.session: AgentSession
        self.window: MainWindow

    async def open(self) -> None:
        self.services = await Services.open(self.profile, self.store)
        gateway = self.services.gateway
        real_sign_in = gateway.sign_in

        async def counted(password: str, *args: Any, **kwargs: Any) -> Any:
            self.sent.append(password)
            return await real_sign_in(password, *args, **kwargs)

        gateway.sign_in = counted  # type: ignore[method-assign]
        self.session = AgentSession(gateway, self.profile.gateway.phone)
        self.window = MainWindow(self.profile, self.session, TrayIcon(self.session), self.services)
        self.window.show()

    async def close(self) -> None:
        self.closed = True
        self.window.prepare_to_quit()
        if self.session.signed_in:
            await self.session.sign_out(force=True)
        await self.session.close()
        self.window.close()
        await self.services.aclose()

    def ready(self) -> bool:
        snap = self.session.snapshot
        return snap.signed_in and snap.pending is None and snap.state == AgentState.IDLE

    async def question(self, after: PasswordDialog | None = None) -> PasswordDialog:
        """The password dialog, once the window asks (again, when ``after`` was answered)."""
        await wait_until(lambda: self.window.password_dialog not in (None, after))
        dialog = self.window.password_dialog
        assert dialog is not None
        assert dialog.isVisible()
        return dialog


def open_desk(qloop: asyncio.AbstractEventLoop, sim: Any, stored: str | None) -> Iterator[Desk]:
    desk = Desk(sim.url, RecordingStore({PASSWORD: stored} if stored else None))
    qloop.run_until_complete(desk.open())
    yield desk
    if not desk.closed:
        qloop.run_until_complete(desk.close())


@pytest.fixture
def stale(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, sim: Any) -> Iterator[Desk]:
    """A desk whose keyring holds a password the gateway no longer accepts."""
    yield from open_desk(qloop, sim, "stale-password")


@pytest.fixture
def fresh(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, sim: Any) -> Iterator[Desk]:
    """A desk with nothing in the keyring."""
    yield from open_desk(qloop, sim, None)


def run(qloop: asyncio.AbstractEventLoop, coro: Any, within: float = 60.0) -> Any:
    return qloop.run_until_complete(asyncio.wait_for(coro, within))


def play(qloop: asyncio.AbstractEventLoop, desk: Desk, scenario: Any, within: float = 60.0) -> Any:
    """Run ``scenario``, then close the desk in the same run of the loop: between two runs Qt
    could step the event pump's request with no running loop (see ``settle_tasks``)."""

    async def whole() -> Any:
        try:
            return await scenario
        finally:
            await settle_tasks()
            await desk.close()

    return run(qloop, whole(), within)


def type_and_enter(qtbot: QtBot, dialog: PasswordDialog, password: str) -> None:
    """Type like a person: the focus is already in the password field; Enter accepts."""
    assert dialog.focusWidget() is dialog.password_edit
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


# -- the first run, through the launcher -------------------------------------------------------


def test_first_run_with_a_wrong_password_keeps_the_stored_one_asks_again_and_stores_the_right_one(
    qtbot: QtBot,
    qapp: Any,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    sim: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The good password is in the keyring from an earlier installation; the profile is new.
    store = RecordingStore({PASSWORD: GOOD})
    monkeypatch.setattr("agentbar.startup.first_run.KeyringStore", lambda: store)
    monkeypatch.setattr(startup_window, "_profile_data_dir", lambda _path: tmp_path / "data")
    seen: dict[str, Any] = {}

    async def scenario(running: startup_options.Running) -> None:
        window = running.window
        # Refused, and asked again at once: nothing was written to the keyring.
        await wait_until(lambda: window.password_dialog is not None, 30)
        dialog = window.password_dialog
        assert dialog is not None
        seen["stored_while_asking"] = store.get(PASSWORD)
        seen["writes_while_asking"] = list(store.writes)
        seen["refused_line"] = dialog.refused_label.text()
        seen["refused_shown"] = not dialog.refused_label.isHidden()
        seen["remember"] = dialog.remember_box.isChecked()
        seen["banner"] = window.error_banner.text
        type_and_enter(qtbot, dialog, GOOD)
        await wait_until(lambda: running.session.signed_in, 30)
        await wait_until(lambda: bool(store.writes), 10)
        seen["writes_after"] = list(store.writes)

    async def first_run() -> int:
        launch_options = startup_options.LaunchOptions(
            tmp_path / "config.toml", False, None, scenario=scenario
        )
        app = asyncio.ensure_future(startup_window.run_app(qapp, launch_options))
        await wait_until(lambda: setup_dialog() is not None)
        dialog = setup_dialog()
        assert dialog is not None
        assert dialog.remember_box.isChecked()
        fill(dialog, url=sim.url, agent_id="101", phone="88880101", password="wrong-pw")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return await asyncio.wait_for(app, 90)

    assert run(qloop, first_run(), within=120) == 0
    assert seen["stored_while_asking"] == GOOD
    assert seen["writes_while_asking"] == []
    assert seen["refused_shown"]
    assert "refused" in seen["refused_line"]
    assert seen["remember"] is True  # the wish from the first-run dialog
    assert "Enter the password again" in seen["banner"]
    assert "[100-004]" in seen["banner"]
    assert seen["writes_after"] == [GOOD]  # stored only once the gateway accepted it
    assert store.get(PASSWORD) == GOOD


# -- a stored password the gateway refuses -----------------------------------------------------


def test_a_refused_stored_password_is_asked_for_again_with_remember_ticked_and_replaced(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, stale: Desk
) -> None:
    async def scenario() -> None:
        signing_in = asyncio.ensure_future(stale.window.sign_in())
        dialog = await stale.question()
        assert stale.sent == ["stale-password"]
        assert stale.store.get(PASSWORD) == "stale-password"  # not deleted while asking
        assert dialog.remember_box.isChecked()
        assert not dialog.refused_label.isHidden()
        assert "stored password" in dialog.refused_label.text()
        type_and_enter(qtbot, dialog, GOOD)
        assert await signing_in
        await wait_until(stale.ready)
        await wait_until(lambda: stale.store.get(PASSWORD) == GOOD)

    play(qloop, stale, scenario())
    assert stale.sent == ["stale-password", GOOD]
    assert stale.store.writes == [GOOD]


def test_cancelling_leaves_an_enter_password_banner_and_sign_in_asks_instead_of_retrying(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, stale: Desk
) -> None:
    window = stale.window
    banner = window.error_banner

    async def scenario() -> None:
        signing_in = asyncio.ensure_future(window.sign_in())
        dialog = await stale.question()
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
        assert await signing_in is False
        assert window.password_dialog is None
        assert banner.isVisible()
        assert banner.kind == "error"
        assert not banner.action_button.isHidden()
        assert banner.action_button.text() == "Enter password"
        assert "Enter the password again" in banner.text

        # The bar's Sign in asks; the refused stored password is not sent again.
        qtbot.mouseClick(window.bar.sign_button, Qt.MouseButton.LeftButton)
        dialog = await stale.question()
        assert stale.sent == ["stale-password"]
        assert "stored password" in dialog.refused_label.text()
        dialog.reject()
        await wait_until(lambda: window.password_dialog is None)

        # The banner's action asks too, and a good password signs in and replaces it.
        qtbot.mouseClick(banner.action_button, Qt.MouseButton.LeftButton)
        dialog = await stale.question()
        assert dialog.remember_box.isChecked()
        type_and_enter(qtbot, dialog, GOOD)
        await wait_until(stale.ready)
        await wait_until(lambda: stale.store.get(PASSWORD) == GOOD)
        assert not banner.isVisible()

    play(qloop, stale, scenario())
    assert stale.sent == ["stale-password", GOOD]
    assert stale.store.writes == [GOOD]


def test_a_good_password_not_to_be_remembered_keeps_the_stored_one_and_sign_in_asks_again(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, stale: Desk
) -> None:
    async def scenario() -> None:
        signing_in = asyncio.ensure_future(stale.window.sign_in())
        dialog = await stale.question()
        dialog.remember_box.setChecked(False)
        type_and_enter(qtbot, dialog, GOOD)
        assert await signing_in
        await wait_until(stale.ready)
        assert await stale.window.sign_out()
        # Signed out again: the stored password is still the refused one, so it is asked for.
        signing_in = asyncio.ensure_future(stale.window.sign_in())
        dialog = await stale.question()
        dialog.reject()
        assert await signing_in is False

    play(qloop, stale, scenario())
    assert stale.store.writes == []
    assert stale.store.get(PASSWORD) == "stale-password"
    assert stale.sent == ["stale-password", GOOD]


def test_a_typed_password_refused_is_asked_for_again_keeping_the_remember_wish(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, fresh: Desk
) -> None:
    async def scenario() -> None:
        signing_in = asyncio.ensure_future(fresh.window.sign_in())
        dialog = await fresh.question()
        assert dialog.refused_label.isHidden()  # nothing was refused yet
        assert not dialog.remember_box.isChecked()
        dialog.remember_box.setChecked(True)
        type_and_enter(qtbot, dialog, "typo")
        dialog = await fresh.question(after=dialog)
        assert "refused this password" in dialog.refused_label.text()
        assert dialog.remember_box.isChecked()
        assert fresh.store.writes == []
        type_and_enter(qtbot, dialog, GOOD)
        assert await signing_in
        await wait_until(lambda: fresh.store.get(PASSWORD) == GOOD)

    play(qloop, fresh, scenario())
    assert fresh.sent == ["typo", GOOD]
    assert fresh.store.writes == [GOOD]


def test_a_keyring_that_cannot_store_the_accepted_password_is_reported(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, fresh: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(name: str, value: str) -> None:
        raise SecretStoreError("The keyring is locked.")

    monkeypatch.setattr(fresh.store, "_set", locked)

    async def scenario() -> None:
        assert await fresh.window.sign_in(password=GOOD, remember=True)
        await wait_until(lambda: "password is not saved" in fresh.window.error_banner.text)
        await asyncio.sleep(0.5)  # the connection settles; the warning stays
        assert fresh.window.error_banner.isVisible()
        assert fresh.window.error_banner.kind == "warning"
        assert fresh.session.signed_in

    play(qloop, fresh, scenario())


def test_a_locked_account_is_not_asked_for_another_password(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, stale: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def locked(password: str, *args: Any, **kwargs: Any) -> Any:
        stale.sent.append(password)
        raise gateway_error("110-016", "account locked", "onlineagent/101")

    monkeypatch.setattr(stale.services.gateway, "sign_in", locked)
    banner = stale.window.error_banner

    async def scenario() -> None:
        assert await stale.window.sign_in() is False
        assert stale.window.password_dialog is None
        assert banner.isVisible()
        assert "Contact your administrator" in banner.text
        assert banner.action_button.isHidden()

    play(qloop, stale, scenario())
    assert stale.sent == ["stale-password"]
    assert stale.store.get(PASSWORD) == "stale-password"


# -- the dialog itself -------------------------------------------------------------------------


def test_password_dialog_starts_in_the_field_enter_accepts_and_escape_cancels(
    qtbot: QtBot,
) -> None:
    dialog = PasswordDialog("101", refused=Refused.STORED, remember=True)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.focusWidget() is dialog.password_edit
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # empty: nothing to accept
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.password_edit, "pw")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == PasswordDialog.DialogCode.Accepted
    assert (dialog.password(), dialog.remember()) == ("pw", True)

    again = PasswordDialog("101")
    qtbot.addWidget(again)
    again.open()
    qtbot.keyClicks(again.password_edit, "pw")
    qtbot.keyClick(again.password_edit, Qt.Key.Key_Escape)
    assert again.result() == PasswordDialog.DialogCode.Rejected
    assert not again.isVisible()
