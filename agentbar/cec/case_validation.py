"""The documented limits of a new work order, checked before anything is sent.

Huawei CEC, Creating a Case: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0266.html

Each problem names the ``caseInfo`` field it is about and carries a person-facing English sentence
that is a literal, so the UI can translate it (context "CaseValidation"); the variable part (a file
name) travels separately in ``detail``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

# GUESS: the create page's length column is headed 长度(字节), "length (bytes)", so lengths are
# counted in UTF-8 bytes: a Chinese title holds about 42 characters, not 128.
TITLE_MAX = 128
DESCRIPTION_MAX = 20_000
ID_MAX = 20
PHONE_MAX = 20

PRIORITIES = ("Low", "Medium", "High", "Critical")
# "Whatapp" really is spelled so, and "webchat" really is lower case (the documents' values).
ORIGINS = ("Voice", "Whatapp", "webchat", "Email")
DUE_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_DUE_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")

ATTACHMENTS_MAX = 5
# GUESS: "5M" is read as 5 MiB.
ATTACHMENT_SIZE_MAX = 5 * 1024 * 1024
ATTACHMENT_TYPES = ("jpg", "png", "pdf", "jpeg", "gif", "doc", "docx")

# The standard caseInfo fields; a template's extra field must not reuse one of these names.
STANDARD_FIELDS = frozenset(
    {
        "title",
        "description",
        "type",
        "ownerId",
        "isAtuoAssigned",
        "priority",
        "origin",
        "dueDate",
        "contactId",
        "attachment",
        "creatorId",
        "contactPhone",
        "beId",
        "extternalNo",
    }
)
_EXTRA_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@dataclass(frozen=True, slots=True)
class CaseProblem:
    """One reason a work order cannot be sent: the ``caseInfo`` field and what is wrong."""

    field: str
    message: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.message} ({self.detail})" if self.detail else self.message


@dataclass(frozen=True, slots=True)
class CaseFields:
    """The values :func:`validate_case_fields` checks (what a form or a queued case holds)."""

    title: str
    description: str
    type_id: str
    contact_id: str
    creator_id: str
    auto_assign: bool = True
    owner_id: str = ""
    priority: str = ""
    origin: str = ""
    due_date: str = ""
    contact_phone: str = ""
    be_id: str = ""
    attachments: tuple[tuple[str, int], ...] = ()  # (file name, size in bytes)
    extra: Mapping[str, object] | None = None


def byte_length(text: str) -> int:
    return len(text.encode("utf-8"))


def validate_case_fields(case: CaseFields) -> list[CaseProblem]:
    """Every problem with ``case`` against the documented limits; empty when it can be sent."""
    problems: list[CaseProblem] = []
    add = problems.append
    if not case.title.strip():
        add(CaseProblem("title", "Enter a title."))
    elif byte_length(case.title) > TITLE_MAX:
        add(
            CaseProblem(
                "title",
                "The title is too long: at most 128 bytes (a Chinese character counts as 3).",
            )
        )
    if not case.description.strip():
        add(CaseProblem("description", "Enter a description."))
    elif byte_length(case.description) > DESCRIPTION_MAX:
        add(
            CaseProblem(
                "description",
                "The description is too long: at most 20,000 bytes "
                "(a Chinese character counts as 3).",
            )
        )
    if not case.type_id.strip():
        add(CaseProblem("type", "Choose a case type."))
    elif byte_length(case.type_id) > ID_MAX:
        add(CaseProblem("type", "The case type ID is longer than 20 characters."))
    if not case.contact_id.strip():
        add(CaseProblem("contactId", "Enter the contact ID."))
    elif byte_length(case.contact_id) > ID_MAX:
        add(CaseProblem("contactId", "The contact ID is longer than 20 characters."))
    # creatorId is required by the 2025 edition and optional in the older one; we always send it.
    if not case.creator_id.strip():
        add(CaseProblem("creatorId", "The creator ID is not set. Add it in the settings."))
    elif byte_length(case.creator_id) > ID_MAX:
        add(CaseProblem("creatorId", "The creator ID is longer than 20 characters."))
    # INFERRED: the owner "may be empty when auto-assigned", so without it an owner is needed.
    if not case.auto_assign and not case.owner_id.strip():
        add(CaseProblem("ownerId", "Enter an owner, or let the case be assigned automatically."))
    elif byte_length(case.owner_id) > ID_MAX:
        add(CaseProblem("ownerId", "The owner ID is longer than 20 characters."))
    if case.priority and case.priority not in PRIORITIES:
        add(
            CaseProblem(
                "priority", "The priority must be Low, Medium, High or Critical.", case.priority
            )
        )
    if case.origin and case.origin not in ORIGINS:
        add(
            CaseProblem(
                "origin", "The origin must be Voice, Whatapp, webchat or Email.", case.origin
            )
        )
    if case.due_date and not is_due_date(case.due_date):
        add(
            CaseProblem(
                "dueDate", "The due date must look like 2024-07-08 17:30:00.", case.due_date
            )
        )
    if byte_length(case.contact_phone) > PHONE_MAX:
        add(CaseProblem("contactPhone", "The contact phone is longer than 20 characters."))
    if byte_length(case.be_id) > ID_MAX:
        add(CaseProblem("beId", "The business entity ID is longer than 20 characters."))
    problems.extend(validate_attachments(case.attachments))
    problems.extend(validate_extra_fields(case.extra or {}))
    return problems


def is_due_date(text: str) -> bool:
    """True for a real date and time written ``YYYY-MM-DD HH:mm:ss``."""
    if not _DUE_DATE_RE.fullmatch(text):
        return False
    try:
        datetime.strptime(text, DUE_DATE_FORMAT)
    except ValueError:
        return False
    return True


def attachment_problem(name: str, size: int) -> CaseProblem | None:
    """What is wrong with one file as an attachment (type, size), or None."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in ATTACHMENT_TYPES:
        return CaseProblem(
            "attachment",
            "Only jpg, jpeg, png, gif, pdf, doc and docx files can be attached.",
            name,
        )
    if size > ATTACHMENT_SIZE_MAX:
        return CaseProblem("attachment", "A file is larger than 5 MB.", name)
    if size <= 0:
        return CaseProblem("attachment", "A file is empty.", name)
    return None


def validate_attachments(files: Iterable[tuple[str, int]]) -> list[CaseProblem]:
    """Problems with a set of (name, size) attachments: count, then each file."""
    items = list(files)
    problems: list[CaseProblem] = []
    if len(items) > ATTACHMENTS_MAX:
        problems.append(CaseProblem("attachment", "At most 5 files can be attached."))
    for name, size in items:
        problem = attachment_problem(name, size)
        if problem is not None:
            problems.append(problem)
    return problems


def validate_extra_fields(extra: Mapping[str, object]) -> list[CaseProblem]:
    """Template fields: plain names that do not shadow a standard field, scalar values."""
    problems: list[CaseProblem] = []
    for name, value in extra.items():
        if name in STANDARD_FIELDS:
            problems.append(
                CaseProblem("extra", "A template field uses the name of a standard field.", name)
            )
        elif not _EXTRA_NAME_RE.fullmatch(name):
            problems.append(CaseProblem("extra", "A template field name is not valid.", name))
        elif not isinstance(value, str | int | float | bool):
            problems.append(
                CaseProblem(
                    "extra", "A template field value must be text, a number or yes/no.", name
                )
            )
    return problems
