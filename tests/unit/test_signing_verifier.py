"""The simulator's independent auth-v2 verifier: accepts vectors A–D, refuses any change."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from agentbar.cec.signing import SignedRequest, authorization, canonical_request
from agentbar.sim.auth_v2 import Arrived, AuthV2Refused, check

NOW = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
HOST = "10.22.26.181:28080"
CT = "application/json;charset=UTF-8"
BODY_A = b'{"request":{"version":"2.0"},"msgBody":{"callId":"1598751234-5678"}}'
BODY_C = b'{"say": "Hello world!"}'
KEYS = {
    "globalaktest": "0123456789abcdef0123456789abcdef",
    "TESTAK0001": "test-secret-key-0001",
}

VECTOR_A = (
    Arrived("POST", "/CCFS/resource/ccfs/downloadRecord", [], {"host": HOST}, BODY_A),
    "auth-v2/globalaktest/2024-01-02T03:04:05Z/host/"
    "d32ac684d4e8a2f170f1f069403c6c945cfef4ce5b9ccc687aea9f7cfd7e94ae",
)
VECTOR_B = (
    Arrived(
        "GET",
        "/CCFS/resource/ccfs/example",
        [("b", "2"), ("a", "x y")],
        {"host": HOST, "content-type": CT},
        b"",
    ),
    "auth-v2/globalaktest/2024-01-02T03:04:05Z/content-type;host/"
    "47d922bb32e09c6e2fbc09b52b65209c678a3d083f089289fdffbc4c14e09b63",
)
VECTOR_C = (
    Arrived("POST", "/rest/cmsapp/v1/ping", [], {"host": HOST}, BODY_C),
    "auth-v2/TESTAK0001/2024-01-02T03:04:05Z/host/"
    "bbeaccbf7c61db97b34771f6d0629f20785b10a6e7aaacb44b5f6bde43edd034",
)
VECTOR_D = (
    Arrived(
        "POST",
        "/rest/cmsapp/v1/ping",
        [],
        {"host": HOST, "content-type": CT, "content-length": "23"},
        BODY_C,
    ),
    "auth-v2/TESTAK0001/2024-01-02T03:04:05Z/content-length;content-type;host/"
    "d95939b5d77eae32c7ea43268d7abbd16243f245847d43ddc49b54839cb65855",
)
VECTORS = {"A": VECTOR_A, "B": VECTOR_B, "C": VECTOR_C, "D": VECTOR_D}


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_verifier_accepts_documented_vector(name: str) -> None:
    arrived, value = VECTORS[name]
    assert check(arrived, value, KEYS.get, NOW) == value.split("/")[1]


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@pytest.mark.parametrize("name", ["A", "C", "D"])
def test_verifier_refuses_a_body_changed_by_one_byte(name: str) -> None:
    arrived, value = VECTORS[name]
    for index in (0, len(arrived.body) // 2, len(arrived.body) - 1):
        changed = Arrived(
            arrived.method,
            arrived.raw_path,
            arrived.query,
            arrived.headers,
            _flip(arrived.body, index),
        )
        with pytest.raises(AuthV2Refused, match="signature"):
            check(changed, value, KEYS.get, NOW)


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_verifier_refuses_a_signature_changed_by_one_character(name: str) -> None:
    arrived, value = VECTORS[name]
    last = "0" if value[-1] != "0" else "1"
    with pytest.raises(AuthV2Refused):
        check(arrived, value[:-1] + last, KEYS.get, NOW)


def test_verifier_refuses_changed_path_query_and_host() -> None:
    arrived, value = VECTOR_B
    changes = [
        Arrived("GET", "/CCFS/resource/ccfs/exampl3", arrived.query, arrived.headers, b""),
        Arrived("GET", arrived.raw_path, [("b", "3"), ("a", "x y")], arrived.headers, b""),
        Arrived("GET", arrived.raw_path, arrived.query, {**arrived.headers, "host": "x"}, b""),
        Arrived("POST", arrived.raw_path, arrived.query, arrived.headers, b""),
    ]
    for changed in changes:
        with pytest.raises(AuthV2Refused):
            check(changed, value, KEYS.get, NOW)


def test_verifier_accepts_millisecond_timestamp_like_the_seed() -> None:
    stamp = "2021-08-31T09:38:50.872Z"
    headers = {"host": HOST, "content-type": CT, "content-length": str(len(BODY_A))}
    req = SignedRequest("POST", "/CCFS/resource/ccfs/ivr/downloadFile", (), headers, BODY_A)
    value = authorization(req, "globalaktest", KEYS["globalaktest"], stamp)
    arrived = Arrived("POST", req.path, [], headers, BODY_A)
    seed_now = datetime(2021, 8, 31, 9, 40, tzinfo=UTC)
    assert check(arrived, value, KEYS.get, seed_now) == "globalaktest"


@pytest.mark.parametrize("minutes", [16, -16])
def test_verifier_refuses_timestamp_more_than_15_minutes_off(minutes: int) -> None:
    arrived, value = VECTOR_A
    with pytest.raises(AuthV2Refused, match="15 minutes"):
        check(arrived, value, KEYS.get, NOW + timedelta(minutes=minutes))
    inside = timedelta(minutes=14 if minutes > 0 else -14)
    assert check(arrived, value, KEYS.get, NOW + inside) == "globalaktest"


def test_verifier_takes_the_signed_header_list_as_given() -> None:
    # Huawei's demo sorts names before lower-casing, so the list can arrive out of order; the
    # canonical header lines are still sorted, the list line is used verbatim.
    listed = "host;content-type"
    headers = {"host": HOST, "content-type": CT}
    req = SignedRequest("GET", "/CCFS/resource/ccfs/example", (("a", "1"),), headers)
    lines = canonical_request(req).split("\n")
    lines[3] = listed
    prefix = f"auth-v2/globalaktest/2024-01-02T03:04:05Z/{listed}"
    key = hmac.new(KEYS["globalaktest"].encode(), prefix.encode(), hashlib.sha256).hexdigest()
    sig = hmac.new(key.encode(), "\n".join(lines).encode(), hashlib.sha256).hexdigest()
    arrived = Arrived("GET", req.path, [("a", "1")], headers, b"")
    assert check(arrived, f"{prefix}/{sig}", KEYS.get, NOW) == "globalaktest"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "no Authorization"),
        ("Bearer abc", "not auth-v2"),
        ("auth-v2/globalaktest/2024-01-02 03:04:05/host/00", "timestamp"),
        ("auth-v2/nobody/2024-01-02T03:04:05Z/host/00", "unknown AK"),
        ("auth-v2/globalaktest/2024-01-02T03:04:05Z/host;x-missing/00", "x-missing"),
    ],
)
def test_verifier_explains_malformed_headers(value: str | None, reason: str) -> None:
    with pytest.raises(AuthV2Refused, match=reason):
        check(VECTOR_A[0], value, KEYS.get, NOW)
