"""The agent's profile: non-secret settings in ``config.toml``, loaded, validated and saved.

A profile says where the CEC services are and who the agent is (gateway URL, agent ID, phone,
tenant and group IDs, CA bundle, UI preferences). It holds no secret at all: passwords, SKs and
app secrets live in the OS keyring (:mod:`agentbar.secrets`). The file sits in the user config
dir unless ``--config PATH`` or the ``AGENTBAR_CONFIG`` environment variable names another.
Every problem with the file becomes a :class:`ConfigError` that names the file, the key, what is
wrong and what to do, in English; the window translates it from its template (context
``ConfigError``, see :mod:`agentbar.message`).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from agentbar.desktop.hotkeys.chord import Chord, HotkeyUnavailable, parse_chord
from agentbar.message import Message

if TYPE_CHECKING:
    import tomllib

# tomllib, tomli_w and platformdirs are imported where a file is read, written or located: the
# window is built from a profile before any of that is needed (--demo never needs it).

log = logging.getLogger(__name__)

APP_NAME = "agentbar"
CONFIG_FILE_NAME = "config.toml"
CONFIG_ENV = "AGENTBAR_CONFIG"

UI_LANGUAGES = ("", "en", "zh_CN")
# The file log's levels, most detailed first (``[ui] log_level``).
LOG_LEVELS = ("debug", "info", "warning", "error")

# The Qt context the window translates a ConfigError's template and words in.
TRANSLATION_CONTEXT = "ConfigError"

EXAMPLE_CONFIG = """\
[gateway]
url = "https://10.1.1.1:8043"
agent_id = "101"
phone = "88880101"
"""

_HEADER = """\
# agentbar profile. Secrets (agent password, SK, app secrets) are NOT kept here: they live in the
# OS keyring. Store one with:  agentbar secrets set password
"""


class ConfigError(Exception):
    """The profile cannot be used; ``str()`` is a complete sentence for a person.

    ``path`` is the file concerned and ``key`` the dotted key (``gateway.url``), empty when the
    problem is the file as a whole, so a settings dialog can point at the field. ``text`` keeps
    the English template and arguments the message was rendered from.
    """

    title = "Profile problem"

    def __init__(self, message: str | Message, *, path: Path | None = None, key: str = "") -> None:
        text = message if isinstance(message, Message) else Message(message)
        super().__init__(str(text))
        self.text = text
        self.message = str(text)
        self.path = path
        self.key = key

    @property
    def template(self) -> str:
        return self.text.template


# --- the profile ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """CC-Gateway: base URL up to the port (the client appends ``/agentgateway/...``), agent."""

    url: str = ""
    agent_id: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class TlsConfig:
    """How servers are verified: a CA bundle path (empty = system store) and the switch."""

    ca_bundle: str = ""
    verify: bool = True


@dataclass(frozen=True, slots=True)
class CcfsConfig:
    """CC-FS recordings (auth-v2); the SK is the keyring secret ``ccfs-sk``."""

    url: str = ""
    ak: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True, slots=True)
class QualityConfig:
    """CCSQM quality inspection via the API gateway; secret ``quality-app-secret``."""

    url: str = ""
    app_key: str = ""
    user_id: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True, slots=True)
class FaqConfig:
    """OIFDE FAQ; secret ``faq-app-secret``. An empty group_id asks every enabled group."""

    url: str = ""
    tenant_id: str = ""
    group_id: str = ""
    language: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True, slots=True)
class CasesConfig:
    """Case 2.0 work orders; secret ``cases-client-secret``."""

    url: str = ""
    client_id: str = ""
    creator_id: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True, slots=True)
class UiConfig:
    """Toolbar preferences. Empty language = the system locale."""

    language: str = ""
    always_on_top: bool = True
    download_dir: str = ""
    log_level: str = "info"

    def download_path(self) -> Path:
        """Where recordings go: the chosen dir, else the user's downloads dir / agentbar."""
        if self.download_dir:
            return Path(self.download_dir).expanduser()
        import platformdirs

        return Path(platformdirs.user_downloads_dir()) / APP_NAME


@dataclass(frozen=True, slots=True)
class HotkeysConfig:
    """System-wide keys ("Ctrl+Alt+A") for the bar's commands; empty = off (the default)."""

    answer: str = ""
    hang_up: str = ""
    ready: str = ""
    busy: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything in ``config.toml``. No field is secret."""

    gateway: GatewayConfig = field(default_factory=GatewayConfig)
    tls: TlsConfig = field(default_factory=TlsConfig)
    ccfs: CcfsConfig = field(default_factory=CcfsConfig)
    quality: QualityConfig = field(default_factory=QualityConfig)
    faq: FaqConfig = field(default_factory=FaqConfig)
    cases: CasesConfig = field(default_factory=CasesConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    hotkeys: HotkeysConfig = field(default_factory=HotkeysConfig)

    @classmethod
    def demo(cls, base_url: str) -> Profile:
        """The simulator's demo tenant; every service URL is ``base_url`` (one port serves all)."""
        return demo_profile(base_url)


_SECTIONS: dict[str, type[Any]] = {
    "gateway": GatewayConfig,
    "tls": TlsConfig,
    "ccfs": CcfsConfig,
    "quality": QualityConfig,
    "faq": FaqConfig,
    "cases": CasesConfig,
    "ui": UiConfig,
    "hotkeys": HotkeysConfig,
}


def demo_profile(base_url: str) -> Profile:
    """A complete profile for the simulator's demo tenant (agent 101) at ``base_url``."""
    url = base_url.rstrip("/")
    return Profile(
        gateway=GatewayConfig(url=url, agent_id="101", phone="88880101"),
        tls=TlsConfig(),
        ccfs=CcfsConfig(url=url, ak="demo-ak"),
        quality=QualityConfig(url=url, app_key="demo-app", user_id="101"),
        # The simulator's FAQ tenant has Chinese and English groups: no language set means each
        # question is asked in the language it is typed in; an empty group asks every group.
        faq=FaqConfig(url=url, tenant_id="00030010", group_id="", language=""),
        cases=CasesConfig(url=url, client_id="demo-client", creator_id="101"),
        ui=UiConfig(),
    )


# --- where the file is ---------------------------------------------------------------------------


def default_config_path() -> Path:
    """``$AGENTBAR_CONFIG`` when set, else ``config.toml`` in the user config dir."""
    from_env = os.environ.get(CONFIG_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def resolve_config_path(path: Path | None) -> Path:
    """The file to use: ``path`` (``--config``) when given, else :func:`default_config_path`."""
    return path.expanduser() if path is not None else default_config_path()


# --- loading -------------------------------------------------------------------------------------


def load_profile(path: Path | None = None) -> Profile:
    """Read and validate the profile; every problem is a :class:`ConfigError`."""
    import tomllib

    path = resolve_config_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            Message(
                "No agentbar profile at {path}. Run `agentbar` to fill it in with the setup "
                "dialog, or create the file yourself, for example:\n\n{example}",
                {"path": str(path), "example": EXAMPLE_CONFIG},
            ),
            path=path,
        ) from None
    except IsADirectoryError:
        raise ConfigError(
            Message(
                "{path} is a directory, not a profile file. Point --config at a config.toml file.",
                {"path": str(path)},
            ),
            path=path,
        ) from None
    except OSError as exc:
        raise ConfigError(
            Message(
                "Cannot read the profile {path}: {error}. Check the file's permissions.",
                {"path": str(path), "error": str(exc.strerror or exc)},
            ),
            path=path,
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(
            Message(
                "{path} is not UTF-8 text. Save the profile as UTF-8 and try again.",
                {"path": str(path)},
            ),
            path=path,
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_problem(exc, path), path=path) from None
    return profile_from_dict(data, path=path)


def profile_from_dict(data: Mapping[str, Any], *, path: Path | None = None) -> Profile:
    """Build and validate a profile from parsed TOML; ``path`` is named in errors."""
    base_dir = path.parent if path is not None else Path.cwd()
    for name in data:
        if name not in _SECTIONS:
            log.warning(
                "%s: unknown section [%s] ignored (known: %s)",
                _where(path),
                name,
                ", ".join(_SECTIONS),
            )
    sections: dict[str, Any] = {}
    for name, cls in _SECTIONS.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(
                _at(
                    path,
                    Message(
                        "{where}: [{section}] must be a table (a [{section}] header with keys "
                        "under it).",
                        {"section": name},
                    ),
                ),
                path=path,
                key=name,
            )
        sections[name] = _section(cls, name, table, path)
    profile = Profile(**sections)
    profile = _normalized(profile, base_dir)
    validate_profile(profile, path=path)
    return profile


def _section(cls: type[Any], name: str, table: Mapping[str, Any], path: Path | None) -> Any:
    defaults = cls()
    known = {f.name for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            log.warning("%s: unknown key %s.%s ignored", _where(path), name, key)
            continue
        expected = type(getattr(defaults, key))
        if type(value) is not expected:
            raise ConfigError(
                _at(
                    path,
                    Message(
                        "{where}: {section}.{option} must be {expected}, not {actual}. "
                        "Example: {option} = {example}.",
                        {
                            "section": name,
                            "option": key,
                            "expected": _type_words(expected),
                            "actual": _type_words(type(value)),
                            "example": _example(expected),
                        },
                        # A type without words of ours (a TOML date) is named as data.
                        frozenset(
                            name
                            for name, tp in (("expected", expected), ("actual", type(value)))
                            if tp in _TYPE_WORDS
                        ),
                    ),
                ),
                path=path,
                key=f"{name}.{key}",
            )
        values[key] = value
    return cls(**values)


def _normalized(profile: Profile, base_dir: Path) -> Profile:
    """Trailing slashes off URLs, spaces off IDs, the CA bundle relative to the config file."""
    ca = profile.tls.ca_bundle.strip()
    if ca:
        ca_path = Path(ca).expanduser()
        # A relative CA bundle is read next to the profile, not in whatever dir agentbar started.
        ca = str(ca_path if ca_path.is_absolute() else base_dir / ca_path)
    return replace(
        profile,
        gateway=replace(
            profile.gateway,
            url=profile.gateway.url.strip().rstrip("/"),
            agent_id=profile.gateway.agent_id.strip(),
            phone=profile.gateway.phone.strip(),
        ),
        tls=replace(profile.tls, ca_bundle=ca),
        ccfs=replace(profile.ccfs, url=profile.ccfs.url.strip().rstrip("/")),
        quality=replace(profile.quality, url=profile.quality.url.strip().rstrip("/")),
        faq=replace(profile.faq, url=profile.faq.url.strip().rstrip("/")),
        cases=replace(profile.cases, url=profile.cases.url.strip().rstrip("/")),
        hotkeys=HotkeysConfig(
            **{f.name: getattr(profile.hotkeys, f.name).strip() for f in fields(HotkeysConfig)}
        ),
    )


# --- validation ----------------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]+")


def validate_profile(profile: Profile, *, path: Path | None = None) -> None:
    """Raise :class:`ConfigError` for the first value agentbar cannot work with."""

    def fail(key: str, problem: Message) -> ConfigError:
        return ConfigError(_at(path, problem.with_args(key=key)), path=path, key=key)

    gw = profile.gateway
    problem = _gateway_url_problem(gw.url)
    if problem is not None:
        raise fail("gateway.url", problem)
    # The documents give 101–59999 (old editions) and 101–999999 (from 2025): check the shape only.
    if not gw.agent_id:
        raise fail(
            "gateway.agent_id",
            Message(
                "{where}: {key}: is empty; it must be your agent work number, 3 to 6 digits "
                'in quotes, e.g. agent_id = "101".'
            ),
        )
    if not (_DIGITS.fullmatch(gw.agent_id) and 3 <= len(gw.agent_id) <= 6):
        raise fail(
            "gateway.agent_id",
            Message(
                "{where}: {key}: is '{value}'; it must be your agent work number, 3 to 6 digits "
                'in quotes, e.g. agent_id = "101".',
                {"value": gw.agent_id},
            ),
        )
    # New editions of the sign-in interface require the phone number: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1202.html
    if not gw.phone:
        raise fail(
            "gateway.phone",
            Message(
                "{where}: {key}: is empty; it must be the softphone or phone number the agent "
                'uses, up to 24 digits in quotes, e.g. phone = "88880101".'
            ),
        )
    if not (_DIGITS.fullmatch(gw.phone) and len(gw.phone) <= 24):
        raise fail(
            "gateway.phone",
            Message(
                "{where}: {key}: is '{value}'; it must be the softphone or phone number the "
                'agent uses, up to 24 digits in quotes, e.g. phone = "88880101".',
                {"value": gw.phone},
            ),
        )
    if profile.tls.ca_bundle:
        ca = Path(profile.tls.ca_bundle)
        if not ca.is_file():
            raise fail(
                "tls.ca_bundle",
                Message(
                    "{where}: {key}: {ca} does not exist or is not a file. Give the path of a "
                    'PEM file with your CA certificates, or ca_bundle = "" to use the system '
                    "store.",
                    {"ca": str(ca)},
                ),
            )
        if not os.access(ca, os.R_OK):
            raise fail(
                "tls.ca_bundle",
                Message(
                    "{where}: {key}: {ca} cannot be read. Check its permissions.", {"ca": str(ca)}
                ),
            )
    for name in ("ccfs", "quality", "faq", "cases"):
        url = getattr(profile, name).url
        if url:
            problem = _service_url_problem(url)
            if problem is not None:
                raise fail(f"{name}.url", problem)
    if profile.ui.language not in UI_LANGUAGES:
        raise fail(
            "ui.language",
            Message(
                "{where}: {key}: '{language}' is not a language agentbar ships; "
                'use "en", "zh_CN" or "" for the system language.',
                {"language": profile.ui.language},
            ),
        )
    if profile.ui.log_level not in LOG_LEVELS:
        raise fail(
            "ui.log_level",
            Message(
                "{where}: {key}: '{level}' is not a log level; "
                'use "debug", "info", "warning" or "error".',
                {"level": profile.ui.log_level},
            ),
        )
    problem_key, problem = _hotkeys_problem(profile.hotkeys)
    if problem is not None:
        raise fail(problem_key, problem)


def read_log_level(path: Path | None) -> str:
    """The profile's ``[ui] log_level``, read before the profile itself: the log starts first.

    "info" when the file is missing or unreadable or the value is not a level; loading the
    profile reports those problems.
    """
    import tomllib

    try:
        data = tomllib.loads(resolve_config_path(path).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "info"
    ui = data.get("ui")
    level = ui.get("log_level") if isinstance(ui, dict) else None
    return level if level in LOG_LEVELS else "info"


def _hotkeys_problem(hotkeys: HotkeysConfig) -> tuple[str, Message | None]:
    """The first chord that is not one agentbar can grab, or that two commands share."""
    taken: dict[Chord, str] = {}
    for f in fields(HotkeysConfig):
        text = getattr(hotkeys, f.name)
        if not text:
            continue
        key = f"hotkeys.{f.name}"
        try:
            chord = parse_chord(text)
        except HotkeyUnavailable:
            return key, Message(
                "{where}: {key}: '{value}' is not a key agentbar can take system-wide; give "
                "Ctrl, Alt or Meta (and Shift if you like) with a letter, digit or Space, "
                'e.g. "Ctrl+Alt+A", or an F-key, e.g. "Ctrl+F7"; "" turns it off.',
                {"value": text},
            )
        if chord in taken:
            return key, Message(
                "{where}: {key}: '{value}' is already the key of {other}; give each command "
                "its own key.",
                {"value": text, "other": taken[chord]},
            )
        taken[chord] = key
    return "", None


def _url_basics(url: str, example: str) -> tuple[str, Any] | Message:
    """(scheme, split URL), or the problem with anything that is not an http(s) address.

    The problem's ``{where}`` and ``{key}`` are filled in by the caller, who knows them.
    """
    # URLs are shown as Python literals, quotes and all, as the messages always did.
    shown = {"url": repr(url), "example": repr(example)}
    if not url:
        return Message(
            "{where}: {key}: is empty; set it to the server's address, e.g. url = {example}.",
            {"example": shown["example"]},
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return Message(
            "{where}: {key}: {url} must start with https:// (or http://), e.g. url = {example}.",
            shown,
        )
    if not parts.hostname:
        return Message(
            "{where}: {key}: {url} has no host name or IP address, e.g. url = {example}.", shown
        )
    if parts.username or parts.password:
        return Message(
            "{where}: {key}: {url} must not contain a user name or password; secrets go in "
            "the keyring.",
            {"url": shown["url"]},
        )
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when it is read
    except ValueError:
        return Message(
            "{where}: {key}: {url} has an invalid port; use a number from 1 to 65535.",
            {"url": shown["url"]},
        )
    if parts.query or parts.fragment:
        return Message(
            "{where}: {key}: {url} must not have a query (?…) or fragment (#…).",
            {"url": shown["url"]},
        )
    return parts.scheme, parts


def _gateway_url_problem(url: str) -> Message | None:
    example = "https://10.1.1.1:8043"
    basics = _url_basics(url, example)
    if isinstance(basics, Message):
        return basics
    _, parts = basics
    if parts.path not in ("", "/"):
        return Message(
            "{where}: {key}: {url} has a path ({path}); give only scheme, host and port, "
            "e.g. url = {example} — agentbar adds /agentgateway/resource/… itself.",
            {"url": repr(url), "path": parts.path, "example": repr(example)},
        )
    return None


def _service_url_problem(url: str) -> Message | None:
    basics = _url_basics(url, "https://10.1.1.1:28090")
    return basics if isinstance(basics, Message) else None


# --- saving --------------------------------------------------------------------------------------


def profile_to_dict(profile: Profile) -> dict[str, dict[str, Any]]:
    """The profile as TOML tables, every key written so the file documents itself."""
    out: dict[str, dict[str, Any]] = {}
    for name in _SECTIONS:
        section = getattr(profile, name)
        out[name] = {f.name: getattr(section, f.name) for f in fields(section)}
    return out


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Validate and write the profile atomically (temp file + rename); return the path.

    Either the complete new file is in place or the old one is untouched: a crash or a full disk
    never leaves half a profile behind.
    """
    import tomli_w

    path = resolve_config_path(path)
    validate_profile(profile, path=path)
    text = _HEADER + "\n" + tomli_w.dumps(profile_to_dict(profile))
    tmp_name = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = ""
    except OSError as exc:
        raise ConfigError(
            Message(
                "Cannot save the profile to {path}: {error}. "
                "Check that the folder is writable and the disk is not full.",
                {"path": str(path), "error": str(exc.strerror or exc)},
            ),
            path=path,
        ) from None
    finally:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
    return path


# --- message helpers -----------------------------------------------------------------------------


# Said instead of a file name when a profile that is not (yet) a file is checked.
_NO_PATH = "profile"
_TYPE_WORDS: dict[type[Any], str] = {
    str: "a string in double quotes",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    dict: "a table",
    list: "a single value",
}
# tomllib's own words are data; this stands in when it gives none.
_NO_TOML_REASON = "syntax error"
# The English words that ConfigError messages carry as arguments (Message.words): the catalogue
# lists them beside the templates.
MESSAGE_WORDS: tuple[str, ...] = (_NO_PATH, _NO_TOML_REASON, *_TYPE_WORDS.values())


def _where(path: Path | None) -> str:
    return str(path) if path is not None else _NO_PATH


def _at(path: Path | None, problem: Message) -> Message:
    """``problem`` with ``{where}`` filled: the file, or the (translated) word "profile"."""
    if path is None:
        return problem.with_args(frozenset({"where"}), where=_NO_PATH)
    return problem.with_args(where=str(path))


def _type_words(tp: type[Any]) -> str:
    return _TYPE_WORDS.get(tp, tp.__name__)


def _example(tp: type[Any]) -> str:
    return {str: '"…"', bool: "true"}.get(tp, "…")


_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _toml_problem(exc: tomllib.TOMLDecodeError, path: Path) -> Message:
    """What is wrong with the TOML, where; tomllib's reason is passed on as it came (data)."""
    reason = _POSITION.sub("", str(exc)).replace("(at end of document)", "").strip()
    args = {"path": str(path), "reason": reason or _NO_TOML_REASON}
    words = frozenset() if reason else frozenset({"reason"})
    match = _POSITION.search(str(exc))
    if match:
        return Message(
            "{path} is not valid TOML at line {line}, column {column}: {reason}. "
            'Fix that line (strings need double quotes, e.g. agent_id = "101").',
            {**args, "line": match.group(1), "column": match.group(2)},
            words,
        )
    if "end of document" in str(exc):
        return Message(
            "{path} is not valid TOML at the end of the file: {reason}. "
            'Fix that line (strings need double quotes, e.g. agent_id = "101").',
            args,
            words,
        )
    return Message(
        "{path} is not valid TOML: {reason}. "
        'Fix that line (strings need double quotes, e.g. agent_id = "101").',
        args,
        words,
    )


# Each profile's data (FAQ cache, outbox, download queue, the window's place) lives in its own
# folder under the user data dir; here, not in app/, so start-up can find it without loading the
# services (that import cost 300 modules before the first paint).
PROFILES_DIR = "profiles"


def profile_data_dir(config_path: Path) -> Path:
    """Where one profile keeps its FAQ cache, outbox and download queue.

    Each profile file gets its own folder: two profiles may run at once (one instance each), and a
    work order queued for one tenant must never be sent with another profile's client.
    """
    import hashlib

    import platformdirs

    key = hashlib.sha256(str(config_path.expanduser().absolute()).encode()).hexdigest()[:16]
    return Path(platformdirs.user_data_dir("agentbar", appauthor=False)) / PROFILES_DIR / key
