"""Applying the Settings dialog: language, always-on-top, hotkeys, autostart, the stored password
and, outside the demo, the profile saved to disk.

Imported the first time the person opens Settings, not at start-up.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from agentbar.config import ConfigError, save_profile
from agentbar.desktop.autostart import entry_for_platform
from agentbar.secrets import SecretStoreError
from agentbar.ui.asyncslot import spawn
from agentbar.ui.dialogs import run_dialog
from agentbar.ui.error_text import error_message
from agentbar.ui.i18n import install_language, resolve_language
from agentbar.ui.settings.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from agentbar.app.services import Services
    from agentbar.ui.settings.shift_check import ShiftCheck
    from agentbar.ui.settings.sign_in_settings import SignInSettings
    from agentbar.ui.window.hotkey_actions import SessionHotkeys
    from agentbar.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)


async def edit_settings(
    window: MainWindow,
    services: Services,
    config_path: Path | None,
    demo: bool,
    shift_check: ShiftCheck | None = None,
    session_hotkeys: SessionHotkeys | None = None,
) -> None:
    """Show Settings over ``window``; apply and save what the person accepted."""
    dialog = SettingsDialog(
        services.profile.ui,
        window,
        shift_check=shift_check,
        autostart=entry_for_platform(),
        demo=demo,
        gateway=services.profile.gateway,
        hotkeys=services.profile.hotkeys,
    )
    spawn(dialog.load_autostart())
    sign_in = dialog.sign_in
    if sign_in is not None:
        spawn(sign_in.load_password_state(services.password))
    if await run_dialog(dialog) != SettingsDialog.DialogCode.Accepted:
        return
    await dialog.apply_autostart()
    profile = replace(
        services.profile, ui=dialog.ui_config(), hotkeys=dialog.hotkeys.hotkeys_config()
    )
    new_gateway = sign_in is not None and sign_in.gateway_changed() and not demo
    if sign_in is not None:
        await _apply_stored_password(window, services, sign_in)
        if new_gateway:
            profile = replace(profile, gateway=sign_in.gateway_config())
    services.profile = profile
    if services.features is not None:  # queued and failed downloads follow a new folder
        spawn(services.features.downloads.follow_folder())
    install_language(resolve_language(profile.ui.language))
    window.set_always_on_top(profile.ui.always_on_top)
    if session_hotkeys is not None:
        session_hotkeys.apply(profile.hotkeys)
    if not demo:  # the demo profile lives only in memory
        try:
            await asyncio.to_thread(save_profile, profile, config_path)
        except ConfigError as exc:
            window.error_banner.show_message("error", error_message(exc))
            return
        if new_gateway:
            # GUESS: the running session, bar and feature services were built for the old agent
            # and gateway; rebuilding them all live is more risk than a restart is trouble.
            window.error_banner.show_message(
                "info",
                QCoreApplication.translate(
                    "Launch",
                    "The new gateway settings are saved. Quit agentbar and start it again to "
                    "use them.",
                ),
            )


async def _apply_stored_password(
    window: MainWindow, services: Services, sign_in: SignInSettings
) -> None:
    """Store or forget the password as chosen in Settings; a keyring failure is shown."""
    try:
        if sign_in.new_password is not None:
            await services.remember_password(sign_in.new_password)
        elif sign_in.forget_password:
            await services.forget_password()
    except SecretStoreError as exc:
        log.warning("the stored password was not changed: %s", exc)
        if sign_in.new_password is not None:
            window.show_keyring_warning(exc)
        else:
            window.error_banner.show_message("error", error_message(exc))
