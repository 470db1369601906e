"""``agentbar doctor`` checks the download folder: text and ``--json`` name the problem."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def doctor(tmp_path: Path, config: Path, *options: str) -> subprocess.CompletedProcess[str]:
    keyring_file = tmp_path / "keyring.py"
    keyring_file.write_text(
        "from tests.memory_keyring import MemoryKeyring\n"
        "import keyring\n"
        "keyring.set_keyring(MemoryKeyring())\n"
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, runpy; sys.path.insert(0, sys.argv[1]); runpy.run_path(sys.argv[2]);"
            "from agentbar.cli import main; sys.exit(main(sys.argv[3:]))",
            str(ROOT),
            str(keyring_file),
            "doctor",
            *options,
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_doctor_fails_a_download_folder_below_a_file_in_text_and_json(
    tmp_path: Path, sim_factory: Callable[..., object]
) -> None:
    sim = sim_factory()
    (tmp_path / "notes.txt").write_text("a file")
    folder = tmp_path / "notes.txt" / "rec"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[gateway]\nurl = "{sim.url}"\nagent_id = "101"\nphone = "88880101"\n'  # type: ignore[attr-defined]
        f'[ui]\ndownload_dir = "{folder}"\n',
        encoding="utf-8",
    )

    text = doctor(tmp_path, config)
    as_json = doctor(tmp_path, config, "--json")

    assert text.returncode == as_json.returncode == 1, text.stderr + as_json.stderr
    line = next(line for line in text.stdout.splitlines() if "download folder" in line)
    assert line.startswith("[FAIL] download folder")
    assert "is a file, not a folder" in text.stdout
    assert "→ Choose another download folder in Settings" in text.stdout
    row = next(r for r in json.loads(as_json.stdout)["results"] if r["name"] == "download folder")
    assert row == {
        "name": "download folder",
        "status": "fail",
        "detail": f"{folder} cannot be used: {tmp_path / 'notes.txt'} is a file, not a folder.",
        "action": "Choose another download folder in Settings (download_dir in the [ui] section).",
    }

    # Pointed at a folder that can be made, the same check passes (and makes nothing).
    good = tmp_path / "recordings"
    config.write_text(config.read_text().replace(str(folder), str(good)), encoding="utf-8")
    data = json.loads(doctor(tmp_path, config, "--json").stdout)
    statuses = {r["name"]: r["status"] for r in data["results"]}
    assert statuses["download folder"] == "pass"
    assert not good.exists()
