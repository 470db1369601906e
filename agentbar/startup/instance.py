"""Start-up step: claim the profile's single instance, or hand over to the agentbar that has it.

A second launch for the same profile brings the running window forward and ends; two event
channels for one agent must never run side by side.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from agentbar.desktop.single_instance import SingleInstance, instance_key

if TYPE_CHECKING:
    from agentbar.startup.options import LaunchOptions

log = logging.getLogger(__name__)

HANDED_OVER_MESSAGE = (
    "agentbar is already running for this profile; its window was brought forward."
)


def claim_instance(options: LaunchOptions) -> tuple[SingleInstance | None, int]:
    """This profile's instance guard; or None and the exit code when another agentbar has it."""
    instance = SingleInstance(instance_key(options.config_path, options.demo))
    if instance.acquire(listen=False):  # listens once the window is up (agentbar.startup.window)
        return instance, 0
    if not instance.answered:
        # It holds the lock but did not answer (hung, or still starting): never start a second
        # event channel for the same agent; say who has it.
        pid = instance.holder_pid()
        log.warning("another agentbar (PID %s) holds this profile but did not answer", pid)
        print(
            f"agentbar is already running for this profile (PID {pid or '?'}) but did not "
            "answer; close it or end that process.",
            file=sys.stderr,
        )
        return None, 1
    log.info("handed over to the running agentbar")
    print(HANDED_OVER_MESSAGE, flush=True)
    return None, 0
