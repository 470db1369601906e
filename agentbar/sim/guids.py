"""The GUIDs of one CC-Gateway session (C4 auth): issue, rotate, and accept current or recent ones.

In dynamic mode the gateway issues a new GUID once ``GUIDINTERVAL`` has passed and still accepts a
superseded one until ``GUIDTIMEOUT`` after it was superseded: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0005.html
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

# The suffix is the gateway node's name, as in the documented Set-GUID header.
NODE = "AgentGateway0"


def new_guid() -> str:
    return f"{uuid.uuid4()}.{NODE}"


class GuidBook:
    """The current GUID of a session and the superseded ones still inside their grace period."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.current = new_guid()
        self.issued_at = clock()
        self._superseded: dict[str, float] = {}

    def __repr__(self) -> str:
        # GUIDs are credentials of a signed-in agent: keep them out of logs.
        return f"GuidBook(issued_at={self.issued_at:.1f}, superseded={len(self._superseded)})"

    def rotate(self) -> str:
        now = self._clock()
        self._superseded[self.current] = now
        self.current = new_guid()
        self.issued_at = now
        return self.current

    def due(self, interval: float) -> bool:
        return self._clock() - self.issued_at >= interval

    def accepts(self, guid: str | None, timeout: float) -> bool:
        """True for the current GUID and for superseded ones younger than ``timeout``."""
        if guid is None:
            return False
        if guid == self.current:
            return True
        now = self._clock()
        # GUESS: every superseded GUID keeps its own grace, not only the last one; with
        # GUIDINTERVAL < GUIDTIMEOUT two may be valid at once, which is what the two settings imply.
        for old, since in list(self._superseded.items()):
            if now - since >= timeout:
                del self._superseded[old]
        return guid in self._superseded

    def knows(self, guid: str | None) -> bool:
        """True for any GUID this session still remembers, regardless of age."""
        return guid is not None and (guid == self.current or guid in self._superseded)
