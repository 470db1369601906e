"""The FAQ tab: search as you type, the best answer and similar questions, copy, suggest a Q&A.

The tab renders what :class:`~agentbar.app.faq.faq_service.FaqService` reports and holds no FAQ
logic of its own. Also here: the dialog for "Suggest a new FAQ" and the application-wide shortcut
that brings the window forward with the search box focused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agentbar.app.faq.faq_service import FaqOutcome, FaqService
from agentbar.cec import CecError, FaqGroup, FaqMatch, NewFaq, validate_new_faq
from agentbar.ui.error_text import error_message
from agentbar.ui.i18n import Retranslating
from agentbar.ui.tab_order import set_tab_order

DEFAULT_SHORTCUT = "Ctrl+Shift+F"
# Copies the answer on show from anywhere in the tab (Ctrl+C too, in the results and the card).
COPY_SHORTCUT = "Ctrl+Shift+C"
COPIED_NOTE_MS = 1500
# The sentences of cec/faq.py's validate_new_faq, listed so lupdate puts them in the catalogue
# under the context SuggestFaqDialog.problems() translates them in. A test checks the list.
FAQ_LIMIT_SENTENCES = (
    QT_TRANSLATE_NOOP("FaqLimits", "The question is empty."),
    QT_TRANSLATE_NOOP("FaqLimits", "The question is longer than 8192 characters."),
    QT_TRANSLATE_NOOP("FaqLimits", "The answer is empty."),
    QT_TRANSLATE_NOOP("FaqLimits", "The answer is longer than 8192 characters."),
    QT_TRANSLATE_NOOP("FaqLimits", "There are more than 100 similar questions."),
    QT_TRANSLATE_NOOP("FaqLimits", "There are more than 100 similar answers."),
    QT_TRANSLATE_NOOP("FaqLimits", "A similar question or answer is longer than 8192 characters."),
    QT_TRANSLATE_NOOP("FaqLimits", "A similar question or answer is empty."),
    QT_TRANSLATE_NOOP("FaqLimits", "There are more than 20 keywords."),
    QT_TRANSLATE_NOOP("FaqLimits", 'A keyword must not contain "|".'),
    QT_TRANSLATE_NOOP("FaqLimits", "A keyword is empty."),
    QT_TRANSLATE_NOOP("FaqLimits", "Choose a FAQ group."),
)

_Index = QModelIndex | QPersistentModelIndex


class SimilarModel(QAbstractListModel):
    """The similar questions under the best answer; the answer is ``Qt.UserRole``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matches: list[FaqMatch] = []

    def set_matches(self, matches: Sequence[FaqMatch]) -> None:
        self.beginResetModel()
        self._matches = list(matches)
        self.endResetModel()

    def match_at(self, row: int) -> FaqMatch | None:
        return self._matches[row] if 0 <= row < len(self._matches) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matches)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        match = self.match_at(index.row()) if index.isValid() else None
        if match is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return match.question
        if role == Qt.ItemDataRole.ToolTipRole:
            return match.answer
        if role == Qt.ItemDataRole.UserRole:
            return match.answer
        return None


class AnswerCard(QFrame):
    """The answer on show; a click, Enter, Space or Ctrl+C copies it."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faqAnswerCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.question = QLabel(self)
        self.question.setObjectName("faqQuestion")
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.meta = QLabel(self)
        self.meta.setObjectName("faqMeta")
        self.answer = QLabel(self)
        self.answer.setObjectName("faqAnswer")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.answer.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # An answer may be 8,192 characters: it scrolls instead of stretching the window.
        self.answer_scroll = QScrollArea(self)
        self.answer_scroll.setObjectName("faqAnswerScroll")
        self.answer_scroll.setWidgetResizable(True)
        self.answer_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.answer_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.answer_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the card has the keyboard
        self.answer_scroll.setWidget(self.answer)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.meta)
        layout.addWidget(self.answer_scroll, 1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) or event.matches(
            QKeySequence.StandardKey.Copy
        ):
            self.clicked.emit()
            return
        bar = self.answer_scroll.verticalScrollBar()
        steps = {
            Qt.Key.Key_Up: -bar.singleStep(),
            Qt.Key.Key_Down: bar.singleStep(),
            Qt.Key.Key_PageUp: -bar.pageStep(),
            Qt.Key.Key_PageDown: bar.pageStep(),
        }
        step = steps.get(Qt.Key(event.key()))
        if step is not None:
            bar.setValue(bar.value() + step)
            return
        super().keyPressEvent(event)


class FaqView(Retranslating, QWidget):
    """The FAQ tab, bound to one :class:`FaqService`."""

    answer_shown = Signal(object)  # the FaqOutcome now on screen
    copied = Signal(str)  # the answer text put on the clipboard

    def __init__(self, service: FaqService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faqView")
        self.service = service
        self.outcome: FaqOutcome | None = None
        # The entry the card shows: the best answer, or the similar question chosen in the list.
        self.shown: FaqMatch | None = None
        self._groups: list[FaqGroup] = []
        self._groups_requested = False
        self._copy_on_answer = False
        self._status_text = ""
        self._draft: NewFaq | None = None
        # Ends the short "Copied" note; a child timer dies with the tab.
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(COPIED_NOTE_MS)
        self._note_timer.timeout.connect(lambda: self._show_status(self._status_text))

        self.search = QLineEdit(self)
        self.search.setObjectName("faqSearch")
        self.search.setClearButtonEnabled(True)
        self.group_combo = QComboBox(self)
        self.group_combo.setObjectName("faqGroup")
        self.status = QLabel(self)
        self.status.setObjectName("faqStatus")
        self.status.setWordWrap(True)
        self.card = AnswerCard(self)
        self.card.hide()
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("faqCopy")
        self.copy_button.setEnabled(False)
        self.similar_label = QLabel(self)
        self.similar_model = SimilarModel(self)
        self.similar_list = QListView(self)
        self.similar_list.setObjectName("faqSimilar")
        self.similar_list.setModel(self.similar_model)
        self.similar_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.similar_list.setWordWrap(True)
        self.suggest_button = QPushButton(self)
        self.suggest_button.setObjectName("faqSuggest")

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.group_combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.suggest_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.card)
        layout.addLayout(buttons)
        layout.addWidget(self.similar_label)
        layout.addWidget(self.similar_list, 1)

        self.search.textChanged.connect(self._on_text)
        self.search.returnPressed.connect(self._on_return)
        self.group_combo.currentIndexChanged.connect(self._on_group_chosen)
        self.card.clicked.connect(self.copy_shown)
        self.copy_button.clicked.connect(self.copy_shown)
        self.similar_list.clicked.connect(self._copy_similar)
        self.similar_list.activated.connect(self._copy_similar)
        self.similar_list.selectionModel().currentChanged.connect(self._similar_chosen)
        self._set_keyboard()
        self.suggest_button.clicked.connect(self._on_suggest)
        service.answered.connect(self._on_answered)
        service.failed.connect(self._on_failed)
        service.cleared.connect(self._on_cleared)
        service.busy_changed.connect(self._on_busy)
        service.groups_changed.connect(self._on_groups)
        service.created.connect(self._on_created)
        service.create_failed.connect(self._on_create_failed)
        self.retranslate()

    def _set_keyboard(self) -> None:
        """Tab: search, results, answer, Copy; Down from the search into the results."""
        set_tab_order(
            [
                self.search,
                self.similar_list,
                self.card,
                self.copy_button,
                self.suggest_button,
                self.group_combo,
            ]
        )
        self.search.installEventFilter(self)
        self.similar_list.installEventFilter(self)
        self.copy_shortcut = QShortcut(QKeySequence(COPY_SHORTCUT), self)
        self.copy_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_shortcut.activated.connect(self.copy_shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search and event.key() == Qt.Key.Key_Down:
                return self._enter_results()
            if watched is self.similar_list and event.matches(QKeySequence.StandardKey.Copy):
                # The list would copy the question; the agent wants the answer.
                self.copy_shown()
                return True
            if (
                watched is self.similar_list
                and event.key() == Qt.Key.Key_Up
                and self.similar_list.currentIndex().row() <= 0
            ):
                self.search.setFocus(Qt.FocusReason.BacktabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _enter_results(self) -> bool:
        if self.similar_model.rowCount() == 0:
            return False
        self.similar_list.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.similar_list.currentIndex().isValid():
            self.similar_list.setCurrentIndex(self.similar_model.index(0))
        return True

    # ---- public ------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def copy_best(self) -> None:
        if self.outcome is not None and self.outcome.result.best is not None:
            self._copy(self.outcome.result.best.answer)

    def copy_shown(self) -> None:
        """Copy the answer the card shows (the best one, or the similar question chosen)."""
        if self.shown is not None:
            self._copy(self.shown.answer)

    async def refresh_groups(self) -> None:
        """Fill the group filter (from the service, or the cache when it is unreachable)."""
        try:
            await self.service.load_groups()
        except CecError as exc:  # shown in the tab; the filter keeps "All groups"
            self._set_status(
                self.tr("FAQ groups could not be loaded: {0}").format(error_message(exc))
            )

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Ask the FAQ — type a customer's question"))
        self.search.setAccessibleName(self.tr("FAQ search"))
        self.group_combo.setAccessibleName(self.tr("FAQ group"))
        self.group_combo.setToolTip(self.tr("Search one FAQ group or all enabled groups"))
        self.status.setAccessibleName(self.tr("FAQ status"))
        self.card.setAccessibleName(self.tr("Best answer — click or press Enter to copy"))
        self.card.setToolTip(self.tr("Click to copy the answer"))
        self.copy_button.setText(self.tr("Copy answer"))
        self.copy_button.setToolTip(
            self.tr("Copy the answer shown ({0})").format(
                QKeySequence(COPY_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.similar_label.setText(self.tr("Similar questions (click to copy the answer):"))
        self.similar_list.setAccessibleName(self.tr("Similar questions"))
        self.suggest_button.setText(self.tr("Suggest a new FAQ…"))
        self._fill_groups()
        if self.outcome is not None:
            self._render(self.outcome)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._groups_requested:
            self._groups_requested = True
            self.service.start(self.refresh_groups())

    # ---- search ------------------------------------------------------------------------------

    def _on_text(self, text: str) -> None:
        self._copy_on_answer = False
        self.service.search(text)

    def _on_return(self) -> None:
        shown = self.outcome
        if shown is not None and shown.provisional and shown.text == self.service.text:
            # The cached answer is on screen while the service is slow: copy what is shown.
            self.copy_best()
        elif self.service.pending:
            # Enter while the answer is still coming: copy it when it arrives.
            self._copy_on_answer = True
            self.service.search_now()
        else:
            self.copy_best()

    def _on_group_chosen(self, index: int) -> None:
        data = self.group_combo.itemData(index)
        self.service.set_group(data if isinstance(data, int) else None)

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._set_status(self.tr("Searching…"))

    def _on_answered(self, outcome: FaqOutcome) -> None:
        self.outcome = outcome
        self._render(outcome)
        self.answer_shown.emit(outcome)
        if self._copy_on_answer:
            self._copy_on_answer = False
            self.copy_best()

    def _render(self, outcome: FaqOutcome) -> None:
        best = outcome.result.best
        if best is None:
            self.shown = None
            self.card.hide()
            self.copy_button.setEnabled(False)
            self.similar_model.set_matches([])
            self._set_status(self.tr("No answer found. You can suggest a new FAQ."))
            return
        self.similar_model.set_matches(outcome.result.similar)
        self._show_match(best)
        if outcome.provisional:
            self._set_status(self.tr("Cached answer — the FAQ service has not answered yet"))
            self.status.setProperty("cached", True)
        elif outcome.cached:
            self._set_status(self.tr("Cached answer — the FAQ service is unreachable"))
            self.status.setProperty("cached", True)
        else:
            self._set_status("")
        self.card.setProperty("cached", outcome.cached)

    def _show_match(self, match: FaqMatch) -> None:
        self.shown = match
        self.card.question.setText(match.question)
        self.card.meta.setText(
            self.tr("{0} · confidence {1}").format(
                match.group_name or self.tr("group {0}").format(match.group_id),
                self._confidence(match.prob),
            )
        )
        self.card.answer.setText(match.answer)
        self.card.show()
        self.copy_button.setEnabled(bool(match.answer))

    def _similar_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Moving through the results shows each one's answer, ready to copy.
        match = self.similar_model.match_at(current.row()) if current.isValid() else None
        if match is not None:
            self._show_match(match)

    def _confidence(self, prob: float) -> str:
        # OIFDE may send a raw score (Huawei's example shows 121.1) instead of 0..1.
        if prob <= 1:
            return f"{prob:.0%}"
        return self.tr("score {0}").format(f"{prob:.1f}")

    def _on_failed(self, exc: BaseException) -> None:
        self.outcome = None
        self.shown = None
        self.card.hide()
        self.copy_button.setEnabled(False)
        self.similar_model.set_matches([])
        self._copy_on_answer = False
        self._set_status(error_message(exc))

    def _on_cleared(self) -> None:
        self.outcome = None
        self.shown = None
        self.card.hide()
        self.copy_button.setEnabled(False)
        self.similar_model.set_matches([])
        self._set_status("")

    # ---- copy --------------------------------------------------------------------------------

    def _copy_similar(self, index: QModelIndex) -> None:
        match = self.similar_model.match_at(index.row())
        if match is not None:
            self._copy(match.answer)

    def _copy(self, text: str) -> None:
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)
        self._show_status(self.tr("Copied"))
        self._note_timer.start()

    def _set_status(self, text: str) -> None:
        self._note_timer.stop()
        self._status_text = text
        self.status.setProperty("cached", False)
        self._show_status(text)

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # ---- groups ------------------------------------------------------------------------------

    def _on_groups(self, groups: list[FaqGroup], from_cache: bool) -> None:
        self._groups = list(groups)
        self._fill_groups()
        if from_cache:
            self._set_status(self.tr("FAQ groups from the cache — the FAQ service is unreachable"))

    def _fill_groups(self) -> None:
        wanted = self.service.group_id
        self.group_combo.blockSignals(True)
        try:
            self.group_combo.clear()
            self.group_combo.addItem(self.tr("All enabled groups"), None)
            for group in self._groups:
                name = group.name if group.enabled else self.tr("{0} (disabled)").format(group.name)
                self.group_combo.addItem(name, group.group_id)
            found = self.group_combo.findData(wanted) if wanted is not None else 0
            self.group_combo.setCurrentIndex(max(found, 0))
        finally:
            self.group_combo.blockSignals(False)

    # ---- suggest a new FAQ ---------------------------------------------------------------------

    def _on_suggest(self) -> None:
        dialog = SuggestFaqDialog(
            self._groups, self.service.group_id, self.search.text(), self._draft, self
        )
        dialog.accepted.connect(lambda: self._send(dialog.faq()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _send(self, faq: NewFaq) -> None:
        self._draft = faq
        self._set_status(self.tr("Sending the new FAQ…"))
        self.service.start(self.service.create(faq))

    def _on_created(self, faq: NewFaq) -> None:
        self._draft = None
        self._set_status(self.tr("Thank you — the new FAQ was sent."))

    def _on_create_failed(self, exc: BaseException) -> None:
        # The draft stays, so "Suggest a new FAQ…" reopens it as it was.
        self._set_status(
            self.tr("The new FAQ was not sent: {0}").format(
                error_message(exc) if not isinstance(exc, ValueError) else str(exc)
            )
        )


class SuggestFaqDialog(QDialog):
    """Fields of a new Q&A, checked against the documented limits before it may be sent."""

    def __init__(
        self,
        groups: Sequence[FaqGroup],
        group_id: int | None,
        question: str,
        draft: NewFaq | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("suggestFaqDialog")
        self.setWindowTitle(self.tr("Suggest a new FAQ"))
        self.group_combo = QComboBox(self)
        self.group_combo.setAccessibleName(self.tr("FAQ group"))
        for group in groups:
            self.group_combo.addItem(group.name, group.group_id)
        self.question = QLineEdit(self)
        self.question.setAccessibleName(self.tr("Question"))
        self.similar = QPlainTextEdit(self)
        self.similar.setAccessibleName(self.tr("Similar questions, one per line"))
        self.answer = QPlainTextEdit(self)
        self.answer.setAccessibleName(self.tr("Answer"))
        self.keywords = QLineEdit(self)
        self.keywords.setAccessibleName(self.tr("Keywords, separated by commas"))
        self.errors = QLabel(self)
        self.errors.setObjectName("faqSuggestErrors")
        self.errors.setWordWrap(True)
        self.errors.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        send = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        send.setText(self.tr("Send"))
        form = QFormLayout()
        form.addRow(self.tr("Group"), self.group_combo)
        form.addRow(self.tr("Question"), self.question)
        form.addRow(self.tr("Similar questions\n(one per line)"), self.similar)
        form.addRow(self.tr("Answer"), self.answer)
        form.addRow(self.tr("Keywords"), self.keywords)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)

        if draft is not None:
            group_id = draft.group_id
            self.question.setText(draft.question)
            self.similar.setPlainText("\n".join(draft.similar_questions))
            self.answer.setPlainText(draft.answer)
            self.keywords.setText(", ".join(draft.keywords))
        else:
            self.question.setText(question.strip())
        found = self.group_combo.findData(group_id) if group_id is not None else -1
        self.group_combo.setCurrentIndex(max(found, 0))

    def faq(self) -> NewFaq:
        data = self.group_combo.currentData()
        return NewFaq(
            group_id=data if isinstance(data, int) else -1,
            question=self.question.text().strip(),
            answer=self.answer.toPlainText().strip(),
            similar_questions=tuple(
                line.strip() for line in self.similar.toPlainText().splitlines() if line.strip()
            ),
            keywords=tuple(
                word.strip() for word in re.split(r"[,，;；]", self.keywords.text()) if word.strip()
            ),
        )

    def problems(self) -> list[str]:
        return [QCoreApplication.translate("FaqLimits", p) for p in validate_new_faq(self.faq())]

    def _try_accept(self) -> None:
        problems = self.problems()
        if problems:
            self.errors.setText("\n".join(problems))
            self.errors.show()
            return
        self.accept()


def install_search_shortcut(
    window: QWidget,
    view: FaqView,
    sequence: str = DEFAULT_SHORTCUT,
    *,
    show_tab: Callable[[], None] | None = None,
) -> QShortcut:
    """Ctrl+Shift+F (or ``sequence``) anywhere in agentbar brings the window forward on the FAQ
    search box.

    This Qt shortcut works while any agentbar window has focus. From other applications the
    same chord comes through :class:`~agentbar.desktop.hotkeys.global_hotkey.GlobalHotkey`
    (RegisterHotKey on Windows, a key grab on X11), which ``FeatureTabs`` connects to this
    shortcut's ``activated``; on Wayland and macOS this shortcut is all there is.
    """
    shortcut = QShortcut(QKeySequence(sequence), window)
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)

    def activate() -> None:
        bring_forward = getattr(window, "bring_forward", None)
        if callable(bring_forward):
            bring_forward()
        else:
            if window.isMinimized():
                window.showNormal()
            window.show()
            window.raise_()
            window.activateWindow()
        if show_tab is not None:
            show_tab()
        view.focus_search()

    shortcut.activated.connect(activate)
    return shortcut
