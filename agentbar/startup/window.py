"""Start-up step: the window's whole life — built and shown, the network stack loaded behind it,
signed in, and an orderly quit that signs out while the loop still runs.

:func:`build_window` needs no event loop (the demo shows its window before the loop and the HTTP
stack even load); :func:`run_app` is the rest, on the qasync loop. The modules of what is used
later (Settings, the shift-start check, the services) load when first needed.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agentbar.startup.demo import start_demo, start_demo_simulator
from agentbar.startup.options import LaunchOptions, Running
from agentbar.startup.probe import IDLE_PROBE_ENV, install_idle_probe, install_probe, print_mark

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from agentbar.app.agent.session import AgentSession
    from agentbar.app.services import Services
    from agentbar.config import Profile
    from agentbar.desktop.crash import CrashHandler
    from agentbar.desktop.single_instance import SingleInstance
    from agentbar.secrets import SecretStore
    from agentbar.startup.demo_sim import DemoSimulator
    from agentbar.ui.settings.shift_check import ShiftCheck
    from agentbar.ui.window.crash_notice import CrashNotice
    from agentbar.ui.window.hotkey_actions import SessionHotkeys
    from agentbar.ui.window.main_window import MainWindow
    from agentbar.ui.window.tray import TrayIcon

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WindowParts:
    profile: Profile
    session: AgentSession
    tray: TrayIcon
    window: MainWindow


def build_window(options: LaunchOptions, profile: Profile) -> WindowParts:
    """The session (no gateway yet), the tray and the shown window; needs no event loop."""
    from agentbar.app.agent.session import AgentSession
    from agentbar.ui.window.main_window import MainWindow
    from agentbar.ui.window.tray import TrayIcon

    session = AgentSession(None, profile.gateway.phone)
    tray = TrayIcon(session)
    tray.show()
    window = MainWindow(profile, session, tray)
    if options.demo:
        window.set_expanded(True)
        window.fit_to_screen(placed=False)  # the demo keeps no place of its own
    else:
        from agentbar.ui.window.window_placement import PLACEMENT_FILE

        window.restore_placement(_profile_data_dir(options.config_path) / PLACEMENT_FILE)
    window.show()
    if os.environ.get("AGENTBAR_DESK_PROBE"):  # tests/desk reads the window through it
        from agentbar.ui.window.desk_probe import install

        install(window)
    return WindowParts(profile, session, tray, window)


async def run_app(
    app: QCoreApplication,
    options: LaunchOptions,
    early: WindowParts | None = None,
    *,
    crash: CrashHandler | None = None,
    instance: SingleInstance | None = None,
    demo_sim: DemoSimulator | None = None,
) -> int:
    """The application's whole life on the running qasync loop; returns the exit code."""
    from PySide6.QtCore import QTimer

    from agentbar.desktop.crash import CrashHandler
    from agentbar.ui.asyncslot import running_tasks
    from agentbar.ui.i18n import install_language, resolve_language

    loop = asyncio.get_running_loop()
    crash = crash or CrashHandler()
    # Exceptions of tasks nobody awaits: logged with their traceback and shown, like a slot's.
    crash.install_on_loop(loop)
    shutdown = asyncio.Event()
    if sys.platform != "win32":
        loop.add_signal_handler(signal.SIGINT, shutdown.set)
        loop.add_signal_handler(signal.SIGTERM, shutdown.set)

    first_password: str | None = None
    remember_first = False
    secrets: SecretStore | None = None
    try:
        parts = early
        if parts is None:
            # Only without --demo: the profile (or the first-run dialog) comes before the window.
            from agentbar.startup.first_run import answer_during_set_up, load_or_set_up

            set_up = await load_or_set_up(
                options.config_path, on_dialog=lambda: answer_during_set_up(instance)
            )
            if set_up is None:
                return 1
            profile, secrets = set_up.profile, set_up.secrets
            first_password, remember_first = set_up.password, set_up.remember
            if not options.language and profile.ui.language:
                install_language(resolve_language(profile.ui.language))
            parts = build_window(options, profile)
            # Paint before the network stack starts loading on a thread: that thread would hold
            # the GIL through the window's first paint (it happens on the loop's next turn).
            painted = asyncio.Event()
            QTimer.singleShot(0, painted.set)
            await painted.wait()
            if options.probe:
                print_mark("window_shown")
        return await _run_window(
            options,
            parts,
            secrets,
            first_password,
            shutdown,
            crash=crash,
            instance=instance,
            remember_first=remember_first,
            demo_sim=demo_sim,
        )
    finally:
        for task in running_tasks():
            task.cancel()
        if instance is not None:
            instance.release()
        if sys.platform != "win32":
            loop.remove_signal_handler(signal.SIGINT)
            loop.remove_signal_handler(signal.SIGTERM)


async def _run_window(
    options: LaunchOptions,
    parts: WindowParts,
    secrets: SecretStore | None,
    first_password: str | None,
    shutdown: asyncio.Event,
    *,
    crash: CrashHandler,
    instance: SingleInstance | None = None,
    remember_first: bool = False,
    demo_sim: DemoSimulator | None = None,
) -> int:
    """With the window shown, load the network stack behind it
    (and wait for the demo's simulator, which started before Qt did).

    ``first_password`` (typed in the first-run dialog) signs in; it is stored in the keyring
    only when ``remember_first`` and once the gateway accepted it."""
    from agentbar.ui.asyncslot import spawn
    from agentbar.ui.window.bring_forward import bring_forward

    profile, session, tray, window = (
        parts.profile,
        parts.session,
        parts.tray,
        parts.window,
    )
    notice, stop_showing_crashes = _show_crashes(window, crash)
    if instance is not None:
        instance.activation_requested.connect(lambda: bring_forward(window))
        instance.listen()

    async def quit_app() -> None:
        if await window.confirm_quit():
            shutdown.set()

    window.quit_requested.connect(lambda: spawn(quit_app()))
    if options.probe:
        quit_when_ready = shutdown
        if os.environ.get(IDLE_PROBE_ENV) == "1":  # tests/perf/bench_idle.py: stay up
            quit_when_ready = install_idle_probe(window)
        install_probe(session, quit_when_ready)

    sim = demo_sim
    own_sim = options.demo and sim is None  # run_app called without launch() (tests)
    # The demo's FAQ cache, outbox and download queue: gone with the demo.
    demo_data = tempfile.TemporaryDirectory(prefix="agentbar-demo-") if options.demo else None
    try:
        if options.demo:
            if sim is None:
                sim = start_demo_simulator()
            # The HTTP stack loads on a thread while the simulator finishes booting in its own
            # process: neither waits for the other.
            secrets, _ = await asyncio.gather(start_demo(sim, window), _load_services_module())
            if options.probe:
                print_mark("sim_listening")
        assert secrets is not None
        store = secrets
        built: list[ShiftCheck] = []

        def shift_check() -> ShiftCheck:
            # Built on first use (Save diagnostics, Settings): its modules (doctor, diagnostics,
            # dialogs) took ~15 ms that the sign-in waited for.
            if not built:
                built.append(_shift_check(window, store, options, profile, crash))
            return built[0]

        notice.save_requested.connect(lambda: spawn(shift_check().save_diagnostics()))
        services = await _open_services(profile, secrets)
        if options.probe:
            print_mark("services_open")
        async with services:
            session.attach_gateway(services.gateway)
            window.set_services(services)
            window.open_features(
                Path(demo_data.name) if demo_data else _profile_data_dir(options.config_path)
            )
            hotkeys = _session_hotkeys(window, session, profile)

            def open_settings() -> None:
                # The Settings dialog's modules load when it is first opened.
                from agentbar.startup.settings import edit_settings

                spawn(
                    edit_settings(
                        window,
                        services,
                        options.config_path,
                        options.demo,
                        shift_check(),
                        session_hotkeys=hotkeys,
                    )
                )

            window.settings_requested.connect(open_settings)
            if options.demo or first_password or await _has_password(services):
                spawn(window.sign_in(password=first_password, remember=remember_first))
            if options.scenario is not None:
                scenario = options.scenario

                async def run_scenario() -> None:
                    try:
                        await scenario(Running(window, session, services, sim))
                    finally:
                        shutdown.set()

                spawn(run_scenario())
            try:
                await shutdown.wait()

                # Clean-up runs while the loop still runs, so its awaits (the sign-out) complete.
                window.prepare_to_quit()
                hotkeys.unregister()
                window.hide()
                if session.signed_in:
                    await session.sign_out(force=session.call is not None)
                await session.close()
            finally:
                # Before the HTTP client closes: a widget's task must not use it afterwards.
                await stop_spawned_tasks()
    finally:
        stop_showing_crashes()
        tray.hide()
        window.prepare_to_quit()
        window.close()
        window.deleteLater()
        if own_sim and sim is not None:
            await asyncio.to_thread(sim.close)
        if demo_data is not None:
            demo_data.cleanup()
    return 0


def _profile_data_dir(config_path: Path | None) -> Path:
    from agentbar.config import profile_data_dir, resolve_config_path

    return profile_data_dir(resolve_config_path(config_path))


async def _load_services_module() -> None:
    # httpx2, unlike httpx 0.28, imports its command-line tool (click, rich, pygments) only when
    # that is run, so nothing needs keeping out of sys.modules here any more.
    # Imported off the loop so the window stays responsive while the HTTP stack loads.
    await asyncio.to_thread(importlib.import_module, "agentbar.app.services")


async def _open_services(profile: Profile, secrets: SecretStore) -> Services:
    await _load_services_module()  # at once when already loaded
    from agentbar.app.services import Services

    return await Services.open(profile, secrets)


async def _has_password(services: Services) -> bool:
    from agentbar.secrets import SecretStoreError

    try:
        return bool(await services.password())
    except SecretStoreError:
        return False


def _show_crashes(
    window: MainWindow, crash: CrashHandler
) -> tuple[CrashNotice, Callable[[], None]]:
    """Show every crash on ``window`` (slots, threads, tasks); the function that stops it."""
    from agentbar.cec import CecError
    from agentbar.ui.asyncslot import add_error_sink, remove_error_sink
    from agentbar.ui.window.crash_notice import CrashNotice

    notice = CrashNotice(window)
    crash.on_crash = notice.report

    def task_failed(exc: BaseException) -> None:
        # A CecError is a known failure that the window explains in its banner; anything else
        # escaping a spawned task is a bug in agentbar.
        if not isinstance(exc, CecError):
            crash.handle(exc, "task", logged=True)  # asyncslot logged it with its traceback

    add_error_sink(task_failed)

    def stop() -> None:
        remove_error_sink(task_failed)
        crash.on_crash = None  # the window goes; later crashes are only logged

    return notice, stop


def _shift_check(
    window: MainWindow,
    secrets: SecretStore,
    options: LaunchOptions,
    profile: Profile,
    crash: CrashHandler,
) -> ShiftCheck:
    from agentbar.ui.settings.shift_check import ShiftCheck

    def recent_events() -> list[object]:
        model = window.events_view.model
        return [model.event_at(row) for row in range(model.rowCount())]

    return ShiftCheck(
        window,
        secrets,
        config_path=options.config_path,
        # The demo profile lives only in memory; a real one is checked as saved on disk.
        profile=(lambda: profile) if options.demo else None,
        events=recent_events,
        crash_handler=crash,
    )


def _session_hotkeys(window: MainWindow, session: AgentSession, profile: Profile) -> SessionHotkeys:
    """The [hotkeys] chords, registered; a refused one is said in the window's banner."""
    from agentbar.ui.window.hotkey_actions import SessionHotkeys

    hotkeys = SessionHotkeys(session, window.error_banner, window.settings_requested.emit, window)
    hotkeys.apply(profile.hotkeys)
    return hotkeys


async def stop_spawned_tasks(timeout: float = 5.0) -> None:
    """Cancel every spawned task but the caller's and wait until they have ended."""
    from agentbar.ui.asyncslot import running_tasks

    current = asyncio.current_task()
    # A task's clean-up may spawn another one; a few rounds catch those too.
    for _ in range(3):
        tasks = {task for task in running_tasks() if task is not current and not task.done()}
        if not tasks:
            return
        for task in tasks:
            task.cancel()
        _, stuck = await asyncio.wait(tasks, timeout=timeout)
        if stuck:
            log.warning("%d background tasks did not stop within %.0f s", len(stuck), timeout)
            return
