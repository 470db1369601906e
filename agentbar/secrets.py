"""Secrets (agent password, CC-FS SK, app secrets) in the OS keyring, and nowhere else.

:class:`KeyringStore` keeps each secret in the system keyring under service ``agentbar`` with the
secret's name as the keyring user name. When there is no usable keyring it refuses loudly
(:class:`SecretStoreUnavailable`) instead of falling back to a file: agentbar never stores a
secret in plain text. :class:`MemoryStore` keeps secrets for one session (``--demo``, tests).

Every call blocks — the Secret Service may wait on D-Bus or an unlock prompt — so async code calls
them through ``asyncio.to_thread``. No value is ever logged or put in an exception message.
Messages and backend descriptions are English; each keeps its template and arguments
(:class:`~agentbar.message.Message`) for the window to translate in the context ``SecretStore``.

The keyring library is imported only when a :class:`KeyringStore` first talks to its backend:
importing it costs about 45 ms (entry points, backend discovery), and ``--demo`` and the
subcommands that never touch a keyring should not pay for it.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from agentbar.message import Message

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "agentbar"
# The Qt context the window translates these messages, their words and the titles in.
TRANSLATION_CONTEXT = "SecretStore"

PASSWORD = "password"
CCFS_SK = "ccfs-sk"
QUALITY_APP_SECRET = "quality-app-secret"
FAQ_APP_SECRET = "faq-app-secret"
CASES_CLIENT_SECRET = "cases-client-secret"

SECRET_DESCRIPTIONS: dict[str, str] = {
    PASSWORD: "agent password for CC-Gateway sign-in",
    CCFS_SK: "CC-FS secret key (SK) for recording downloads",
    QUALITY_APP_SECRET: "API gateway app secret for quality inspection (CCSQM)",
    FAQ_APP_SECRET: "OIFDE app secret for the FAQ",
    CASES_CLIENT_SECRET: "Case 2.0 client secret for work orders",
}
SECRET_NAMES: tuple[str, ...] = tuple(SECRET_DESCRIPTIONS)

# Windows Credential Manager rejects blobs over 2,560 bytes (UTF-16), i.e. about 1,280 characters,
# with the unhelpful "[WinError 1783] The stub received bad data" (keyring #355, #540).
WINDOWS_SECRET_MAX = 1280

NO_KEYRING_MESSAGE = (
    "No system keyring was found, so agentbar cannot store or read secrets. "
    "On Linux install and start GNOME Keyring (gnome-keyring) or KWallet in a desktop session "
    "with a D-Bus session bus; on Windows and macOS the built-in credential store is used. "
    "agentbar never stores secrets in plain text."
)


class SecretStoreError(Exception):
    """A secret could not be read, written or deleted; ``str()`` is written for a person.

    ``text`` keeps the English template and arguments the message was rendered from.
    """

    title = "Keyring problem"

    def __init__(self, message: str | Message) -> None:
        text = message if isinstance(message, Message) else Message(message)
        super().__init__(str(text))
        self.text = text
        self.message = str(text)

    @property
    def template(self) -> str:
        return self.text.template


class SecretStoreUnavailable(SecretStoreError):
    """There is no usable keyring (none installed, or only the fail/null backend)."""

    title = "No keyring"


class SecretStoreLocked(SecretStoreError):
    """The keyring exists but is locked or could not be opened (unlock refused, D-Bus error)."""

    title = "Keyring locked"


class SecretWriteError(SecretStoreError):
    """The keyring refused to store or delete a secret."""

    title = "Secret not saved"


class UnknownSecretError(SecretStoreError, ValueError):
    """A secret name agentbar does not know (a typo on the command line)."""

    title = "Unknown secret"


def check_secret_name(name: str) -> str:
    """Return ``name`` if it is one of :data:`SECRET_NAMES`, else raise UnknownSecretError."""
    if name not in SECRET_DESCRIPTIONS:
        raise UnknownSecretError(
            Message(
                "Unknown secret {name}. Known secrets: {known}.",
                {"name": repr(name), "known": ", ".join(SECRET_NAMES)},
            )
        )
    return name


class SecretStore(ABC):
    """Where secrets live. Every method blocks; from async code use ``asyncio.to_thread``."""

    def get(self, name: str) -> str | None:
        """The stored value, or None when nothing is stored under ``name``."""
        from agentbar.desktop.logs import remember_secret

        value = self._get(check_secret_name(name))
        remember_secret(value)  # from now on masked in every log line, tracebacks included
        return value

    def set(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any earlier value."""
        check_secret_name(name)
        if not value:
            raise SecretWriteError(
                Message(
                    "An empty {name} cannot be stored. To remove it, use: agentbar secrets "
                    "delete {name}",
                    {"name": name},
                )
            )
        from agentbar.desktop.logs import remember_secret

        remember_secret(value)
        self._set(name, value)

    def delete(self, name: str) -> bool:
        """Remove the secret; True if one was stored, False if there was none."""
        return self._delete(check_secret_name(name))

    @abstractmethod
    def check(self) -> None:
        """Raise :class:`SecretStoreError` if the store cannot be used; cheap when it can."""

    @abstractmethod
    def describe(self) -> str:
        """The backend's name for people (``status``, ``doctor``); never raises."""

    def description(self) -> Message:
        """:meth:`describe` as a template and arguments, for the window to translate."""
        return Message("{backend}", {"backend": self.describe()})

    @abstractmethod
    def _get(self, name: str) -> str | None: ...

    @abstractmethod
    def _set(self, name: str, value: str) -> None: ...

    @abstractmethod
    def _delete(self, name: str) -> bool: ...


class MemoryStore(SecretStore):
    """Secrets in memory for one session: ``--demo`` and tests. Nothing touches the disk."""

    def __init__(self, initial: dict[str, str] | None = None) -> None:
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()
        for name, value in (initial or {}).items():
            self.set(name, value)

    def __repr__(self) -> str:
        return f"MemoryStore(names={sorted(self._values)})"

    def describe(self) -> str:
        return str(self.description())

    def description(self) -> Message:
        return Message("memory (this session only; nothing is saved)")

    def check(self) -> None:
        return None

    def _get(self, name: str) -> str | None:
        with self._lock:
            return self._values.get(name)

    def _set(self, name: str, value: str) -> None:
        with self._lock:
            self._values[name] = value

    def _delete(self, name: str) -> bool:
        with self._lock:
            return self._values.pop(name, None) is not None


_FRIENDLY_BACKENDS: dict[str, str] = {
    "keyring.backends.SecretService.Keyring": "Secret Service (GNOME Keyring, KWallet …)",
    "keyring.backends.libsecret.Keyring": "libsecret (GNOME Keyring …)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
}


def _class_path(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_real(backend: KeyringBackend) -> bool:
    """False for backends that store nothing or store it in plain text."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        # The chainer writes to its first backend; with none it behaves like the null backend.
        chained = list(backend.backends)
        return bool(chained) and _is_real(chained[0])
    # keyrings.alt's file backends keep secrets on disk in (nearly) plain text.
    return not type(backend).__module__.startswith("keyrings.alt")


class KeyringStore(SecretStore):
    """Secrets in the OS keyring (service ``agentbar``, user name = secret name).

    ``backend`` defaults to whatever :func:`keyring.get_keyring` chose, looked up on first use
    because the lookup itself may talk to D-Bus.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"KeyringStore({self.describe()})"

    @property
    def backend(self) -> KeyringBackend:
        with self._lock:
            if self._backend is None:
                import keyring

                self._backend = keyring.get_keyring()
            return self._backend

    def describe(self) -> str:
        return str(self.description())

    def description(self) -> Message:
        try:
            backend = self.backend
        except Exception:  # noqa: BLE001 -- describe() is for status output and must not fail
            return Message("no keyring (the keyring library could not choose a backend)")
        path = _class_path(backend)
        if not _is_real(backend):
            return Message("no usable keyring ({backend})", {"backend": path})
        friendly = _FRIENDLY_BACKENDS.get(path)
        if friendly:
            return Message(
                "{friendly} ({backend})",
                {"friendly": friendly, "backend": path},
                frozenset({"friendly"}),
            )
        return Message("{backend}", {"backend": path})

    def check(self) -> None:
        if not _is_real(self.backend):
            raise SecretStoreUnavailable(NO_KEYRING_MESSAGE)

    def _get(self, name: str) -> str | None:
        self.check()
        try:
            return self.backend.get_password(SERVICE, name)
        except Exception as exc:  # noqa: BLE001 -- backends raise D-Bus errors too; report all
            raise _translated(exc, "read", name) from None

    def _set(self, name: str, value: str) -> None:
        self.check()
        if (
            _class_path(self.backend).endswith("WinVaultKeyring")
            and len(value) > WINDOWS_SECRET_MAX
        ):
            raise SecretWriteError(
                Message(
                    "{name} is {length} characters long; Windows Credential Manager holds at "
                    "most about {limit}. Ask your administrator for a shorter secret.",
                    {"name": name, "length": str(len(value)), "limit": str(WINDOWS_SECRET_MAX)},
                )
            )
        try:
            self.backend.set_password(SERVICE, name, value)
        except Exception as exc:  # noqa: BLE001 -- see _get
            raise _translated(exc, "store", name) from None
        log.info("stored secret %s in %s", name, _class_path(self.backend))

    def _delete(self, name: str) -> bool:
        import keyring.errors

        self.check()
        try:
            self.backend.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            # The backends say "not found" with the same exception as a refused delete.
            if self._get(name) is None:
                return False
            raise SecretWriteError(
                Message(
                    "The keyring refused to delete {name}. Unlock the keyring and try again.",
                    {"name": name},
                )
            ) from None
        except Exception as exc:  # noqa: BLE001 -- see _get
            raise _translated(exc, "delete", name) from None
        log.info("deleted secret %s from %s", name, _class_path(self.backend))
        return True


# What was being done to a secret, as the messages say it (translated words, Message.words).
_VERBS = ("read", "store", "delete")
# The English words these messages and descriptions carry as arguments: the catalogue lists them.
MESSAGE_WORDS: tuple[str, ...] = (*_VERBS, *_FRIENDLY_BACKENDS.values())


def _translated(exc: Exception, verb: str, name: str) -> SecretStoreError:
    """A person-facing error for a backend's exception; the backend's text never holds a value.

    ``verb`` is one of :data:`_VERBS`; the backend's own text is passed on as data.
    """
    import keyring.errors

    args = {"verb": verb, "name": name, "detail": str(exc)[:200] or type(exc).__name__}
    words = frozenset({"verb"})
    if isinstance(exc, keyring.errors.NoKeyringError):
        return SecretStoreUnavailable(NO_KEYRING_MESSAGE)
    if isinstance(exc, keyring.errors.KeyringLocked):
        return SecretStoreLocked(
            Message(
                "Could not {verb} the secret {name}: the keyring is locked. Unlock it (log in "
                "to the desktop, or unlock the 'Login' keyring) and try again. ({detail})",
                args,
                words,
            )
        )
    if isinstance(exc, keyring.errors.InitError):
        return SecretStoreLocked(
            Message(
                "Could not {verb} the secret {name}: the keyring could not be opened. Check "
                "that GNOME Keyring or KWallet runs in this session. ({detail})",
                args,
                words,
            )
        )
    if isinstance(exc, keyring.errors.PasswordSetError):
        return SecretWriteError(
            Message("The keyring refused to {verb} the secret {name}. ({detail})", args, words)
        )
    return SecretStoreError(Message("Could not {verb} the secret {name}. ({detail})", args, words))
