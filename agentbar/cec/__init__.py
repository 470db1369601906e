"""The CEC protocol: async clients of the CEC interfaces agentbar uses. No Qt here.

Code outside ``agentbar.cec`` imports from this package, not from its modules
(``from agentbar.cec import GatewayClient, CecError``), the way httpx's ``__init__`` fronts its
private modules. The modules behind it:

- ``gateway`` — the agent gateway: sign-in, state changes, the event poll (:class:`GatewayClient`).
- ``events`` — the typed event model: :class:`AgentEvent`, categories, description templates.
- ``event_content`` — typed views of an event's ``content`` (:class:`CallInfo` …).
- ``event_pump`` — the long poll that turns gateway polls into events (:class:`EventPump`).
- ``cases``, ``case_validation`` — work orders (cases): client, fields and their checks.
- ``faq`` — the FAQ (knowledge) client.
- ``quality`` — inspected calls and transcripts.
- ``recordings`` — recording downloads, resumable, through the gateway session.
- ``signing``, ``tokens`` — request signing (AK/SK) and bearer tokens.
- ``models`` — agent states, skills and the wire-value helpers.
- ``errors`` — :class:`CecError` and its subclasses, with the person-facing messages.
- ``_http`` (private) — the one module that imports httpx2: client factory, TLS settings, sending.
- ``_wide_reads`` (private) — wider socket reads for large downloads.

The names load on first use (PEP 562), so importing this package, or one light module such as
``models`` through it, does not pull in httpx2 before the window is shown.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agentbar.cec._http import (
        AsyncClient,
        Timeout,
        TlsSettings,
        build_client,
        send,
    )
    from agentbar.cec.case_validation import (
        ATTACHMENT_TYPES,
        ATTACHMENTS_MAX,
        PRIORITIES,
        CaseFields,
        CaseProblem,
        attachment_problem,
        validate_case_fields,
    )
    from agentbar.cec.cases import (
        Attachment,
        CaseClient,
        CaseInvalidError,
        CaseSummary,
        CaseType,
        CaseTypeNode,
        NewCase,
    )
    from agentbar.cec.errors import (
        AlreadySignedInError,
        AuthError,
        BadCredentialsError,
        CecError,
        InvalidRequestError,
        NotSignedInError,
        ProtocolError,
        RateLimitedError,
        ServiceError,
        SignedOutByServer,
        TlsError,
        TransportError,
    )
    from agentbar.cec.event_content import (
        CallInfo,
        CustomerRelease,
        EventDetails,
        RecordDone,
        RecordInfo,
    )
    from agentbar.cec.event_pump import (
        EventPump,
        PumpState,
        PumpStatus,
    )
    from agentbar.cec.events import (
        AgentEvent,
        EventCategory,
        description_templates,
        parse_event,
    )
    from agentbar.cec.faq import (
        FaqClient,
        FaqGroup,
        FaqMatch,
        FaqResult,
        NewFaq,
        validate_new_faq,
    )
    from agentbar.cec.gateway import (
        GatewayClient,
    )
    from agentbar.cec.models import (
        AgentState,
        AgentStatus,
        SignInResult,
        Skill,
    )
    from agentbar.cec.quality import (
        CallDetail,
        ChannelFigures,
        InspectedCall,
        QualityClient,
        TranscriptSegment,
    )
    from agentbar.cec.recordings import (
        DestinationError,
        DiskFullError,
        DownloadProgress,
        DownloadRequest,
        DownloadResult,
        GatewaySession,
        RecordingsClient,
        ResumeState,
        part_path,
    )
    from agentbar.cec.signing import (
        AuthV2,
    )
    from agentbar.cec.tokens import (
        TokenByAkSk,
    )

__all__ = [
    "ATTACHMENTS_MAX",
    "ATTACHMENT_TYPES",
    "PRIORITIES",
    "AgentEvent",
    "AgentState",
    "AgentStatus",
    "AlreadySignedInError",
    "AsyncClient",
    "Attachment",
    "AuthError",
    "AuthV2",
    "BadCredentialsError",
    "CallDetail",
    "CallInfo",
    "CaseClient",
    "CaseFields",
    "CaseInvalidError",
    "CaseProblem",
    "CaseSummary",
    "CaseType",
    "CaseTypeNode",
    "CecError",
    "ChannelFigures",
    "CustomerRelease",
    "DestinationError",
    "DiskFullError",
    "DownloadProgress",
    "DownloadRequest",
    "DownloadResult",
    "EventCategory",
    "EventDetails",
    "EventPump",
    "FaqClient",
    "FaqGroup",
    "FaqMatch",
    "FaqResult",
    "GatewayClient",
    "GatewaySession",
    "InspectedCall",
    "InvalidRequestError",
    "NewCase",
    "NewFaq",
    "NotSignedInError",
    "ProtocolError",
    "PumpState",
    "PumpStatus",
    "QualityClient",
    "RateLimitedError",
    "RecordDone",
    "RecordInfo",
    "RecordingsClient",
    "ResumeState",
    "ServiceError",
    "SignInResult",
    "SignedOutByServer",
    "Skill",
    "Timeout",
    "TlsError",
    "TlsSettings",
    "TokenByAkSk",
    "TranscriptSegment",
    "TransportError",
    "attachment_problem",
    "build_client",
    "description_templates",
    "parse_event",
    "part_path",
    "send",
    "validate_case_fields",
    "validate_new_faq",
]

# Public name → the module under agentbar.cec that defines it.
_HOMES: dict[str, str] = {
    "AsyncClient": "_http",
    "Timeout": "_http",
    "TlsSettings": "_http",
    "build_client": "_http",
    "send": "_http",
    "ATTACHMENTS_MAX": "case_validation",
    "ATTACHMENT_TYPES": "case_validation",
    "PRIORITIES": "case_validation",
    "CaseFields": "case_validation",
    "CaseProblem": "case_validation",
    "attachment_problem": "case_validation",
    "validate_case_fields": "case_validation",
    "Attachment": "cases",
    "CaseClient": "cases",
    "CaseInvalidError": "cases",
    "CaseSummary": "cases",
    "CaseType": "cases",
    "CaseTypeNode": "cases",
    "NewCase": "cases",
    "AlreadySignedInError": "errors",
    "AuthError": "errors",
    "BadCredentialsError": "errors",
    "CecError": "errors",
    "InvalidRequestError": "errors",
    "NotSignedInError": "errors",
    "ProtocolError": "errors",
    "RateLimitedError": "errors",
    "ServiceError": "errors",
    "SignedOutByServer": "errors",
    "TlsError": "errors",
    "TransportError": "errors",
    "CallInfo": "event_content",
    "CustomerRelease": "event_content",
    "EventDetails": "event_content",
    "RecordDone": "event_content",
    "RecordInfo": "event_content",
    "EventPump": "event_pump",
    "PumpState": "event_pump",
    "PumpStatus": "event_pump",
    "AgentEvent": "events",
    "EventCategory": "events",
    "description_templates": "events",
    "parse_event": "events",
    "FaqClient": "faq",
    "FaqGroup": "faq",
    "FaqMatch": "faq",
    "FaqResult": "faq",
    "NewFaq": "faq",
    "validate_new_faq": "faq",
    "GatewayClient": "gateway",
    "AgentState": "models",
    "AgentStatus": "models",
    "SignInResult": "models",
    "Skill": "models",
    "CallDetail": "quality",
    "ChannelFigures": "quality",
    "InspectedCall": "quality",
    "QualityClient": "quality",
    "TranscriptSegment": "quality",
    "DestinationError": "recordings",
    "DiskFullError": "recordings",
    "DownloadProgress": "recordings",
    "DownloadRequest": "recordings",
    "DownloadResult": "recordings",
    "GatewaySession": "recordings",
    "RecordingsClient": "recordings",
    "ResumeState": "recordings",
    "part_path": "recordings",
    "AuthV2": "signing",
    "TokenByAkSk": "tokens",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
