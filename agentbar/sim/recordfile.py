"""The simulated CC-Gateway ``recordfile`` download, C4 GUID auth.

Huawei CEC page: https://support.huaweicloud.com/api-ccfs-cec/cec_07_0455.html

``GET /agentgateway/resource/recordfile/{agentid}?recordId=<fileName>&filetype=1[&locationId=]``
answers with the recording's bytes, or with the gateway envelope and a ``104-xxx`` retcode. The
GUID is checked by the gateway's own ``Center.authorize``, so rotation rules are the same as for
every other gateway call.
"""

from __future__ import annotations

from aiohttp import web

from agentbar.sim.audio_stream import send_recording
from agentbar.sim.center import CENTER_KEY, NOT_SIGNED_IN, Refusal
from agentbar.sim.gateway import GW, envelope, gateway_call
from agentbar.sim.recording_store import install, lookup

# 104-xxx retcodes of the recording download: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0580.html
FILE_NAME_INVALID = "104-003"
FILE_NOT_FOUND = "104-005"
BAD_FORMAT = "104-007"
FORMAT_MISSING = "104-008"
LOCATION_MISSING = "104-010"
NO_PERMISSION = "104-002"


async def record_file(request: web.Request) -> web.StreamResponse:
    agent_id = request.match_info["agentid"]
    session = request.app[CENTER_KEY].authorize(agent_id, request.headers.get("Guid"))
    if not session.active:
        raise Refusal(NOT_SIGNED_IN, "the agent is not signed in")
    query = request.rel_url.query
    record_id = query.get("recordId", "")
    file_type = query.get("filetype")
    if not record_id:
        return envelope(message="recordId is empty", retcode=FILE_NAME_INVALID)
    if file_type is None:
        return envelope(message="filetype is missing", retcode=FORMAT_MISSING)
    if file_type not in ("1", "2"):
        return envelope(message="filetype is not supported", retcode=BAD_FORMAT)
    # GUESS: this simulated center is not a POOL deployment, so locationId is optional here.
    recording = lookup(request.app, record_id)
    if recording is None:
        return envelope(message="file not exist", retcode=FILE_NOT_FOUND)
    if recording.agent_id != agent_id:
        # GUESS: an agent may fetch only its own calls' recordings through the gateway.
        return envelope(message="no permission to download this file", retcode=NO_PERMISSION)
    return await send_recording(request, recording.audio)


def setup(app: web.Application) -> None:
    install(app)
    app.router.add_get(GW + "/recordfile/{agentid}", gateway_call(record_file))
