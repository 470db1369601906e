"""Every CC-Gateway retcode Huawei documents maps to a class and a sentence for a person."""

from __future__ import annotations

import pytest

from agentbar.cec.errors import (
    RETCODE_MESSAGES,
    UNKNOWN_CODE_MESSAGE,
    AlreadySignedInError,
    AuthError,
    BadCredentialsError,
    CecError,
    NotSignedInError,
    ServiceError,
    gateway_error,
    retcode_message,
)
from tests.unit.cec.wire import answering, gateway

# Row by row; codes with their own row must have their own sentence:
# https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0580.html
DOCUMENTED_CODES = [
    "000-001", "000-002", "000-003", "000-004", "000-005", "000-006", "000-007",
    "100-001", "100-002", "100-003", "100-004", "100-005", "100-006", "100-007", "100-008",
    "100-009", "100-010", "100-011", "100-012", "100-013", "100-014", "100-015", "100-016",
    "100-017", "100-018", "100-019", "100-020", "100-021", "110-016",
    "104-001", "104-002", "104-003", "104-004", "104-005", "104-006", "104-007", "104-008",
    "104-009", "104-010", "104-012", "105-006", "200-025",
]  # fmt: skip
# Rows that name a family (101-001…101-007, 105-xxx, 106-xxx, 107-xxx): a family sentence.
FAMILY_CODES = {
    "101-001": "conference",
    "101-007": "conference",
    "105-001": "failover",
    "105-007": "failover",
    "106-001": "chat",
    "107-042": "configuration",
    "200-001": "call",
}

SPECIAL_CLASSES: dict[str, type[ServiceError]] = {
    "000-003": AuthError,
    "105-006": AuthError,
    "100-006": NotSignedInError,
    "100-002": AlreadySignedInError,
    "100-004": BadCredentialsError,
    "100-020": BadCredentialsError,
    "110-016": BadCredentialsError,
}


@pytest.mark.parametrize("code", DOCUMENTED_CODES)
def test_every_documented_code_has_its_own_message_and_class(code: str) -> None:
    assert code in RETCODE_MESSAGES
    error = gateway_error(code, "server text", "onlineagent/291")
    assert error.message
    assert error.message == RETCODE_MESSAGES[code]
    assert error.message != UNKNOWN_CODE_MESSAGE
    assert type(error) is SPECIAL_CLASSES.get(code, ServiceError)
    assert isinstance(error, CecError)
    assert error.code == code
    assert error.server_text == "server text"
    assert error.endpoint == "onlineagent/291"
    assert code in str(error)


def test_documented_messages_are_all_different() -> None:
    messages = [RETCODE_MESSAGES[c] for c in DOCUMENTED_CODES]
    assert len(set(messages)) == len(messages)


@pytest.mark.parametrize(("code", "word"), FAMILY_CODES.items())
def test_family_rows_fall_back_to_the_family_message(code: str, word: str) -> None:
    message = retcode_message(code)
    assert word in message.lower()
    assert message != UNKNOWN_CODE_MESSAGE
    assert type(gateway_error(code, "", "x")) is ServiceError


@pytest.mark.parametrize("code", ["999-999", "300-001", "weird", "", "-", "0x1"])
def test_unknown_codes_get_the_generic_message(code: str) -> None:
    assert retcode_message(code) == UNKNOWN_CODE_MESSAGE
    error = gateway_error(code, "", "x")
    assert type(error) is ServiceError
    assert error.message == UNKNOWN_CODE_MESSAGE


async def test_an_unknown_code_from_the_server_keeps_the_servers_text() -> None:
    client = gateway(answering({"message": "mystery failure", "retcode": "987-654"}))
    with pytest.raises(ServiceError) as caught:
        await client.say_ready()
    assert caught.value.message == UNKNOWN_CODE_MESSAGE
    assert caught.value.code == "987-654"
    assert "mystery failure" in str(caught.value)


def test_the_error_text_never_carries_the_guid_or_password() -> None:
    error = gateway_error("000-003", "", "agentevent/291")
    assert "Guid" not in str(error)
