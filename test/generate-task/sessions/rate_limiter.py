"""A token-bucket rate limiter that is safe to share between threads."""

from __future__ import annotations

import threading
import time
from typing import Callable


class RateLimitError(Exception):
    """Raised when a call needs more tokens than the bucket holds."""


class TokenBucket:
    """A token bucket of ``capacity`` tokens, refilled at ``rate`` per second.

    Args:
        capacity: Most tokens the bucket holds; also the largest burst.
        rate: Tokens added per second.
        clock: Returns the current time in seconds; tests pass a fake one.

    Raises:
        ValueError: If capacity or rate is not positive.
    """

    def __init__(
        self,
        capacity: int,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Creates a full bucket."""
        if capacity <= 0:
            raise ValueError(f"capacity must be positive, got {capacity}")
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        self._capacity = capacity
        self._rate = rate
        self._clock = clock
        self._tokens = float(capacity)
        self._updated = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        refilled = self._tokens + elapsed * self._rate
        self._tokens = min(float(self._capacity), refilled)
        self._updated = now

    def try_acquire(self, tokens: int = 1) -> bool:
        """Takes tokens if the bucket holds enough.

        Args:
            tokens: How many tokens to take.

        Returns:
            True if the tokens were taken, False if the bucket is short.

        Raises:
            ValueError: If tokens is not between 1 and the capacity.
        """
        if not 1 <= tokens <= self._capacity:
            raise ValueError(
                f"tokens must be between 1 and {self._capacity}, got {tokens}"
            )
        with self._lock:
            self._refill()
            if self._tokens >= tokens:
                self._tokens -= tokens
                return True
            return False

    def acquire(self, tokens: int = 1) -> None:
        """Takes tokens, or fails at once when the bucket is short.

        Args:
            tokens: How many tokens to take.

        Raises:
            RateLimitError: If the bucket does not hold enough tokens.
        """
        if not self.try_acquire(tokens):
            raise RateLimitError(
                f"rate limit exceeded: {tokens} token(s) needed"
            )
