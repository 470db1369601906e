"""The case type picker: the tenant's case types as a tree, filtered as the agent types."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from agentbar.cec import CaseType, CaseTypeNode
from agentbar.ui.i18n import Retranslating

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1


class CaseTypePicker(Retranslating, QWidget):
    """A search box over a tree of case types; ``type_chosen(id, name)`` when one is selected."""

    type_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseTypePicker")
        self.search = QLineEdit(self)
        self.search.setObjectName("caseTypeSearch")
        self.search.setClearButtonEnabled(True)
        # No Qt parent for the models: they outlive the tree while the widget is torn down, so
        # the tree's selection model never reports on a model that is half destroyed.
        self.model = QStandardItemModel()
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # A match deep in the tree keeps its ancestors visible, so the agent sees where it sits.
        self.proxy.setRecursiveFilteringEnabled(True)
        self.tree = QTreeView(self)
        self.tree.setObjectName("caseTypeTree")
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self._filter)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search case types"))
        self.search.setAccessibleName(self.tr("Search case types"))
        self.tree.setAccessibleName(self.tr("Case types"))

    def set_tree(self, roots: Sequence[CaseTypeNode]) -> None:
        selected = self.selected_type()
        self.model.clear()
        for node in roots:
            self.model.appendRow(self._item(node))
        self.tree.expandAll()
        if selected is not None:
            self.select(selected.type_id)

    def _item(self, node: CaseTypeNode) -> QStandardItem:
        case_type = node.case_type
        item = QStandardItem(case_type.name)
        item.setData(case_type, TYPE_ROLE)
        item.setToolTip(case_type.description)
        item.setEditable(False)
        for child in node.children:
            item.appendRow(self._item(child))
        return item

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case_type = current.data(TYPE_ROLE) if current.isValid() else None
        if isinstance(case_type, CaseType):
            self.type_chosen.emit(case_type.type_id, case_type.name)

    def selected_type(self) -> CaseType | None:
        index = self.tree.currentIndex()
        case_type = index.data(TYPE_ROLE) if index.isValid() else None
        return case_type if isinstance(case_type, CaseType) else None

    def select(self, type_id: str) -> bool:
        """Select the type with ``type_id``; False when it is not in the tree (or filtered out)."""
        index = self._find(QModelIndex(), type_id)
        if index is None:
            return False
        proxied = self.proxy.mapFromSource(index)
        if not proxied.isValid():
            return False
        self.tree.setCurrentIndex(proxied)
        return True

    def _find(self, parent: QModelIndex, type_id: str) -> QModelIndex | None:
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            case_type = index.data(TYPE_ROLE)
            if isinstance(case_type, CaseType) and case_type.type_id == type_id:
                return index
            found = self._find(index, type_id)
            if found is not None:
                return found
        return None

    def visible_names(self) -> list[str]:
        """The names the tree shows now, depth first (for tests and accessibility checks)."""
        names: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                names.append(str(index.data()))
                walk(index)

        walk(QModelIndex())
        return names
