"""The desk test: the real program on a real X screen, driven by real key presses and clicks.

What an agent does at the desk, and what must never happen there: a stray Space or Enter that
answers, drops or changes a call; a ringing call that eats the question being typed; a window
or dialog that opens off the screen; a shift that cannot be worked without the mouse; a wrong
password that replaces the right one in the keyring. Outcomes come from the simulator (what
reached the server), the desk probe (what the window shows) and the X server (where it is).
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Callable
from typing import Any

import pytest

from agentbar.config import demo_profile, save_profile
from agentbar.secrets import CASES_CLIENT_SECRET, CCFS_SK, FAQ_APP_SECRET, PASSWORD, SERVICE
from agentbar.startup.demo import DEMO_PASSWORD, demo_secrets
from tests.desk import file_keyring
from tests.desk.conftest import LARGE_SCALED, SMALL, Desk, DeskFactory, ScreenSize

IDLE, WRAP_UP = 4, 5
AGENT = "101"
# Requests that change the agent's state or a call (README, "The simulator"; the CEC gateway's
# onlineagent and voicecall interfaces). Polls, status reads and GUID upkeep are not commands.
COMMAND = re.compile(
    r"/voicecall/|/onlineagent/\d+(/(saybusy|sayfree|cancelbusy|rest|cancelrest|work|cancelwork"
    r"|logout|forcelogin|forcelogout\w*|resetskill|autoanswer)(/.*)?)?$"
)
QUIET_KEYS = ("space", "Return", "Escape")
PRESSES = 20


def commands(desk: Desk) -> dict[str, int]:
    """How many state and call requests reached the server so far, per path."""
    requests: dict[str, int] = desk.sim("GET", "/sim/stats")["requests"]
    return {path: n for path, n in requests.items() if COMMAND.search(path)}


def demo(desk_factory: DeskFactory, size: ScreenSize = SMALL) -> Desk:
    """``agentbar --demo`` signed in and Ready, its own ringer off, the keyboard on its window."""
    desk = desk_factory(size)
    desk.start("--demo")
    desk.wait_agent("the demo agent signed in and idle", lambda a: a["signedIn"], 30)
    desk.sim("PATCH", "/sim/settings", {"demo_ring_every": None})
    desk.wait_agent("the demo agent idle", lambda a: a["state"] == IDLE and not a["call"])
    # The FAQ, Work order and Recordings tabs (and their keys) come once the agent is ready,
    # as a person sees them appear: a key pressed before that has nothing to open.
    desk.wait_probe("the FAQ tab", lambda p: "faqSearch" in p["widgets"], 15)
    desk.focus_window()
    return desk


def ring(desk: Desk) -> str:
    call_id: str = desk.sim("POST", f"/sim/agents/{AGENT}/call", {"caller": "13912345678"})[
        "callId"
    ]
    desk.wait_probe(
        "the Answer button on the bar", lambda p: desk.widget(p, "answerButton")["visible"]
    )
    return call_id


def call_phase(desk: Desk) -> str | None:
    call = desk.agent()["call"]
    return call["phase"] if call else None


def assert_not_in_text_field(desk: Desk) -> None:
    focus = desk.probe()["focus"]
    assert not (focus and focus.get("isTextField")), (
        f"precondition: no text field should have the keyboard, but {focus} has it"
    )


def press_quiet_keys(desk: Desk) -> None:
    for key in QUIET_KEYS:
        desk.key(key, repeat=PRESSES, delay_ms=15)
    time.sleep(1.0)  # a request sent by the last press reaches the server well within this


# -- stray keys ---------------------------------------------------------------------------------


def test_space_enter_escape_change_nothing_in_any_state(desk_factory: DeskFactory) -> None:
    desk = demo(desk_factory)
    seen: list[str] = []

    def quiet(state: str, expect: dict[str, Any]) -> None:
        assert_not_in_text_field(desk)
        before_commands, before = commands(desk), desk.agent()
        press_quiet_keys(desk)
        after_commands, after = commands(desk), desk.agent()
        assert after_commands == before_commands, (
            f"{state}: Space/Enter/Escape sent state or call requests: "
            f"{ {p: after_commands[p] - before_commands.get(p, 0) for p in after_commands} }"
        )
        assert after["state"] == before["state"], (
            f"{state}: the agent state went from {before['state']} to {after['state']}"
        )
        for name, value in expect.items():
            assert after[name] == value, f"{state}: {name} is {after[name]}, not {value}"
        if before["call"] is not None:
            assert after["call"] == before["call"], f"{state}: the call changed"
        seen.append(state)

    quiet("Ready", {"state": IDLE, "call": None})

    call_id = ring(desk)
    quiet("ringing", {})
    assert call_phase(desk) == "ringing"

    desk.key("F7")  # Answer
    desk.wait_agent("the call answered", lambda a: (a["call"] or {}).get("phase") == "talking")
    quiet("talking", {})
    assert desk.agent()["call"]["callId"] == call_id

    desk.key("F8")  # Hang up
    desk.wait_agent("the call ended", lambda a: a["call"] is None)
    if desk.agent()["state"] != WRAP_UP:
        desk.key("F11")  # Wrap-up
    desk.wait_agent("wrap-up", lambda a: a["state"] == WRAP_UP)
    quiet("wrap-up", {"state": WRAP_UP, "call": None})
    assert seen == ["Ready", "ringing", "talking", "wrap-up"]


def test_answer_clicked_then_space_enter_keep_the_call(desk_factory: DeskFactory) -> None:
    desk = demo(desk_factory)
    call_id = ring(desk)
    desk.click_widget("answerButton")
    desk.wait_agent("the call answered by the click", lambda a: a["call"]["phase"] == "talking")
    before = commands(desk)
    desk.key("space", repeat=PRESSES, delay_ms=15)
    desk.key("Return", repeat=PRESSES, delay_ms=15)
    time.sleep(1.0)
    call = desk.agent()["call"]
    assert call is not None, "Space/Enter after clicking Answer dropped the call"
    assert call["callId"] == call_id
    assert call["phase"] == "talking"
    assert commands(desk) == before, "Space/Enter after clicking Answer sent a request"


# -- typing while a call rings --------------------------------------------------------------------

QUESTION = "What is the difference between term and whole life insurance"
assert len(QUESTION) == 60


def test_faq_question_typed_while_a_call_rings_lands_whole(desk_factory: DeskFactory) -> None:
    desk = demo(desk_factory)
    desk.key("ctrl+shift+f")
    desk.wait_probe("the FAQ search field focused", lambda p: desk.focus_name(p) == "faqSearch")
    before = commands(desk)
    typing = subprocess.Popen(
        ["xdotool", "type", "--delay", "40", QUESTION],
        env={"DISPLAY": desk.display, "PATH": "/usr/bin:/bin"},
    )
    try:
        time.sleep(0.8)  # about 20 characters in
        call_id: str = desk.sim("POST", f"/sim/agents/{AGENT}/call", {"caller": "13912345678"})[
            "callId"
        ]
    finally:
        assert typing.wait(30) == 0
    time.sleep(0.5)  # the last key events reach the field
    picture = desk.probe()
    focus = picture["focus"] or {}
    assert focus.get("objectName") == "faqSearch", f"the keyboard left the FAQ field for {focus}"
    assert focus.get("text") == QUESTION, (
        f"typed {QUESTION!r}, the field holds {focus.get('text')!r}"
    )
    call = desk.agent()["call"]
    assert call is not None, "the ringing call was dropped while the agent typed"
    assert call["callId"] == call_id, f"another call: {call}"
    assert call["phase"] == "ringing", f"the call was answered: {call}"
    assert commands(desk) == before, "typing in the FAQ sent a state or call request"


# -- the window on the screen ----------------------------------------------------------------------


def outside(picture: dict[str, Any]) -> list[str]:
    """Every visible window that is not wholly inside its screen's available area."""
    problems = []
    for window in picture["windows"]:
        frame, area = window["frame"], window["available"]
        inside = (
            frame["x"] >= area["x"]
            and frame["y"] >= area["y"]
            and frame["x"] + frame["width"] <= area["x"] + area["width"]
            and frame["y"] + frame["height"] <= area["y"] + area["height"]
        )
        if not inside:
            problems.append(f"{window['objectName'] or window['class']} {frame} outside {area}")
    return problems


@pytest.mark.parametrize("size", [SMALL, LARGE_SCALED], ids=lambda s: s.id)
def test_window_and_dialogs_inside_the_screen(desk_factory: DeskFactory, size: ScreenSize) -> None:
    desk = demo(desk_factory, size)
    problems: list[str] = []
    checked: list[str] = []

    def check(label: str, settle: float = 0.6) -> dict[str, Any]:
        time.sleep(settle)
        picture = desk.probe()
        checked.append(label)
        bad = outside(picture)
        if bad:
            shot = desk.screenshot(f"outside-{label.replace(' ', '_')}")
            problems.append(f"{label}: {'; '.join(bad)} (screenshot {shot})")
        main = next(w for w in picture["windows"] if w["objectName"] == "mainWindow")
        x_main = [g for t, g in desk.x_windows().items() if t.startswith("agentbar — agent")]
        assert x_main, "xdotool finds no main window"
        for key in ("x", "y", "width", "height"):
            assert abs(x_main[0][key] - main["geometry"][key]) <= 2, (
                f"{label}: the probe says {main['geometry']}, X says {x_main[0]}"
            )
        return picture

    def opened(picture: dict[str, Any], name: str, cls: str) -> bool:
        return any(
            w["objectName"] == name and (not cls or w["class"] == cls) for w in picture["windows"]
        )

    def dialog(label: str, keys: str, name: str, cls: str = "") -> None:
        desk.key(keys)
        try:
            desk.wait_probe(f"{label} to open", lambda p: opened(p, name, cls), 5)
        except AssertionError as exc:
            problems.append(f"{label}: {exc} (keys {keys})")
            return
        check(label)
        desk.key("Escape")
        desk.wait_probe(f"{label} to close", lambda p: not opened(p, name, cls), 5)
        desk.focus_window()  # a window manager gives the keyboard back to the main window

    def reach(label: str, keys: str, state: Callable[[dict[str, Any]], bool]) -> None:
        desk.key(keys)
        try:
            desk.wait_agent(label, state, 5)
        except AssertionError as exc:
            problems.append(f"{label}: {exc} (keys {keys})")
        check(label)

    check("idle, tabs shown")
    shown_by = {"FAQ": "faqView", "Work order": "caseView"}  # the tabs with a named page
    for n, tab in enumerate(("Skills", "Events", "FAQ", "Work order", "Recordings"), start=1):
        desk.key(f"ctrl+{n}")
        picture = check(f"tab {tab}")
        page = shown_by.get(tab)
        if page and not picture["widgets"].get(page, {}).get("visible"):
            problems.append(f"tab {tab}: Ctrl+{n} did not show it")
    desk.key("ctrl+shift+e")
    check("idle, tabs toggled")
    desk.key("ctrl+shift+e")
    dialog("settings dialog", "ctrl+comma", "settingsDialog")
    dialog("rest panel", "ctrl+shift+r", "", "QMenu")

    ring(desk)
    check("ringing")
    reach("talking", "F7", lambda a: (a["call"] or {}).get("phase") == "talking")
    reach("talking, held", "F9", lambda a: (a["call"] or {}).get("held"))
    reach("talking, resumed", "F9", lambda a: not (a["call"] or {}).get("held", True))
    reach("talking, muted", "F10", lambda a: (a["call"] or {}).get("muted"))
    reach("talking, unmuted", "F10", lambda a: not (a["call"] or {}).get("muted", True))
    dialog("transfer panel", "F12", "", "QMenu")
    dialog("sign-out confirmation during a call", "ctrl+shift+l", "confirmBox")
    reach("call ended", "F8", lambda a: a["call"] is None)
    if desk.agent()["state"] != WRAP_UP:
        reach("wrap-up", "F11", lambda a: a["state"] == WRAP_UP)
    else:
        check("wrap-up")
    assert not problems, "outside the screen or not reachable:\n" + "\n".join(problems)
    assert len(checked) >= 17


# -- a whole shift on the keyboard -----------------------------------------------------------------


def seed_keyring(desk: Desk, secrets: dict[str, str]) -> None:
    data = file_keyring.read(desk.keyring_path)
    data["secrets"].update({f"{SERVICE}/{name}": value for name, value in secrets.items()})
    file_keyring.write(desk.keyring_path, data)


def stored(desk: Desk) -> dict[str, Any]:
    return file_keyring.read(desk.keyring_path)


def with_profile(desk_factory: DeskFactory) -> Desk:
    """A profile of agent 101 against ``agentbar sim``; every secret stored but the password."""
    desk = desk_factory(SMALL)
    url = desk.start_sim()
    save_profile(demo_profile(url), desk.config_path)
    seed_keyring(desk, {k: v for k, v in demo_secrets().items() if k != PASSWORD})
    desk.start()
    desk.wait_probe("the main window", lambda p: bool(p["windows"]), 30)
    desk.focus_window()
    return desk


def answer_dialog(desk: Desk, name: str, password: str) -> None:
    """Type ``password`` into the dialog ``name`` once it has the keyboard; Enter."""
    picture = desk.wait_probe(
        f"{name} to open", lambda p: any(w["objectName"] == name for w in p["windows"]), 10
    )
    if picture["activeWindow"] != name:
        desk.focus_window("Sign in")  # what a window manager does for a new dialog
    desk.wait_probe(
        f"{name} to have the keyboard", lambda p: (p["focus"] or {}).get("window") == name, 5
    )
    desk.type(password)
    desk.key("Return")


def test_keyboard_only_shift(desk_factory: DeskFactory) -> None:
    desk = with_profile(desk_factory)
    clicks = []
    real_xdotool = desk.xdotool

    def no_mouse(*args: str, check: bool = True) -> str:
        if args and args[0] in ("mousemove", "click", "mousedown", "mouseup"):
            clicks.append(args)
        return real_xdotool(*args, check=check)

    desk.xdotool = no_mouse  # type: ignore[method-assign]

    desk.key("ctrl+shift+l")  # Sign in: no password is stored, so it asks
    answer_dialog(desk, "passwordDialog", DEMO_PASSWORD)
    desk.wait_agent("signed in", lambda a: a["signedIn"], 15)
    desk.focus_window()
    desk.key("F5")
    desk.wait_agent("Ready", lambda a: a["state"] == IDLE)

    ring(desk)
    desk.key("F7")
    desk.wait_agent("talking", lambda a: (a["call"] or {}).get("phase") == "talking")
    desk.key("F9")
    desk.wait_agent("held", lambda a: a["call"]["held"])
    desk.key("F9")
    desk.wait_agent("resumed", lambda a: not a["call"]["held"])
    desk.key("F8")
    desk.wait_agent("hung up", lambda a: a["call"] is None)
    if desk.agent()["state"] != WRAP_UP:
        desk.key("F11")
    desk.wait_agent("wrap-up", lambda a: a["state"] == WRAP_UP)
    desk.key("F5")
    desk.wait_agent("Ready after wrap-up", lambda a: a["state"] == IDLE)

    desk.key("ctrl+shift+f")
    desk.wait_probe("the FAQ search field", lambda p: desk.focus_name(p) == "faqSearch")
    desk.type("What is life insurance?")
    desk.key("Return")
    desk.wait_probe(
        "the answer copied", lambda p: p["clipboard"].startswith("Life insurance pays"), 15
    )

    desk.key("ctrl+shift+w")
    fill = {
        "caseTitle": "Customer asks about term life",
        "caseDescription": "Explained term and whole life cover.",
        "caseTypeSearch": "Complaint",
        "caseContactId": "C1001",
        "caseContactPhone": "13912345678",
    }
    filled: list[str] = []
    for _ in range(len(fill) + 2):
        if desk.sim("POST", "/sim/cases/stats")["cases"]:
            break
        desk.key("ctrl+Return")  # submits, or puts the keyboard on the first field to fix
        time.sleep(0.8)
        name = desk.focus_name()
        if name in fill and name not in filled:
            filled.append(name)
            desk.type(fill[name])
            if name == "caseTypeSearch":
                desk.key("Tab", "Down")  # into the tree; the first match is chosen
    desk.wait_agent(
        "a work order stored",
        lambda _a: desk.sim("POST", "/sim/cases/stats")["cases"] == 1,
        15,
    )

    desk.key("ctrl+shift+l")  # Sign out
    desk.wait_agent("signed out", lambda a: not a["signedIn"], 15)
    assert not clicks, f"the shift used the mouse: {clicks}"


# -- a wrong password on the first run ----------------------------------------------------------


def test_wrong_password_keeps_the_stored_one_and_asks_again(desk_factory: DeskFactory) -> None:
    desk = desk_factory(SMALL)
    url = desk.start_sim()
    good = DEMO_PASSWORD
    wrong = "not-the-password"
    seed_keyring(
        desk,
        {
            PASSWORD: good,
            CCFS_SK: demo_secrets()[CCFS_SK],
            FAQ_APP_SECRET: demo_secrets()[FAQ_APP_SECRET],
            CASES_CLIENT_SECRET: demo_secrets()[CASES_CLIENT_SECRET],
        },
    )
    desk.start()  # no profile: the first-run dialog
    deadline = time.monotonic() + 30
    while not desk.xdotool("search", "--onlyvisible", "--name", "agentbar", check=False):
        assert time.monotonic() < deadline, "the first-run dialog did not open"
        time.sleep(0.2)
    time.sleep(0.5)
    desk.focus_window()
    desk.type(url)
    desk.key("Tab")
    desk.type(AGENT)
    desk.key("Tab")
    desk.type("88880101")
    desk.key("Tab", "Tab", "Tab", "Tab")  # CA bundle, Browse…, verify, password
    desk.type(wrong)
    desk.key("Return")  # "remember" is ticked by default

    desk.wait_probe("the main window", lambda p: bool(p["windows"]), 30)
    deadline = time.monotonic() + 10
    while (
        desk.sim("GET", "/sim/stats")["requests"].get(
            f"/agentgateway/resource/onlineagent/{AGENT}", 0
        )
        == 0
    ):
        assert time.monotonic() < deadline, "no sign-in was tried"
        time.sleep(0.2)
    writes = [w for w in stored(desk)["writes"] if w["key"] == f"{SERVICE}/{PASSWORD}"]
    assert all(w["value"] != wrong for w in writes), (
        "the wrong password replaced the stored one before the sign-in was checked"
    )
    assert stored(desk)["secrets"][f"{SERVICE}/{PASSWORD}"] == good

    answer_dialog(desk, "passwordDialog", good)  # 100-004: the window asks again
    desk.wait_agent("signed in with the right password", lambda a: a["signedIn"], 15)
    data = stored(desk)
    assert data["secrets"][f"{SERVICE}/{PASSWORD}"] == good
    assert all(w["value"] != wrong for w in data["writes"]), json.dumps(data["writes"])
    assert desk.config_path.exists(), "the profile of the first run was not saved"
