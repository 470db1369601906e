"""What a download's refusal body becomes: every 104-xxx and 03000xx code, HTTP 401, pages."""

from __future__ import annotations

import json

import pytest

from agentbar.cec.errors import (
    CCFS_MESSAGES,
    RETCODE_MESSAGES,
    AuthError,
    ProtocolError,
    RateLimitedError,
    ServiceError,
)
from agentbar.cec.recordings import recording_error

GATEWAY_CODES = sorted(c for c in RETCODE_MESSAGES if c.startswith("104-"))
CCFS_CODES = [f"03000{n:02d}" for n in range(1, 14)]


def test_every_ccfs_code_from_0300001_to_0300013_has_its_own_message() -> None:
    assert sorted(CCFS_MESSAGES) == CCFS_CODES
    assert len(set(CCFS_MESSAGES.values())) == len(CCFS_CODES)


@pytest.mark.parametrize("code", GATEWAY_CODES)
def test_gateway_recordfile_retcode_becomes_its_message(code: str) -> None:
    body = json.dumps({"message": "file not exist", "retcode": code}).encode()
    error = recording_error(200, body, "recordfile")
    assert isinstance(error, ServiceError)
    assert error.code == code
    assert error.message == RETCODE_MESSAGES[code]
    assert error.server_text == "file not exist"


@pytest.mark.parametrize("code", CCFS_CODES)
def test_ccfs_result_code_becomes_its_message(code: str) -> None:
    body = json.dumps({"resultCode": code, "resultDesc": "server words"}).encode()
    error = recording_error(200, body, "downloadRecord")
    assert isinstance(error, ServiceError)
    assert error.code == code
    assert error.message == CCFS_MESSAGES[code]
    assert error.endpoint == "downloadRecord"


@pytest.mark.parametrize("code", ["0300008", "0300009"])
def test_flow_control_codes_are_rate_limit_errors(code: str) -> None:
    body = json.dumps({"resultCode": code, "resultDesc": "flow control"}).encode()
    assert isinstance(recording_error(200, body, "downloadRecord"), RateLimitedError)


def test_ivr_legacy_response_object_is_understood() -> None:
    body = json.dumps(
        {
            "resultData": "",
            "response": {"version": "2.0", "resultCode": "0300011", "resultMsg": "no file"},
        }
    ).encode()
    error = recording_error(200, body, "ivr/downloadFile")
    assert error.code == "0300011"
    assert error.server_text == "no file"


def test_http_401_is_an_auth_error_that_names_the_fix() -> None:
    error = recording_error(401, b'{"resultCode":"401","resultDesc":"bad sig"}', "downloadRecord")
    assert isinstance(error, AuthError)
    assert error.code == "HTTP 401"
    assert "AK/SK" in error.message


def test_unknown_code_still_says_something() -> None:
    error = recording_error(200, b'{"resultCode":"0399999"}', "downloadRecord")
    assert error.message == "The file service refused the request."


def test_html_page_instead_of_audio() -> None:
    error = recording_error(200, b"<!DOCTYPE html><html>502</html>", "downloadRecord")
    assert isinstance(error, ProtocolError)
    assert "web page" in error.message


def test_server_error_status_with_garbage() -> None:
    error = recording_error(503, b"\xff\xfe", "downloadRecord")
    assert error.code == "HTTP 503"
    assert "internal error" in error.message
