"""The simulated OIFDE FAQ service: C3 ``gettoken``, FAQ queries, groups and Q&A entries.

Serves ``/oifde/rest/api/...`` as Huawei's C3 and FAQ pages describe, over the bilingual data
set in ``sim/data/faq.json``: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0004.html and
https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_2032.html (and the FAQ pages after it).
Tokens expire after ``expireTime`` (3600 s, or ``SimSettings.extra["faq_token_ttl"]``). Test and
trainer controls live under ``/sim/faq/``.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from aiohttp import web

from agentbar.sim.faq_match import MATCH_THRESHOLD, SIMILAR_LIMIT, SIMILAR_THRESHOLD, FaqMatcher
from agentbar.sim.server import SETTINGS_KEY

API = "/oifde/rest/api"

DEMO_TENANT = "00030010"
DEMO_APP_SECRET = "demo-oifde-secret"
DEFAULT_TOKEN_TTL = 3600
LANGUAGES = frozenset({"en_US", "zh_CN", "es_ES", "ar", "th_TH", "pt_BR"})

# GUESS: OIFDE's error codes are not documented beyond 0 = success. These are the simulator's own;
# gettoken answers with a number (as its page shows), the other interfaces with a string.
BAD_CREDENTIALS = 10001
BAD_PARAMETER = "10002"
NO_SUCH_GROUP = "10003"
WRONG_TENANT = "10004"
BAD_TOKEN = "10401"

# Documented limits of FaqElementModel (FAQ pages from https://support.huaweicloud.com/api-ccfs-cec/cec_07_0870.html)
TEXT_MAX = 8192
STATEMENTS_MAX = 100
KEYWORDS_MAX = 20


@dataclass(slots=True)
class Group:
    group_id: int
    name: str
    description: str
    language: str
    on: bool
    update_time: str


@dataclass(slots=True)
class Entry:
    faq_id: int
    group_id: int
    question: str
    answer: str
    sim_questions: list[str] = field(default_factory=list)
    sim_answers: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


@dataclass
class FaqState:
    """The tenant's FAQ knowledge and the tokens handed out, held by the application."""

    ttl: float = DEFAULT_TOKEN_TTL
    tenants: dict[str, str] = field(default_factory=lambda: {DEMO_TENANT: DEMO_APP_SECRET})
    groups: dict[int, Group] = field(default_factory=dict)
    entries: dict[int, Entry] = field(default_factory=dict)
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    matcher: FaqMatcher = field(default_factory=FaqMatcher)
    next_id: int = 1
    tokens_issued: int = 0
    tokens_refused: int = 0
    queries: int = 0
    # Slow answers for tests and trainers: [seconds, answers left, text the sentence contains].
    delays: list[list[Any]] = field(default_factory=list)

    def delay_for(self, sentence: str) -> float:
        for rule in self.delays:
            if rule[1] > 0 and rule[2] in sentence:
                rule[1] -= 1
                return float(rule[0])
        return 0.0

    def add_entry(self, entry: Entry) -> None:
        self.entries[entry.faq_id] = entry
        self.matcher.add(entry.faq_id, [entry.question, *entry.sim_questions, *entry.keywords])
        self.next_id = max(self.next_id, entry.faq_id + 1)

    def issue_token(self, tenant: str) -> str:
        token = secrets.token_hex(16)
        self.tokens[token] = (tenant, time.monotonic() + self.ttl)
        self.tokens_issued += 1
        return token

    def tenant_of(self, token: object) -> str | None:
        if not isinstance(token, str):
            return None
        held = self.tokens.get(token)
        if held is None:
            return None
        tenant, expires = held
        if time.monotonic() >= expires:
            del self.tokens[token]
            return None
        return tenant


FAQ_KEY = web.AppKey("faq", FaqState)


def load_state(ttl: float = DEFAULT_TOKEN_TTL) -> FaqState:
    """A fresh state with the shipped data set."""
    state = FaqState(ttl=ttl)
    raw = json.loads(resources.files("agentbar.sim").joinpath("data/faq.json").read_text("utf-8"))
    for g in raw["groups"]:
        group = Group(g["id"], g["name"], g["description"], g["language"], g["on"], g["updateTime"])
        state.groups[group.group_id] = group
    for e in raw["faqs"]:
        state.add_entry(
            Entry(
                faq_id=e["id"],
                group_id=e["faqGroupId"],
                question=e["question"],
                answer=e["answer"],
                sim_questions=list(e.get("simQuestions", [])),
                keywords=list(e.get("keywords", [])),
            )
        )
    return state


# ---- helpers ---------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, code: str | int, message: str, status: int = 200) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _refusal(exc: _Refused) -> web.Response:
    return web.json_response(
        {"errorCode": exc.code, "errorMsg": exc.message}, status=exc.status, dumps=_dumps
    )


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def _ok(data: dict[str, Any]) -> web.Response:
    return web.json_response(data, dumps=_dumps)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json(loads=json.loads)
    except (ValueError, UnicodeDecodeError):
        raise _Refused(BAD_PARAMETER, "The request body is not valid JSON.", 400) from None
    if not isinstance(data, dict):
        raise _Refused(BAD_PARAMETER, "The request body must be a JSON object.", 400)
    return data


def _authorise(state: FaqState, body: dict[str, Any]) -> str:
    """The tenant the body's authToken belongs to; the body's tenantId must be that tenant."""
    tenant = state.tenant_of(body.get("authToken"))
    if tenant is None:
        state.tokens_refused += 1
        raise _Refused(BAD_TOKEN, "authToken is invalid or has expired.", 401)
    claimed = body.get("tenantId")
    if claimed is not None and str(claimed) != tenant:
        raise _Refused(WRONG_TENANT, "tenantId does not match the signed-in tenant.")
    return tenant


def _int(body: dict[str, Any], name: str, default: int | None = None) -> int:
    value = body.get(name, default)
    if isinstance(value, bool):
        value = None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if not isinstance(value, int):
        raise _Refused(BAD_PARAMETER, f"{name} is missing or not an integer.")
    return value


def _str(body: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Refused(BAD_PARAMETER, f"{name} is missing or empty.")
    return value


def _answer_json(state: FaqState, faq_id: int, prob: float) -> dict[str, Any]:
    entry = state.entries[faq_id]
    group = state.groups.get(entry.group_id)
    return {
        "faqGroupId": entry.group_id,
        "faqGroupName": group.name if group else "",
        "faqId": entry.faq_id,
        "question": entry.question,
        "answers": [entry.answer, *entry.sim_answers],
        "prob": prob,
    }


def _match(state: FaqState, sentence: str, group_ids: set[int]) -> dict[str, Any]:
    state.queries += 1
    keys = {e.faq_id for e in state.entries.values() if e.group_id in group_ids}
    hits = state.matcher.rank(sentence, keys)
    # GUESS: with nothing above the threshold the answer is absent and similarFaqs empty.
    if not hits or hits[0].prob < MATCH_THRESHOLD:
        return {"similarFaqs": []}
    similar = [h for h in hits[1:] if h.prob >= SIMILAR_THRESHOLD][:SIMILAR_LIMIT]
    return {
        "answer": _answer_json(state, hits[0].key, hits[0].prob),
        "similarFaqs": [_answer_json(state, h.key, h.prob) for h in similar],
    }


Interface = Callable[[FaqState, dict[str, Any]], Awaitable[web.Response]]


def _handler(fn: Interface) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        state = request.app[FAQ_KEY]
        try:
            body = await _body(request)
            return await fn(state, body)
        except _Refused as exc:
            return _refusal(exc)

    return handle


# ---- interfaces ------------------------------------------------------------------------------


async def _gettoken(state: FaqState, body: dict[str, Any]) -> web.Response:
    app_key = body.get("appKey")
    app_secret = body.get("appSecret")
    if not isinstance(app_key, str) or not isinstance(app_secret, str):
        raise _Refused(BAD_CREDENTIALS, "appKey and appSecret are required.")
    expected = state.tenants.get(app_key)
    if expected is None or not secrets.compare_digest(expected, app_secret):
        raise _Refused(BAD_CREDENTIALS, "appKey or appSecret is incorrect.")
    token = state.issue_token(app_key)
    return _ok(
        {"errorCode": 0, "errorMsg": "", "authToken": token, "expireTime": _seconds(state.ttl)}
    )


async def _maybe_delay(state: FaqState, sentence: str) -> None:
    seconds = state.delay_for(sentence)
    if seconds > 0:
        await asyncio.sleep(seconds)


def _seconds(ttl: float) -> int | float:
    return int(ttl) if ttl == int(ttl) else ttl


async def _test_one_group(state: FaqState, body: dict[str, Any]) -> web.Response:
    _authorise(state, body)
    group_id = _int(body, "faqGroupId")
    _str(body, "user")
    sentence = _str(body, "sentence")
    await _maybe_delay(state, sentence)
    if group_id not in state.groups:
        raise _Refused(NO_SUCH_GROUP, f"FAQ group {group_id} does not exist.")
    return _ok(_match(state, sentence, {group_id}))


async def _test_enabled_groups(state: FaqState, body: dict[str, Any]) -> web.Response:
    _authorise(state, body)
    _str(body, "user")
    sentence = _str(body, "sentence")
    language = _str(body, "language")
    await _maybe_delay(state, sentence)
    if language not in LANGUAGES:
        raise _Refused(BAD_PARAMETER, f"language {language[:20]!r} is not supported.")
    enabled = {g.group_id for g in state.groups.values() if g.on and g.language == language}
    return _ok(_match(state, sentence, enabled))


async def _group_query(state: FaqState, body: dict[str, Any]) -> web.Response:
    _authorise(state, body)
    language = _str(body, "language", required=False)
    name = _str(body, "name", required=False).strip().lower()
    page = _int(body, "pageNum", 1)
    size = _int(body, "pageSize", 20)
    if page < 1 or not 1 <= size <= 100:
        raise _Refused(BAD_PARAMETER, "pageNum must be ≥ 1 and pageSize 1–100.")
    chosen = [
        g
        for g in sorted(state.groups.values(), key=lambda g: g.group_id)
        if (not language or g.language == language) and name in g.name.lower()
    ]
    amounts: dict[int, int] = {}
    for entry in state.entries.values():
        amounts[entry.group_id] = amounts.get(entry.group_id, 0) + 1
    data = [
        {
            "id": g.group_id,
            "tenantId": DEMO_TENANT,
            "name": g.name,
            "description": g.description,
            "language": g.language,
            "updateTime": g.update_time,
            "on": g.on,
            "amount": amounts.get(g.group_id, 0),
        }
        for g in chosen[(page - 1) * size : page * size]
    ]
    return _ok({"data": data, "totalSize": len(chosen)})


def _statements(model: dict[str, Any], name: str, kind: str) -> list[str]:
    raw = model.get(name) or []
    if not isinstance(raw, list) or len(raw) > STATEMENTS_MAX:
        raise _Refused(BAD_PARAMETER, f"{name} must be a list of at most {STATEMENTS_MAX} items.")
    found: list[str] = []
    for item in raw:
        statement = item.get("statement") if isinstance(item, dict) else None
        if not isinstance(statement, str) or not statement.strip() or len(statement) > TEXT_MAX:
            raise _Refused(BAD_PARAMETER, f"Each {name} statement must be 1–{TEXT_MAX} characters.")
        if item.get("type", kind) != kind:
            raise _Refused(BAD_PARAMETER, f"{name} items must have type {kind!r}.")
        found.append(statement)
    return found


async def _faq_create(state: FaqState, body: dict[str, Any]) -> web.Response:
    _authorise(state, body)
    model = body.get("model")
    if not isinstance(model, dict):
        raise _Refused(BAD_PARAMETER, "model is missing.")
    group_id = _int(model, "faqGroupId")
    if group_id not in state.groups:
        raise _Refused(NO_SUCH_GROUP, f"FAQ group {group_id} does not exist.")
    question = _str(model, "question")
    answer = _str(model, "answer")
    if len(question) > TEXT_MAX or len(answer) > TEXT_MAX:
        raise _Refused(BAD_PARAMETER, f"question and answer must be at most {TEXT_MAX} characters.")
    keywords_raw = model.get("keywords") or []
    if not isinstance(keywords_raw, list) or len(keywords_raw) > KEYWORDS_MAX:
        raise _Refused(BAD_PARAMETER, f"keywords must be a list of at most {KEYWORDS_MAX} items.")
    keywords: list[str] = []
    for item in keywords_raw:
        word = item.get("w") if isinstance(item, dict) else None
        if not isinstance(word, str) or not word.strip() or "|" in word:
            raise _Refused(BAD_PARAMETER, 'Each keyword needs a text "w" without "|".')
        keywords.append(word)
    entry = Entry(
        faq_id=state.next_id,
        group_id=group_id,
        question=question,
        answer=answer,
        sim_questions=_statements(model, "simQuestions", "Q"),
        sim_answers=_statements(model, "simAnswers", "A"),
        keywords=keywords,
    )
    state.add_entry(entry)
    return _ok({"errorCode": "0", "errorMsg": ""})


async def _faq_query(state: FaqState, body: dict[str, Any]) -> web.Response:
    _authorise(state, body)
    group_id = _int(body, "faqGroupId")
    name = _str(body, "name", required=False).strip().lower()
    page = _int(body, "pageNum", 1)
    size = _int(body, "pageSize", 20)
    if page < 1 or not 1 <= size <= 100:
        raise _Refused(BAD_PARAMETER, "pageNum must be ≥ 1 and pageSize 1–100.")
    chosen = [
        e
        for e in sorted(state.entries.values(), key=lambda e: e.faq_id)
        if e.group_id == group_id and name in e.question.lower()
    ]
    data = [
        {
            "id": e.faq_id,
            "faqGroupId": e.group_id,
            "question": e.question,
            "simQuestions": [
                {"id": -1, "elementId": e.faq_id, "statement": s, "type": "Q"}
                for s in e.sim_questions
            ],
            "answer": e.answer,
            "simAnswers": [
                {"id": -1, "elementId": e.faq_id, "statement": s, "type": "A"}
                for s in e.sim_answers
            ],
            "keywords": [{"w": k} for k in e.keywords],
        }
        for e in chosen[(page - 1) * size : page * size]
    ]
    return _ok({"data": data, "totalSize": len(chosen)})


# ---- controls (tests, trainers) --------------------------------------------------------------


async def _control(request: web.Request) -> web.Response:
    """``POST /sim/faq/{action}``: ``token-ttl`` {"seconds"}, ``expire-tokens``, ``stats``,
    ``delay`` {"seconds", "count" (default 1), "sentence" (a part of it; default any)}."""
    state = request.app[FAQ_KEY]
    action = request.match_info["action"]
    if action == "token-ttl":
        body = await request.json()
        state.ttl = float(body["seconds"])
    elif action == "expire-tokens":
        state.tokens.clear()
    elif action == "delay":
        body = await request.json()
        state.delays.append(
            [float(body["seconds"]), int(body.get("count", 1)), str(body.get("sentence", ""))]
        )
    elif action != "stats":
        raise web.HTTPNotFound()
    return web.json_response(
        {
            "ttl": state.ttl,
            "tokens_issued": state.tokens_issued,
            "tokens_live": len(state.tokens),
            "tokens_refused": state.tokens_refused,
            "queries": state.queries,
            "entries": len(state.entries),
        }
    )


def setup(app: web.Application) -> None:
    """Add the OIFDE FAQ routes and their state to the simulator."""
    settings = app[SETTINGS_KEY]
    ttl = settings.extra.get("faq_token_ttl", DEFAULT_TOKEN_TTL)
    app[FAQ_KEY] = load_state(float(ttl) if isinstance(ttl, int | float | str) else 3600.0)
    app.router.add_post(f"{API}/gettoken", _handler(_gettoken))
    app.router.add_post(f"{API}/faq/testOneGroup", _handler(_test_one_group))
    app.router.add_post(f"{API}/faq/testEnabledGroups", _handler(_test_enabled_groups))
    app.router.add_post(f"{API}/faqGroup/query", _handler(_group_query))
    app.router.add_post(f"{API}/faq/create", _handler(_faq_create))
    app.router.add_post(f"{API}/faq/query", _handler(_faq_query))
    app.router.add_post("/sim/faq/{action}", _control)
