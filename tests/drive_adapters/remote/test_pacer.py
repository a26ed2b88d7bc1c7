"""The shared pacer's synchronous path (what Google's client uses): retries as the classifier
says, one barrier for every thread, the write budget drawn per try, and the last error raised
unchanged when the retries are spent."""

from __future__ import annotations

import threading
import time

import pytest

from drive_adapters.remote.classify import Failure
from drive_adapters.remote.pacer import Pacer


class Answer(Exception):
    """A failed request in the tests: carries the Failure the reader returns."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.status)
        self.failure = failure


def reader(error: BaseException) -> Failure | None:
    return error.failure if isinstance(error, Answer) else None


def scripted(*statuses: int) -> tuple[list[int], object]:
    """A request that fails with ``statuses`` in turn, then answers "ok"."""
    sent: list[int] = []

    def send() -> str:
        sent.append(len(sent))
        if len(sent) <= len(statuses):
            raise Answer(Failure(statuses[len(sent) - 1]))
        return "ok"

    return sent, send


def test_server_errors_and_throttles_are_retried_until_an_answer() -> None:
    pacer = Pacer(time_scale=0.0)
    sent, send = scripted(502, 429, 0, 500)
    assert pacer.call(send, reader) == "ok"  # type: ignore[arg-type]
    assert len(sent) == 5
    assert pacer.stats.retries == {"server": 2, "throttled": 1, "network": 1}
    assert pacer.stats.by_status == {502: 1, 429: 1, 0: 1, 500: 1, 200: 1}


def test_an_answer_is_not_retried_and_spent_retries_raise_the_last_error() -> None:
    pacer = Pacer(time_scale=0.0)
    sent, send = scripted(404)
    with pytest.raises(Answer):
        pacer.call(send, reader)  # type: ignore[arg-type]
    assert len(sent) == 1
    sent, send = scripted(*[502] * 20)
    with pytest.raises(Answer) as info:
        pacer.call(send, reader)  # type: ignore[arg-type]
    assert info.value.failure.status == 502 and len(sent) == 1 + 6  # "server" gets 6 retries


def test_a_locked_item_is_deferred_not_retried() -> None:
    pacer = Pacer(time_scale=0.0)
    sent, send = scripted(423)
    with pytest.raises(Answer):
        pacer.call(send, reader)  # type: ignore[arg-type]
    assert len(sent) == 1 and pacer.stats.deferred == 1


def test_other_exceptions_pass_through_untouched() -> None:
    pacer = Pacer(time_scale=0.0)

    def broken() -> None:
        raise KeyError("a bug, not a failed request")

    with pytest.raises(KeyError):
        pacer.call(broken, reader)
    assert pacer.stats.requests == 0


class Watched(Pacer):
    """A pacer that says when a throttled answer has raised its barrier."""

    def __init__(self) -> None:
        super().__init__(time_scale=1.0)
        self.raised = threading.Event()
        self.raised_at = 0.0

    def block_for(self, seconds: float) -> None:
        super().block_for(seconds)
        self.raised_at = time.monotonic()
        self.raised.set()


def test_one_throttled_request_holds_back_every_thread() -> None:
    """The barrier is shared: a thread that was never throttled waits for it too."""
    pacer = Watched()
    _sent, throttled = scripted(429)

    def retry_after_a_while(error: BaseException) -> Failure | None:
        return Failure(429, retry_after=0.3) if isinstance(error, Answer) else None

    worker = threading.Thread(target=pacer.call, args=(throttled, retry_after_a_while))
    worker.start()
    assert pacer.raised.wait(5)
    assert pacer.call(lambda: "other", reader) == "other"  # this thread was never throttled
    waited = time.monotonic() - pacer.raised_at
    worker.join(5)
    assert waited >= 0.3 * 0.99  # a lower bound only: a slow machine waits longer


def test_each_try_of_a_write_draws_from_the_budget() -> None:
    # A frozen clock: the budget does not refill between tries, whatever the machine's load.
    pacer = Pacer(time_scale=0.0, writes_per_second=1000.0, write_burst=10, clock=lambda: 0.0)
    _sent, send = scripted(502, 502)
    pacer.call(send, reader, writes=4)  # type: ignore[arg-type]
    assert 10 - pacer._tokens == 12  # 3 tries × 4 writes
