"""The secret stores (agentbar/secrets.py): names, MemoryStore, KeyringStore on backends."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.testing.backend import BackendBasicTests

from agentbar import secrets
from agentbar.secrets import (
    SECRET_DESCRIPTIONS,
    SECRET_NAMES,
    KeyringStore,
    MemoryStore,
    SecretStore,
    SecretStoreError,
    SecretStoreLocked,
    SecretStoreUnavailable,
    SecretWriteError,
    UnknownSecretError,
)
from tests.memory_keyring import MemoryKeyring

VALUE = "s3cr3t-Ünïcode-值"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


class TestMemoryKeyringConformance(BackendBasicTests):  # type: ignore[misc]
    """The fake used below behaves like a real keyring backend."""

    def init_keyring(self) -> KeyringBackend:
        return MemoryKeyring()


def test_secret_names_are_the_documented_five() -> None:
    assert SECRET_NAMES == (
        "password",
        "ccfs-sk",
        "quality-app-secret",
        "faq-app-secret",
        "cases-client-secret",
    )
    assert secrets.PASSWORD == "password"
    assert all(SECRET_DESCRIPTIONS[name] for name in SECRET_NAMES)


@pytest.mark.parametrize("store", [MemoryStore(), KeyringStore(MemoryKeyring())])
def test_store_round_trips_set_get_delete(store: SecretStore) -> None:
    for name in SECRET_NAMES:
        assert store.get(name) is None
        store.set(name, VALUE + name)
    for name in SECRET_NAMES:
        assert store.get(name) == VALUE + name
    store.set("password", "replaced")
    assert store.get("password") == "replaced"
    assert store.delete("password") is True
    assert store.get("password") is None
    assert store.delete("password") is False


@pytest.mark.parametrize("store", [MemoryStore(), KeyringStore(MemoryKeyring())])
def test_unknown_name_is_refused_with_the_known_names(store: SecretStore) -> None:
    for call in (
        lambda: store.get("pasword"),
        lambda: store.set("pasword", "x"),
        lambda: store.delete("pasword"),
    ):
        with pytest.raises(UnknownSecretError) as info:
            call()
        assert "'pasword'" in str(info.value)
        assert "password, ccfs-sk, quality-app-secret" in str(info.value)


def test_empty_value_is_refused_and_points_to_delete() -> None:
    with pytest.raises(SecretWriteError, match="agentbar secrets delete password"):
        MemoryStore().set("password", "")


def test_keyring_store_uses_service_agentbar_and_the_name_as_user() -> None:
    backend = MemoryKeyring()
    KeyringStore(backend).set("faq-app-secret", VALUE)
    assert backend.store == {("agentbar", "faq-app-secret"): VALUE}


def test_keyring_store_defaults_to_the_chosen_keyring(memory_keyring: MemoryKeyring) -> None:
    store = KeyringStore()
    store.set("ccfs-sk", VALUE)
    assert memory_keyring.store[("agentbar", "ccfs-sk")] == VALUE
    assert "MemoryKeyring" in store.describe()


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_fail_and_null_backends_make_the_store_unavailable(backend: KeyringBackend) -> None:
    store = KeyringStore(backend)
    for call in (
        store.check,
        lambda: store.get("password"),
        lambda: store.set("password", VALUE),
        lambda: store.delete("password"),
    ):
        with pytest.raises(SecretStoreUnavailable) as info:
            call()
        message = str(info.value)
        assert "No system keyring" in message
        assert "GNOME Keyring" in message
        assert "KWallet" in message
        assert "D-Bus" in message
        assert "never stores secrets in plain text" in message
    assert store.describe().startswith("no usable keyring")


def test_the_process_default_fail_backend_is_unavailable() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(SecretStoreUnavailable):
            KeyringStore().get("password")
    finally:
        keyring.set_keyring(previous)


def test_chainer_without_real_backends_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    with pytest.raises(SecretStoreUnavailable):
        KeyringStore(chainer.ChainerBackend()).set("password", VALUE)


def test_chainer_writing_to_a_real_backend_is_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    inner = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [inner])
    KeyringStore(chainer.ChainerBackend()).set("password", VALUE)
    assert inner.store[("agentbar", "password")] == VALUE


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring (not installed, never a dependency)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_plaintext_keyrings_alt_backend_is_refused() -> None:
    with pytest.raises(SecretStoreUnavailable, match="plain text"):
        KeyringStore(PlaintextKeyring()).set("password", VALUE)


class RaisingKeyring(MemoryKeyring):
    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc

    def get_password(self, service: str, username: str) -> str | None:
        raise self.exc

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (
            keyring.errors.KeyringLocked("Failed to unlock the collection!"),
            SecretStoreLocked,
            "locked",
        ),
        (keyring.errors.InitError("Failed to create the collection"), SecretStoreLocked, "opened"),
        (keyring.errors.PasswordSetError("refused"), SecretWriteError, "refused"),
        (keyring.errors.NoKeyringError("none"), SecretStoreUnavailable, "No system keyring"),
        (RuntimeError("org.freedesktop.DBus.Error.NoReply"), SecretStoreError, "NoReply"),
    ],
)
def test_backend_failures_become_person_facing_errors(
    exc: Exception, kind: type[SecretStoreError], words: str
) -> None:
    store = KeyringStore(RaisingKeyring(exc))
    with pytest.raises(kind, match=words) as info:
        store.set("password", VALUE)
    assert VALUE not in str(info.value)
    if kind is not SecretWriteError:
        with pytest.raises(kind, match=words):
            store.get("password")


class RefusingDelete(MemoryKeyring):
    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("refused")


def test_refused_delete_of_a_stored_secret_is_an_error() -> None:
    store = KeyringStore(RefusingDelete())
    store.set("password", VALUE)
    with pytest.raises(SecretWriteError, match="refused to delete password"):
        store.delete("password")
    assert store.delete("ccfs-sk") is False


class FakeWinVaultKeyring(MemoryKeyring):
    pass


FakeWinVaultKeyring.__qualname__ = "WinVaultKeyring"


def test_too_long_secret_for_windows_credential_manager_is_explained() -> None:
    store = KeyringStore(FakeWinVaultKeyring())
    store.set("password", "x" * secrets.WINDOWS_SECRET_MAX)
    with pytest.raises(SecretWriteError, match="Windows Credential Manager"):
        store.set("cases-client-secret", "x" * (secrets.WINDOWS_SECRET_MAX + 1))


def test_values_never_reach_logs_or_repr(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        memory = MemoryStore({"password": VALUE})
        store = KeyringStore(MemoryKeyring())
        store.set("password", VALUE)
        store.get("password")
        store.delete("password")
    assert VALUE not in caplog.text
    assert VALUE not in repr(memory)
    assert VALUE not in repr(store)
    assert "password" in repr(memory)


def test_describe_names_the_backend() -> None:
    assert "memory" in MemoryStore().describe()
    assert "MemoryKeyring" in KeyringStore(MemoryKeyring()).describe()
