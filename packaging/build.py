"""Builds the standalone program with PyInstaller and reports how long it took and how big it is.

    python packaging/build.py              # one folder: dist/agentbar/ (dist/agentbar.app on macOS)
    python packaging/build.py --onefile    # one file: dist/agentbar (unpacks itself at each start)
    python packaging/build.py --clean      # ignore PyInstaller's cache

Run it from the project's venv with the ``build`` extra installed (``pip install -e ".[build]"``).
The Qt resource module is rebuilt first when it is missing or older than its sources.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "agentbar.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
RC_MODULE = ROOT / "agentbar" / "_resources_rc.py"
RESOURCES = ROOT / "resources"


def resources_stale() -> bool:
    if not RC_MODULE.exists():
        return True
    built = RC_MODULE.stat().st_mtime
    sources = [p for p in RESOURCES.rglob("*") if p.is_file() and p.suffix != ".py"]
    return any(p.stat().st_mtime > built + 1 for p in sources if p.suffix != ".ts")


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under ``path``, not following symlinks twice."""
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
            files += 1
    return total, files


def biggest(path: Path, count: int = 8) -> list[tuple[int, str]]:
    sizes = []
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            sizes.append((item.stat().st_size, str(item.relative_to(path))))
    return sorted(sizes, reverse=True)[:count]


def strip_debug_info(target: Path) -> int:
    """Strip symbols from the Python side's shared libraries (Linux); the bytes saved.

    The interpreter and the C extensions arrive with debug info (libpython alone: 23 MB → 6 MB).
    Qt's and PySide6's libraries are left as shipped: they are already stripped, and their plugin
    metadata must stay intact.
    """
    strip = shutil.which("strip")
    if strip is None:
        return 0
    saved = 0
    for path in target.rglob("*.so*"):
        if not path.is_file() or path.is_symlink() or "PySide6" in path.parts:
            continue
        if "shiboken6" in path.parts:
            continue
        before = path.stat().st_size
        done = subprocess.run([strip, "--strip-unneeded", str(path)], capture_output=True)
        if done.returncode == 0:
            saved += before - path.stat().st_size
    return saved


def install_linux_extras(target: Path) -> None:
    """The desktop entry and icon an installer copies to share/ (Linux only)."""
    share = target / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "icons" / "hicolor" / "scalable" / "apps").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "packaging" / "linux" / "agentbar.desktop", share / "applications")
    shutil.copy2(
        RESOURCES / "icons" / "agentbar.svg",
        share / "icons" / "hicolor" / "scalable" / "apps" / "agentbar.svg",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--onefile", action="store_true", help="one self-unpacking file")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    args = parser.parse_args(argv)

    started = time.monotonic()
    if resources_stale():
        print("build: rebuilding the Qt resource module", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "resources.py"), "--no-update"], check=True
        )
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
    ]
    if args.clean:
        command.append("--clean")
    command.append(str(SPEC))
    if args.onefile:
        command += ["--", "--onefile"]
    env = {**os.environ, "QT_API": "pyside6", "PYTHONHASHSEED": "0"}
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    seconds = time.monotonic() - started

    if args.onefile:
        target = DIST / ("agentbar.exe" if sys.platform == "win32" else "agentbar")
        size, files = target.stat().st_size, 1
    else:
        target = DIST / ("agentbar.app" if sys.platform == "darwin" else "agentbar")
        if sys.platform.startswith("linux"):
            saved = strip_debug_info(target)
            print(f"build: stripped {saved / 1e6:.1f} MB of debug info", flush=True)
            install_linux_extras(target)
        size, files = folder_size(target)
    report = {
        "target": str(target.relative_to(ROOT)),
        "build_seconds": round(seconds, 1),
        "size_bytes": size,
        "size_mb": round(size / 1e6, 1),
        "files": files,
    }
    print(f"build: {report['target']} in {seconds:.1f} s, {size / 1e6:.1f} MB in {files} files")
    if not args.onefile:
        for nbytes, name in biggest(target):
            print(f"build:   {nbytes / 1e6:6.1f} MB  {name}")
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "build-report.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
