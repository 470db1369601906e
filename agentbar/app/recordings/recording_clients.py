"""Which agent's inspected calls the Recordings tab lists (the clients are built in app/clients)."""

from __future__ import annotations

from agentbar.config import Profile


def staff_id(profile: Profile) -> str:
    """Whose inspected calls the Recordings tab lists.

    GUESS: CCSQM's ``staff_id`` is the agent's account ID in the console; the profile has no field
    for it, so the quality ``user_id`` is used, else the agent (work) number.
    """
    return profile.quality.user_id or profile.gateway.agent_id
