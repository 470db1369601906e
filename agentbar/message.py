"""A sentence for a person kept as its English template and arguments, so the UI can translate it.

Modules without Qt (the profile, the keyring) write their messages in English. A
:class:`Message` renders that English (``str()``: the command line, logs, JSON) and keeps what it
was made from: the window translates the template in the module's Qt context and fills in the
same arguments (``agentbar/ui/error_text.py``). Arguments are data — paths, addresses, numbers,
system text — and stay as they are, except those named in ``words``: short English words of
agentbar's own ("read", "a whole number") that are translated in the same context.
``packaging/resources.py`` lists the templates and the words for lupdate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Message:
    """``template`` filled with ``args`` (``str.format`` fields by name); no args: the text."""

    template: str
    args: Mapping[str, str] = field(default_factory=dict, hash=False)
    words: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return fill(self.template, self.args)

    def with_args(self, words: frozenset[str] = frozenset(), **args: str) -> Message:
        """The same message with more arguments (and more of them translated words)."""
        return Message(self.template, {**self.args, **args}, self.words | words)


def fill(template: str, args: Mapping[str, str]) -> str:
    """``template`` with ``args`` filled in; a template without arguments is the text itself,
    braces and all (a message made from a plain string)."""
    return template.format(**args) if args else template
