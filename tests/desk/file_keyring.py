"""A keyring backend for the desk tests: secrets in a JSON file the test reads afterwards.

The program under test picks it with ``PYTHON_KEYRING_BACKEND=tests.desk.file_keyring.FileKeyring``
(and the repository on ``PYTHONPATH``); the file is ``$AGENTBAR_DESK_KEYRING``. Besides the
secrets it keeps the order of every write, so a test can tell whether a password was stored
before or after the sign-in was checked. Plain text on purpose: test data only.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_ENV = "AGENTBAR_DESK_KEYRING"


def _path() -> Path:
    return Path(os.environ[FILE_ENV])


def read(path: Path) -> dict[str, Any]:
    """``{"secrets": {"service/user": value}, "writes": [{"key", "value", "time"}]}``."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    data.setdefault("secrets", {})
    data.setdefault("writes", [])
    return data


def write(path: Path, data: dict[str, Any]) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(temp, path)


class FileKeyring(KeyringBackend):
    """Never chosen by discovery: only through ``PYTHON_KEYRING_BACKEND``."""

    priority = -10  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        value = read(_path())["secrets"].get(f"{service}/{username}")
        return value if isinstance(value, str) else None

    def set_password(self, service: str, username: str, password: str) -> None:
        data = read(_path())
        key = f"{service}/{username}"
        data["secrets"][key] = password
        data["writes"].append({"key": key, "value": password, "time": time.time()})
        write(_path(), data)

    def delete_password(self, service: str, username: str) -> None:
        data = read(_path())
        key = f"{service}/{username}"
        if key not in data["secrets"]:
            raise PasswordDeleteError(username)
        del data["secrets"][key]
        data["writes"].append({"key": key, "value": None, "time": time.time()})
        write(_path(), data)
