"""Each profile keeps its FAQ cache, outbox and download queue in its own folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentbar.config import profile_data_dir


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_two_profiles_never_share_an_outbox(tmp_path: Path, data_home: Path) -> None:
    first = profile_data_dir(tmp_path / "tenant-a.toml")
    second = profile_data_dir(tmp_path / "tenant-b.toml")
    assert first != second
    assert first.parent == second.parent == data_home / "agentbar" / "profiles"


def test_the_same_profile_finds_its_folder_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert profile_data_dir(Path("config.toml")) == profile_data_dir(tmp_path / "config.toml")
