"""The simulated contact center's recordings: which files exist, for which call and agent.

CC-FS (``sim/ccfs.py``) and the CC-Gateway ``recordfile`` route (``sim/recordfile.py``) both
serve from this one catalogue. A recording is announced by :meth:`RecordingStore.add` (the
gateway calls it when it emits ``AgentMediaEvent_Record``; tests and trainers use
``POST /sim/recordings``); its audio is generated from its file name, so nothing is stored.
The store also holds the ``cut`` fault: end the next N downloads after a given number of bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import web

from agentbar.sim.audio import AlawAudio, audio_for_seconds
from agentbar.sim.center import CENTER_KEY

DEMO_AGENT = "101"


@dataclass(frozen=True, slots=True)
class SimRecording:
    """One recording file of one call, named by its server path (``Y:/1/0/20240102/101/…V3``)."""

    file_name: str
    call_id: str
    agent_id: str
    audio: AlawAudio
    caller: str = ""
    called: str = ""
    begin: datetime = field(default_factory=lambda: datetime.now(UTC))

    def as_json(self) -> dict[str, object]:
        return {
            "fileName": self.file_name,
            "callId": self.call_id,
            "agentId": self.agent_id,
            "caller": self.caller,
            "called": self.called,
            "beginTime": int(self.begin.timestamp() * 1000),
            "size": self.audio.size,
            "seconds": self.audio.seconds,
        }


@dataclass
class Cut:
    """Download fault: stop sending after ``after`` bytes of the body, ``times`` more times."""

    after: int
    times: int


@dataclass
class RecordingStore:
    by_name: dict[str, SimRecording] = field(default_factory=dict)
    ivr_files: dict[str, AlawAudio] = field(default_factory=dict)
    cut: Cut | None = None
    downloads: int = 0
    _serial: int = 0

    def add(
        self,
        *,
        call_id: str,
        agent_id: str,
        seconds: float = 60.0,
        size: int | None = None,
        file_name: str = "",
        caller: str = "",
        called: str = "",
        begin: datetime | None = None,
    ) -> SimRecording:
        """Announce a recording; its file name follows downloadRecord's path format unless given."""
        moment = begin or datetime.now(UTC)
        if not file_name:
            self._serial += 1
            stamp = f"{moment:%H%M%S}{self._serial % 10}"
            file_name = f"Y:/1/0/{moment:%Y%m%d}/{agent_id}/{stamp}.V3"
        audio = (
            AlawAudio(file_name, size)
            if size is not None
            else audio_for_seconds(file_name, seconds)
        )
        recording = SimRecording(file_name, call_id, agent_id, audio, caller, called, moment)
        self.by_name[file_name] = recording
        return recording

    def of_call(self, call_id: str) -> list[SimRecording]:
        return [r for r in self.by_name.values() if r.call_id == call_id]

    def find(self, file_name: str) -> SimRecording | None:
        # Windows drive letters arrive in either case (y:/… in one document, Y:/… in another).
        found = self.by_name.get(file_name)
        if found is None and len(file_name) > 1 and file_name[1] == ":":
            found = self.by_name.get(file_name[0].swapcase() + file_name[1:])
        return found

    def take_cut(self) -> int | None:
        """The byte count at which to cut this download, if the fault is armed."""
        if self.cut is None or self.cut.times <= 0:
            return None
        self.cut.times -= 1
        after = self.cut.after
        if self.cut.times <= 0:
            self.cut = None
        return after


def seed_demo(store: RecordingStore) -> None:
    """Two earlier calls of the demo agent and one IVR message, so a demo has things to show."""
    day = datetime(2024, 1, 2, 10, 30, tzinfo=UTC)
    store.add(
        call_id="1704191400-1001",
        agent_id=DEMO_AGENT,
        seconds=185,
        file_name="Y:/1/0/20240102/101/1030001.V3",
        caller="13800000001",
        called="88880101",
        begin=day,
    )
    # A call with two files (the agent put the customer on hold): CC-FS answers with a zip.
    for n, seconds in enumerate((42.0, 95.0), start=1):
        store.add(
            call_id="1704193200-1002",
            agent_id=DEMO_AGENT,
            seconds=seconds,
            file_name=f"Y:/1/0/20240102/101/110000{n}.V3",
            caller="13800000002",
            called="88880101",
            begin=day.replace(hour=11),
        )
    store.ivr_files["Y:/voice/1/IVRrecordFile/20240102103000.wav"] = audio_for_seconds(
        "ivr-demo", 12.0, wav=True
    )


RECORDINGS_KEY = web.AppKey("recordings", RecordingStore)


def store(app: web.Application) -> RecordingStore:
    return app[RECORDINGS_KEY]


def _announced(app: web.Application) -> list[SimRecording]:
    """Recordings the gateway announced in ``AgentMediaEvent_Record`` (``Center.recordings``).

    A recording still running is as long as the call so far, so a download during the call gets
    what has been recorded; once the call ends its length (and ETag) stay fixed.
    """
    center = app.get(CENTER_KEY)
    if center is None:
        return []
    now_ms = int(datetime.now(UTC).timestamp() * 1000)
    found = []
    for announced in center.recordings.values():
        for rec in announced:
            end = rec.end_ms if rec.end_ms is not None else now_ms
            seconds = max(1.0, (end - rec.begin_ms) / 1000)
            begin = datetime.fromtimestamp(rec.begin_ms / 1000, UTC)
            audio = audio_for_seconds(rec.file_name, seconds)
            found.append(
                SimRecording(
                    rec.file_name, rec.call_id, rec.agent_id, audio, rec.caller, rec.called, begin
                )
            )
    return found


def lookup(app: web.Application, file_name: str) -> SimRecording | None:
    """A recording by its server path, from the store or from the gateway's announcements."""
    found = store(app).find(file_name)
    if found is not None:
        return found
    wanted = {file_name, file_name[:1].swapcase() + file_name[1:]}
    return next((r for r in _announced(app) if r.file_name in wanted), None)


def of_call(app: web.Application, call_id: str) -> list[SimRecording]:
    """Every recording of a call, from the store and from the gateway's announcements."""
    held = store(app).of_call(call_id)
    names = {r.file_name for r in held}
    return held + [r for r in _announced(app) if r.call_id == call_id and r.file_name not in names]


async def _list(request: web.Request) -> web.Response:
    held = [*store(request.app).by_name.values(), *_announced(request.app)]
    return web.json_response([r.as_json() for r in held])


async def _add(request: web.Request) -> web.Response:
    try:
        body = json.loads(await request.read())
        size = body.get("bytes")
        recording = store(request.app).add(
            call_id=str(body["callId"]),
            agent_id=str(body.get("agentId", DEMO_AGENT)),
            seconds=float(body.get("seconds", 60.0)),
            size=int(size) if size is not None else None,
            file_name=str(body.get("fileName", "")),
            caller=str(body.get("caller", "")),
            called=str(body.get("called", "")),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise web.HTTPBadRequest(text=f"bad recording: {exc}") from None
    return web.json_response(recording.as_json())


async def _add_ivr(request: web.Request) -> web.Response:
    try:
        body = json.loads(await request.read())
        path = str(body["filePath"])
        audio = audio_for_seconds(path, float(body.get("seconds", 10.0)), wav=True)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise web.HTTPBadRequest(text=f"bad IVR file: {exc}") from None
    store(request.app).ivr_files[path] = audio
    return web.json_response({"filePath": path, "size": audio.size})


async def _cut(request: web.Request) -> web.Response:
    try:
        body = json.loads(await request.read())
        after, times = int(body["after"]), int(body.get("times", 1))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise web.HTTPBadRequest(text=f"bad cut: {exc}") from None
    store(request.app).cut = Cut(after, times) if times > 0 else None
    return web.json_response({"after": after, "times": times})


def install(app: web.Application) -> RecordingStore:
    """The app's store, created (with the demo recordings and control routes) on first call.

    Every module that serves recordings calls this from its ``setup``, so the order of
    ``SERVICE_MODULES`` does not matter.
    """
    if RECORDINGS_KEY in app:
        return app[RECORDINGS_KEY]
    held = RecordingStore()
    seed_demo(held)
    app[RECORDINGS_KEY] = held
    app.router.add_get("/sim/recordings", _list)
    app.router.add_post("/sim/recordings", _add)
    app.router.add_post("/sim/recordings/ivr", _add_ivr)
    app.router.add_post("/sim/recordings/cut", _cut)
    return held
