"""Client of the OIFDE FAQ interfaces, with their C3 token.

Huawei CEC: C3 authentication https://support.huaweicloud.com/api-ccfs-cec/cec_07_0004.html ,
FAQ query (and the FAQ pages after it) https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_2032.html

One :class:`FaqClient` per profile asks questions against one FAQ group or all enabled groups,
lists the groups and adds Q&A entries. It owns the tenant's C3 ``authToken``: fetched on first
use, refreshed shortly before ``expireTime`` runs out, and fetched again once when the server
refuses it. Every response becomes a typed model here; a bad one becomes a ``CecError``.
"""

from __future__ import annotations

import inspect
import json
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from agentbar.cec._http import AsyncClient, json_object, send
from agentbar.cec.errors import AuthError, ProtocolError, ServiceError, oifde_error
from agentbar.cec.models import as_str, field_names, wire_number
from agentbar.cec.tokens import Token, TokenCache

API_PATH = "/oifde/rest/api"

# Documented limits of FaqElementModel (FAQ pages from https://support.huaweicloud.com/api-ccfs-cec/cec_07_0870.html)
QUESTION_MAX = 8192
ANSWER_MAX = 8192
STATEMENT_MAX = 8192
SIM_STATEMENTS_MAX = 100
KEYWORDS_MAX = 20

LANGUAGES = ("en_US", "zh_CN", "es_ES", "ar", "th_TH", "pt_BR")

# The token is renewed this long before the server says it runs out, so a request sent just
# before expiry does not arrive just after it. Short-lived tokens get a tenth of their life.
REFRESH_MARGIN = 60.0

AppSecret = str | Callable[[], Awaitable[str]] | Callable[[], str]


@dataclass(frozen=True, slots=True)
class FaqMatch:
    """One Q&A entry the server matched to a sentence (the documents' ``FaqAnswer``)."""

    faq_id: int
    question: str
    answers: tuple[str, ...]
    group_id: int
    group_name: str
    # Huawei's own example shows 121.11, so this is a score ≥ 0, not always a 0..1 probability.
    prob: float

    @property
    def answer(self) -> str:
        """The main answer (the first of ``answers``), empty when the entry has none."""
        return self.answers[0] if self.answers else ""


@dataclass(frozen=True, slots=True)
class FaqResult:
    """The server's answer to one sentence: the best match, if any, and other candidates."""

    sentence: str
    best: FaqMatch | None
    similar: tuple[FaqMatch, ...] = ()

    @property
    def matched(self) -> bool:
        return self.best is not None


@dataclass(frozen=True, slots=True)
class FaqGroup:
    """One FAQ group (the documents' ``FaqModel``)."""

    group_id: int
    name: str
    description: str = ""
    language: str = ""
    enabled: bool = True
    amount: int = 0


@dataclass(frozen=True, slots=True)
class FaqGroupPage:
    groups: tuple[FaqGroup, ...]
    total: int


@dataclass(frozen=True, slots=True)
class NewFaq:
    """A Q&A entry to add with ``faq/create``."""

    group_id: int
    question: str
    answer: str
    similar_questions: tuple[str, ...] = ()
    similar_answers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


def validate_new_faq(faq: NewFaq) -> list[str]:
    """Person-facing problems with ``faq`` against the documented limits; empty when it is fine.

    The sentences are literals (not f-strings) so the UI can translate them (context "FaqLimits").
    """
    problems: list[str] = []
    if not faq.question.strip():
        problems.append("The question is empty.")
    elif len(faq.question) > QUESTION_MAX:
        problems.append("The question is longer than 8192 characters.")
    if not faq.answer.strip():
        problems.append("The answer is empty.")
    elif len(faq.answer) > ANSWER_MAX:
        problems.append("The answer is longer than 8192 characters.")
    if len(faq.similar_questions) > SIM_STATEMENTS_MAX:
        problems.append("There are more than 100 similar questions.")
    if len(faq.similar_answers) > SIM_STATEMENTS_MAX:
        problems.append("There are more than 100 similar answers.")
    if any(len(s) > STATEMENT_MAX for s in (*faq.similar_questions, *faq.similar_answers)):
        problems.append("A similar question or answer is longer than 8192 characters.")
    if any(not s.strip() for s in (*faq.similar_questions, *faq.similar_answers)):
        problems.append("A similar question or answer is empty.")
    if len(faq.keywords) > KEYWORDS_MAX:
        problems.append("There are more than 20 keywords.")
    if any("|" in k for k in faq.keywords):
        problems.append('A keyword must not contain "|".')
    if any(not k.strip() for k in faq.keywords):
        problems.append("A keyword is empty.")
    if faq.group_id < 0:
        problems.append("Choose a FAQ group.")
    return problems


class FaqClient:
    """Async client of the OIFDE FAQ interfaces for one tenant.

    ``base_url`` is the OIFDE address, with or without the ``/oifde/rest/api`` path.
    ``app_secret`` is the secret itself or a (possibly async) function returning it, so the
    keyring is read only when a token is actually needed.
    """

    def __init__(
        self,
        http: AsyncClient,
        base_url: str,
        tenant_id: str,
        app_secret: AppSecret,
        *,
        user: str = "agentbar",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._api = _api_base(base_url)
        self.tenant_id = tenant_id
        self.user = user
        self._app_secret = app_secret
        self._clock = clock
        self._tokens = TokenCache(self._fetch_token, clock)

    def __repr__(self) -> str:
        return f"FaqClient(api={self._api!r}, tenant_id={self.tenant_id!r})"

    @property
    def api_url(self) -> str:
        return self._api

    # ---- queries -------------------------------------------------------------------------

    async def query_group(self, sentence: str, group_id: int) -> FaqResult:
        """Ask ``sentence`` against one FAQ group (``faq/testOneGroup``)."""
        body: dict[str, Any] = {
            "tenantId": self.tenant_id,
            "faqGroupId": group_id,
            "user": self.user,
            "sentence": sentence,
        }
        data = await self._call("faq/testOneGroup", body)
        return parse_faq_result(sentence, data, "faq/testOneGroup")

    async def query_enabled_groups(self, sentence: str, language: str = "en_US") -> FaqResult:
        """Ask ``sentence`` against every enabled group of ``language`` (``testEnabledGroups``)."""
        body: dict[str, Any] = {
            "tenantId": self.tenant_id,
            "user": self.user,
            "sentence": sentence,
            "language": language,
        }
        data = await self._call("faq/testEnabledGroups", body)
        return parse_faq_result(sentence, data, "faq/testEnabledGroups")

    async def group_page(
        self, language: str, *, page: int = 1, page_size: int = 50, name: str = ""
    ) -> FaqGroupPage:
        """One page (1-based) of FAQ groups (``faqGroup/query``)."""
        body: dict[str, Any] = {
            "tenantId": self.tenant_id,
            "language": language,
            "pageNum": page,
            "pageSize": page_size,
        }
        if name:
            body["name"] = name
        data = await self._call("faqGroup/query", body)
        return parse_group_page(data, "faqGroup/query")

    async def groups(self, language: str, *, page_size: int = 50) -> list[FaqGroup]:
        """Every FAQ group of ``language``, following the pages."""
        found: list[FaqGroup] = []
        page = 1
        while True:
            chunk = await self.group_page(language, page=page, page_size=page_size)
            found.extend(chunk.groups)
            # Stop on a short or empty page too: a server that miscounts totalSize must not
            # keep us paging for ever.
            if len(found) >= chunk.total or len(chunk.groups) < page_size:
                return found
            page += 1

    async def create(self, faq: NewFaq) -> None:
        """Add a Q&A entry (``faq/create``); raises ``ValueError`` when it breaks a limit."""
        problems = validate_new_faq(faq)
        if problems:
            raise ValueError(" ".join(problems))
        model: dict[str, Any] = {
            "id": -1,
            "faqGroupId": faq.group_id,
            "question": faq.question,
            "simQuestions": [
                {"id": -1, "elementId": -1, "statement": s, "type": "Q"}
                for s in faq.similar_questions
            ],
            "answer": faq.answer,
            "simAnswers": [
                {"id": -1, "elementId": -1, "statement": s, "type": "A"}
                for s in faq.similar_answers
            ],
            "keywords": [{"w": k} for k in faq.keywords],
        }
        await self._call("faq/create", {"tenantId": self.tenant_id, "model": model})

    # ---- token ---------------------------------------------------------------------------

    async def _call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` with the token; on a refused token fetch a new one and try once more."""
        return await self._tokens.call(lambda token: self._post(path, {**body, "authToken": token}))

    async def _fetch_token(self) -> Token:
        endpoint = "gettoken"
        secret = await self._secret()
        data = await self._post(
            endpoint,
            {"appKey": self.tenant_id, "appSecret": secret},
            refusal=AuthError,
        )
        token = data.get("authToken")
        if not isinstance(token, str) or not token:
            raise ProtocolError(
                "The FAQ service sent no token.", endpoint=endpoint, server_text=field_names(data)
            )
        lifetime = _number(data.get("expireTime"), endpoint, default=3600.0)
        if lifetime <= 0:
            lifetime = 3600.0
        margin = min(REFRESH_MARGIN, lifetime / 10)
        return Token(token, self._clock() + lifetime - margin)

    async def _secret(self) -> str:
        source = self._app_secret
        if isinstance(source, str):
            return source
        value = source()
        if inspect.isawaitable(value):
            value = await value
        if not isinstance(value, str) or not value:
            raise AuthError(
                "The FAQ app secret is not set. Add it in the settings.", endpoint="gettoken"
            )
        return value

    # ---- transport -----------------------------------------------------------------------

    async def _post(
        self, path: str, body: Mapping[str, Any], *, refusal: type[ServiceError] | None = None
    ) -> dict[str, Any]:
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        response = await send(
            self._http,
            "POST",
            f"{self._api}/{path}",
            endpoint=path,
            headers={"Content-Type": "application/json;charset=UTF-8"},
            content=content,
        )
        if response.status_code in (401, 403):
            text = _error_text(response.content)
            raise AuthError(
                "The FAQ service refused the access token.",
                endpoint=path,
                code=f"HTTP {response.status_code}",
                server_text=text,
            )
        data = json_object(response, path)
        _raise_for_error_code(data, path, refusal)
        if response.status_code >= 400:
            raise ServiceError(
                "The FAQ service could not handle the request.",
                endpoint=path,
                code=f"HTTP {response.status_code}",
                server_text=_error_text(response.content),
            )
        return data


def _api_base(base_url: str) -> str:
    url = base_url.rstrip("/")
    if not urlsplit(url).path.endswith(API_PATH):
        url += API_PATH
    return url


def _raise_for_error_code(
    data: Mapping[str, Any], endpoint: str, refusal: type[ServiceError] | None
) -> None:
    """Raise when the optional ``errorCode`` wrapper says the call failed (0 and "0" succeed)."""
    if "errorCode" not in data or data["errorCode"] is None:
        return
    raw = data["errorCode"]
    code = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else None
    if code is None:
        raise ProtocolError(
            "The FAQ service sent a status of an unexpected type.",
            endpoint=endpoint,
            server_text=repr(raw)[:200],
        )
    if code in ("0", ""):
        return
    message = data.get("errorMsg")
    text = message if isinstance(message, str) else ""
    error = oifde_error(code, text, endpoint)
    if refusal is not None and not isinstance(error, refusal):
        error = refusal(
            "The FAQ service refused the tenant ID or app secret. Check them in the settings.",
            endpoint=endpoint,
            code=code,
            server_text=text,
        )
    raise error


def parse_faq_result(sentence: str, data: Mapping[str, Any], endpoint: str) -> FaqResult:
    """The body of ``testOneGroup``/``testEnabledGroups`` as a :class:`FaqResult`."""
    _raise_for_error_code(data, endpoint, None)
    best_raw = data.get("answer")
    best = None if best_raw in (None, {}, "") else _parse_match(best_raw, endpoint)
    similar_raw = data.get("similarFaqs")
    if similar_raw is None:
        similar_raw = []
    if not isinstance(similar_raw, list):
        raise _shape_error(endpoint, "similarFaqs is not a list")
    similar = tuple(_parse_match(item, endpoint) for item in similar_raw)
    if best is None and similar:
        # GUESS: a server that lists candidates but names no best one still ranked them.
        best, similar = similar[0], similar[1:]
    return FaqResult(sentence=sentence, best=best, similar=similar)


def _parse_match(raw: object, endpoint: str) -> FaqMatch:
    if not isinstance(raw, dict):
        raise _shape_error(endpoint, "a FAQ answer is not an object")
    answers_raw = raw.get("answers")
    if answers_raw is None:
        answers_raw = []
    if isinstance(answers_raw, str):
        answers_raw = [answers_raw]
    if not isinstance(answers_raw, list):
        raise _shape_error(endpoint, "answers is not a list")
    answers = tuple(a for a in answers_raw if isinstance(a, str))
    question = raw.get("question")
    return FaqMatch(
        faq_id=int(_number(raw.get("faqId"), endpoint, default=-1)),
        question=question if isinstance(question, str) else "",
        answers=answers,
        group_id=int(_number(raw.get("faqGroupId"), endpoint, default=-1)),
        group_name=as_str(raw.get("faqGroupName")),
        prob=max(0.0, _number(raw.get("prob"), endpoint, default=0.0)),
    )


def parse_group_page(data: Mapping[str, Any], endpoint: str) -> FaqGroupPage:
    """The body of ``faqGroup/query`` as a :class:`FaqGroupPage`."""
    _raise_for_error_code(data, endpoint, None)
    items = data.get("data")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise _shape_error(endpoint, "data is not a list")
    groups: list[FaqGroup] = []
    for item in items:
        if not isinstance(item, dict):
            raise _shape_error(endpoint, "a group is not an object")
        groups.append(
            FaqGroup(
                group_id=int(_number(item.get("id"), endpoint)),
                name=as_str(item.get("name")),
                description=as_str(item.get("description")),
                language=as_str(item.get("language")),
                enabled=_flag(item.get("on"), default=True),
                amount=int(_number(item.get("amount"), endpoint, default=0)),
            )
        )
    total = int(_number(data.get("totalSize"), endpoint, default=float(len(groups))))
    return FaqGroupPage(groups=tuple(groups), total=total)


_MISSING = float("nan")


def _number(value: object, endpoint: str, default: float = _MISSING) -> float:
    """A JSON number that may arrive as a string; absent uses ``default`` (NaN: required)."""
    try:
        result = wire_number(value)
    except ValueError as exc:
        raise _shape_error(endpoint, str(exc)) from None
    if result is None:
        if math.isnan(default):
            raise _shape_error(endpoint, "a required number is missing")
        return default
    return result


def _flag(value: object, *, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "on", "yes")
    if isinstance(value, int):
        return value != 0
    return default


def _shape_error(endpoint: str, detail: str) -> ProtocolError:
    return ProtocolError(
        "The FAQ service sent an answer of an unexpected shape.",
        endpoint=endpoint,
        server_text=detail,
    )


def _error_text(body: bytes) -> str:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body[:200].decode("utf-8", "replace")
    if isinstance(data, dict):
        message = data.get("errorMsg")
        if isinstance(message, str):
            return message[:200]
    return body[:200].decode("utf-8", "replace")


__all__ = [
    "AppSecret",
    "FaqClient",
    "FaqGroup",
    "FaqGroupPage",
    "FaqMatch",
    "FaqResult",
    "NewFaq",
    "parse_faq_result",
    "parse_group_page",
    "validate_new_faq",
]
