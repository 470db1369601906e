"""Client of the Case 2.0 work-order interfaces and their ``access-token``.

Huawei CEC: access-token https://support.huaweicloud.com/api-ccfs-cec/cec_07_0260.html ,
creating a case https://support.huaweicloud.com/api-ccfs-cec/cec_07_0266.html , case list https://support.huaweicloud.com/api-ccfs-cec/cec_07_0267.html

:class:`CaseClient` fetches the AppCube ``access-token`` with the OAuth client-credentials grant
(the client secret is read only when a token is needed), keeps it until shortly before it expires
and fetches it again once when a server refuses it. It lists case types (paged, and as a tree by
``parentId``), creates cases after checking the documented limits, and lists the agent's cases.
Every response becomes a typed model here; a bad one becomes a ``CecError``.
"""

from __future__ import annotations

import base64
import json
import math
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from agentbar.cec._http import AsyncClient, Response, json_object, send
from agentbar.cec.case_validation import CaseFields, CaseProblem, validate_case_fields
from agentbar.cec.errors import (
    AuthError,
    InvalidRequestError,
    ProtocolError,
    ServiceError,
    case_error,
)
from agentbar.cec.models import as_str, field_names, wire_number
from agentbar.cec.tokens import SecretSource, Token, TokenCache, resolve_secret

TOKEN_PATH = "/baas/auth/v1.0/oauth2/token"
API_PATH = "/service/AICC__Case/1.0.0/openapi"
TOKEN_ENDPOINT = "oauth2/token"

# Renew this long before expiry so a request sent just before it does not arrive just after it.
REFRESH_MARGIN = 60.0
# GUESS: expires_in is documented as a field but its value is not; an hour when it is missing.
DEFAULT_LIFETIME = 3600.0
PAGE_LIMIT = 100  # caseType/list and case/list accept 1..100


# ---- models ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseType:
    """One case type (``caseType/list``); ``type_id`` is the value for ``caseInfo.type``."""

    type_id: str
    name: str
    parent_id: str = ""
    description: str = ""
    status: str = ""
    template_id: str = ""
    template_name: str = ""

    @property
    def active(self) -> bool:
        return self.status in ("", "Active")


@dataclass(frozen=True, slots=True)
class CaseTypePage:
    types: tuple[CaseType, ...]
    count: int


@dataclass(slots=True)
class CaseTypeNode:
    """A case type with its children, for a tree view."""

    case_type: CaseType
    children: list[CaseTypeNode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to attach; the bytes are kept so a queued case does not depend on the file."""

    name: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class NewCase:
    """A work order to create (``caseInfo`` of the create-case page).

    ``reference`` goes out as ``extternalNo`` so the case can be found again by ``case/list``
    when a response was lost (see :meth:`CaseClient.find_case`).
    """

    title: str
    description: str
    type_id: str
    contact_id: str
    creator_id: str
    auto_assign: bool = True
    owner_id: str = ""
    priority: str = ""
    origin: str = ""
    due_date: str = ""  # YYYY-MM-DD HH:mm:ss
    contact_phone: str = ""
    be_id: str = ""
    attachments: tuple[Attachment, ...] = ()
    extra: Mapping[str, str | int | float | bool] = field(default_factory=dict)
    reference: str = ""

    def fields(self) -> CaseFields:
        return CaseFields(
            title=self.title,
            description=self.description,
            type_id=self.type_id,
            contact_id=self.contact_id,
            creator_id=self.creator_id,
            auto_assign=self.auto_assign,
            owner_id=self.owner_id,
            priority=self.priority,
            origin=self.origin,
            due_date=self.due_date,
            contact_phone=self.contact_phone,
            be_id=self.be_id,
            attachments=tuple((a.name, a.size) for a in self.attachments),
            extra=self.extra,
        )

    def validate(self) -> list[CaseProblem]:
        return validate_case_fields(self.fields())

    def case_info(self) -> dict[str, Any]:
        """The ``caseInfo`` object: the standard fields, then the template's extra fields."""
        info: dict[str, Any] = {
            "title": self.title,
            "description": self.description,
            "type": self.type_id,
            # the field really is spelled isAtuoAssigned
            "isAtuoAssigned": self.auto_assign,
            "contactId": self.contact_id,
            "creatorId": self.creator_id,
        }
        optional = {
            "ownerId": self.owner_id,
            "priority": self.priority,
            "origin": self.origin,
            "dueDate": self.due_date,
            "contactPhone": self.contact_phone,
            "beId": self.be_id,
            # GUESS: create does not list it, but case/list returns extternalNo (sic) and template
            # fields may be added to caseInfo, so a client reference is stored there.
            "extternalNo": self.reference,
        }
        info.update({k: v for k, v in optional.items() if v})
        if self.attachments:
            info["attachment"] = encode_attachments(self.attachments)
        info.update(self.extra)
        return info


def encode_attachments(files: Sequence[Attachment]) -> str:
    """The ``attachment`` string.

    GUESS: the documents do not say how files are encoded in this string (real tenants probably
    upload them first and send IDs). We send a JSON array of ``{"name", "content"}`` with the
    content in base64, which the simulator reads back.
    """
    return json.dumps(
        [{"name": a.name, "content": base64.b64encode(a.data).decode("ascii")} for a in files],
        ensure_ascii=False,
    )


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One case as ``case/list`` returns it."""

    case_id: str
    case_no: str = ""
    title: str = ""
    type_id: str = ""
    type_name: str = ""
    state: str = ""
    priority: str = ""
    origin: str = ""
    creator_id: str = ""
    contact_id: str = ""
    contact_phone: str = ""
    created_date: str = ""
    due_date: str = ""
    external_no: str = ""


@dataclass(frozen=True, slots=True)
class CasePage:
    cases: tuple[CaseSummary, ...]
    count: int


class CaseInvalidError(InvalidRequestError):
    """The case breaks a documented limit; nothing was sent. ``problems`` says what to fix."""

    def __init__(self, problems: Sequence[CaseProblem]) -> None:
        first = problems[0] if problems else CaseProblem("", "The work order is not valid.")
        super().__init__(first.message, endpoint="case", field=first.field)
        self.problems = tuple(problems)


# ---- the client -----------------------------------------------------------------------------


class CaseClient:
    """Async client of the work-order interfaces for one API account (``client_id``).

    ``base_url`` is the tenant's domain (``https://host``); a URL that already ends with the
    openapi path is accepted too. ``client_secret`` is the secret or a (possibly async) function
    that returns it, so the keyring is read only when a token is fetched.
    """

    def __init__(
        self,
        http: AsyncClient,
        base_url: str,
        client_id: str,
        client_secret: SecretSource,
        *,
        creator_id: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self.domain = _domain(base_url)
        self.api_url = self.domain + API_PATH
        self.token_url = self.domain + TOKEN_PATH
        self.client_id = client_id
        self.creator_id = creator_id
        self._client_secret = client_secret
        self._clock = clock
        self._tokens = TokenCache(self._fetch_token, clock)
        self.token_fetches = 0

    def __repr__(self) -> str:
        return f"CaseClient(api={self.api_url!r}, client_id={self.client_id!r})"

    # ---- case types ------------------------------------------------------------------------

    async def case_type_page(
        self, start: int = 0, limit: int = PAGE_LIMIT, *, status: str = "Active", name: str = ""
    ) -> CaseTypePage:
        """One page of case types (``caseType/list``)."""
        body: dict[str, Any] = {"start": start, "limit": max(1, min(limit, PAGE_LIMIT))}
        if status:
            body["status"] = status
        if name:
            body["typeName"] = name
        data = await self._call("caseType/list", body)
        return parse_case_type_page(data, "caseType/list")

    async def case_types(self, *, status: str = "Active") -> list[CaseType]:
        """Every case type, following the pages."""
        found: list[CaseType] = []
        while True:
            page = await self.case_type_page(len(found), PAGE_LIMIT, status=status)
            found.extend(page.types)
            # A short page ends it too: a server that miscounts must not keep us paging for ever.
            if len(found) >= page.count or len(page.types) < PAGE_LIMIT:
                return found

    async def case_type_tree(self, *, status: str = "Active") -> list[CaseTypeNode]:
        return build_type_tree(await self.case_types(status=status))

    # ---- cases -----------------------------------------------------------------------------

    async def create_case(self, case: NewCase) -> str:
        """Create ``case`` and return its ``caseId``; raises :class:`CaseInvalidError` first if it
        breaks a documented limit, :class:`InvalidRequestError` if the server refuses it."""
        problems = case.validate()
        if problems:
            raise CaseInvalidError(problems)
        data = await self._call("case", {"caseInfo": case.case_info()})
        case_id = data.get("caseId")
        if not isinstance(case_id, str) or not case_id:
            raise ProtocolError(
                "The work-order service did not say which case it created.",
                endpoint="case",
                server_text=field_names(data),
            )
        return case_id

    async def case_page(
        self,
        start: int = 0,
        limit: int = 20,
        *,
        creator_id: str | None = None,
        external_no: str = "",
    ) -> CasePage:
        """One page of cases (``case/list``), newest first on the simulator.

        GUESS: case/list filters are not documented; ``creatorId`` and ``extternalNo`` are sent as
        filters, and :meth:`find_case` checks every returned case itself in case they are ignored.
        """
        body: dict[str, Any] = {"start": start, "limit": max(1, min(limit, PAGE_LIMIT))}
        creator = self.creator_id if creator_id is None else creator_id
        if creator:
            body["creatorId"] = creator
        if external_no:
            body["extternalNo"] = external_no
        data = await self._call("case/list", body)
        return parse_case_page(data, "case/list")

    async def recent_cases(self, limit: int = 20) -> list[CaseSummary]:
        """The agent's (``creator_id``'s) most recent cases."""
        return list((await self.case_page(0, limit)).cases)

    async def find_case(self, reference: str, *, pages: int = 3) -> CaseSummary | None:
        """The case created with ``reference`` (``extternalNo``), looked for among recent cases."""
        start = 0
        for _ in range(pages):
            page = await self.case_page(start, PAGE_LIMIT, external_no=reference)
            for case in page.cases:
                if case.external_no == reference:
                    return case
            start += len(page.cases)
            if not page.cases or start >= page.count:
                return None
        return None

    # ---- token -----------------------------------------------------------------------------

    async def _call(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST with the token; on a refused token fetch a new one and try once more."""
        return await self._tokens.call(lambda token: self._post(path, body, token))

    async def _fetch_token(self) -> Token:
        secret = await resolve_secret(
            self._client_secret,
            missing_message="The work-order client secret is not set. Add it in the settings.",
            endpoint=TOKEN_ENDPOINT,
        )
        form = urllib.parse.urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": secret,
            }
        ).encode("ascii")
        response = await send(
            self._http,
            "POST",
            self.token_url,
            endpoint=TOKEN_ENDPOINT,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            content=form,
        )
        self.token_fetches += 1
        if 400 <= response.status_code < 500:
            raise AuthError(
                "The work-order service refused the client ID or secret. "
                "Check them in the settings.",
                endpoint=TOKEN_ENDPOINT,
                code=f"HTTP {response.status_code}",
                server_text=_error_text(response),
            )
        if response.status_code >= 500:
            raise ServiceError(
                "The work-order sign-in service reported an error. Try again later.",
                endpoint=TOKEN_ENDPOINT,
                code=f"HTTP {response.status_code}",
                server_text=_error_text(response),
            )
        data = json_object(response, TOKEN_ENDPOINT)
        value = data.get("access_token")
        if not isinstance(value, str) or not value:
            raise ProtocolError(
                "The work-order service sent no access token.",
                endpoint=TOKEN_ENDPOINT,
                server_text=field_names(data),
            )
        lifetime = _seconds(data.get("expires_in"), DEFAULT_LIFETIME)
        margin = min(REFRESH_MARGIN, lifetime / 10)
        return Token(value, self._clock() + lifetime - margin)

    # ---- transport -------------------------------------------------------------------------

    async def _post(self, path: str, body: Mapping[str, Any], token: str) -> dict[str, Any]:
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        response = await send(
            self._http,
            "POST",
            f"{self.api_url}/{path}",
            endpoint=path,
            headers={"Content-Type": "application/json", "access-token": token},
            content=content,
        )
        if response.status_code in (401, 403):
            code, text = _error_code_text(response)
            raise case_error(
                code or f"HTTP {response.status_code}", text, path, response.status_code
            )
        if response.status_code >= 500:
            code, text = _error_code_text(response)
            raise case_error(
                code or f"HTTP {response.status_code}", text, path, response.status_code
            )
        data = json_object(response, path)
        return unwrap_envelope(data, path, response.status_code)


def _domain(base_url: str) -> str:
    url = base_url.strip().rstrip("/")
    parts = urlsplit(url)
    path = parts.path
    for suffix in (API_PATH, TOKEN_PATH):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return f"{parts.scheme}://{parts.netloc}{path}".rstrip("/")


# ---- parsing --------------------------------------------------------------------------------

_ENVELOPE_KEYS = frozenset({"resCode", "resMsg", "result"})


def unwrap_envelope(data: Mapping[str, Any], endpoint: str, status: int = 200) -> dict[str, Any]:
    """The payload of ``{resCode, resMsg, result}``, or the ServiceError the code stands for.

    Accepted variants: ``resCode`` as a string or a number; ``result`` as an object, as a list
    holding one object (case/list's documented shape) or absent (payload at the top level, or
    none at all); no envelope at all when the body is the payload itself.
    """
    raw_code = data.get("resCode")
    if raw_code is not None:
        if isinstance(raw_code, bool) or not isinstance(raw_code, str | int):
            raise _shape_error(endpoint, "resCode has the wrong type")
        code = str(raw_code).strip()
        if code not in ("0", ""):
            message = data.get("resMsg")
            text = message if isinstance(message, str) else ""
            raise case_error(code, text, endpoint, status, field=_blamed_field(text))
    elif status >= 400:
        raise case_error(f"HTTP {status}", "", endpoint, status)
    result = data.get("result")
    if isinstance(result, list):
        if not result:
            return {}
        first = result[0]
        if not isinstance(first, dict):
            raise _shape_error(endpoint, "result is a list of something other than objects")
        return first
    if isinstance(result, dict):
        return result
    if result is None:
        return {k: v for k, v in data.items() if k not in _ENVELOPE_KEYS}
    raise _shape_error(endpoint, "result has the wrong type")


def _blamed_field(text: str) -> str:
    # GUESS: the simulator (and, we hope, AppCube) starts a field refusal with "caseInfo.<field>".
    head = text.split(":", 1)[0].strip()
    if head.startswith("caseInfo."):
        return head.removeprefix("caseInfo.")
    return ""


def parse_case_type_page(data: Mapping[str, Any], endpoint: str) -> CaseTypePage:
    items = _list(data.get("caseTypes"), endpoint, "caseTypes")
    types = tuple(_parse_case_type(item, endpoint) for item in items)
    count = int(_number(data.get("count"), endpoint, default=float(len(types))))
    return CaseTypePage(types=types, count=count)


def _parse_case_type(raw: object, endpoint: str) -> CaseType:
    if not isinstance(raw, dict):
        raise _shape_error(endpoint, "a case type is not an object")
    type_id = as_str(raw.get("id"))
    if not type_id:
        raise _shape_error(endpoint, "a case type has no id")
    return CaseType(
        type_id=type_id,
        name=as_str(raw.get("typeName")) or type_id,
        parent_id=as_str(raw.get("parentId")),
        description=as_str(raw.get("description")),
        status=as_str(raw.get("status")),
        # Editions spell it templateId and tempalteId; accept both.
        template_id=as_str(raw.get("templateId")) or as_str(raw.get("tempalteId")),
        template_name=as_str(raw.get("templateName")),
    )


def build_type_tree(types: Sequence[CaseType]) -> list[CaseTypeNode]:
    """Case types as a forest by ``parentId``; a type whose parent is unknown becomes a root,
    and a parent cycle is broken rather than followed."""
    nodes = {t.type_id: CaseTypeNode(t) for t in types}
    roots: list[CaseTypeNode] = []
    for case_type in types:
        node = nodes[case_type.type_id]
        parent = nodes.get(case_type.parent_id)
        if parent is None or parent is node or _is_descendant(parent, node):
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def _is_descendant(candidate: CaseTypeNode, ancestor: CaseTypeNode) -> bool:
    stack = list(ancestor.children)
    while stack:
        current = stack.pop()
        if current is candidate:
            return True
        stack.extend(current.children)
    return False


def parse_case_page(data: Mapping[str, Any], endpoint: str) -> CasePage:
    items = _list(data.get("caseList"), endpoint, "caseList")
    cases = tuple(_parse_case(item, endpoint) for item in items)
    count = int(_number(data.get("count"), endpoint, default=float(len(cases))))
    return CasePage(cases=cases, count=count)


def _parse_case(raw: object, endpoint: str) -> CaseSummary:
    if not isinstance(raw, dict):
        raise _shape_error(endpoint, "a case is not an object")
    case_id = as_str(raw.get("id")) or as_str(raw.get("caseId"))
    if not case_id:
        raise _shape_error(endpoint, "a case has no id")
    return CaseSummary(
        case_id=case_id,
        case_no=as_str(raw.get("caseNo")),
        title=as_str(raw.get("title")),
        type_id=as_str(raw.get("type")),
        type_name=as_str(raw.get("typeName")),
        state=as_str(raw.get("state")),
        priority=as_str(raw.get("priority")),
        origin=as_str(raw.get("origin")),
        creator_id=as_str(raw.get("creatorId")),
        contact_id=as_str(raw.get("contactId")),
        contact_phone=as_str(raw.get("contactPhone")),
        created_date=as_str(raw.get("createdDate")),
        due_date=as_str(raw.get("dueDate")),
        # Spelled extternalNo in the documents; accept the plain spelling too.
        external_no=as_str(raw.get("extternalNo")) or as_str(raw.get("externalNo")),
    )


def _list(value: object, endpoint: str, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _shape_error(endpoint, f"{name} is not a list")
    return value


def _number(value: object, endpoint: str, default: float) -> float:
    try:
        result = wire_number(value)
    except ValueError as exc:
        raise _shape_error(endpoint, str(exc)) from None
    return default if result is None else result


def _seconds(raw: object, default: float) -> float:
    # expires_in may arrive as a number or a string; anything else uses the default.
    if isinstance(raw, bool):
        return default
    try:
        value = float(raw) if isinstance(raw, int | float | str) else default
    except ValueError:
        return default
    return value if math.isfinite(value) and value > 0 else default


def _shape_error(endpoint: str, detail: str) -> ProtocolError:
    return ProtocolError(
        "The work-order service sent an answer of an unexpected shape.",
        endpoint=endpoint,
        server_text=detail,
    )


def _error_code_text(response: Response) -> tuple[str, str]:
    """``resCode`` and ``resMsg`` of an error body, when it is JSON; else its first bytes."""
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return "", response.content[:200].decode("utf-8", "replace")
    if not isinstance(data, dict):
        return "", response.content[:200].decode("utf-8", "replace")
    code = data.get("resCode")
    text = data.get("resMsg") or data.get("error_description") or data.get("error")
    return (
        str(code) if isinstance(code, str | int) and not isinstance(code, bool) else "",
        text if isinstance(text, str) else "",
    )


def _error_text(response: Response) -> str:
    return _error_code_text(response)[1][:200]
