"""auth-v2 signer: the documented test vectors A–D and how requests are signed (C2, auth-v2)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx2
import pytest

from agentbar.cec.signing import (
    AuthV2,
    SignedRequest,
    authorization,
    canonical_request,
    format_timestamp,
    norm,
)

TS = "2024-01-02T03:04:05Z"
HOST = "10.22.26.181:28080"
CT = "application/json;charset=UTF-8"
BODY_A = b'{"request":{"version":"2.0"},"msgBody":{"callId":"1598751234-5678"}}'
BODY_C = b'{"say": "Hello world!"}'


def fixed_clock() -> datetime:
    return datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_norm_encodes_all_but_unreserved_with_upper_case_hex() -> None:
    assert norm("aZ09-._~") == "aZ09-._~"
    assert norm(':/{" ') == "%3A%2F%7B%22%20"
    assert norm("é") == "%C3%A9"
    assert norm(b"\x00\xff") == "%00%FF"


def test_vector_a_canonical_request_and_authorization() -> None:
    req = SignedRequest("POST", "/CCFS/resource/ccfs/downloadRecord", (), {"host": HOST}, BODY_A)
    assert canonical_request(req) == (
        "POST\n/CCFS/resource/ccfs/downloadRecord\nhost\nhost:10.22.26.181%3A28080\n"
        "%7B%22request%22%3A%7B%22version%22%3A%222.0%22%7D%2C%22msgBody%22%3A%7B%22callId"
        "%22%3A%221598751234-5678%22%7D%7D"
    )
    assert authorization(req, "globalaktest", "0123456789abcdef0123456789abcdef", TS) == (
        "auth-v2/globalaktest/2024-01-02T03:04:05Z/host/"
        "d32ac684d4e8a2f170f1f069403c6c945cfef4ce5b9ccc687aea9f7cfd7e94ae"
    )


def test_vector_b_query_and_two_headers_without_body() -> None:
    req = SignedRequest(
        "GET",
        "/CCFS/resource/ccfs/example",
        (("b", "2"), ("a", "x y")),
        {"host": HOST, "Content-Type": CT},
    )
    assert canonical_request(req) == (
        "GET\n/CCFS/resource/ccfs/example\na=x%20y&b=2\ncontent-type;host\n"
        "content-type:application%2Fjson%3Bcharset%3DUTF-8\nhost:10.22.26.181%3A28080\n"
    )
    assert authorization(req, "globalaktest", "0123456789abcdef0123456789abcdef", TS) == (
        "auth-v2/globalaktest/2024-01-02T03:04:05Z/content-type;host/"
        "47d922bb32e09c6e2fbc09b52b65209c678a3d083f089289fdffbc4c14e09b63"
    )


def test_vector_c_huawei_demo_host_only() -> None:
    req = SignedRequest("POST", "/rest/cmsapp/v1/ping", (), {"host": HOST}, BODY_C)
    assert authorization(req, "TESTAK0001", "test-secret-key-0001", TS) == (
        "auth-v2/TESTAK0001/2024-01-02T03:04:05Z/host/"
        "bbeaccbf7c61db97b34771f6d0629f20785b10a6e7aaacb44b5f6bde43edd034"
    )


def test_vector_d_huawei_demo_three_headers() -> None:
    headers = {"content-length": "23", "content-type": CT, "host": HOST}
    req = SignedRequest("POST", "/rest/cmsapp/v1/ping", (), headers, BODY_C)
    assert authorization(req, "TESTAK0001", "test-secret-key-0001", TS) == (
        "auth-v2/TESTAK0001/2024-01-02T03:04:05Z/content-length;content-type;host/"
        "d95939b5d77eae32c7ea43268d7abbd16243f245847d43ddc49b54839cb65855"
    )


def test_auth_flow_signs_vector_d_from_a_real_httpx_request() -> None:
    request = httpx2.Request(
        "POST",
        f"http://{HOST}/rest/cmsapp/v1/ping",
        content=BODY_C,
        headers={"Content-Type": CT},
    )
    auth = AuthV2("TESTAK0001", "test-secret-key-0001", clock=fixed_clock)
    signed = next(auth.auth_flow(request))
    assert signed.headers["Authorization"].endswith(
        "/content-length;content-type;host/"
        "d95939b5d77eae32c7ea43268d7abbd16243f245847d43ddc49b54839cb65855"
    )


def test_auth_flow_signs_vector_b_query_from_a_real_httpx_request() -> None:
    request = httpx2.Request(
        "GET",
        f"http://{HOST}/CCFS/resource/ccfs/example",
        params={"b": "2", "a": "x y"},
        headers={"Content-Type": CT},
    )
    auth = AuthV2("globalaktest", "0123456789abcdef0123456789abcdef", clock=fixed_clock)
    # Without a body only host is signed (content-type is not sent as a body header).
    value = auth.sign(request)
    assert value.startswith("auth-v2/globalaktest/2024-01-02T03:04:05Z/host/")
    req = SignedRequest(
        "GET", "/CCFS/resource/ccfs/example", (("b", "2"), ("a", "x y")), {"host": HOST}
    )
    assert value == authorization(req, "globalaktest", "0123456789abcdef0123456789abcdef", TS)


def test_signature_changes_when_one_body_byte_changes() -> None:
    def sign(body: bytes) -> str:
        request = httpx2.Request("POST", f"http://{HOST}/x", content=body)
        return AuthV2("ak", "sk", clock=fixed_clock).sign(request)

    assert sign(BODY_A) != sign(BODY_A.replace(b"5678", b"5679"))


def test_timestamp_is_utc_seconds() -> None:
    from datetime import timedelta, timezone

    moment = datetime(2024, 1, 2, 11, 4, 5, 872000, tzinfo=timezone(timedelta(hours=8)))
    assert format_timestamp(moment) == TS


def test_repr_hides_the_secret_key() -> None:
    auth = AuthV2("demo-ak", "demo-sk-0123456789abcdef")
    assert "demo-sk" not in repr(auth)
    assert "demo-sk" not in str(vars(auth).get("ak"))


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_empty_body_keeps_the_final_newline(method: str) -> None:
    req = SignedRequest(method, "/p", (), {"host": "h"})
    assert canonical_request(req).endswith("\nhost:h\n")
