"""Every secret the store hands out or takes in is masked in log lines from then on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agentbar.desktop.logs import forget_secrets, redact
from agentbar.secrets import FAQ_APP_SECRET, PASSWORD, MemoryStore


@pytest.fixture(autouse=True)
def _fresh_memory() -> Iterator[None]:
    forget_secrets()
    yield
    forget_secrets()


def test_secret_read_from_the_store_is_masked_in_later_log_text() -> None:
    store = MemoryStore()
    store._values[FAQ_APP_SECRET] = "planted-app-secret-42"  # as a keyring would hand it over
    assert redact("echo planted-app-secret-42") == "echo planted-app-secret-42"

    assert store.get(FAQ_APP_SECRET) == "planted-app-secret-42"

    assert redact("echo planted-app-secret-42") == "echo ***"


def test_secret_written_to_the_store_is_masked_in_later_log_text() -> None:
    MemoryStore().set(PASSWORD, "Typed-Password-99")

    assert redact("body was Typed-Password-99.") == "body was ***."
