"""One row of the shift-start check (:class:`CheckResult`), its :class:`Status`, and how the
Check dialog translates it: the checks make rows, the report gathers them.

A row keeps its English templates and their arguments beside the rendered English text: the CLI,
the JSON and the diagnostics bundle show the English, the Check dialog translates the templates
(context ``DoctorCheck``; ``packaging/resources.py`` lists them for lupdate) and fills in the same
arguments, which are data (addresses, numbers, dates, server and system text) and stay as they are
— except the few named in ``TRANSLATED_ARGS``, which are agentbar's own sentences.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from agentbar.config import TRANSLATION_CONTEXT as PROFILE_CONTEXT
from agentbar.message import Message
from agentbar.secrets import TRANSLATION_CONTEXT as KEYRING_CONTEXT


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


# The Qt context the Check dialog translates the templates in.
TRANSLATION_CONTEXT = "DoctorCheck"
# Arguments that hold one of agentbar's own English sentences rather than data, and the Qt
# context that translates them (a CecError's message, a profile or keyring message, the keyring's
# description: all already in the catalogue). Those given to CheckResult.of as a Message are
# translated from its template and arguments.
TRANSLATED_ARGS: Mapping[str, str] = {
    "cec_message": "CecError",
    "profile_problem": PROFILE_CONTEXT,
    "keyring_error": KEYRING_CONTEXT,
    "secret_error": KEYRING_CONTEXT,
    "keyring": KEYRING_CONTEXT,
}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One row: ``name`` of the check, its ``status``, what was found and what to do about it.

    ``name``, ``detail`` and ``action`` are the English text. A row made with :meth:`of` also
    keeps the templates they were rendered from and the ``args`` that fill them (as text), and in
    ``messages`` the arguments that were given as a :class:`Message`; a row made directly has no
    templates and is shown as it is in every language.
    """

    name: str
    status: Status
    detail: str
    action: str = ""
    name_template: str = ""
    detail_template: str = ""
    action_template: str = ""
    args: Mapping[str, str] = field(default_factory=dict, hash=False)
    messages: Mapping[str, Message] = field(default_factory=dict, hash=False)

    @classmethod
    def of(
        cls, name: str, status: Status, detail: str, action: str = "", /, **args: str | Message
    ) -> CheckResult:
        """A row rendered from English templates (``str.format`` fields named by ``args``)."""
        texts = {key: str(value) for key, value in args.items()}
        return cls(
            name.format(**texts),
            status,
            detail.format(**texts),
            action.format(**texts),
            name,
            detail,
            action,
            texts,
            {key: value for key, value in args.items() if isinstance(value, Message)},
        )

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "status": str(self.status),
            "detail": self.detail,
            "action": self.action,
        }
