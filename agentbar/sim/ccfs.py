"""The simulated CC-FS file service: downloadRecord, downloadRecordFile and ivr/downloadFile.

Each request is checked with auth-v2 (``sim/auth_v2.py``; the demo tenant's AK is ``demo-ak``),
then its ``{"request":{"version":"2.0"},"msgBody":{…}}`` envelope is validated in the order
the result codes suggest, and the file is streamed from ``sim/recording_store.py``. Result codes:
https://support.huaweicloud.com/api-ccfs-cec/cec_07_4240.html
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime
from typing import Any

from aiohttp import web

from agentbar.sim import auth_v2
from agentbar.sim.audio_stream import send_recording
from agentbar.sim.recording_store import SimRecording, install, lookup, of_call, store

BASE = "/CCFS/resource/ccfs"
FILE_NAME_MAX = 225
CALL_ID_MAX = 25
IVR_CONTENT_TYPE = "Application/Octet-stream;charset=UTF-8"

# The IVR download page's default "third-party recording download path rule"; %VDNNO% is the
# VDN number.
_IVR_RULE = re.compile(
    r"^[A-Za-z]:/(voice/\d+/IVRrecordFile|3rdfile/\d+/(IVRrecordFile|thirdvoicebotfile))(/|$)"
)
_DATE_SEGMENT = re.compile(r"^[A-Za-z]:/[^/]+/[^/]+/(\d{8})/")

_DESCRIPTIONS = {
    "0300001": "parameter is null",
    "0300002": "parameter is empty",
    "0300003": "parameter is too long",
    "0300004": "parameter format is wrong",
    "0300006": "version is wrong, it must be 2.0",
    "0300007": "requestBody parameters are null",
    "0300010": "the date in fileName is wrong",
    "0300011": "file not exist",
    "0300012": "no data found",
}


class Refusal(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def failure(code: str, *, legacy: bool = False) -> web.Response:
    """The documented failure body; ivr/downloadFile adds the legacy ``response`` object."""
    text = _DESCRIPTIONS.get(code, "failed")
    body: dict[str, Any] = {"resultCode": code, "resultDesc": text}
    if legacy:
        body["resultData"] = ""
        body["response"] = {"version": "2.0", "resultCode": code, "resultMsg": text}
    # GUESS: failures come with HTTP 200 and a JSON body (the documents show only the body).
    return web.json_response(body)


def _msg_body(raw: bytes) -> dict[str, Any]:
    try:
        envelope = json.loads(raw)
    except ValueError:
        raise Refusal("0300004") from None
    if not isinstance(envelope, dict):
        raise Refusal("0300004")
    request = envelope.get("request")
    version = request.get("version") if isinstance(request, dict) else None
    if version is None:
        raise Refusal("0300001")
    if str(version) != "2.0":
        raise Refusal("0300006")
    body = envelope.get("msgBody")
    if body is None:
        raise Refusal("0300007")
    if not isinstance(body, dict):
        raise Refusal("0300004")
    return body


def _text_field(body: dict[str, Any], name: str, limit: int) -> str | None:
    if name not in body or body[name] is None:
        return None
    value = body[name]
    if not isinstance(value, str | int):
        raise Refusal("0300004")
    text = str(value)
    if not text.strip():
        raise Refusal("0300002")
    if len(text) > limit:
        raise Refusal("0300003")
    return text


def _check_date(file_name: str) -> None:
    match = _DATE_SEGMENT.match(file_name)
    if match is None:
        return  # the segments are opaque; only a path in the documented shape is dated
    try:
        datetime.strptime(match.group(1), "%Y%m%d")
    except ValueError:
        raise Refusal("0300010") from None


def _zip_of(recordings: list[SimRecording]) -> bytes:
    # GUESS: the zip's member names are the files' base names; stored, since A-law hardly packs.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for recording in recordings:
            member = recording.file_name.rsplit("/", 1)[-1]
            archive.writestr(member, recording.audio.read())
    return buffer.getvalue()


async def download_record(request: web.Request) -> web.StreamResponse:
    _, raw = await auth_v2.require(request)
    try:
        body = _msg_body(raw)
        file_name = _text_field(body, "fileName", FILE_NAME_MAX)
        call_id = _text_field(body, "callId", CALL_ID_MAX)
        if file_name is None and call_id is None:
            raise Refusal("0300001")
        if file_name is not None:
            _check_date(file_name)
            recording = lookup(request.app, file_name)
            if recording is None:
                raise Refusal("0300011")
            return await send_recording(request, recording.audio)
        assert call_id is not None
        recordings = of_call(request.app, call_id)
        if not recordings:
            raise Refusal("0300012")
    except Refusal as refusal:
        return failure(refusal.code)
    if len(recordings) == 1:
        return await send_recording(request, recordings[0].audio)
    return await send_recording(
        request,
        _zip_of(recordings),
        content_type="application/zip",
        download_name=f"{call_id}.zip",
    )


async def download_record_file(request: web.Request) -> web.StreamResponse:
    _, raw = await auth_v2.require(request)
    try:
        body = _msg_body(raw)
        file_name = _text_field(body, "fileName", FILE_NAME_MAX)
        if file_name is None:
            raise Refusal("0300001")
        _check_date(file_name)
        recording = lookup(request.app, file_name)
        if recording is None:
            raise Refusal("0300011")
    except Refusal as refusal:
        return failure(refusal.code)
    return await send_recording(request, recording.audio)


async def ivr_download_file(request: web.Request) -> web.StreamResponse:
    _, raw = await auth_v2.require(request)
    files = store(request.app).ivr_files
    try:
        body = _msg_body(raw)
        path = _text_field(body, "filePath", 1024)
        if path is None:
            raise Refusal("0300001")
        if not _IVR_RULE.match(path):
            raise Refusal("0300004")
        # The seed sends "mode":"1" (a string), the table says int: accept both.
        if str(body.get("mode", "")).strip() == "1":
            folder = path.rstrip("/") + "/"
            inside = [p for p in files if p.startswith(folder) and "/" not in p[len(folder) :]]
            if len(inside) != 1:
                raise Refusal("0300011" if not inside else "0300004")
            path = inside[0]
        audio = files.get(path)
        if audio is None:
            raise Refusal("0300011")
    except Refusal as refusal:
        return failure(refusal.code, legacy=True)
    return await send_recording(request, audio, content_type=IVR_CONTENT_TYPE)


def setup(app: web.Application) -> None:
    auth_v2.tenant(app)
    install(app)
    app.router.add_post(f"{BASE}/downloadRecord", download_record)
    app.router.add_post(f"{BASE}/downloadRecordFile", download_record_file)
    app.router.add_post(f"{BASE}/ivr/downloadFile", ivr_download_file)
