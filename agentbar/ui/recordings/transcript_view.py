"""The transcript of one inspected call: who spoke when and what, plus the channel figures.

Renders a :class:`~agentbar.cec.quality.CallDetail` (CCSQM ``appraisecall/detail``); it fetches
nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from agentbar.cec import CallDetail, ChannelFigures, TranscriptSegment
from agentbar.ui.i18n import Retranslating

_Index = QModelIndex | QPersistentModelIndex

TIME, SPEAKER, TEXT = range(3)


def clock(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour) for a time from the start of the call."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TranscriptModel(QAbstractTableModel):
    """The segments of one call, in time order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._segments: list[TranscriptSegment] = []

    def set_segments(self, segments: Sequence[TranscriptSegment]) -> None:
        self.beginResetModel()
        self._segments = sorted(segments, key=lambda s: (s.start, s.segment_id))
        self.endResetModel()

    def retranslate(self) -> None:
        """Have the views ask again for the headers and speakers (a new language)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, TIME, TEXT)
        if self._segments:
            last = len(self._segments) - 1
            self.dataChanged.emit(self.index(0, SPEAKER), self.index(last, SPEAKER))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._segments)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def speaker_text(self, segment: TranscriptSegment) -> str:
        if segment.role == "agent":
            return self.tr("Agent")
        if segment.role == "customer":
            return self.tr("Customer")
        return segment.speaker or self.tr("Unknown")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._segments):
            return None
        segment = self._segments[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TIME:
                return clock(segment.start)
            if column == SPEAKER:
                return self.speaker_text(segment)
            return segment.text
        if role == Qt.ItemDataRole.ToolTipRole and column == TIME:
            return f"{segment.start:.2f} s – {segment.end:.2f} s"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Time"), self.tr("Speaker"), self.tr("Text"))[section]


class TranscriptView(Retranslating, QWidget):
    """A summary line (speeds, silence, emotions) over a table of the transcript segments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # What the summary shows: a transcript's figures, the "select a call" hint (both are
        # redrawn in a new language), or a message from the caller (left as it was given).
        self._detail: CallDetail | None = None
        self._hint = True
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = TranscriptModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves; the arrows move through the lines
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SPEAKER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("Transcript"))
        self.model.retranslate()
        if self._detail is not None:
            self._show_summary(self._detail)
        elif self._hint:
            self.summary.setText(self.tr("Select an inspected call to see its transcript."))

    def set_message(self, text: str) -> None:
        """Show ``text`` instead of a transcript (nothing selected, loading, an error)."""
        self._detail = None
        self._hint = False
        self.summary.setText(text)
        self.model.set_segments([])

    def set_detail(self, detail: CallDetail) -> None:
        self._detail = detail
        self._hint = False
        self.model.set_segments(detail.segments)
        self._show_summary(detail)

    def _show_summary(self, detail: CallDetail) -> None:
        if not detail.segments:
            self.summary.setText(self.tr("This call has no transcript."))
            return
        self.summary.setText(
            "  ·  ".join(self._figures(f) for f in (detail.left, detail.right) if f.speaker)
        )

    def _figures(self, figures: ChannelFigures) -> str:
        who = {"agent": self.tr("Agent"), "customer": self.tr("Customer")}.get(
            figures.role, figures.speaker
        )
        parts = [who]
        if figures.speed is not None:
            parts.append(self.tr("speed {0:.0f}").format(figures.speed))
        if figures.silence is not None:
            parts.append(self.tr("silence {0:.0f} s").format(figures.silence))
        kinds = {"positive": self.tr("positive"), "negative": self.tr("negative")}
        for emotion in figures.emotions:
            parts.append(f"{kinds.get(emotion.kind, emotion.kind)} {emotion.score:.0f}")
        return ", ".join(parts)
