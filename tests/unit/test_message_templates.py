"""Profile and keyring messages keep their English and carry templates the catalogue lists.

``packaging/resources.py`` finds the templates of ``agentbar/config.py`` and
``agentbar/secrets.py`` by reading them (``message_templates``); these tests raise every kind of
ConfigError and SecretStoreError and check that each renders the same English as before from a
listed template, that the modules stay written the way the collector reads them, and that the
zh_CN catalogue translates every template with the same placeholders.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import keyring.errors
import pytest
from keyring.backends import fail

from agentbar import secrets
from agentbar.config import (
    CcfsConfig,
    ConfigError,
    FaqConfig,
    GatewayConfig,
    HotkeysConfig,
    Profile,
    TlsConfig,
    UiConfig,
    load_profile,
    profile_from_dict,
    save_profile,
    validate_profile,
)
from agentbar.message import Message, fill
from agentbar.secrets import (
    KeyringStore,
    MemoryStore,
    SecretStoreError,
    SecretStoreLocked,
    SecretStoreUnavailable,
    SecretWriteError,
    UnknownSecretError,
)
from tests.memory_keyring import MemoryKeyring
from tests.resources_tool import PLACEHOLDER, ROOT, resources_tool

TOOL = resources_tool()
CONFIG_LISTED = set(TOOL.message_templates("agentbar.config"))
SECRETS_LISTED = set(TOOL.message_templates("agentbar.secrets"))

GOOD_GATEWAY = '[gateway]\nurl = "https://h:1"\nagent_id = "101"\nphone = "1"\n'
GATEWAY = GatewayConfig(url="https://h:1", agent_id="101", phone="1")
GOOD = Profile(gateway=GATEWAY)


def _raised(action: Callable[[], object]) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        action()
    return info.value


def assert_listed(message: Message, listed: set[str]) -> None:
    assert message.template in listed, message.template
    for word in message.words:
        assert message.args[word] in listed, (word, message.args[word])
    # Every field of the template is filled, and nothing else is a field.
    assert sorted(set(PLACEHOLDER.findall(message.template))) == sorted(message.args)


# --- the English stays as it was --------------------------------------------------------------


def test_message_renders_its_template_with_its_arguments() -> None:
    message = Message("{path} is not UTF-8 text.", {"path": "/p/{x}.toml"})
    assert str(message) == "/p/{x}.toml is not UTF-8 text."
    # Made from plain text, a message is that text, braces and all.
    assert str(Message("x = {y}")) == "x = {y}"
    more = Message("{where}: {key}: bad", {"key": "gateway.url"}).with_args(
        frozenset({"where"}), where="profile"
    )
    assert str(more) == "profile: gateway.url: bad"
    assert more.words == {"where"}
    assert fill("{a}", {"a": "1"}) == "1"


def test_toml_error_keeps_its_english_and_its_reason_as_data(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[gateway\n", encoding="utf-8")
    exc = _raised(lambda: load_profile(path))
    assert (
        str(exc)
        == exc.message
        == (
            f"{path} is not valid TOML at line 1, column 9: Expected ']' at the end of a table "
            'declaration. Fix that line (strings need double quotes, e.g. agent_id = "101").'
        )
    )
    assert exc.template.startswith("{path} is not valid TOML at line {line}, column {column}")
    assert exc.text.args["reason"] == "Expected ']' at the end of a table declaration"
    assert "reason" not in exc.text.words


def test_wrong_type_names_the_types_in_words_that_are_translated(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[gateway]\nurl = 5\n", encoding="utf-8")
    exc = _raised(lambda: load_profile(path))
    assert str(exc) == (
        f"{path}: gateway.url must be a string in double quotes, not a whole number. "
        'Example: url = "…".'
    )
    assert exc.key == "gateway.url"
    assert exc.text.words == {"expected", "actual"}


def test_a_profile_without_a_file_is_called_profile_in_a_translated_word() -> None:
    exc = _raised(lambda: validate_profile(replace(GOOD, gateway=replace(GATEWAY, url="ftp://x"))))
    assert str(exc) == (
        "profile: gateway.url: 'ftp://x' must start with https:// (or http://), "
        "e.g. url = 'https://10.1.1.1:8043'."
    )
    assert exc.text.args["where"] == "profile"
    assert "where" in exc.text.words


def test_a_profile_file_is_named_as_data(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    profile = replace(GOOD, gateway=replace(GATEWAY, agent_id="12"))
    exc = _raised(lambda: validate_profile(profile, path=path))
    assert str(exc) == (
        f"{path}: gateway.agent_id: is '12'; it must be your agent work number, 3 to 6 digits "
        'in quotes, e.g. agent_id = "101".'
    )
    assert exc.text.words == frozenset()


def test_keyring_errors_keep_their_english() -> None:
    exc = secrets._translated(keyring.errors.KeyringLocked("locked!"), "read", "password")
    assert isinstance(exc, SecretStoreLocked)
    assert (
        str(exc)
        == exc.message
        == (
            "Could not read the secret password: the keyring is locked. Unlock it (log in to the "
            "desktop, or unlock the 'Login' keyring) and try again. (locked!)"
        )
    )
    assert exc.text.words == {"verb"}
    assert exc.text.args["detail"] == "locked!"
    assert MemoryStore().describe() == "memory (this session only; nothing is saved)"
    assert KeyringStore(fail.Keyring()).describe() == (
        "no usable keyring (keyring.backends.fail.Keyring)"
    )


# --- every message comes from a listed template -----------------------------------------------


def _profile_files() -> list[str]:
    with_ui = GOOD_GATEWAY + "[ui]\n"
    with_tls = GOOD_GATEWAY + "[tls]\n"
    return [
        "[gateway\n",
        "a = ",
        'x = "',
        "a = 1\na = 2\n",
        "[gateway]\nurl = 5\n",
        "gateway = 3\n",
        with_ui + 'always_on_top = "x"\n',
        with_ui + "language = 3\n",
        with_tls + "verify = [1]\n",
        with_tls + "ca_bundle = {a = 1}\n",
        with_tls + "ca_bundle = 1.5\n",
        with_tls + "ca_bundle = 1979-05-27\n",
        '[gateway]\nurl = "https://h/x"\nagent_id = "101"\nphone = "1"\n',
    ]


@pytest.mark.parametrize("text", _profile_files())
def test_every_profile_file_error_comes_from_a_listed_template(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    exc = _raised(lambda: load_profile(path))
    assert str(exc) == str(exc.text)
    assert_listed(exc.text, CONFIG_LISTED)


def _bad_profiles() -> list[Profile]:
    urls = ["", "ftp://x", "https://", "https://u:p@h", "https://h:99999", "https://h/?q"]
    urls += ["https://h/x"]
    return [
        *(replace(GOOD, gateway=replace(GATEWAY, url=url)) for url in urls),
        replace(GOOD, gateway=replace(GATEWAY, agent_id="")),
        replace(GOOD, gateway=replace(GATEWAY, agent_id="12")),
        replace(GOOD, gateway=replace(GATEWAY, phone="")),
        replace(GOOD, gateway=replace(GATEWAY, phone="x1")),
        replace(GOOD, tls=TlsConfig(ca_bundle="/nonexistent/ca.pem")),
        replace(GOOD, ccfs=CcfsConfig(url="ftp://x")),
        replace(GOOD, faq=FaqConfig(url="https://h#f")),
        replace(GOOD, ui=UiConfig(language="fr")),
        replace(GOOD, hotkeys=HotkeysConfig(answer="Ctrl+Tab")),
        replace(GOOD, hotkeys=HotkeysConfig(answer="Ctrl+Alt+A", busy="ctrl+alt+a")),
    ]


@pytest.mark.parametrize("with_path", [False, True])
@pytest.mark.parametrize("profile", _bad_profiles())
def test_every_validation_error_comes_from_a_listed_template(
    tmp_path: Path, profile: Profile, with_path: bool
) -> None:
    path = tmp_path / "c.toml" if with_path else None
    exc = _raised(lambda: validate_profile(profile, path=path))
    assert exc.message.startswith(f"{path or 'profile'}: {exc.key}: ")
    assert_listed(exc.text, CONFIG_LISTED)


def test_unreadable_ca_bundle_and_file_errors_come_from_listed_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "file.toml"
    not_a_folder.write_text("", encoding="utf-8")
    ca = tmp_path / "ca.pem"
    ca.write_text("x", encoding="utf-8")
    found = [
        # A path under a file: the OS refuses to read or create it (also for root).
        _raised(lambda: load_profile(not_a_folder / "c.toml")),
        _raised(lambda: save_profile(GOOD, not_a_folder / "sub" / "c.toml")),
    ]
    # Permissions do not stop root, who runs these tests in CI: the check itself is asked.
    monkeypatch.setattr("agentbar.config.os.access", lambda *_args: False)
    found.append(_raised(lambda: validate_profile(replace(GOOD, tls=TlsConfig(ca_bundle=str(ca))))))
    assert [exc.template.split(" ")[0:3] for exc in found] == [
        ["Cannot", "read", "the"],
        ["Cannot", "save", "the"],
        ["{where}:", "{key}:", "{ca}"],
    ]
    for exc in found:
        assert_listed(exc.text, CONFIG_LISTED)


def test_missing_directory_and_non_utf8_profiles_come_from_listed_templates(
    tmp_path: Path,
) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe")
    found = [
        _raised(lambda: load_profile(tmp_path / "missing.toml")),
        _raised(lambda: load_profile(tmp_path)),
        _raised(lambda: load_profile(binary)),
        _raised(lambda: profile_from_dict({"gateway": 3})),
        _raised(lambda: profile_from_dict({"gateway": {"url": 5}})),
    ]
    for exc in found:
        assert_listed(exc.text, CONFIG_LISTED)
    assert "profile" in CONFIG_LISTED
    assert ConfigError.title in CONFIG_LISTED


class _WinVaultKeyring(MemoryKeyring):
    """A backend whose class name makes KeyringStore apply the Windows length limit."""


class _RefusingKeyring(MemoryKeyring):
    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("refused")

    def get_password(self, service: str, username: str) -> str | None:
        return "stored"


def _secret_errors() -> list[SecretStoreError]:
    found: list[SecretStoreError] = []

    def catch(action: Callable[[], object]) -> None:
        with pytest.raises(SecretStoreError) as info:
            action()
        found.append(info.value)

    catch(lambda: secrets.check_secret_name("nope"))
    catch(lambda: MemoryStore().set("password", ""))
    catch(lambda: KeyringStore(fail.Keyring()).check())
    catch(lambda: KeyringStore(_WinVaultKeyring()).set("password", "x" * 2000))
    catch(lambda: KeyringStore(_RefusingKeyring()).delete("password"))
    backend_errors: list[Exception] = [
        keyring.errors.KeyringLocked("locked"),
        keyring.errors.InitError("init"),
        keyring.errors.PasswordSetError("no"),
        RuntimeError("org.freedesktop.DBus.Error.NoReply"),
        keyring.errors.NoKeyringError(),
    ]
    for error in backend_errors:
        for verb in ("read", "store", "delete"):
            found.append(secrets._translated(error, verb, "password"))
    return found


def test_every_keyring_error_comes_from_a_listed_template() -> None:
    found = _secret_errors()
    kinds = {type(exc) for exc in found}
    assert kinds == {
        UnknownSecretError,
        SecretWriteError,
        SecretStoreUnavailable,
        SecretStoreLocked,
        SecretStoreError,
    }
    for exc in found:
        assert str(exc) == exc.message == str(exc.text)
        assert_listed(exc.text, SECRETS_LISTED)
        assert type(exc).title in SECRETS_LISTED


def test_every_keyring_description_comes_from_a_listed_template() -> None:
    for store in (MemoryStore(), KeyringStore(fail.Keyring()), KeyringStore(MemoryKeyring())):
        description = store.description()
        assert str(description) == store.describe()
        assert_listed(description, SECRETS_LISTED)
    for friendly in secrets._FRIENDLY_BACKENDS.values():
        assert friendly in SECRETS_LISTED


# --- the modules stay readable for the collector ----------------------------------------------


@pytest.mark.parametrize("name", TOOL.MESSAGE_MODULES)
def test_messages_are_built_only_from_literal_templates(name: str) -> None:
    module = importlib.import_module(name)
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    makers = {"Message", *TOOL.message_errors(name)}
    # An error made from plain text wraps it in a Message in its __init__: text from outside.
    wrapping = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "__init__"
        for inner in ast.walk(node)
    }
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") in makers
        and id(node) not in wrapping
    ]
    assert calls
    for call in calls:
        assert call.args, ast.unparse(call)
        first = call.args[0]
        # English assembled outside a Message could not be listed or translated.
        assert not any(
            isinstance(inner, (ast.JoinedStr, ast.BinOp)) for inner in ast.walk(first)
        ), ast.unparse(call)
        if getattr(call.func, "id", "") == "Message":
            assert TOOL.template_literals(first), ast.unparse(call)
        elif isinstance(first, ast.Name):
            assert isinstance(getattr(module, first.id, None), str), ast.unparse(call)


@pytest.mark.parametrize("name", TOOL.MESSAGE_MODULES)
def test_message_modules_do_not_import_qt(name: str) -> None:
    module = importlib.import_module(name)
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    imported = [
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    ]
    assert not [n for n in imported if n.startswith(("PySide6", "qasync", "agentbar.ui"))]


@pytest.mark.parametrize("name", TOOL.MESSAGE_MODULES)
def test_zh_cn_translates_every_listed_template_with_the_same_placeholders(name: str) -> None:
    context = importlib.import_module(name).TRANSLATION_CONTEXT
    tree = ET.parse(ROOT / "resources" / "i18n" / "agentbar_zh_CN.ts")
    translated = {
        message.findtext("source") or "": message.findtext("translation") or ""
        for element in tree.getroot().iter("context")
        if element.findtext("name") == context
        for message in element.iter("message")
    }
    assert sorted(translated) == TOOL.message_templates(name)
    for source, text in translated.items():
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source
        if re.sub(PLACEHOLDER, "", source).strip(" ()") and source not in {
            # Product names, the same in Chinese.
            "KWallet",
        }:
            assert re.search(r"[\u4e00-\u9fff]", text), f"not Chinese: {text!r}"
