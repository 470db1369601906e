"""Starts the GUI: display check, QApplication, the qasync loop, the profile (or first-run
setup), the window, and an orderly shut-down that signs out while the loop still runs.

``--demo`` runs the simulator as a child process of this same program (started before Qt loads,
``agentbar/startup/demo_sim.py``) and signs its demo agent in with an in-memory secret store.
With ``AGENTBAR_STARTUP_PROBE=1`` it prints when the window is shown, when the agent is signed in
and ready, and the first event; then it quits (``tests/perf/bench_startup.py`` and
``packaging/smoke.py`` read those lines).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from agentbar.app.services import Services
    from agentbar.app.session import AgentSession, AgentSnapshot
    from agentbar.config import Profile
    from agentbar.desktop.crash import CrashHandler
    from agentbar.desktop.single_instance import SingleInstance
    from agentbar.secrets import SecretStore
    from agentbar.startup.demo_sim import DemoSimulator
    from agentbar.ui.banner import Banner
    from agentbar.ui.crash_notice import CrashNotice
    from agentbar.ui.hotkey_actions import SessionHotkeys
    from agentbar.ui.main_window import MainWindow
    from agentbar.ui.shift_check import ShiftCheck
    from agentbar.ui.sign_in_settings import SignInSettings
    from agentbar.ui.tray import TrayIcon

log = logging.getLogger(__name__)

PROBE_ENV = "AGENTBAR_STARTUP_PROBE"
PROBE_PREFIX = "AGENTBAR_PROBE"
DEMO_PASSWORD = "demo"

NO_DISPLAY_MESSAGE = (
    "agentbar needs a display, and none was found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
    "Run it in a desktop session, or without a screen:\n"
    "  QT_QPA_PLATFORM=offscreen agentbar --demo     (no window is visible)\n"
    "  xvfb-run agentbar --demo                      (a virtual X display; apt install xvfb)"
)


def display_problem(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str:
    """Why Qt could not open a window here, or "" when it can (checked before Qt would abort)."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return ""
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return NO_DISPLAY_MESSAGE


def run_gui(config_path: Path | None, *, demo: bool, language: str | None) -> int:
    """Run the window until the person quits; the process exit code."""
    probe = os.environ.get(PROBE_ENV) == "1"
    return launch(LaunchOptions(config_path, demo, language, probe))


def launch(options: LaunchOptions) -> int:
    """Check the display, log to the file, catch crashes, and run the application."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    # First of all, before Qt loads: the demo's simulator boots in its own process, on the other
    # core, while this one builds the window.
    demo_sim = start_demo_simulator() if options.demo else None
    from agentbar import __version__
    from agentbar.desktop.crash import CrashHandler
    from agentbar.desktop.logs import remove_handler, setup_file_logging

    log_handler = setup_file_logging()
    log.info("agentbar %s starting%s", __version__, " (demo)" if options.demo else "")
    crash = CrashHandler()
    crash.install()
    try:
        return _launch(options, crash, demo_sim)
    finally:
        if demo_sim is not None:
            demo_sim.close()
        crash.uninstall()
        remove_handler(log_handler)


def start_demo_simulator() -> DemoSimulator:
    """Start the demo's simulator process and say where it listens, as the first line on stdout:
    a trainer (or a desk test) drives it through its /sim/ control interface."""
    from agentbar.startup.demo_sim import DemoSimulator

    sim = DemoSimulator.start()
    print(f"demo simulator: {sim.url}", flush=True)
    return sim


def _launch(options: LaunchOptions, crash: CrashHandler, demo_sim: DemoSimulator | None) -> int:
    """Create the QApplication, claim the profile's instance and run ``run_app`` on qasync."""
    os.environ.setdefault("QT_API", "pyside6")
    import PySide6  # noqa: F401  -- must precede qasync, which picks the first binding
    from PySide6.QtWidgets import QApplication

    from agentbar.ui.pyside_import_hook import cheapen_feature_check

    cheapen_feature_check()  # before the bulk of the imports: ~150 ms and 12 MB at start-up

    from agentbar.ui.i18n import install_language, resolve_language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("agentbar")
    app.setApplicationDisplayName("agentbar")
    app.setDesktopFileName("agentbar")
    app.setQuitOnLastWindowClosed(False)  # we end the loop ourselves, after signing out
    _apply_style(app)
    install_language(resolve_language(options.language))
    instance, exit_code = _claim_instance(options)
    if instance is None:
        return exit_code
    early: WindowParts | None = None
    if options.demo:
        # The demo needs no profile from disk: show its window before the event loop, the HTTP
        # stack and the simulator are even loaded, so the person sees it at once.
        assert demo_sim is not None
        early = _build_window(options, _demo_profile(demo_sim))
        app.processEvents()  # paints it
        if options.probe:
            _probe("window_shown")

    import qasync

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(
            run_app(app, options, early, crash=crash, instance=instance, demo_sim=demo_sim)
        )


HANDED_OVER_MESSAGE = (
    "agentbar is already running for this profile; its window was brought forward."
)


def _claim_instance(options: LaunchOptions) -> tuple[SingleInstance | None, int]:
    """This profile's instance guard; or None and the exit code when another agentbar has it."""
    from agentbar.desktop.single_instance import SingleInstance, instance_key

    instance = SingleInstance(instance_key(options.config_path, options.demo))
    if instance.acquire(listen=False):  # listens once the window is up (_run_window)
        return instance, 0
    if not instance.answered:
        # It holds the lock but did not answer (hung, or still starting): never start a second
        # event channel for the same agent; say who has it.
        pid = instance.holder_pid()
        log.warning("another agentbar (PID %s) holds this profile but did not answer", pid)
        print(
            f"agentbar is already running for this profile (PID {pid or '?'}) but did not "
            "answer; close it or end that process.",
            file=sys.stderr,
        )
        return None, 1
    log.info("handed over to the running agentbar")
    print(HANDED_OVER_MESSAGE, flush=True)
    return None, 0


@dataclass(frozen=True)
class Running:
    """What a scenario (screenshot script, tests) can drive once the window is up."""

    window: MainWindow
    session: AgentSession
    services: Services
    sim: DemoSimulator | None  # the demo's simulator process


@dataclass(frozen=True)
class LaunchOptions:
    config_path: Path | None
    demo: bool
    language: str | None
    probe: bool = False
    # Run after the window is shown; agentbar quits when it returns.
    scenario: Callable[[Running], Awaitable[None]] | None = None


def _probe(name: str) -> None:
    print(f"{PROBE_PREFIX} {name} {time.time():.6f}", flush=True)


@dataclass(frozen=True)
class WindowParts:
    profile: Profile
    session: AgentSession
    tray: TrayIcon
    window: MainWindow


def _build_window(options: LaunchOptions, profile: Profile) -> WindowParts:
    """The session (no gateway yet), the tray and the shown window; needs no event loop."""
    from agentbar.app.session import AgentSession
    from agentbar.ui.main_window import MainWindow
    from agentbar.ui.tray import TrayIcon

    session = AgentSession(None, profile.gateway.phone)
    tray = TrayIcon(session)
    tray.show()
    window = MainWindow(profile, session, tray)
    if options.demo:
        window.set_expanded(True)
        window.fit_to_screen(placed=False)  # the demo keeps no place of its own
    else:
        from agentbar.ui.window_placement import PLACEMENT_FILE

        window.restore_placement(_profile_data_dir(options.config_path) / PLACEMENT_FILE)
    window.show()
    if os.environ.get("AGENTBAR_DESK_PROBE"):  # tests/desk reads the window through it
        from agentbar.ui.desk_probe import install

        install(window)
    return WindowParts(profile, session, tray, window)


async def run_app(
    app: QApplication,
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
            set_up = await _load_or_set_up(
                options.config_path, on_dialog=lambda: _answer_during_set_up(instance)
            )
            if set_up is None:
                return 1
            profile, secrets = set_up.profile, set_up.secrets
            first_password, remember_first = set_up.password, set_up.remember
            if not options.language and profile.ui.language:
                install_language(resolve_language(profile.ui.language))
            parts = _build_window(options, profile)
            if options.probe:
                # The first paint happens on the next turn of the loop after show().
                QTimer.singleShot(0, lambda: _probe("window_shown"))
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
    from agentbar.ui.bring_forward import bring_forward

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
        if os.environ.get("AGENTBAR_PROBE_IDLE") == "1":  # tests/perf/bench_idle.py: stay up
            from agentbar.ui.idle_probe import install_idle_probe

            quit_when_ready = install_idle_probe(window)
        _install_probe(session, quit_when_ready)

    sim = demo_sim
    own_sim = options.demo and sim is None  # run_app called without launch() (tests)
    # The demo's FAQ cache, outbox and download queue: gone with the demo.
    demo_data = tempfile.TemporaryDirectory(prefix="agentbar-demo-") if options.demo else None
    try:
        if options.demo:
            if sim is None:
                sim = start_demo_simulator()
            secrets = await _start_demo(sim, window)
            if options.probe:
                _probe("sim_listening")
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
            _probe("services_open")
        async with services:
            session.attach_gateway(services.gateway)
            window.set_services(services)
            window.open_features(
                Path(demo_data.name) if demo_data else _profile_data_dir(options.config_path)
            )
            hotkeys = _session_hotkeys(window, session, profile)
            window.settings_requested.connect(
                lambda: spawn(
                    _edit_settings(
                        window,
                        services,
                        options.config_path,
                        options.demo,
                        shift_check(),
                        session_hotkeys=hotkeys,
                    )
                )
            )
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

                # Clean-up runs while the loop still runs (ecosystem-notes §2.3).
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
    from agentbar.app.features import profile_data_dir
    from agentbar.config import resolve_config_path

    return profile_data_dir(resolve_config_path(config_path))


def demo_secrets() -> dict[str, str]:
    """The simulator's demo tenant (README, "Demo tenant"): public, made-up credentials."""
    from agentbar.secrets import (
        CASES_CLIENT_SECRET,
        CCFS_SK,
        FAQ_APP_SECRET,
        PASSWORD,
        QUALITY_APP_SECRET,
    )

    return {
        PASSWORD: DEMO_PASSWORD,
        CCFS_SK: "demo-sk-0123456789abcdef",
        QUALITY_APP_SECRET: "demo-app-secret",
        FAQ_APP_SECRET: "demo-oifde-secret",
        CASES_CLIENT_SECRET: "demo-client-secret",
    }


async def _open_services(profile: Profile, secrets: SecretStore) -> Services:
    # httpx's package __init__ imports its command-line tool (click, rich, pygments: about 55 ms
    # here) whenever those happen to be installed; agentbar never uses it. None in sys.modules
    # makes that optional import fail fast, and httpx falls back to a stub.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    # Imported off the loop so the window stays responsive while the HTTP stack loads.
    await asyncio.to_thread(importlib.import_module, "agentbar.app.services")
    from agentbar.app.services import Services

    return await Services.open(profile, secrets)


def _install_probe(session: AgentSession, shutdown: asyncio.Event) -> None:

    from agentbar.cec.events import AgentEvent
    from agentbar.cec.models import AgentState

    # Quit once signed in AND an event arrived: the packaging smoke test checks that the agent
    # really receives events over the event channel, not only the sign-in reply.
    seen: set[str] = set()

    def done(what: str) -> None:
        seen.add(what)
        if seen == {"ready", "event"}:
            shutdown.set()

    def on_event(event: AgentEvent) -> None:
        session.event_received.disconnect(on_event)
        _probe(f"event {event.event_type}")
        done("event")

    session.event_received.connect(on_event)

    def on_state(snapshot: AgentSnapshot) -> None:
        if snapshot.signed_in and snapshot.pending is None and snapshot.state == AgentState.IDLE:
            session.state_changed.disconnect(on_state)
            _probe("ready")
            done("ready")

    session.state_changed.connect(on_state)


def _show_crashes(
    window: MainWindow, crash: CrashHandler
) -> tuple[CrashNotice, Callable[[], None]]:
    """Show every crash on ``window`` (slots, threads, tasks); the function that stops it."""
    from agentbar.cec.errors import CecError
    from agentbar.ui.asyncslot import add_error_sink, remove_error_sink
    from agentbar.ui.crash_notice import CrashNotice

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
    from agentbar.ui.shift_check import ShiftCheck

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


def _demo_profile(sim: DemoSimulator) -> Profile:
    """The demo tenant on the demo simulator's address (known before the child even runs)."""
    from agentbar.config import demo_profile

    return demo_profile(sim.url)


async def _start_demo(sim: DemoSimulator, window: MainWindow) -> SecretStore:
    """Wait for the demo's simulator to answer; report on the window if it fails or ends later.

    Returns the demo tenant's in-memory secret store.
    """
    from agentbar.secrets import MemoryStore

    loop = asyncio.get_running_loop()
    banner = window.add_banner()
    banner.setObjectName("demoSimulatorBanner")

    def ended(code: int, tail: list[str]) -> None:  # on the simulator's watcher thread
        with contextlib.suppress(RuntimeError):  # the loop closed: agentbar is ending anyway
            loop.call_soon_threadsafe(_report_demo_sim_ended, window, banner, sim, code, tail)

    sim.watch(ended)
    if not await asyncio.to_thread(sim.wait_ready) and sim.running():
        _report_demo_sim_ended(window, banner, sim, None, sim.tail())
    return MemoryStore(demo_secrets())


def _report_demo_sim_ended(
    window: MainWindow, banner: Banner, sim: DemoSimulator, code: int | None, tail: list[str]
) -> None:
    """Say on the window that the demo's simulator is gone (or hangs), with its last lines, and
    offer to start it again."""
    from PySide6.QtCore import QCoreApplication

    from agentbar.ui.asyncslot import spawn

    def translate(text: str) -> str:
        return QCoreApplication.translate("Launch", text)

    if code is None:
        text = translate("The demo's simulator did not start in time.")
    else:
        text = translate("The demo's simulator stopped (exit code {0}).").format(code)
    last = "\n".join(line[:200] for line in tail[-3:])
    if last:
        text = f"{text}\n{last}"

    async def restart() -> None:
        sim.stop()
        sim.spawn()
        if await asyncio.to_thread(sim.wait_ready):
            banner.dismiss()
            await window.sign_in()

    banner.show_message("error", text, translate("Restart the simulator"), lambda: spawn(restart()))


async def _has_password(services: Services) -> bool:
    from agentbar.secrets import SecretStoreError

    try:
        return bool(await services.password())
    except SecretStoreError:
        return False


class SetUp(NamedTuple):
    """What start-up has before the window: the profile, its secrets and, on a first run, the
    password typed (to sign in with) and whether to remember it once the gateway accepts it."""

    profile: Profile
    secrets: SecretStore
    password: str | None = None
    remember: bool = False


def _answer_during_set_up(instance: SingleInstance | None) -> None:
    """Answer later launches while the first-run dialog is open: they bring it forward.

    Otherwise the instance listens only once its window is up, and someone who starts agentbar
    again while filling in the dialog waits 3 s to be told it "did not answer".
    """
    if instance is None:
        return
    from PySide6.QtWidgets import QApplication

    from agentbar.ui.bring_forward import bring_forward

    def forward() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            bring_forward(dialog)

    instance.activation_requested.connect(forward)
    instance.listen()


async def _load_or_set_up(
    config_path: Path | None, *, on_dialog: Callable[[], None] | None = None
) -> SetUp | None:
    """The profile from disk, or from the first-run dialog (saved before it is used).

    ``on_dialog`` runs once, before the dialog is first shown."""
    from PySide6.QtCore import QCoreApplication

    from agentbar.config import ConfigError, load_profile, resolve_config_path, save_profile
    from agentbar.secrets import KeyringStore
    from agentbar.ui.dialogs import run_dialog
    from agentbar.ui.setup_dialog import SetupDialog

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


def _session_hotkeys(window: MainWindow, session: AgentSession, profile: Profile) -> SessionHotkeys:
    """The [hotkeys] chords, registered; a refused one is said in the window's banner."""
    from agentbar.ui.hotkey_actions import SessionHotkeys

    hotkeys = SessionHotkeys(session, window.error_banner, window.settings_requested.emit, window)
    hotkeys.apply(profile.hotkeys)
    return hotkeys


async def _edit_settings(
    window: MainWindow,
    services: Services,
    config_path: Path | None,
    demo: bool,
    shift_check: ShiftCheck | None = None,
    session_hotkeys: SessionHotkeys | None = None,
) -> None:
    from PySide6.QtCore import QCoreApplication

    from agentbar.config import ConfigError, save_profile
    from agentbar.desktop.autostart import entry_for_platform
    from agentbar.ui.asyncslot import spawn
    from agentbar.ui.dialogs import run_dialog
    from agentbar.ui.error_text import error_message
    from agentbar.ui.i18n import install_language, resolve_language
    from agentbar.ui.settings_dialog import SettingsDialog

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
    from agentbar.secrets import SecretStoreError
    from agentbar.ui.error_text import error_message

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


def _apply_style(app: QApplication) -> None:
    from PySide6.QtCore import QFile, QIODevice

    import agentbar._resources_rc  # noqa: F401  -- registers :/agentbar/…

    style = QFile(":/agentbar/style/agentbar.qss")
    if style.open(QIODevice.OpenModeFlag.ReadOnly):
        app.setStyleSheet(bytes(style.readAll().data()).decode("utf-8"))
        style.close()
