"""Tests of the token-bucket rate limiter."""

import threading

import pytest

from rate_limiter import RateLimitError, TokenBucket


class FakeClock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_allows_a_burst_up_to_capacity() -> None:
    bucket = TokenBucket(capacity=3, rate=1.0, clock=FakeClock())
    assert [bucket.try_acquire() for _ in range(4)] == [True, True, True, False]


def test_refills_over_time() -> None:
    clock = FakeClock()
    bucket = TokenBucket(capacity=2, rate=2.0, clock=clock)
    bucket.acquire(2)
    clock.now = 0.5
    assert bucket.try_acquire()
    assert not bucket.try_acquire()


def test_acquire_raises_when_empty() -> None:
    bucket = TokenBucket(capacity=1, rate=1.0, clock=FakeClock())
    bucket.acquire()
    with pytest.raises(RateLimitError, match="rate limit exceeded"):
        bucket.acquire()


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        TokenBucket(capacity=0, rate=1.0)
    with pytest.raises(ValueError):
        TokenBucket(capacity=1, rate=1.0).try_acquire(2)


def test_is_thread_safe() -> None:
    bucket = TokenBucket(capacity=100, rate=0.001, clock=FakeClock())
    taken: list[bool] = []

    def worker() -> None:
        for _ in range(50):
            taken.append(bucket.try_acquire())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert taken.count(True) == 100
