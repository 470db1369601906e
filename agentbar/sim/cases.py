"""The simulated Case 2.0 work-order service: OAuth access-token, case types, create and list.

Serves ``/baas/auth/v1.0/oauth2/token`` and ``/service/AICC__Case/1.0.0/openapi/...`` as
Huawei's access-token and create-case pages describe, with the ``{resCode, resMsg, result}``
envelope: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0260.html and
https://support.huaweicloud.com/api-ccfs-cec/cec_07_0266.html . The demo API
account is ``demo-client`` / ``demo-client-secret``; tokens live ``expires_in`` seconds (3600, or
``SimSettings.extra["cases_token_ttl"]``). Case types come from ``sim/data/case_types.json``.
Test and trainer controls live under ``/sim/cases/`` (stats, every stored case, expiring tokens,
envelope variants); a lost answer is the fault middleware's ``drop`` with ``when: after``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import string
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import PurePath
from typing import Any

from aiohttp import web

from agentbar.sim.server import SETTINGS_KEY

TOKEN_PATH = "/baas/auth/v1.0/oauth2/token"
API = "/service/AICC__Case/1.0.0/openapi"

DEMO_CLIENT_ID = "demo-client"
DEMO_CLIENT_SECRET = "demo-client-secret"
DEFAULT_TOKEN_TTL = 3600

# GUESS: error resCodes are not documented. The simulator's own: HTTP status as
# the code, and a field refusal's resMsg starts with "caseInfo.<field>:".
BAD_PARAMETER = "400"
BAD_TOKEN = "401"
NOT_FOUND = "404"
OK_MESSAGE = "成功"

# Documented caseInfo limits; the page's length column is in bytes:
# https://support.huaweicloud.com/api-ccfs-cec/cec_07_0266.html
TITLE_MAX = 128
DESCRIPTION_MAX = 20000
ID_MAX = 20
PRIORITIES = frozenset({"Low", "Medium", "High", "Critical"})
ORIGINS = frozenset({"Voice", "Whatapp", "webchat", "Email"})
ATTACHMENTS_MAX = 5
ATTACHMENT_BYTES_MAX = 5 * 1024 * 1024  # GUESS: "5M" read as MiB
ATTACHMENT_TYPES = frozenset({"jpg", "png", "pdf", "jpeg", "gif", "doc", "docx"})
_DUE_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_ID_ALPHABET = string.ascii_letters + string.digits

# Envelope variants a test or trainer can switch to (all seen or allowed by the documents).
ENVELOPES = frozenset({"standard", "numeric_code", "bare", "list_result"})


@dataclass
class CaseState:
    """The tenant's case types, the cases created and the tokens handed out."""

    ttl: float = DEFAULT_TOKEN_TTL
    clients: dict[str, str] = field(default_factory=lambda: {DEMO_CLIENT_ID: DEMO_CLIENT_SECRET})
    tokens: dict[str, float] = field(default_factory=dict)
    types: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    next_seq: int = 1
    tokens_issued: int = 0
    create_requests: int = 0
    envelope: str = "standard"

    def issue_token(self) -> str:
        token = secrets.token_urlsafe(32)
        self.tokens[token] = time.monotonic() + self.ttl
        self.tokens_issued += 1
        return token

    def token_valid(self, token: str) -> bool:
        expires = self.tokens.get(token)
        if expires is None:
            return False
        if time.monotonic() >= expires:
            del self.tokens[token]
            return False
        return True

    def type_by_id(self, type_id: str) -> dict[str, Any] | None:
        return next((t for t in self.types if t["id"] == type_id), None)


CASES_KEY = web.AppKey("cases", CaseState)


def load_state(ttl: float = DEFAULT_TOKEN_TTL) -> CaseState:
    raw = resources.files("agentbar.sim").joinpath("data/case_types.json").read_text("utf-8")
    return CaseState(ttl=ttl, types=list(json.loads(raw)["caseTypes"]))


# ---- helpers ---------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _invalid(name: str, why: str) -> _Refused:
    return _Refused(BAD_PARAMETER, f"caseInfo.{name}: {why}", 400)


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def _envelope(state: CaseState, result: Any, *, list_result: bool = False) -> web.Response:
    style = state.envelope
    if style == "bare":
        body: Any = result if isinstance(result, dict) else {"result": result}
    else:
        code: str | int = 0 if style == "numeric_code" else "0"
        if style == "list_result" and isinstance(result, dict) and not list_result:
            result = [result]
        body = {"resCode": code, "resMsg": OK_MESSAGE, "result": result}
    return web.json_response(body, dumps=_dumps)


def _refusal(exc: _Refused) -> web.Response:
    return web.json_response(
        {"resCode": exc.code, "resMsg": exc.message, "result": None},
        status=exc.status,
        dumps=_dumps,
    )


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json(loads=json.loads)
    except (ValueError, UnicodeDecodeError):
        raise _Refused(BAD_PARAMETER, "The request body is not valid JSON.", 400) from None
    if not isinstance(data, dict):
        raise _Refused(BAD_PARAMETER, "The request body must be a JSON object.", 400)
    return data


def _authorise(state: CaseState, request: web.Request) -> None:
    token = request.headers.get("access-token", "")
    if not token:
        raise _Refused(BAD_TOKEN, "access-token is missing.", 401)
    if not state.token_valid(token):
        raise _Refused(BAD_TOKEN, "access-token is invalid or has expired.", 401)


def _paging(body: dict[str, Any]) -> tuple[int, int]:
    start, limit = body.get("start"), body.get("limit")
    if isinstance(start, str) and start.isdigit():
        start = int(start)
    if isinstance(limit, str) and limit.isdigit():
        limit = int(limit)
    if isinstance(start, bool) or not isinstance(start, int) or start < 0:
        raise _Refused(BAD_PARAMETER, "start is required and must be an integer ≥ 0.", 400)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
        raise _Refused(
            BAD_PARAMETER, "limit is required and must be an integer from 1 to 100.", 400
        )
    return start, limit


Handler = Callable[[web.Request, CaseState], Awaitable[web.StreamResponse]]


def _handler(fn: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        state = request.app[CASES_KEY]
        try:
            return await fn(request, state)
        except _Refused as exc:
            return _refusal(exc)

    return handle


# ---- token -----------------------------------------------------------------------------------


async def _token(request: web.Request) -> web.Response:
    state = request.app[CASES_KEY]
    form = await request.post()
    grant = form.get("grant_type")
    if grant != "client_credentials":
        # Answers follow OAuth 2.0 (RFC 6749 §5.2); the page documents only the success fields.
        return web.json_response(
            {"error": "unsupported_grant_type", "error_description": "Use client_credentials."},
            status=400,
        )
    client_id, secret = form.get("client_id"), form.get("client_secret")
    if not isinstance(client_id, str) or state.clients.get(client_id) != secret:
        return web.json_response(
            {"error": "invalid_client", "error_description": "Unknown client or wrong secret."},
            status=401,
        )
    token = state.issue_token()
    return web.json_response(
        {"access_token": token, "expires_in": int(state.ttl), "token_type": "Bearer"}
    )


# ---- case types ------------------------------------------------------------------------------


async def _case_type_list(request: web.Request, state: CaseState) -> web.StreamResponse:
    _authorise(state, request)
    body = await _json_body(request)
    start, limit = _paging(body)
    status = body.get("status")
    if status not in (None, "", "Active", "Inactive"):
        raise _Refused(BAD_PARAMETER, "status must be Active or Inactive.", 400)
    name = body.get("typeName")
    found = [
        t
        for t in state.types
        if (not status or t["status"] == status)
        and (not isinstance(name, str) or name.lower() in t["typeName"].lower())
    ]
    return _envelope(state, {"caseTypes": found[start : start + limit], "count": len(found)})


async def _case_type_one(request: web.Request, state: CaseState) -> web.StreamResponse:
    _authorise(state, request)
    case_type = state.type_by_id(request.match_info["type_id"])
    if case_type is None:
        raise _Refused(NOT_FOUND, "No case type has this id.", 404)
    return _envelope(state, {"caseTypeInfo": case_type})


# ---- cases -----------------------------------------------------------------------------------

# Taken from Huawei's create-case page, as cec/case_validation.py is: the simulator imports
# nothing from the client, so that a misreading on one side is caught by the other.
_STANDARD = (
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
)


def _string(info: dict[str, Any], name: str, *, required: bool, max_bytes: int | None) -> str:
    value = info.get(name)
    if value is None or value == "":
        if required:
            raise _invalid(name, "is required.")
        return ""
    if not isinstance(value, str):
        raise _invalid(name, "must be a string.")
    if required and not value.strip():
        raise _invalid(name, "is required.")
    if max_bytes is not None and len(value.encode("utf-8")) > max_bytes:
        raise _invalid(name, f"is longer than {max_bytes} bytes.")
    return value


def _check_attachments(raw: str) -> list[dict[str, Any]]:
    # The documents do not say how files travel in this string; the simulator reads a JSON array
    # of {"name", "content": base64} (the client's choice, equally a GUESS).
    try:
        files = json.loads(raw)
    except ValueError:
        raise _invalid("attachment", "is not a JSON list of files.") from None
    if not isinstance(files, list):
        raise _invalid("attachment", "is not a JSON list of files.")
    if len(files) > ATTACHMENTS_MAX:
        raise _invalid("attachment", "has more than 5 files.")
    stored: list[dict[str, Any]] = []
    for item in files:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise _invalid("attachment", "a file has no name.")
        name = item["name"]
        if PurePath(name).suffix.lower().lstrip(".") not in ATTACHMENT_TYPES:
            raise _invalid("attachment", f"{name} is not a jpg, png, pdf, jpeg, gif, doc or docx.")
        try:
            data = base64.b64decode(str(item.get("content", "")), validate=True)
        except (binascii.Error, ValueError):
            raise _invalid("attachment", f"{name} is not valid base64.") from None
        if len(data) > ATTACHMENT_BYTES_MAX:
            raise _invalid("attachment", f"{name} is larger than 5 MB.")
        stored.append({"name": name, "size": len(data)})
    return stored


def _validate(state: CaseState, info: dict[str, Any]) -> dict[str, Any]:
    """The stored form of ``caseInfo``, or the refusal of its first invalid field."""
    title = _string(info, "title", required=True, max_bytes=TITLE_MAX)
    description = _string(info, "description", required=True, max_bytes=DESCRIPTION_MAX)
    type_id = _string(info, "type", required=True, max_bytes=ID_MAX)
    case_type = state.type_by_id(type_id)
    if case_type is None:
        raise _invalid("type", "no case type has this id.")
    if case_type["status"] != "Active":
        raise _invalid("type", "the case type is inactive.")
    auto = info.get("isAtuoAssigned")
    if not isinstance(auto, bool):
        raise _invalid("isAtuoAssigned", "is required and must be true or false.")
    owner = _string(info, "ownerId", required=not auto, max_bytes=ID_MAX)
    priority = _string(info, "priority", required=False, max_bytes=None)
    if priority and priority not in PRIORITIES:
        raise _invalid("priority", "must be Low, Medium, High or Critical.")
    origin = _string(info, "origin", required=False, max_bytes=None)
    if origin and origin not in ORIGINS:
        raise _invalid("origin", "must be Voice, Whatapp, webchat or Email.")
    due = _string(info, "dueDate", required=False, max_bytes=None)
    if due:
        try:
            if not _DUE_RE.fullmatch(due):
                raise ValueError(due)
            datetime.strptime(due, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise _invalid("dueDate", "must be YYYY-MM-DD HH:mm:ss.") from None
    contact = _string(info, "contactId", required=True, max_bytes=ID_MAX)
    # The 2025 edition makes creatorId required; the simulator follows it.
    creator = _string(info, "creatorId", required=True, max_bytes=ID_MAX)
    phone = _string(info, "contactPhone", required=False, max_bytes=ID_MAX)
    be_id = _string(info, "beId", required=False, max_bytes=ID_MAX)
    raw_files = _string(info, "attachment", required=False, max_bytes=None)
    files = _check_attachments(raw_files) if raw_files else []
    extra = {k: v for k, v in info.items() if k not in _STANDARD}
    return {
        "title": title,
        "description": description,
        "type": type_id,
        "typeName": case_type["typeName"],
        "ownerId": owner,
        "isAtuoAssigned": auto,
        "priority": priority or "Medium",
        "origin": origin,
        "dueDate": due,
        "contactId": contact,
        "creatorId": creator,
        "contactPhone": phone,
        "beId": be_id,
        "attachments": files,
        **extra,
    }


async def _create(request: web.Request, state: CaseState) -> web.StreamResponse:
    _authorise(state, request)
    state.create_requests += 1
    body = await _json_body(request)
    info = body.get("caseInfo")
    if not isinstance(info, dict):
        raise _Refused(BAD_PARAMETER, "caseInfo is required and must be an object.", 400)
    stored = _validate(state, info)
    now = datetime.now()
    case_id = "c6m8" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(16))
    stored.update(
        {
            "id": case_id,
            "caseNo": f"{now:%Y%m%d}{state.next_seq:06d}",
            "state": "Processing" if stored["ownerId"] or stored["isAtuoAssigned"] else "New",
            "status": "y",
            "createdDate": f"{now:%Y-%m-%d %H:%M:%S}",
            "closedDate": "",
            "isSuspend": False,
            "isUpgraded": False,
            "isCanced": False,
            "extternalNo": stored.get("extternalNo", ""),
        }
    )
    state.next_seq += 1
    state.cases.append(stored)
    return _envelope(state, {"caseId": case_id})


_LIST_FIELDS = (
    "id",
    "caseNo",
    "title",
    "type",
    "typeName",
    "state",
    "status",
    "priority",
    "origin",
    "ownerId",
    "creatorId",
    "contactId",
    "contactPhone",
    "createdDate",
    "dueDate",
    "closedDate",
    "isSuspend",
    "isUpgraded",
    "isCanced",
    "extternalNo",
)
# GUESS: case/list filters are not documented; these exact-match filters are the simulator's.
_LIST_FILTERS = ("id", "caseNo", "creatorId", "contactId", "extternalNo", "state")


async def _list(request: web.Request, state: CaseState) -> web.StreamResponse:
    _authorise(state, request)
    body = await _json_body(request)
    start, limit = _paging(body)
    wanted = {k: body[k] for k in _LIST_FILTERS if isinstance(body.get(k), str) and body[k]}
    found = [c for c in reversed(state.cases) if all(c.get(k) == v for k, v in wanted.items())]
    page = [{k: c.get(k, "") for k in _LIST_FIELDS} for c in found[start : start + limit]]
    # The documented example wraps the page in a one-element list: result:[{caseList,count}].
    return _envelope(state, [{"caseList": page, "count": len(found)}], list_result=True)


# ---- control ---------------------------------------------------------------------------------


async def _control(request: web.Request) -> web.Response:
    state = request.app[CASES_KEY]
    action = request.match_info["action"]
    body: dict[str, Any] = {}
    if request.can_read_body:
        try:
            raw = await request.json()
        except ValueError:
            raw = {}
        body = raw if isinstance(raw, dict) else {}
    if action == "stats":
        return web.json_response(
            {
                "tokens_issued": state.tokens_issued,
                "create_requests": state.create_requests,
                "cases": len(state.cases),
            }
        )
    if action == "cases":
        return web.json_response({"cases": state.cases}, dumps=_dumps)
    if action == "expire_tokens":
        state.tokens.clear()
        return web.json_response({"ok": True})
    if action == "envelope":
        style = body.get("style", "standard")
        if style not in ENVELOPES:
            return web.json_response(
                {"error": f"style must be one of {sorted(ENVELOPES)}"}, status=400
            )
        state.envelope = str(style)
        return web.json_response({"ok": True})
    if action == "reset":
        state.cases.clear()
        state.tokens.clear()
        state.envelope = "standard"
        return web.json_response({"ok": True})
    return web.json_response({"error": f"unknown action {action}"}, status=404)


def setup(app: web.Application) -> None:
    """Add the work-order routes and their state to the simulator."""
    ttl = app[SETTINGS_KEY].extra.get("cases_token_ttl", DEFAULT_TOKEN_TTL)
    app[CASES_KEY] = load_state(float(ttl) if isinstance(ttl, int | float | str) else 3600.0)
    app.router.add_post(TOKEN_PATH, _token)
    app.router.add_post(f"{API}/caseType/list", _handler(_case_type_list))
    app.router.add_get(API + "/caseType/{type_id}", _handler(_case_type_one))
    app.router.add_post(f"{API}/case", _handler(_create))
    app.router.add_post(f"{API}/case/list", _handler(_list))
    app.router.add_post("/sim/cases/{action}", _control)
