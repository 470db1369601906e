"""One agentbar per profile: a second launch asks the running one to come forward, then exits.

Two agentbars on one profile would sign the same agent in twice and run two event channels, so
the first instance holds a :class:`QLockFile` and listens on a :class:`QLocalServer`. A later
instance finds the lock taken, connects, sends ``activate`` and gets ``ok`` back. A lock left by
a crashed process is stale (its PID is gone) and QLockFile removes it, and a socket file left by
a crash is removed before listening — so a crash never blocks the next start.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QDir, QLockFile, QObject, Signal

if TYPE_CHECKING:
    # QtNetwork (~2.7 MB, 5–10 ms) is loaded only to listen or to hand over, after the first
    # paint in the first instance: the lock alone decides who is first.
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
ACKNOWLEDGE = b"ok\n"
HANDOVER_TIMEOUT_MS = 3000


def instance_key(config_path: Path | None, demo: bool) -> str:
    """The name shared by every launch of one profile by one user (demo runs share "demo")."""
    if demo:
        profile = "demo"
    else:
        from agentbar.config import resolve_config_path

        profile = str(resolve_config_path(config_path).absolute())
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        user = "user"
    digest = hashlib.sha256(f"{user}\0{profile}".encode()).hexdigest()[:16]
    # Short: a Unix socket path is limited to about 104 bytes including the temp dir.
    return f"agentbar-{digest}"


class SingleInstance(QObject):
    """The lock and the local server of one instance key.

    Call :meth:`acquire` once at start-up: True means this is the first instance (keep the object
    alive and connect ``activation_requested``); False means another instance has it and was
    asked to come forward, so this process should exit.
    """

    activation_requested = Signal()

    def __init__(
        self, key: str, directory: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.key = key
        folder = directory if directory is not None else Path(QDir.tempPath())
        self.lock_path = folder / f"{key}.lock"
        self._lock = QLockFile(str(self.lock_path))
        # 0: never stale by age (a shift lasts hours); stale only when the holder's PID is gone.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self.answered = False

    def acquire(self, timeout_ms: int = HANDOVER_TIMEOUT_MS, *, listen: bool = True) -> bool:
        """Become the instance, or hand over to the running one; see the class docstring.

        With ``listen=False`` the first instance only takes the lock and calls :meth:`listen`
        later (once its window is up); a later launch meanwhile waits for it to listen.
        """
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        if self._lock.tryLock(0):
            if listen:
                self.listen()
            return True
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            # The lock file cannot be created at all (read-only temp dir): run rather than refuse.
            log.warning("cannot use the instance lock %s; not guarding", self.lock_path)
            return True
        self.answered = self._hand_over(timeout_ms)
        if not self.answered:
            log.warning("another agentbar holds %s but did not answer", self.lock_path)
        return False

    def holder_pid(self) -> int | None:
        """The PID written in the lock file (for messages), or None."""
        # PySide6 returns (pid, hostname, appname), with pid 0 when there is no readable lock.
        info = self._lock.getLockInfo()
        pid = info[0] if isinstance(info, tuple) and info else 0
        return int(pid) if isinstance(pid, int) and pid > 0 else None

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    # --- the first instance ----------------------------------------------------------------------

    def listen(self) -> None:
        """Answer later launches (the first instance, once; see :meth:`acquire`)."""
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None:
            return
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A crash leaves the socket file behind; we hold the lock, so it cannot be anyone's.
        QLocalServer.removeServer(self.key)
        if not server.listen(self.key):
            log.warning(
                "cannot listen for later launches on %s: %s", self.key, server.errorString()
            )
            return
        server.newConnection.connect(self._accept)
        self._server = server

    def _accept(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        if line == ACTIVATE:
            log.info("another launch asked this instance to come forward")
            socket.write(QByteArray(ACKNOWLEDGE))
            socket.flush()
            self.activation_requested.emit()
        socket.disconnectFromServer()

    # --- a later instance ------------------------------------------------------------------------

    def _hand_over(self, timeout_ms: int) -> bool:
        """Ask the running instance to come forward; True when it acknowledged."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + timeout_ms / 1000
        # The first instance may hold the lock but not listen yet (it is still starting).
        while True:
            remaining = max(1, int((deadline - time.monotonic()) * 1000))
            socket = QLocalSocket()
            socket.connectToServer(self.key)
            if socket.waitForConnected(min(remaining, 500)):
                break
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        socket.write(QByteArray(ACTIVATE))
        socket.waitForBytesWritten(remaining)
        reply = b""
        while ACKNOWLEDGE not in reply and time.monotonic() < deadline:
            remaining = max(1, int((deadline - time.monotonic()) * 1000))
            if not socket.waitForReadyRead(remaining):
                break
            reply += bytes(socket.readAll().data())
        socket.abort()
        return ACKNOWLEDGE in reply
