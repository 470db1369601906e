"""Sends a recording as an HTTP body: Range and If-Range, ETag, and the armed ``cut`` fault.

The documents say nothing about Range on the recording interfaces; the simulator honours
``Range: bytes=N-`` / ``bytes=N-M`` (206 with Content-Range) so a client's resume can be tested,
and can be told (``RecordingStore.cut``) to drop the connection midway through a body.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from aiohttp import web
from aiohttp.typedefs import Handler

from agentbar.sim import faults
from agentbar.sim.audio import AlawAudio
from agentbar.sim.recording_store import store

WRITE_SIZE = 256 * 1024
CUT_KEY = web.RequestKey("cut_after", int)
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")


def _pieces(source: AlawAudio | bytes, start: int, end: int) -> Iterator[bytes]:
    if isinstance(source, bytes):
        for pos in range(start, end, WRITE_SIZE):
            yield source[pos : min(pos + WRITE_SIZE, end)]
        return
    pending: list[bytes] = []
    held = 0
    for chunk in source.chunks(start, end):
        pending.append(chunk)
        held += len(chunk)
        if held >= WRITE_SIZE:
            yield b"".join(pending)
            pending, held = [], 0
    if pending:
        yield b"".join(pending)


def _etag_of(source: AlawAudio | bytes) -> str:
    if isinstance(source, AlawAudio):
        return source.etag
    return f'"{hashlib.sha256(source).hexdigest()[:24]}"'


def _requested_range(request: web.Request, size: int, etag: str) -> tuple[int, int] | None:
    header = request.headers.get("Range")
    if not header:
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != etag:
        return None  # the client's copy is of another version: send the whole file
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    start = int(match.group(1))
    end = int(match.group(2)) + 1 if match.group(2) else size
    if start >= size or end <= start:
        raise web.HTTPRequestRangeNotSatisfiable(headers={"Content-Range": f"bytes */{size}"})
    return start, min(end, size)


async def send_recording(
    request: web.Request,
    source: AlawAudio | bytes,
    *,
    content_type: str = "application/octet-stream",
    download_name: str = "",
) -> web.StreamResponse:
    """Stream ``source`` (generated audio or a built zip) honouring Range and the cut fault."""
    size = len(source) if isinstance(source, bytes) else source.size
    etag = _etag_of(source)
    wanted = _requested_range(request, size, etag)
    start, end = wanted if wanted is not None else (0, size)
    response = web.StreamResponse(status=206 if wanted is not None else 200)
    # Set verbatim: the IVR page documents the odd "Application/Octet-stream;charset=UTF-8".
    response.headers["Content-Type"] = content_type
    response.headers["ETag"] = etag
    response.headers["Accept-Ranges"] = "bytes"
    if download_name:
        response.headers["Content-Disposition"] = f'attachment; filename="{download_name}"'
    if wanted is not None:
        response.headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
    response.content_length = end - start
    held = store(request.app)
    cut_after = request.get(CUT_KEY)
    if cut_after is None:
        cut_after = held.take_cut()
    held.downloads += 1
    await response.prepare(request)
    sent = 0
    for piece in _pieces(source, start, end):
        if cut_after is not None and sent + len(piece) >= cut_after:
            await response.write(piece[: max(0, cut_after - sent)])
            # Drop the connection with the body unfinished, as a failing link would.
            if request.transport is not None:
                request.transport.close()
            return response
        await response.write(piece)
        sent += len(piece)
    await response.write_eof()
    return response


async def cut_kind(
    request: web.Request, handler: Handler, rule: faults.FaultRule
) -> web.StreamResponse:
    """Fault kind ``cut``: the matching download stops after ``after`` bytes of its body.

    ``POST /sim/faults {"kind": "cut", "after": 100000, "count": 20, "path": "/CCFS/"}``.
    """
    try:
        request[CUT_KEY] = max(0, int(rule.options.get("after", 0)))
    except (TypeError, ValueError):
        request[CUT_KEY] = 0
    return await handler(request)


faults.register_kind("cut", cut_kind)
