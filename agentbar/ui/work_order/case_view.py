"""The Work order tab (and dialog): a case form prefilled from the call, and the outbox below it.

The form checks the documented limits as the agent submits (and each attachment as it is picked
or dropped), hands the case to the outbox (which stores it before sending) and keeps what was
typed as a draft whenever the window closes. It holds no work-order logic of its own: the
:class:`~agentbar.app.work_order.work_orders.WorkOrders` object does the work.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDateTime,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agentbar.app.work_order.case_draft import CallContext, CaseDraft, prefill_from_call
from agentbar.app.work_order.outbox_store import OutboxEntry
from agentbar.app.work_order.work_orders import WorkOrders
from agentbar.cec import (
    ATTACHMENT_TYPES,
    ATTACHMENTS_MAX,
    PRIORITIES,
    Attachment,
    CaseFields,
    CaseInvalidError,
    CaseProblem,
    CecError,
    NewCase,
    attachment_problem,
    validate_case_fields,
)
from agentbar.ui.asyncslot import spawn
from agentbar.ui.error_text import error_message
from agentbar.ui.i18n import Retranslating
from agentbar.ui.tab_order import set_tab_order
from agentbar.ui.work_order.case_type_picker import CaseTypePicker
from agentbar.ui.work_order.outbox_view import OutboxView

DEFAULT_SHORTCUT = "Ctrl+Shift+W"
# Submit from any field of the form; the keypad's Enter too.
SUBMIT_KEYS = ("Ctrl+Return", "Ctrl+Enter")
DRAFT_SAVE_DELAY_MS = 500
_QT_DUE_FORMAT = "yyyy-MM-dd HH:mm:ss"


# The sentences of cec/case_validation.py (and of this form), listed so lupdate puts them in the
# catalogue under the context problem_text() translates them in. A test checks the list is whole.
VALIDATION_SENTENCES = (
    QT_TRANSLATE_NOOP("CaseValidation", "Enter a title."),
    QT_TRANSLATE_NOOP(
        "CaseValidation",
        "The title is too long: at most 128 bytes (a Chinese character counts as 3).",
    ),
    QT_TRANSLATE_NOOP("CaseValidation", "Enter a description."),
    QT_TRANSLATE_NOOP(
        "CaseValidation",
        "The description is too long: at most 20,000 bytes (a Chinese character counts as 3).",
    ),
    QT_TRANSLATE_NOOP("CaseValidation", "Choose a case type."),
    QT_TRANSLATE_NOOP("CaseValidation", "The case type ID is longer than 20 characters."),
    QT_TRANSLATE_NOOP("CaseValidation", "Enter the contact ID."),
    QT_TRANSLATE_NOOP("CaseValidation", "The contact ID is longer than 20 characters."),
    QT_TRANSLATE_NOOP("CaseValidation", "The creator ID is not set. Add it in the settings."),
    QT_TRANSLATE_NOOP("CaseValidation", "The creator ID is longer than 20 characters."),
    QT_TRANSLATE_NOOP(
        "CaseValidation", "Enter an owner, or let the case be assigned automatically."
    ),
    QT_TRANSLATE_NOOP("CaseValidation", "The owner ID is longer than 20 characters."),
    QT_TRANSLATE_NOOP("CaseValidation", "The priority must be Low, Medium, High or Critical."),
    QT_TRANSLATE_NOOP("CaseValidation", "The origin must be Voice, Whatapp, webchat or Email."),
    QT_TRANSLATE_NOOP("CaseValidation", "The due date must look like 2024-07-08 17:30:00."),
    QT_TRANSLATE_NOOP("CaseValidation", "The contact phone is longer than 20 characters."),
    QT_TRANSLATE_NOOP("CaseValidation", "The business entity ID is longer than 20 characters."),
    QT_TRANSLATE_NOOP(
        "CaseValidation", "Only jpg, jpeg, png, gif, pdf, doc and docx files can be attached."
    ),
    QT_TRANSLATE_NOOP("CaseValidation", "A file is larger than 5 MB."),
    QT_TRANSLATE_NOOP("CaseValidation", "A file is empty."),
    QT_TRANSLATE_NOOP("CaseValidation", "At most 5 files can be attached."),
    QT_TRANSLATE_NOOP("CaseValidation", "A template field uses the name of a standard field."),
    QT_TRANSLATE_NOOP("CaseValidation", "A template field name is not valid."),
    QT_TRANSLATE_NOOP("CaseValidation", "A template field value must be text, a number or yes/no."),
    QT_TRANSLATE_NOOP("CaseValidation", "Write template fields as name = value."),
    QT_TRANSLATE_NOOP("CaseValidation", "The work order is not valid."),
)


def problem_text(problem: CaseProblem) -> str:
    text = QCoreApplication.translate("CaseValidation", problem.message)
    return f"{text} ({problem.detail})" if problem.detail else text


@dataclass(frozen=True, slots=True)
class FormFile:
    """An attachment in the form: a file on disk, or the bytes of a case loaded for fixing."""

    name: str
    size: int
    path: str = ""
    data: bytes | None = None


class AttachmentList(QListWidget):
    """The attachment list; files dropped on it are offered through ``files_dropped``."""

    files_dropped = Signal(list)  # list[str] of local paths

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


class CaseView(Retranslating, QWidget):
    """The work-order form and the outbox, bound to one :class:`WorkOrders`."""

    submitted = Signal(object)  # OutboxEntry
    draft_saved = Signal()
    types_loaded = Signal(int)  # how many root types

    def __init__(self, work_orders: WorkOrders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.work_orders = work_orders
        self._last_call: CallContext | None = None
        self._call_active = False
        self._problems: list[CaseProblem] = []
        self._files: list[FormFile] = []
        self._fixing: int | None = None
        self._loaded = False
        self._restoring = False
        # The chosen type as last set, kept while the tree is not loaded (or filtered).
        self._draft_type: tuple[str, str] = ("", "")
        self._draft_call_id = ""
        self._build()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._draft_timer.timeout.connect(lambda: _spawn_on_loop(self.save_draft))
        self._connect_changes()
        self.retranslate()

    # ---- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        # Texts are set in retranslate(), so a language switch reaches every one of them.
        self.call_label = QLabel(self)
        self.call_label.setObjectName("caseCallLabel")
        self.fill_button = QPushButton(self)
        self.fill_button.setEnabled(False)
        call_row = QHBoxLayout()
        call_row.addWidget(self.call_label, 1)
        call_row.addWidget(self.fill_button)

        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("caseTitle")
        self.type_picker = CaseTypePicker(self)
        self.type_picker.setMinimumHeight(140)
        self.type_label = QLabel(self)
        self.contact_id_edit = QLineEdit(self)
        self.contact_id_edit.setObjectName("caseContactId")
        self.contact_phone_edit = QLineEdit(self)
        self.contact_phone_edit.setObjectName("caseContactPhone")
        self.priority_combo = QComboBox(self)
        for value in ("", *PRIORITIES):
            self.priority_combo.addItem("", value)
        self.origin_combo = QComboBox(self)
        # The wire values are the documents' spellings ("Whatapp", "webchat").
        for value in ("", "Voice", "Whatapp", "webchat", "Email"):
            self.origin_combo.addItem("", value)
        self.due_check = QCheckBox(self)
        self.due_edit = QDateTimeEdit(self)
        self.due_edit.setDisplayFormat(_QT_DUE_FORMAT)
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDateTime(QDateTime.currentDateTime().addDays(1))
        self.due_edit.setEnabled(False)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit, 1)
        self.auto_assign_check = QCheckBox(self)
        self.auto_assign_check.setChecked(True)
        self.owner_edit = QLineEdit(self)
        self.owner_edit.setEnabled(False)
        assign_row = QHBoxLayout()
        assign_row.addWidget(self.auto_assign_check)
        assign_row.addWidget(self.owner_edit, 1)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setObjectName("caseDescription")
        self.attachment_list = AttachmentList(self)
        self.attachment_list.setObjectName("caseAttachments")
        self.attachment_list.setMaximumHeight(90)
        self.add_file_button = QPushButton(self)
        self.remove_file_button = QPushButton(self)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_file_button)
        file_buttons.addWidget(self.remove_file_button)
        file_buttons.addStretch(1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.attachment_list, 1)
        file_row.addLayout(file_buttons)
        self.template_edit = QPlainTextEdit(self)
        self.template_edit.setMaximumHeight(60)

        form = QFormLayout()
        # The row labels, by field, for retranslate().
        self._row_labels: dict[str, QLabel] = {}
        for key, field in (
            ("title", self.title_edit),
            ("type", self.type_picker),
            ("", self.type_label),
            ("contact_id", self.contact_id_edit),
            ("contact_phone", self.contact_phone_edit),
            ("priority", self.priority_combo),
            ("origin", self.origin_combo),
            ("due", due_row),
            ("owner", assign_row),
            ("description", self.description_edit),
            ("attachments", file_row),
            ("template", self.template_edit),
        ):
            if key:
                label = QLabel(self)
                self._row_labels[key] = label
                form.addRow(label, field)
            else:
                form.addRow("", field)

        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("caseProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("caseStatus")
        self.status_label.setWordWrap(True)
        self.submit_button = QPushButton(self)
        self.submit_button.setDefault(True)
        self.clear_button = QPushButton(self)
        actions = QHBoxLayout()
        actions.addWidget(self.status_label, 1)
        actions.addWidget(self.clear_button)
        actions.addWidget(self.submit_button)

        # The fields scroll (the tab may be ~480 px tall on a 1280×720 screen); the problems and
        # Submit stay below them, always on screen.
        fields = QWidget(self)
        fields.setObjectName("caseFields")
        fields_layout = QVBoxLayout(fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addLayout(call_row)
        fields_layout.addLayout(form)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("caseScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(fields)
        # Not a Tab stop of its own: it scrolls to whichever field has the keyboard.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        form_widget = QWidget(self)
        form_layout = QVBoxLayout(form_widget)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.scroll_area, 1)
        form_layout.addWidget(self.problems_label)
        form_layout.addLayout(actions)
        self.outbox_view = OutboxView(self.work_orders, self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(form_widget)
        splitter.addWidget(self.outbox_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._set_keyboard()

    def _set_keyboard(self) -> None:
        """Tab goes top to bottom, Ctrl+Return submits from any field, focus scrolls into view."""
        # Tab leaves a text box instead of typing a tab: a work order has no use for one.
        for text in (self.description_edit, self.template_edit):
            text.setTabChangesFocus(True)
        set_tab_order(
            [
                self.fill_button,
                self.title_edit,
                self.type_picker.search,
                self.type_picker.tree,
                self.contact_id_edit,
                self.contact_phone_edit,
                self.priority_combo,
                self.origin_combo,
                self.due_check,
                self.due_edit,
                self.auto_assign_check,
                self.owner_edit,
                self.description_edit,
                self.attachment_list,
                self.add_file_button,
                self.remove_file_button,
                self.template_edit,
                self.clear_button,
                self.submit_button,
                self.outbox_view.table,
                self.outbox_view.retry_button,
                self.outbox_view.fix_button,
            ]
        )
        self.submit_shortcuts: list[QShortcut] = []
        for key in SUBMIT_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._submit_by_key)
            self.submit_shortcuts.append(shortcut)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _submit_by_key(self) -> None:
        if self.submit_button.isEnabled():
            spawn(self.submit())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        fields = self.scroll_area.widget()
        if new is None or fields is None or not fields.isAncestorOf(new):
            return
        # The whole field where it fits, else its top: ensureWidgetVisible() would show only a
        # text box's cursor line.
        top = new.mapTo(fields, QPoint(0, 0))
        height = max(0, min(new.height(), self.scroll_area.viewport().height() - 16))
        self.scroll_area.ensureVisible(top.x(), top.y() + height // 2, 8, height // 2 + 8)

    def retranslate(self) -> None:
        """Set every text in the interface language; texts that render state are redrawn.

        The status line is not: it holds a message about something that just happened (a file
        refused, a case queued, an error), which stays in the language it was shown in.
        """
        self.fill_button.setText(self.tr("Fill from call"))
        row_texts = {
            "title": self.tr("Title"),
            "type": self.tr("Case type"),
            "contact_id": self.tr("Contact ID"),
            "contact_phone": self.tr("Contact phone"),
            "priority": self.tr("Priority"),
            "origin": self.tr("Origin"),
            "due": self.tr("Due date"),
            "owner": self.tr("Owner"),
            "description": self.tr("Description"),
            "attachments": self.tr("Attachments"),
            "template": self.tr("Template fields"),
        }
        for key, text in row_texts.items():
            self._row_labels[key].setText(text)
        _set_item_texts(
            self.priority_combo,
            {
                "": self.tr("(not set)"),
                "Low": self.tr("Low"),
                "Medium": self.tr("Medium"),
                "High": self.tr("High"),
                "Critical": self.tr("Critical"),
            },
        )
        _set_item_texts(
            self.origin_combo,
            {
                "": self.tr("(not set)"),
                "Voice": self.tr("Voice"),
                "Whatapp": self.tr("WhatsApp"),
                "webchat": self.tr("Web chat"),
                "Email": self.tr("Email"),
            },
        )
        self.due_check.setText(self.tr("Due"))
        self.auto_assign_check.setText(self.tr("Assign automatically"))
        self.owner_edit.setPlaceholderText(self.tr("Owner ID"))
        self.attachment_list.setAccessibleName(self.tr("Attachments"))
        self.add_file_button.setText(self.tr("Attach…"))
        self.remove_file_button.setText(self.tr("Remove"))
        self.template_edit.setPlaceholderText(
            self.tr("Template fields, one per line: name = value")
        )
        self.submit_button.setText(self.tr("Submit"))
        self.submit_button.setToolTip(
            self.tr("Submit the work order ({0})").format(
                QKeySequence(SUBMIT_KEYS[0]).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.clear_button.setText(self.tr("Clear"))
        self._show_call()
        self._show_type(self._draft_type[1])
        self._show_problem_texts()

    def _connect_changes(self) -> None:
        self.fill_button.clicked.connect(self.fill_from_call)
        self.type_picker.type_chosen.connect(self._type_chosen)
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.auto_assign_check.toggled.connect(lambda on: self.owner_edit.setEnabled(not on))
        self.attachment_list.files_dropped.connect(self.add_files)
        self.add_file_button.clicked.connect(self._pick_files)
        self.remove_file_button.clicked.connect(self._remove_selected_file)
        self.submit_button.clicked.connect(lambda: spawn(self.submit()))
        self.clear_button.clicked.connect(self.clear)
        self.outbox_view.fix_requested.connect(lambda entry_id: spawn(self.load_entry(entry_id)))
        for edit in (
            self.title_edit,
            self.contact_id_edit,
            self.contact_phone_edit,
            self.owner_edit,
        ):
            edit.textChanged.connect(self._changed)
        for text in (self.description_edit, self.template_edit):
            text.textChanged.connect(self._changed)
        for combo in (self.priority_combo, self.origin_combo):
            combo.currentIndexChanged.connect(self._changed)
        for check in (self.due_check, self.auto_assign_check):
            check.toggled.connect(self._changed)
        self.due_edit.dateTimeChanged.connect(self._changed)

    # ---- loading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            _spawn_on_loop(self.load)

    async def load(self) -> None:
        """Restore the draft, fill the outbox list and fetch the case types."""
        self._loaded = True
        await self.restore_draft()
        await self.outbox_view.refresh()
        await self.load_types()

    async def load_types(self) -> None:
        try:
            roots = await self.work_orders.case_type_tree()
        except CecError as exc:
            self._set_status(
                self.tr("Case types could not be loaded: {0}").format(error_message(exc))
            )
            return
        self.type_picker.set_tree(roots)
        current = self.draft().type_id
        if current:
            self.type_picker.select(current)
        self.types_loaded.emit(len(roots))

    # ---- the call ----------------------------------------------------------------------------

    def set_call(self, call: CallContext | None) -> None:
        """The current call (None when it ended: the last one stays available for prefilling).

        An empty form is filled from a new call at once; a form with the agent's work in it is
        filled only when the agent asks (Fill from call).
        """
        if call is None:
            self._call_active = False
            self._show_call()
            return
        self._last_call = call
        self._call_active = True
        self.fill_button.setEnabled(True)
        self._show_call()
        if self.draft().empty:
            self.fill_from_call()

    def _show_call(self) -> None:
        call = self._last_call
        if call is None:
            self.call_label.setText(self.tr("No call yet."))
        elif self._call_active:
            self.call_label.setText(
                self.tr("Call from {0} at {1}").format(call.caller, f"{call.started_at:%H:%M:%S}")
            )
        else:
            self.call_label.setText(
                self.tr("Last call: {0} at {1}").format(call.caller, f"{call.started_at:%H:%M:%S}")
            )

    def fill_from_call(self) -> None:
        if self._last_call is not None:
            self.set_draft(prefill_from_call(self.draft(), self._last_call))

    # ---- the form as data --------------------------------------------------------------------

    def draft(self) -> CaseDraft:
        chosen = self.type_picker.selected_type()
        return CaseDraft(
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            type_id=chosen.type_id if chosen else self._draft_type[0],
            type_name=chosen.name if chosen else self._draft_type[1],
            contact_id=self.contact_id_edit.text().strip(),
            contact_phone=self.contact_phone_edit.text().strip(),
            priority=str(self.priority_combo.currentData() or ""),
            origin=str(self.origin_combo.currentData() or ""),
            due_date=(
                self.due_edit.dateTime().toString(_QT_DUE_FORMAT)
                if self.due_check.isChecked()
                else ""
            ),
            auto_assign=self.auto_assign_check.isChecked(),
            owner_id=self.owner_edit.text().strip(),
            template_fields=self.template_edit.toPlainText(),
            attachments=tuple(f.path for f in self._files if f.path),
            call_id=self._draft_call_id,
        )

    def set_draft(self, draft: CaseDraft) -> None:
        self._restoring = True
        try:
            self.title_edit.setText(draft.title)
            self.description_edit.setPlainText(draft.description)
            self._draft_type = (draft.type_id, draft.type_name)
            self._draft_call_id = draft.call_id
            if not draft.type_id or not self.type_picker.select(draft.type_id):
                self.type_picker.tree.clearSelection()
                self.type_picker.tree.setCurrentIndex(self.type_picker.proxy.index(-1, -1))
            self._show_type(draft.type_name)
            self.contact_id_edit.setText(draft.contact_id)
            self.contact_phone_edit.setText(draft.contact_phone)
            self.priority_combo.setCurrentIndex(
                max(0, self.priority_combo.findData(draft.priority))
            )
            self.origin_combo.setCurrentIndex(max(0, self.origin_combo.findData(draft.origin)))
            due = QDateTime.fromString(draft.due_date, _QT_DUE_FORMAT) if draft.due_date else None
            self.due_check.setChecked(due is not None and due.isValid())
            if due is not None and due.isValid():
                self.due_edit.setDateTime(due)
            self.auto_assign_check.setChecked(draft.auto_assign)
            self.owner_edit.setText(draft.owner_id)
            self.template_edit.setPlainText(draft.template_fields)
            self._files = []
            self.attachment_list.clear()
            self.add_files(draft.attachments, quiet=True)
        finally:
            self._restoring = False
        self._changed()

    def _type_chosen(self, type_id: str, name: str) -> None:
        self._draft_type = (type_id, name)
        self._show_type(name)
        self._changed()

    def _show_type(self, name: str) -> None:
        self.type_label.setText(name or self.tr("No case type chosen."))

    # ---- attachments -------------------------------------------------------------------------

    def add_files(self, paths: Iterable[str], *, quiet: bool = False) -> list[str]:
        """Attach the files that pass the limits; the refused ones are named in the status line.

        Returns the messages for the refused files.
        """
        refused: list[str] = []
        for path in paths:
            name = Path(path).name
            try:
                size = os.stat(path).st_size
            except OSError:
                refused.append(self.tr("{0} cannot be read.").format(name))
                continue
            if any(f.path == path for f in self._files):
                continue
            problem = attachment_problem(name, size)
            if problem is None and len(self._files) >= ATTACHMENTS_MAX:
                problem = CaseProblem("attachment", "At most 5 files can be attached.", name)
            if problem is not None:
                refused.append(problem_text(problem))
                continue
            self._add_file(FormFile(name, size, path=path))
        if refused and not quiet:
            self._set_status(" ".join(refused))
        self._changed()
        return refused

    def _add_file(self, file: FormFile) -> None:
        self._files.append(file)
        item = QListWidgetItem(f"{file.name} ({_size_text(file.size)})")
        item.setToolTip(file.path or file.name)
        self.attachment_list.addItem(item)

    def attached_names(self) -> list[str]:
        return [f.name for f in self._files]

    def _pick_files(self) -> None:
        # open(), not the static getOpenFileNames(): no nested event loop under qasync.
        dialog = QFileDialog(self, self.tr("Attach files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        patterns = " ".join(f"*.{ext}" for ext in ATTACHMENT_TYPES)
        dialog.setNameFilter(self.tr("Documents and images ({0})").format(patterns))
        dialog.filesSelected.connect(self.add_files)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _remove_selected_file(self) -> None:
        row = self.attachment_list.currentRow()
        if 0 <= row < len(self._files):
            del self._files[row]
            self.attachment_list.takeItem(row)
            self._changed()

    # ---- checking and submitting -------------------------------------------------------------

    def _case_values(self, draft: CaseDraft) -> dict[str, Any]:
        """The form's values as both the check (CaseFields) and the case (NewCase) name them."""
        return {
            "title": draft.title,
            "description": draft.description,
            "type_id": draft.type_id,
            "contact_id": draft.contact_id,
            "creator_id": self.work_orders.creator_id,
            "auto_assign": draft.auto_assign,
            "owner_id": draft.owner_id,
            "priority": draft.priority,
            "origin": draft.origin,
            "due_date": draft.due_date,
            "contact_phone": draft.contact_phone,
        }

    def problems(self) -> list[CaseProblem]:
        draft = self.draft()
        extra, extra_problems = parse_template_fields(draft.template_fields)
        fields = CaseFields(
            **self._case_values(draft),
            attachments=tuple((f.name, f.size) for f in self._files),
            extra=extra,
        )
        return validate_case_fields(fields) + extra_problems

    def show_problems(self, problems: Sequence[CaseProblem]) -> None:
        self._problems = list(problems)
        self._show_problem_texts()
        if not problems:
            return
        widget = self._field_widget(problems[0].field)
        if widget is not None:
            widget.setFocus()

    def _show_problem_texts(self) -> None:
        if not self._problems:
            self.problems_label.hide()
            self.problems_label.clear()
            return
        self.problems_label.setText("\n".join(f"• {problem_text(p)}" for p in self._problems))
        self.problems_label.show()

    def _field_widget(self, field: str) -> QWidget | None:
        widgets: dict[str, QWidget] = {
            "title": self.title_edit,
            "description": self.description_edit,
            "type": self.type_picker.search,
            "contactId": self.contact_id_edit,
            "contactPhone": self.contact_phone_edit,
            "ownerId": self.owner_edit,
            "priority": self.priority_combo,
            "origin": self.origin_combo,
            "dueDate": self.due_edit,
            "attachment": self.attachment_list,
            "extra": self.template_edit,
        }
        return widgets.get(field)

    async def submit(self) -> OutboxEntry | None:
        """Check the form, hand the case to the outbox, start a fresh form; None if refused."""
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            return None
        draft = self.draft()
        try:
            files = await asyncio.to_thread(_read_files, self._files)
        except OSError as exc:
            self._set_status(self.tr("An attachment could not be read: {0}").format(exc.strerror))
            return None
        extra, _ = parse_template_fields(draft.template_fields)
        case = NewCase(
            **self._case_values(draft),
            attachments=files,
            extra=extra,
        )
        try:
            if self._fixing is not None:
                entry = await self.work_orders.resubmit(self._fixing, case)
            else:
                entry = await self.work_orders.submit(case)
        except CaseInvalidError as exc:
            self.show_problems(exc.problems)
            return None
        self._fixing = None
        self._draft_timer.stop()
        self.set_draft(CaseDraft())
        await self.work_orders.clear_draft()
        self._set_status(self.tr("Work order queued: {0}").format(entry.title))
        self.outbox_view.model.update_entry(entry)
        self.submitted.emit(entry)
        return entry

    async def load_entry(self, entry_id: int) -> None:
        """Put a case the server refused back into the form, for the agent to fix and resubmit."""
        case = await self.work_orders.case(entry_id)
        entries = {e.entry_id: e for e in await self.work_orders.entries()}
        entry = entries.get(entry_id)
        self.set_draft(draft_from_case(case))
        self._files = []
        self.attachment_list.clear()
        for attachment in case.attachments:
            self._add_file(FormFile(attachment.name, attachment.size, data=attachment.data))
        self._fixing = entry_id
        reason = entry.reason if entry is not None else ""
        self._set_status(self.tr("Fixing a queued work order. The server said: {0}").format(reason))
        if entry is not None and entry.field:
            widget = self._field_widget(entry.field)
            if widget is not None:
                widget.setFocus()

    def clear(self) -> None:
        self._fixing = None
        self.set_draft(CaseDraft())
        self.show_problems([])
        self._set_status("")

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)

    # ---- drafts ------------------------------------------------------------------------------

    def _changed(self, *_: object) -> None:
        if not self._restoring and self._fixing is None:
            self._draft_timer.start()

    async def save_draft(self) -> None:
        """Keep what is typed (or forget the draft when the form is empty)."""
        self._draft_timer.stop()
        draft = self.draft()
        if draft.empty:
            await self.work_orders.clear_draft()
        else:
            await self.work_orders.save_draft(draft.to_dict())
        self.draft_saved.emit()

    async def restore_draft(self) -> bool:
        body = await self.work_orders.load_draft()
        if body is None:
            return False
        self.set_draft(CaseDraft.from_dict(body))
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        if self._fixing is None and (self._draft_timer.isActive() or not self.draft().empty):
            _spawn_on_loop(self.save_draft)
        super().hideEvent(event)


def _spawn_on_loop(start: Callable[[], Coroutine[Any, Any, object]]) -> None:
    """Run ``start()`` on the running loop; a widget used without one (a test that drives it
    synchronously) has nothing to run it on, so the coroutine is not even created."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    spawn(start())


def parse_template_fields(
    text: str,
) -> tuple[dict[str, str | int | float | bool], list[CaseProblem]]:
    """``name = value`` lines as extra caseInfo fields (values stay text)."""
    extra: dict[str, str | int | float | bool] = {}
    problems: list[CaseProblem] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            problems.append(
                CaseProblem("extra", "Write template fields as name = value.", line.strip())
            )
            continue
        extra[name.strip()] = value.strip()
    return extra, problems


def draft_from_case(case: NewCase) -> CaseDraft:
    template = "\n".join(f"{k} = {v}" for k, v in case.extra.items())
    return CaseDraft(
        title=case.title,
        description=case.description,
        type_id=case.type_id,
        contact_id=case.contact_id,
        contact_phone=case.contact_phone,
        priority=case.priority,
        origin=case.origin,
        due_date=case.due_date,
        auto_assign=case.auto_assign,
        owner_id=case.owner_id,
        be_id=case.be_id,
        template_fields=template,
    )


def _read_files(files: Sequence[FormFile]) -> tuple[Attachment, ...]:
    read: list[Attachment] = []
    for file in files:
        data = file.data if file.data is not None else Path(file.path).read_bytes()
        read.append(Attachment(file.name, data))
    return tuple(read)


def _set_item_texts(combo: QComboBox, texts: dict[str, str]) -> None:
    """Name each item by its data; the current item stays the current one."""
    for index in range(combo.count()):
        combo.setItemText(index, texts.get(str(combo.itemData(index)), combo.itemText(index)))


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


class CaseDialog(Retranslating, QDialog):
    """The work-order form as a window of its own (opened from the bar or by shortcut).

    Closing it keeps the draft; it is not modal, so the agent can keep working in the bar.
    """

    def __init__(self, work_orders: WorkOrders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseDialog")
        self.view = CaseView(work_orders, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view)
        # Fits a 1280×720 screen with its task bar; the fields scroll within.
        self.resize(560, 600)
        self.view.submitted.connect(lambda _entry: self.accept())
        self.view.title_edit.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New work order"))


def install_case_shortcut(
    window: QWidget,
    open_form: Callable[[], None],
    sequence: str = DEFAULT_SHORTCUT,
) -> QShortcut:
    """Ctrl+Shift+W (or ``sequence``) anywhere in agentbar opens the work-order form.

    Like the FAQ shortcut, it works while an agentbar window has focus (Qt has no system-wide
    hotkey).
    """
    shortcut = QShortcut(QKeySequence(sequence), window)
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(open_form)
    return shortcut
