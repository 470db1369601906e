"""Profile loading, validation, saving and the config path (agentbar/config.py)."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from agentbar import config
from agentbar.config import (
    ConfigError,
    GatewayConfig,
    HotkeysConfig,
    Profile,
    TlsConfig,
    default_config_path,
    demo_profile,
    load_profile,
    save_profile,
)

VALID = """\
[gateway]
url = "https://10.1.1.1:8043"
agent_id = "101"
phone = "88880101"

[tls]
ca_bundle = ""
verify = true

[ccfs]
url = "https://10.1.1.2:28090/"
ak = "my-ak"

[quality]
url = ""
app_key = ""
user_id = ""

[faq]
url = "https://10.1.1.3:18443"
tenant_id = "00030010"
group_id = "7"
language = "zh"

[cases]
url = ""
client_id = ""
creator_id = ""

[ui]
language = "zh_CN"
always_on_top = false
download_dir = "~/rec"
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_gateway(**values: str) -> str:
    gateway = {"url": "https://10.1.1.1:8043", "agent_id": "101", "phone": "88880101"}
    gateway.update(values)
    lines = [f'{k} = "{v}"' for k, v in gateway.items()]
    return "[gateway]\n" + "\n".join(lines) + "\n"


def load_error(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_profile(path)
    assert str(path) in str(info.value)
    return info.value


def test_valid_file_loads_every_section(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, VALID))
    assert profile.gateway == GatewayConfig("https://10.1.1.1:8043", "101", "88880101")
    assert profile.tls == TlsConfig("", True)
    assert profile.ccfs.url == "https://10.1.1.2:28090"  # trailing slash dropped
    assert profile.ccfs.ak == "my-ak"
    assert profile.ccfs.configured
    assert not profile.quality.configured
    assert not profile.cases.configured
    assert profile.faq.configured
    assert (profile.faq.tenant_id, profile.faq.group_id, profile.faq.language) == (
        "00030010",
        "7",
        "zh",
    )
    assert profile.ui.language == "zh_CN"
    assert profile.ui.always_on_top is False
    assert profile.ui.download_path() == Path("~/rec").expanduser()


def test_saved_profile_loads_back_equal(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, VALID))
    target = tmp_path / "new" / "dir" / "config.toml"
    assert save_profile(profile, target) == target
    assert load_profile(target) == profile


def test_minimal_file_gets_defaults_for_optional_sections(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, with_gateway()))
    assert profile.tls.verify is True
    assert profile.tls.ca_bundle == ""
    assert profile.ui.always_on_top is True
    assert not any(
        s.configured for s in (profile.ccfs, profile.quality, profile.faq, profile.cases)
    )


def test_demo_profile_fills_every_service_with_the_simulator_url(tmp_path: Path) -> None:
    profile = demo_profile("http://127.0.0.1:5000/")
    assert profile == Profile.demo("http://127.0.0.1:5000")
    assert profile.gateway == GatewayConfig("http://127.0.0.1:5000", "101", "88880101")
    assert profile.ccfs.ak == "demo-ak"
    assert (profile.quality.app_key, profile.quality.user_id) == ("demo-app", "101")
    assert (profile.faq.tenant_id, profile.faq.group_id, profile.faq.language) == (
        "00030010",
        "",
        "",
    )
    assert (profile.cases.client_id, profile.cases.creator_id) == ("demo-client", "101")
    for section in (profile.ccfs, profile.quality, profile.faq, profile.cases):
        assert section.url == "http://127.0.0.1:5000"
        assert section.configured
    path = save_profile(profile, tmp_path / "demo.toml")
    assert load_profile(path) == profile


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://10.1.1.1:8043", "must start with https://"),
        ("10.1.1.1:8043", "must start with https://"),
        ("https://", "no host name"),
        ("https://10.1.1.1:99999", "invalid port"),
        ("https://10.1.1.1:8043/agentgateway/resource", "has a path"),
        ("https://user:pw@10.1.1.1:8043", "must not contain a user name or password"),
        ("https://10.1.1.1:8043?x=1", "must not have a query"),
        ("", "is empty"),
    ],
)
def test_bad_gateway_url_is_explained(tmp_path: Path, url: str, words: str) -> None:
    error = load_error(tmp_path, with_gateway(url=url))
    assert error.key == "gateway.url"
    assert "gateway.url" in str(error)
    assert words in str(error)
    assert "https://10.1.1.1:8043" in str(error) or "port" in words or "user" in words


def test_gateway_url_with_only_a_slash_path_is_accepted(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, with_gateway(url="https://gw.example.com/")))
    assert profile.gateway.url == "https://gw.example.com"


@pytest.mark.parametrize("agent_id", ["", "12", "1234567", "10a", "１０１"])
def test_bad_agent_id_is_explained(tmp_path: Path, agent_id: str) -> None:
    error = load_error(tmp_path, with_gateway(agent_id=agent_id))
    assert error.key == "gateway.agent_id"
    assert "3 to 6 digits" in str(error)


@pytest.mark.parametrize("agent_id", ["101", "59999", "999999"])
def test_agent_ids_of_both_editions_are_accepted(tmp_path: Path, agent_id: str) -> None:
    assert load_profile(write(tmp_path, with_gateway(agent_id=agent_id))).gateway.agent_id == (
        agent_id
    )


@pytest.mark.parametrize("phone", ["", "1" * 25, "8888-0101", "+86123"])
def test_bad_phone_is_explained(tmp_path: Path, phone: str) -> None:
    error = load_error(tmp_path, with_gateway(phone=phone))
    assert error.key == "gateway.phone"
    assert "24 digits" in str(error)


def test_phone_of_24_digits_is_accepted(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, with_gateway(phone="1" * 24))).gateway.phone == "1" * 24


def test_missing_ca_bundle_is_explained(tmp_path: Path) -> None:
    text = with_gateway() + '[tls]\nca_bundle = "nowhere.pem"\n'
    error = load_error(tmp_path, text)
    assert error.key == "tls.ca_bundle"
    assert "does not exist" in str(error)
    assert str(tmp_path / "nowhere.pem") in str(error)


def test_relative_ca_bundle_is_found_next_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("not checked here", encoding="utf-8")
    text = with_gateway() + '[tls]\nca_bundle = "ca.pem"\n'
    profile = load_profile(write(tmp_path, text))
    assert profile.tls.ca_bundle == str(tmp_path / "ca.pem")


def test_directory_as_ca_bundle_is_refused(tmp_path: Path) -> None:
    text = with_gateway() + f'[tls]\nca_bundle = "{tmp_path.as_posix()}"\n'
    assert load_error(tmp_path, text).key == "tls.ca_bundle"


def test_unreadable_ca_bundle_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x", encoding="utf-8")
    # chmod 0 does not stop root, who runs CI here; the permission check itself is what we test.
    monkeypatch.setattr(config.os, "access", lambda path, mode: Path(path) != ca)
    text = with_gateway() + f'[tls]\nca_bundle = "{ca.as_posix()}"\n'
    assert "cannot be read" in str(load_error(tmp_path, text))


GATEWAY = with_gateway()


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (GATEWAY + '[tls]\nverify = "no"\n', "tls.verify", "true or false"),
        (
            '[gateway]\nurl = "https://h:1"\nagent_id = 101\nphone = "1"\n',
            "gateway.agent_id",
            "a string in double quotes",
        ),
        (GATEWAY + "[ui]\nalways_on_top = 1\n", "ui.always_on_top", "true or false"),
        (GATEWAY + '[ui]\nlanguage = ["en"]\n', "ui.language", "a string"),
        ("tls = 3\n" + GATEWAY, "tls", "must be a table"),
    ],
)
def test_wrong_type_is_explained(tmp_path: Path, text: str, key: str, words: str) -> None:
    error = load_error(tmp_path, text)
    assert error.key == key
    assert words in str(error)


def test_bad_ui_language_is_explained(tmp_path: Path) -> None:
    error = load_error(tmp_path, with_gateway() + '[ui]\nlanguage = "fr"\n')
    assert error.key == "ui.language"
    assert '"zh_CN"' in str(error)


def test_bad_service_url_is_explained(tmp_path: Path) -> None:
    error = load_error(tmp_path, with_gateway() + '[faq]\nurl = "oifde.example.com"\n')
    assert error.key == "faq.url"
    assert "must start with https://" in str(error)


def test_service_url_may_carry_a_path(tmp_path: Path) -> None:
    text = with_gateway() + '[cases]\nurl = "https://apigw.example.com/service/AICC"\n'
    assert load_profile(write(tmp_path, text)).cases.url == "https://apigw.example.com/service/AICC"


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    error = load_error(tmp_path, "[gateway]\nurl = https://10.1.1.1:8043\n")
    assert "not valid TOML at line 2, column 7" in str(error)
    assert "Invalid value" in str(error)


def test_toml_error_at_end_of_file_is_placed(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[gateway]\nurl = "https://10.1.1.1:8043\n')
    assert "not valid TOML" in str(error)


def test_non_utf8_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[gateway]\nurl = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_profile(path)


def test_missing_file_says_how_to_create_it(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(ConfigError) as info:
        load_profile(path)
    message = str(info.value)
    assert str(path) in message
    assert "Run `agentbar`" in message
    assert 'agent_id = "101"' in message
    assert info.value.path == path


def test_unknown_keys_and_sections_are_tolerated_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = with_gateway(colour="blue") + "[extras]\nfoo = 1\n"
    with caplog.at_level(logging.WARNING, logger="agentbar.config"):
        profile = load_profile(write(tmp_path, text))
    assert profile.gateway.agent_id == "101"
    assert "gateway.colour" in caplog.text
    assert "[extras]" in caplog.text


def test_saved_file_holds_no_secret_fields_and_says_where_secrets_go(tmp_path: Path) -> None:
    path = save_profile(demo_profile("http://127.0.0.1:1"), tmp_path / "c.toml")
    text = path.read_text(encoding="utf-8")
    assert "keyring" in text
    assert "password =" not in text
    assert "secret =" not in text


def test_save_refuses_an_invalid_profile_and_writes_nothing(tmp_path: Path) -> None:
    bad = replace(demo_profile("http://127.0.0.1:1"), gateway=GatewayConfig("x", "1", "2"))
    target = tmp_path / "c.toml"
    with pytest.raises(ConfigError) as info:
        save_profile(bad, target)
    assert info.value.key == "gateway.url"
    assert not target.exists()


def test_failed_save_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "config.toml"
    save_profile(demo_profile("http://127.0.0.1:1"), target)
    before = target.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(config.os, "replace", broken_replace)
    with pytest.raises(ConfigError, match="No space left on device"):
        save_profile(demo_profile("http://127.0.0.1:2"), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_save_into_an_unwritable_place_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="Cannot save the profile"):
        save_profile(demo_profile("http://127.0.0.1:1"), blocker / "config.toml")


def test_agentbar_config_env_chooses_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, with_gateway(agent_id="4321"), "elsewhere.toml")
    monkeypatch.setenv("AGENTBAR_CONFIG", str(path))
    assert default_config_path() == path
    assert load_profile().gateway.agent_id == "4321"
    # An explicit path (--config) wins over the environment.
    other = write(tmp_path, with_gateway(agent_id="555"), "other.toml")
    assert load_profile(other).gateway.agent_id == "555"


def test_default_path_is_config_toml_in_the_user_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AGENTBAR_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    expected = tmp_path / "agentbar" / "config.toml"
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_CONFIG_HOME applies on Linux only")
    assert default_config_path() == expected


def test_download_dir_defaults_to_the_users_downloads(tmp_path: Path) -> None:
    assert config.UiConfig().download_path().name == "agentbar"


# --- [hotkeys] -----------------------------------------------------------------------------------


def test_hotkeys_are_off_unless_the_profile_names_them(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, with_gateway()))
    assert profile.hotkeys == HotkeysConfig("", "", "", "")


def test_hotkeys_load_trimmed_and_save_back(tmp_path: Path) -> None:
    text = with_gateway() + '[hotkeys]\nanswer = " Ctrl+Alt+A "\nhang_up = "F9"\nbusy = "meta+b"\n'
    profile = load_profile(write(tmp_path, text))
    assert profile.hotkeys == HotkeysConfig(answer="Ctrl+Alt+A", hang_up="F9", busy="meta+b")
    target = save_profile(profile, tmp_path / "again.toml")
    assert 'answer = "Ctrl+Alt+A"' in target.read_text(encoding="utf-8")
    assert load_profile(target) == profile


@pytest.mark.parametrize(
    "chord", ["A", "Shift+A", "Ctrl+Tab", "Ctrl+A, Ctrl+B", "Hyper+A", "Ctrl+F25"]
)
def test_a_chord_agentbar_cannot_grab_is_explained(tmp_path: Path, chord: str) -> None:
    error = load_error(tmp_path, with_gateway() + f'[hotkeys]\nready = "{chord}"\n')
    assert error.key == "hotkeys.ready"
    assert f"'{chord}' is not a key agentbar can take system-wide" in str(error)
    assert '"Ctrl+Alt+A"' in str(error)


def test_one_chord_for_two_commands_is_refused(tmp_path: Path) -> None:
    text = with_gateway() + '[hotkeys]\nanswer = "Ctrl+Alt+A"\nbusy = "alt+ctrl+a"\n'
    error = load_error(tmp_path, text)
    assert error.key == "hotkeys.busy"
    assert "already the key of hotkeys.answer" in str(error)


def test_save_refuses_a_bad_chord_from_the_settings(tmp_path: Path) -> None:
    profile = replace(
        load_profile(write(tmp_path, with_gateway())), hotkeys=HotkeysConfig(hang_up="Ctrl+Esc")
    )
    with pytest.raises(ConfigError) as info:
        save_profile(profile, tmp_path / "new.toml")
    assert info.value.key == "hotkeys.hang_up"
    assert not (tmp_path / "new.toml").exists()


# --- [ui] log_level ----------------------------------------------------------------------------


def test_log_level_defaults_to_info_and_is_read(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, with_gateway())).ui.log_level == "info"
    profile = load_profile(write(tmp_path, with_gateway() + '[ui]\nlog_level = "debug"\n'))
    assert profile.ui.log_level == "debug"


def test_bad_log_level_is_explained(tmp_path: Path) -> None:
    error = load_error(tmp_path, with_gateway() + '[ui]\nlog_level = "verbose"\n')
    assert error.key == "ui.log_level"
    assert "'verbose' is not a log level" in str(error)
    assert '"debug", "info", "warning" or "error"' in str(error)


def test_log_level_is_read_before_the_profile_and_never_fails(tmp_path: Path) -> None:
    from agentbar.config import read_log_level

    assert read_log_level(write(tmp_path, with_gateway() + '[ui]\nlog_level = "error"\n')) == (
        "error"
    )
    assert read_log_level(write(tmp_path, '[ui]\nlog_level = "loud"\n')) == "info"
    assert read_log_level(write(tmp_path, "[ui\n")) == "info"
    assert read_log_level(tmp_path / "missing.toml") == "info"
