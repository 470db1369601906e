"""The work-order client against the simulator over a real loopback socket."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx2
import pytest

from agentbar.cec import AsyncClient, Timeout, build_client
from agentbar.cec.cases import Attachment, CaseClient, CaseInvalidError, NewCase
from agentbar.cec.errors import AuthError, InvalidRequestError, ProtocolError, ServiceError
from tests.conftest import RunningSim

CLIENT_ID = "demo-client"
SECRET = "demo-client-secret"
COMPLAINT = "cvmC00000149NzxF1ePA"  # the documents' example case type ID, a root in the sim


def control(sim: RunningSim, action: str, **body: Any) -> Any:
    response = httpx2.post(f"{sim.url}/sim/cases/{action}", json=body, timeout=5)
    response.raise_for_status()
    return response.json()


def stored_cases(sim: RunningSim) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = control(sim, "cases")["cases"]
    return cases


def client(http: AsyncClient, sim: RunningSim, secret: Any = SECRET, **kw: Any) -> CaseClient:
    return CaseClient(http, sim.url, CLIENT_ID, secret, creator_id="10gg000000sLj1ytR70C", **kw)


def new_case(**changes: Any) -> NewCase:
    fields: dict[str, Any] = {
        "title": "Refund request",
        "description": "Customer asks for a refund of order 123",
        "type_id": COMPLAINT,
        "contact_id": "ciIy0000013y7cC8T2rA",
        "creator_id": "10gg000000sLj1ytR70C",
    }
    fields.update(changes)
    return NewCase(**fields)


async def test_case_with_every_field_is_stored_as_sent(http: AsyncClient, sim: RunningSim) -> None:
    case = new_case(
        auto_assign=False,
        owner_id="10gg000000sLj1ytR70C",
        priority="Critical",
        origin="Whatapp",
        due_date="2024-07-08 00:00:00",
        contact_phone="13800000000",
        be_id="be01",
        attachments=(Attachment("photo.png", b"\x89PNG..."), Attachment("bill.pdf", b"%PDF-1.4")),
        extra={"refundAmount": 12.5, "orderNo": "123", "urgent": True},
        reference="ref-0001",
    )
    case_id = await client(http, sim).create_case(case)

    [stored] = stored_cases(sim)
    assert stored["id"] == case_id
    assert stored["caseNo"]
    expected = {
        "title": "Refund request",
        "description": "Customer asks for a refund of order 123",
        "type": COMPLAINT,
        "isAtuoAssigned": False,
        "ownerId": "10gg000000sLj1ytR70C",
        "priority": "Critical",
        "origin": "Whatapp",
        "dueDate": "2024-07-08 00:00:00",
        "contactId": "ciIy0000013y7cC8T2rA",
        "creatorId": "10gg000000sLj1ytR70C",
        "contactPhone": "13800000000",
        "beId": "be01",
        "extternalNo": "ref-0001",
        "refundAmount": 12.5,
        "orderNo": "123",
        "urgent": True,
    }
    assert {k: stored[k] for k in expected} == expected
    assert stored["attachments"] == [
        {"name": "photo.png", "size": 7},
        {"name": "bill.pdf", "size": 8},
    ]


def test_case_info_uses_the_documented_spelling() -> None:
    info = new_case(reference="r1").case_info()
    assert info["isAtuoAssigned"] is True
    assert "isAutoAssigned" not in info
    assert info["extternalNo"] == "r1"
    assert "ownerId" not in info  # empty optional fields are left out


def test_attachments_travel_as_base64_json() -> None:
    info = new_case(attachments=(Attachment("a.jpg", b"\xff\xd8"),)).case_info()
    assert json.loads(info["attachment"]) == [
        {"name": "a.jpg", "content": base64.b64encode(b"\xff\xd8").decode()}
    ]


async def test_case_types_are_paged_and_form_a_tree(http: AsyncClient, sim: RunningSim) -> None:
    cases = client(http, sim)
    first = await cases.case_type_page(0, 5)
    assert len(first.types) == 5
    assert first.count > 5
    every = await cases.case_types()
    assert len(every) == first.count
    assert all(t.active for t in every)
    tree = await cases.case_type_tree()
    names = {node.case_type.name for node in tree}
    assert {"Complaint", "Fault report", "Service request"} <= names
    faults = next(n for n in tree if n.case_type.name == "Fault report")
    broadband = next(c for c in faults.children if c.case_type.name == "Broadband fault")
    assert {c.case_type.name for c in broadband.children} == {"No connection", "Slow speed"}


async def test_paging_follows_small_pages(http: AsyncClient, sim: RunningSim) -> None:
    cases = client(http, sim)
    seen: list[str] = []
    start = 0
    while True:
        page = await cases.case_type_page(start, 3)
        seen.extend(t.type_id for t in page.types)
        start += len(page.types)
        if start >= page.count:
            break
    assert len(seen) == len(set(seen)) == len(await cases.case_types())


async def test_inactive_types_are_listed_on_request(http: AsyncClient, sim: RunningSim) -> None:
    inactive = await client(http, sim).case_types(status="Inactive")
    assert [t.name for t in inactive] == ["Legacy fax request"]


async def test_recent_cases_are_the_creators_newest_first(
    http: AsyncClient, sim: RunningSim
) -> None:
    cases = client(http, sim)
    for n in range(3):
        await cases.create_case(new_case(title=f"case {n}", reference=f"r{n}"))
    await cases.create_case(new_case(title="someone else's", creator_id="other000000000000001"))
    recent = await cases.recent_cases()
    assert [c.title for c in recent] == ["case 2", "case 1", "case 0"]
    assert all(c.case_no and c.case_id for c in recent)
    assert recent[0].type_name == "Complaint"


async def test_find_case_by_reference(http: AsyncClient, sim: RunningSim) -> None:
    cases = client(http, sim)
    case_id = await cases.create_case(new_case(reference="find-me"))
    found = await cases.find_case("find-me")
    assert found is not None
    assert found.case_id == case_id
    assert await cases.find_case("not-there") is None


# ---- validation ---------------------------------------------------------------------------------

INVALID_CASES: list[tuple[dict[str, Any], str]] = [
    ({"title": ""}, "title"),
    ({"title": "x" * 129}, "title"),
    ({"title": "工" * 43}, "title"),  # 129 bytes in UTF-8
    ({"description": " "}, "description"),
    ({"description": "d" * 20_001}, "description"),
    ({"type_id": ""}, "type"),
    ({"type_id": "t" * 21}, "type"),
    ({"contact_id": ""}, "contactId"),
    ({"contact_id": "c" * 21}, "contactId"),
    ({"creator_id": ""}, "creatorId"),
    ({"auto_assign": False}, "ownerId"),
    ({"owner_id": "o" * 21}, "ownerId"),
    ({"priority": "Urgent"}, "priority"),
    ({"priority": "low"}, "priority"),
    ({"origin": "WhatsApp"}, "origin"),
    ({"due_date": "2024-07-08"}, "dueDate"),
    ({"due_date": "2024-02-30 10:00:00"}, "dueDate"),
    ({"contact_phone": "1" * 21}, "contactPhone"),
    ({"be_id": "b" * 21}, "beId"),
    ({"attachments": tuple(Attachment(f"{n}.png", b"x") for n in range(6))}, "attachment"),
    ({"attachments": (Attachment("big.pdf", b"x" * (5 * 1024 * 1024 + 1)),)}, "attachment"),
    ({"attachments": (Attachment("run.exe", b"MZ"),)}, "attachment"),
    ({"extra": {"title": "shadow"}}, "extra"),
]


@pytest.mark.parametrize(("changes", "field"), INVALID_CASES)
async def test_invalid_case_is_refused_before_sending(
    http: AsyncClient, sim: RunningSim, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(CaseInvalidError) as caught:
        await client(http, sim).create_case(new_case(**changes))
    assert field in {p.field for p in caught.value.problems}
    assert control(sim, "stats")["create_requests"] == 0


def test_limits_are_inclusive() -> None:
    case = new_case(
        title="x" * 128,
        description="工" * 6666,  # 19,998 bytes
        attachments=tuple(Attachment(f"{n}.JPG", b"x" * (5 * 1024 * 1024)) for n in range(5)),
        due_date="2024-02-29 23:59:59",
        priority="Low",
        origin="webchat",
    )
    assert case.validate() == []


SERVER_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"title": "x" * 129}, "title"),
    ({"description": ""}, "description"),
    ({"type": "cvmC0000014unknown01"}, "type"),
    ({"isAtuoAssigned": "yes"}, "isAtuoAssigned"),
    ({"isAtuoAssigned": False}, "ownerId"),
    ({"priority": "Urgent"}, "priority"),
    ({"origin": "Fax"}, "origin"),
    ({"dueDate": "08/07/2024"}, "dueDate"),
    ({"contactId": ""}, "contactId"),
    ({"creatorId": ""}, "creatorId"),
    ({"contactPhone": "1" * 21}, "contactPhone"),
    ({"attachment": json.dumps([{"name": "x.exe", "content": ""}])}, "attachment"),
]


@pytest.mark.parametrize(("changes", "field"), SERVER_REFUSALS)
async def test_server_refuses_each_invalid_field(
    http: AsyncClient, sim: RunningSim, changes: dict[str, Any], field: str
) -> None:
    # Bypass the client's own check to see the simulator's refusal and the client's reading of it.
    cases = client(http, sim)
    info = {**new_case().case_info(), **changes}
    with pytest.raises(InvalidRequestError) as caught:
        await cases._call("case", {"caseInfo": info})
    assert caught.value.field == field
    assert caught.value.code == "400"
    assert stored_cases(sim) == []


# ---- token --------------------------------------------------------------------------------------


async def test_token_is_fetched_once_and_reused(http: AsyncClient, sim: RunningSim) -> None:
    cases = client(http, sim)
    await cases.case_types()
    await cases.recent_cases()
    assert control(sim, "stats")["tokens_issued"] == 1


async def test_expired_token_is_renewed_and_the_call_repeated(
    http: AsyncClient, sim: RunningSim
) -> None:
    cases = client(http, sim)
    await cases.recent_cases()
    control(sim, "expire_tokens")
    await cases.create_case(new_case())
    assert control(sim, "stats")["tokens_issued"] == 2
    assert len(stored_cases(sim)) == 1


async def test_token_is_renewed_before_it_expires(http: AsyncClient, sim: RunningSim) -> None:
    now = [0.0]
    cases = client(http, sim, clock=lambda: now[0])
    await cases.recent_cases()
    now[0] = 3600 - 30  # inside the refresh margin
    await cases.recent_cases()
    assert cases.token_fetches == 2


async def test_wrong_secret_is_an_auth_error(http: AsyncClient, sim: RunningSim) -> None:
    with pytest.raises(AuthError) as caught:
        await client(http, sim, "not-the-Secret-42").recent_cases()
    assert "not-the-Secret-42" not in str(caught.value)
    assert "client ID or secret" in caught.value.message


async def test_missing_secret_is_an_auth_error(http: AsyncClient, sim: RunningSim) -> None:
    with pytest.raises(AuthError):
        await client(http, sim, lambda: None).recent_cases()


async def test_secret_provider_may_be_async(http: AsyncClient, sim: RunningSim) -> None:
    async def provider() -> str:
        return SECRET

    assert await client(http, sim, provider).recent_cases() == []


async def test_request_without_token_is_refused_by_the_server(sim: RunningSim) -> None:
    async with httpx2.AsyncClient() as raw:
        response = await raw.post(
            f"{sim.url}/service/AICC__Case/1.0.0/openapi/case/list", json={"start": 0, "limit": 1}
        )
    assert response.status_code == 401
    assert response.json()["resCode"] == "401"


def test_client_repr_hides_the_secret() -> None:
    cases = CaseClient(httpx2.AsyncClient(), "https://x", "id", "s3cret-value")
    assert "s3cret" not in repr(cases)


def test_base_url_may_include_the_api_path() -> None:
    cases = CaseClient(
        httpx2.AsyncClient(), "https://h:1/service/AICC__Case/1.0.0/openapi/", "id", "s"
    )
    assert cases.api_url == "https://h:1/service/AICC__Case/1.0.0/openapi"
    assert cases.token_url == "https://h:1/baas/auth/v1.0/oauth2/token"


# ---- envelopes and bad answers -----------------------------------------------------------------


@pytest.mark.parametrize("style", ["standard", "numeric_code", "bare", "list_result"])
async def test_every_envelope_variant_is_read(
    http: AsyncClient, sim: RunningSim, style: str
) -> None:
    control(sim, "envelope", style=style)
    cases = client(http, sim)
    case_id = await cases.create_case(new_case(reference="env"))
    assert (await cases.case_type_page(0, 2)).count > 2
    [found] = await cases.recent_cases()
    assert found.case_id == case_id


@pytest.mark.parametrize(
    ("kind", "error"),
    [("html", ProtocolError), ("malformed", ProtocolError), ("http5xx", ServiceError)],
)
async def test_bad_answers_become_cec_errors(
    http: AsyncClient, sim: RunningSim, kind: str, error: type[Exception]
) -> None:
    cases = client(http, sim)
    await cases.recent_cases()  # the token first, so the fault hits the list call
    sim.control.add_fault(kind=kind, path="/service/AICC__Case/", count=1)
    with pytest.raises(error) as caught:
        await cases.recent_cases()
    assert not isinstance(caught.value, InvalidRequestError)


async def test_timeout_is_a_transport_error(sim: RunningSim) -> None:
    from agentbar.cec.errors import TransportError

    async with build_client(timeout=Timeout(0.3)) as http:
        cases = client(http, sim)
        await cases.recent_cases()
        sim.control.add_fault(kind="delay", seconds=1.0, path="/service/AICC__Case/", count=1)
        with pytest.raises(TransportError):
            await cases.recent_cases()
