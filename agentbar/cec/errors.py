"""One exception hierarchy for every CEC service, and the one table of retcode messages.

Every failure a client module can meet — a refused connection, an HTML error page, malformed JSON,
a business code — leaves the ``cec`` package as a :class:`CecError`. Each carries the endpoint, the
code and the server's own text, plus a short message written for a person. The UI translates the
message (it is the English source text of a Qt translation); nothing here knows Qt.
"""

from __future__ import annotations

# CC-Gateway retcodes, Huawei CEC error codes: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0580.html
# The English text is the source string that the UI translates (context "CecError"), so keep
# these sentences stable and say what to do where we can.
RETCODE_MESSAGES: dict[str, str] = {
    "000-001": "The gateway rejected the event query method.",
    "000-002": "The gateway rejected a parameter of the request.",
    "000-003": "Your session has expired or is not valid. Sign in again.",
    "000-004": "The gateway is switching over. Try again in a moment.",
    "000-005": "An inspector cannot inspect themselves.",
    "000-006": "The gateway rejected the message parameters.",
    "000-007": "The same request is still being processed. Wait for it to finish.",
    "100-001": (
        "Sign-in parameters are empty or invalid. Check the agent ID and phone number in Settings."
    ),
    "100-002": (
        "This agent is already signed in elsewhere. Sign out there, or sign in here by force."
    ),
    "100-003": (
        "Sign-in failed: the platform is unavailable. "
        "Try again later; if it persists, tell your supervisor."
    ),
    "100-004": (
        "Wrong agent ID or password. Enter the password again or ask your supervisor to reset it."
    ),
    "100-005": "Sign-out parameters are invalid.",
    "100-006": "You are not signed in.",
    "100-007": "The gateway reported an internal error. Try again later.",
    "100-008": "You are already signed out.",
    "100-009": "You are not allowed to set this state.",
    "100-010": "Your current state does not allow this (for example, a call is in progress).",
    "100-011": "A sign-in parameter is invalid. Check the agent ID and phone number in Settings.",
    "100-012": "Wrong agent type. Ask your administrator to check this agent in the CEC console.",
    "100-013": "The phone number is invalid. Check the phone number in Settings.",
    "100-014": (
        "The phone number is not in the configured range. "
        "Check it in Settings or ask your administrator."
    ),
    "100-015": "The agent is busy and cannot be signed out by force.",
    "100-016": (
        "The IP address is invalid. Ask your administrator to check which addresses may sign in."
    ),
    "100-017": (
        "uPortal authentication failed. Try again later; if it persists, tell your administrator."
    ),
    "100-018": "The VDN does not match. Ask your administrator to check this agent's VDN.",
    "100-019": "The skill query parameters are invalid.",
    "100-020": (
        "Your password has expired. Change it in the CEC console, then sign in with the new one."
    ),
    "100-021": "A sign-in is already in progress. Wait a moment and try again.",
    "110-016": "This account is locked. Contact your administrator.",
    "104-001": "Recording download is not enabled on the server.",
    "104-002": "You have no permission to download this recording.",
    "104-003": "The recording file name is invalid.",
    "104-004": "No drive-letter mapping is configured for recordings.",
    "104-005": "The recording file does not exist.",
    "104-006": "The server has not enough disk space.",
    "104-007": "The recording format is not supported.",
    "104-008": "The recording format parameter is missing.",
    "104-009": "Converting the recording failed.",
    "104-010": "The recording location ID is missing.",
    "104-012": "Downloading the recording from storage failed.",
    "105-006": "The session does not match after a failover. Sign in again.",
    "200-025": "There is no call to hang up.",
}

# Family prefixes for codes without their own row, so an unknown code still says something useful.
_FAMILY_MESSAGES: dict[str, str] = {
    "101": "A conference operation failed.",
    "105": "The gateway is recovering from a failover. Sign in again if this persists.",
    "106": "A chat (multimedia) operation failed.",
    "107": "A configuration operation failed.",
    "200": "The call operation failed.",
}

UNKNOWN_CODE_MESSAGE = "The server answered with an unknown code."


def retcode_message(code: str) -> str:
    """The person-facing sentence for a CC-Gateway retcode, falling back to its family."""
    if code in RETCODE_MESSAGES:
        return RETCODE_MESSAGES[code]
    return _FAMILY_MESSAGES.get(code.split("-", 1)[0], UNKNOWN_CODE_MESSAGE)


class CecError(Exception):
    """Base of every error the ``cec`` package raises.

    ``message`` is for a person (and is the source text the UI translates); ``endpoint``, ``code``
    and ``server_text`` are the facts for a log line or a diagnostics bundle. None of them ever
    contains a secret: request bodies and headers are never copied in.
    """

    title = "CEC error"

    def __init__(
        self,
        message: str,
        *,
        endpoint: str = "",
        code: str | None = None,
        server_text: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.endpoint = endpoint
        self.code = code
        self.server_text = server_text

    def __str__(self) -> str:
        parts = [self.message]
        if self.code:
            parts.append(f"[{self.code}]")
        if self.server_text and self.server_text != self.message:
            parts.append(f"(server: {self.server_text[:200]})")
        if self.endpoint:
            parts.append(f"— {self.endpoint}")
        return " ".join(parts)


class TransportError(CecError):
    """The request did not complete: connection refused or lost, timeout, TLS failure."""

    title = "Connection problem"


class TlsError(TransportError):
    """The TLS handshake failed, most often an untrusted or expired certificate."""

    title = "Certificate problem"


class ProtocolError(CecError):
    """The server answered, but not with what the documents describe (HTML, bad JSON, bad shape)."""

    title = "Unexpected answer"


class ServiceError(CecError):
    """The server refused the request with a business code (``retcode``, ``resCode`` …)."""

    title = "Request refused"


class AuthError(ServiceError):
    """Credentials, GUID or token were refused (``000-003``, HTTP 401, a bad token)."""

    title = "Not authorised"


class NotSignedInError(ServiceError):
    """The gateway no longer knows this agent as signed in (``100-006``)."""

    title = "Signed out"


class AlreadySignedInError(ServiceError):
    """Sign-in refused because the agent is signed in elsewhere (``100-002``)."""

    title = "Signed in elsewhere"


class BadCredentialsError(ServiceError):
    """Wrong agent ID or password (``100-004``), or a locked or expired account."""

    title = "Sign-in refused"

    @property
    def password_refused(self) -> bool:
        """True when the password itself is what failed: another password may succeed.

        A locked account (``110-016``) refuses every password until an administrator unlocks
        it, so asking for another one would not help.
        """
        return self.code != ACCOUNT_LOCKED


ACCOUNT_LOCKED = "110-016"


class SignedOutByServer(CecError):
    """The server ended the session (``AgentOther_ShutdownService`` or ``100-006`` on a poll)."""

    title = "Signed out by the server"


_GATEWAY_CLASSES: dict[str, type[ServiceError]] = {
    "000-003": AuthError,
    "105-006": AuthError,
    "100-006": NotSignedInError,
    "100-002": AlreadySignedInError,
    "100-004": BadCredentialsError,
    "100-020": BadCredentialsError,
    "110-016": BadCredentialsError,
}


def gateway_error(code: str, server_text: str, endpoint: str) -> ServiceError:
    """Build the right :class:`ServiceError` subclass for a CC-Gateway retcode."""
    cls = _GATEWAY_CLASSES.get(code, ServiceError)
    return cls(retcode_message(code), endpoint=endpoint, code=code, server_text=server_text)


# OIFDE (FAQ) codes are not documented beyond "0" = success, so the message
# is generic and the server's own text travels alongside it. A refused token is recognised by its
# text because its code is not documented either.
OIFDE_MESSAGE = "The FAQ service refused the request."
OIFDE_TOKEN_MESSAGE = "The FAQ service refused the access token."


def oifde_error(code: str, server_text: str, endpoint: str) -> ServiceError:
    """Build the :class:`ServiceError` for a non-zero OIFDE ``errorCode``."""
    if "token" in server_text.lower():
        return AuthError(OIFDE_TOKEN_MESSAGE, endpoint=endpoint, code=code, server_text=server_text)
    return ServiceError(OIFDE_MESSAGE, endpoint=endpoint, code=code, server_text=server_text)


# CC-FS resultCodes of the file service behind downloadRecord, downloadRecordFile and
# ivr/downloadFile: https://support.huaweicloud.com/api-ccfs-cec/cec_07_4240.html "0" is success.
CCFS_MESSAGES: dict[str, str] = {
    "0300001": "A required parameter of the recording request is missing.",
    "0300002": "A parameter of the recording request is empty.",
    "0300003": "A parameter of the recording request is too long.",
    "0300004": "A parameter of the recording request has the wrong format.",
    "0300005": "A parameter of the recording request is too short.",
    "0300006": "The file service expects interface version 2.0.",
    "0300007": "The recording request has no message body.",
    "0300008": "The file service is limiting downloads. Try again later.",
    "0300009": "The file service is limiting queries. Try again later.",
    "0300010": "The date in the recording file name is wrong.",
    "0300011": "The recording file does not exist.",
    "0300012": "No recording was found for this call.",
    "0300013": "The start time is later than the end time.",
}
CCFS_UNKNOWN_MESSAGE = "The file service refused the request."


class RateLimitedError(ServiceError):
    """The server refused because of flow control; trying again later may work (``0300008``)."""

    title = "Busy"


def ccfs_error(code: str, server_text: str, endpoint: str) -> ServiceError:
    """Build the :class:`ServiceError` for a CC-FS ``resultCode`` other than ``0``."""
    cls = RateLimitedError if code in ("0300008", "0300009") else ServiceError
    message = CCFS_MESSAGES.get(code, CCFS_UNKNOWN_MESSAGE)
    return cls(message, endpoint=endpoint, code=code, server_text=server_text)


class InvalidRequestError(ServiceError):
    """The server refused the content of the request; sending it unchanged again will not help.

    ``field`` names the request field the server blamed, when it said which one.
    """

    title = "Request refused"

    def __init__(
        self,
        message: str,
        *,
        endpoint: str = "",
        code: str | None = None,
        server_text: str = "",
        field: str = "",
    ) -> None:
        super().__init__(message, endpoint=endpoint, code=code, server_text=server_text)
        self.field = field


# Case 2.0 (work order) resCodes are not documented beyond "0" = success, so the
# class follows the HTTP status: 401/403 is the access-token, another 4xx (or a refusal inside a
# 2xx) is the content, 5xx is the server and worth a retry.
CASE_MESSAGE = "The work-order service could not handle the request. Try again later."
CASE_TOKEN_MESSAGE = "The work-order service refused the access token."
CASE_INVALID_MESSAGE = "The work-order service refused the work order. Check the fields."


def case_error(
    code: str, server_text: str, endpoint: str, status: int, field: str = ""
) -> ServiceError:
    """Build the :class:`ServiceError` for a Case 2.0 ``resCode`` other than ``0``."""
    if status in (401, 403):
        return AuthError(CASE_TOKEN_MESSAGE, endpoint=endpoint, code=code, server_text=server_text)
    if status >= 500 or status in (408, 429):
        return ServiceError(CASE_MESSAGE, endpoint=endpoint, code=code, server_text=server_text)
    return InvalidRequestError(
        CASE_INVALID_MESSAGE, endpoint=endpoint, code=code, server_text=server_text, field=field
    )
