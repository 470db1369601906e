"""Start-up step on a first run: the profile from disk, or from the first-run dialog.

A profile that does not load is kept aside (``<name>.broken-<time>``) rather than overwritten, and
the dialog says what was wrong with it. Imported when start-up gets here (never for ``--demo``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication

from agentbar.config import ConfigError, load_profile, resolve_config_path, save_profile
from agentbar.secrets import KeyringStore
from agentbar.ui.application import bring_modal_dialog_forward
from agentbar.ui.dialogs import run_dialog

if TYPE_CHECKING:
    from agentbar.config import Profile
    from agentbar.desktop.single_instance import SingleInstance
    from agentbar.secrets import SecretStore

log = logging.getLogger(__name__)


class SetUp(NamedTuple):
    """What start-up has before the window: the profile, its secrets and, on a first run, the
    password typed (to sign in with) and whether to remember it once the gateway accepts it."""

    profile: Profile
    secrets: SecretStore
    password: str | None = None
    remember: bool = False


async def load_or_set_up(
    config_path: Path | None, *, on_dialog: Callable[[], None] | None = None
) -> SetUp | None:
    """The profile from disk, or from the first-run dialog (saved before it is used).

    ``on_dialog`` runs once, before the dialog is first shown."""
    path = resolve_config_path(config_path)
    secrets = KeyringStore()
    # The dialog shows a ConfigError in the UI language (see SetupDialog).
    problem: ConfigError | str = ""
    broken = False
    if await asyncio.to_thread(path.exists):
        try:
            return SetUp(await asyncio.to_thread(load_profile, path), secrets)
        except ConfigError as exc:
            problem = exc
            broken = True
    # Only now: a returning agent's start-up (the profile loads) never pays for the dialog.
    from agentbar.ui.setup.setup_dialog import SetupDialog

    if on_dialog is not None:
        on_dialog()
    while True:
        dialog = SetupDialog(problem=problem)
        if await run_dialog(dialog) != SetupDialog.DialogCode.Accepted:
            return None
        profile, password = dialog.profile(), dialog.password()
        if broken:
            # The person may have edited it by hand: keep it rather than overwrite it.
            try:
                kept = await asyncio.to_thread(_keep_broken_profile, path)
            except OSError as exc:
                problem = QCoreApplication.translate(
                    "Launch", "The broken profile {0} could not be set aside: {1}"
                ).format(path, exc.strerror or exc)
                continue
            log.warning("the broken profile was kept as %s", kept)
            broken = False
        try:
            await asyncio.to_thread(save_profile, profile, path)
        except ConfigError as exc:
            problem = exc
            continue
        # Not stored yet: a mistyped password must not replace a good one already in the
        # keyring. The window stores it once the gateway has accepted it (MainWindow.sign_in).
        return SetUp(profile, secrets, password, dialog.remember())


def _keep_broken_profile(path: Path) -> Path:
    """Rename a profile that does not load to ``<name>.broken-<time>`` (OSError if it cannot)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):
        kept = path.with_name(f"{path.name}.broken-{stamp}" + (f"-{n}" if n > 1 else ""))
        if not kept.exists():
            os.replace(path, kept)
            return kept
    raise FileExistsError(path)


def answer_during_set_up(instance: SingleInstance | None) -> None:
    """Answer later launches while the first-run dialog is open: they bring it forward.

    Otherwise the instance listens only once its window is up, and someone who starts agentbar
    again while filling in the dialog waits 3 s to be told it "did not answer".
    """
    if instance is None:
        return
    instance.activation_requested.connect(bring_modal_dialog_forward)
    instance.listen()
