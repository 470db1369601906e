"""The window stays on a screen that is there: a saved place on an unplugged monitor, a window
taller than a laptop's free area, and the main window itself fitted at 1280×720."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from agentbar.ui.window.window_placement import fitted, load_placement, save_placement

LAPTOP = QRect(0, 0, 1280, 680)  # 1280×720 less a 40 px task bar
RIGHT_MONITOR = QRect(1280, 0, 1920, 1040)


def test_a_place_on_a_monitor_that_is_gone_moves_to_the_top_of_the_primary_screen() -> None:
    saved = QRect(1500, 200, 1060, 520)
    assert fitted(saved, [LAPTOP], LAPTOP) == QRect(110, 0, 1060, 520)


def test_a_place_still_on_a_screen_is_kept() -> None:
    saved = QRect(1500, 200, 1060, 520)
    assert fitted(saved, [LAPTOP, RIGHT_MONITOR], LAPTOP) == saved


def test_a_window_larger_than_the_free_area_is_shrunk_and_moved_inside() -> None:
    assert fitted(QRect(300, 100, 1400, 829), [LAPTOP], LAPTOP) == QRect(0, 0, 1280, 680)


def test_a_window_hanging_off_the_bottom_moves_up() -> None:
    assert fitted(QRect(100, 400, 1060, 520), [LAPTOP], LAPTOP) == QRect(100, 160, 1060, 520)


def test_the_place_survives_a_restart_and_a_broken_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "profile" / "window.json"
    assert load_placement(path) is None
    save_placement(path, QRect(12, 34, 1000, 500))
    assert load_placement(path) == QRect(12, 34, 1000, 500)
    path.write_text("{not json", encoding="utf-8")
    assert load_placement(path) is None


def test_saving_into_an_unusable_folder_only_logs(tmp_path: Path, caplog: Any) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    save_placement(blocker / "window.json", QRect(0, 0, 10, 10))
    assert "could not be saved" in caplog.text


def test_the_expanded_window_fits_the_screen_it_is_on(qloop: Any, qtbot: Any) -> None:
    from tests.gui.test_agent_window import Rig

    rig = Rig("http://127.0.0.1:9")
    qloop.run_until_complete(rig.open())
    try:
        window = rig.window
        window.move(5000, 5000)
        window.set_expanded(True)
        area = window.screen().availableGeometry()
        assert area.contains(window.frameGeometry())
        window.resize(area.width() + 400, area.height() + 400)
        window.fit_to_screen()
        assert area.contains(window.frameGeometry())
        QApplication.processEvents()
    finally:
        qloop.run_until_complete(rig.close())
