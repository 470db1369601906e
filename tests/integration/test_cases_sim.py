"""The simulated work-order service spoken to directly (raw HTTP, no agentbar.cec)."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from tests.conftest import RunningSim

API = "/service/AICC__Case/1.0.0/openapi"
TOKEN = "/baas/auth/v1.0/oauth2/token"
COMPLAINT = "cvmC00000149NzxF1ePA"


def token(sim: RunningSim, **form: str) -> httpx2.Response:
    body = {
        "grant_type": "client_credentials",
        "client_id": "demo-client",
        "client_secret": "demo-client-secret",
        **form,
    }
    return httpx2.post(f"{sim.url}{TOKEN}", data=body, timeout=5)


def call(sim: RunningSim, path: str, body: dict[str, Any], access: str) -> httpx2.Response:
    return httpx2.post(f"{sim.url}{API}/{path}", json=body, headers={"access-token": access})


def valid_info(**changes: Any) -> dict[str, Any]:
    info: dict[str, Any] = {
        "title": "Refund request",
        "description": "Customer asks for a refund of order 123",
        "type": COMPLAINT,
        "isAtuoAssigned": True,
        "priority": "Medium",
        "origin": "Voice",
        "dueDate": "2024-07-08 00:00:00",
        "contactId": "ciIy0000013y7cC8T2rA",
        "creatorId": "10gg000000sLj1ytR70C",
        "contactPhone": "13800000000",
    }
    info.update(changes)
    return info


def test_token_answer_has_the_documented_fields(sim: RunningSim) -> None:
    response = token(sim)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"access_token", "expires_in", "token_type"}
    assert data["expires_in"] == 3600


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"client_secret": "nope"}, 401, "invalid_client"),
        ({"client_id": "someone"}, 401, "invalid_client"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
    ],
)
def test_token_refusals(sim: RunningSim, form: dict[str, str], status: int, error: str) -> None:
    response = token(sim, **form)
    assert response.status_code == status
    assert response.json()["error"] == error


def test_documented_example_creates_a_case(sim: RunningSim) -> None:
    access = token(sim).json()["access_token"]
    response = call(sim, "case", {"caseInfo": valid_info()}, access)
    assert response.status_code == 200
    body = response.json()
    assert body["resCode"] == "0"
    case_id = body["result"]["caseId"]
    assert len(case_id) == 20
    listed = call(sim, "case/list", {"start": 0, "limit": 2}, access).json()
    [page] = listed["result"]
    assert page["count"] == 1
    assert page["caseList"][0]["id"] == case_id
    assert page["caseList"][0]["caseNo"]


def test_case_numbers_are_unique_and_increasing(sim: RunningSim) -> None:
    access = token(sim).json()["access_token"]
    for _ in range(3):
        call(sim, "case", {"caseInfo": valid_info()}, access)
    cases = call(sim, "case/list", {"start": 0, "limit": 10}, access).json()["result"][0]
    numbers = [c["caseNo"] for c in cases["caseList"]]
    assert numbers == sorted(numbers, reverse=True)
    assert len(set(numbers)) == 3


def test_expired_and_missing_tokens_are_refused(sim: RunningSim) -> None:
    access = token(sim).json()["access_token"]
    httpx2.post(f"{sim.url}/sim/cases/expire_tokens")
    expired = call(sim, "caseType/list", {"start": 0, "limit": 5}, access)
    assert expired.status_code == 401
    assert "expired" in expired.json()["resMsg"]
    missing = httpx2.post(f"{sim.url}{API}/caseType/list", json={"start": 0, "limit": 5})
    assert missing.status_code == 401
    assert missing.json()["resCode"] == "401"


@pytest.mark.parametrize(
    "body", [{"start": 0}, {"limit": 5}, {"start": -1, "limit": 5}, {"start": 0, "limit": 101}]
)
def test_paging_is_required_and_bounded(sim: RunningSim, body: dict[str, Any]) -> None:
    access = token(sim).json()["access_token"]
    response = call(sim, "caseType/list", body, access)
    assert response.status_code == 400
    assert response.json()["resCode"] == "400"


def test_one_case_type_by_id(sim: RunningSim) -> None:
    access = token(sim).json()["access_token"]
    found = httpx2.get(f"{sim.url}{API}/caseType/{COMPLAINT}", headers={"access-token": access})
    assert found.json()["result"]["caseTypeInfo"]["typeName"] == "Complaint"
    missing = httpx2.get(f"{sim.url}{API}/caseType/nothing", headers={"access-token": access})
    assert missing.status_code == 404


def test_case_type_tree_is_realistic(sim: RunningSim) -> None:
    access = token(sim).json()["access_token"]
    page = call(sim, "caseType/list", {"start": 0, "limit": 100}, access).json()["result"]
    types = page["caseTypes"]
    ids = {t["id"] for t in types}
    assert page["count"] == len(types) >= 15
    assert all(t["parentId"] is None or t["parentId"] in ids for t in types)
    depth = {t["id"]: 0 for t in types if t["parentId"] is None}
    while len(depth) < len(types):
        for t in types:
            if t["parentId"] in depth and t["id"] not in depth:
                depth[t["id"]] = depth[t["parentId"]] + 1
    assert max(depth.values()) == 2
    assert all(len(t["id"]) == 20 for t in types)


def test_case_list_filters_by_external_number(sim: RunningSim) -> None:
    access = token(sim).json()["access_token"]
    call(sim, "case", {"caseInfo": valid_info(extternalNo="one")}, access)
    call(sim, "case", {"caseInfo": valid_info(extternalNo="two")}, access)
    page = call(sim, "case/list", {"start": 0, "limit": 10, "extternalNo": "two"}, access)
    [found] = page.json()["result"][0]["caseList"]
    assert found["extternalNo"] == "two"


def test_malformed_body_is_refused(sim: RunningSim) -> None:
    access = token(sim).json()["access_token"]
    response = httpx2.post(
        f"{sim.url}{API}/case",
        content=b"{not json",
        headers={"access-token": access, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["resCode"] == "400"
    no_info = call(sim, "case", {"caseInfo": "x"}, access)
    assert no_info.status_code == 400
