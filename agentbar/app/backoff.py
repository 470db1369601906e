"""Bounded exponential back-off with jitter, for anything that retries a server that is away."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delays of ``first`` s doubling per attempt up to ``longest`` s, each spread by ``jitter``.

    The jitter (±20 % by default) keeps many clients that lost the same server from coming back
    at the same instant; the result never exceeds ``longest``.
    """

    first: float = 1.0
    longest: float = 60.0
    jitter: float = 0.2

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """The wait before retry number ``attempt`` (1 = the first retry)."""
        exponent = min(max(attempt, 1) - 1, 32)
        base = min(self.longest, self.first * 2.0**exponent)
        spread = (rng or random).uniform(1.0 - self.jitter, 1.0 + self.jitter)
        return max(0.0, min(self.longest, base * spread))
