"""Every error class of the shared classifier, and the adapter error each one ends as.

Both clouds read their error bodies into the same ``Failure``; this table is what they share.
"""

from __future__ import annotations

import pytest

from drive_adapters.base import (
    Deferred,
    DriveError,
    InvalidName,
    ItemNotFound,
    NameConflict,
    PausedUntil,
    Throttled,
)
from drive_adapters.remote.classify import Action, Failure, classify, to_error
from drive_adapters.remote.pacer import Pacer

CASES = [
    (Failure(429, "activityLimitReached", retry_after=3), Action.RETRY, "throttled", Throttled),
    (Failure(503, "serviceNotAvailable"), Action.RETRY, "throttled", Throttled),
    (Failure(403, "userRateLimitExceeded", message="Rate"), Action.RETRY, "throttled", Throttled),
    (Failure(500, "generalException"), Action.RETRY, "server", Throttled),
    (Failure(502), Action.RETRY, "server", Throttled),
    (Failure(504), Action.RETRY, "server", Throttled),
    (Failure(0, method="PATCH"), Action.RETRY, "network", Throttled),
    (Failure(0, method="POST"), Action.RETRY, "network", Throttled),
    (Failure(400, "invalidRequest", message="Invalid request"), Action.RETRY, "load", Throttled),
    (Failure(423, "resourceLocked"), Action.DEFER, "locked", Deferred),
    (
        Failure(403, "userRateLimitExceeded", message="User rate limit exceeded.", upload=True),
        Action.PAUSE,
        "upload-cap",
        PausedUntil,
    ),
    (Failure(400, "invalidRequest", "pathIsTooLong"), Action.FAIL, "answer", InvalidName),
    (Failure(404, "itemNotFound"), Action.FAIL, "answer", ItemNotFound),
    (Failure(409, "nameAlreadyExists"), Action.FAIL, "answer", NameConflict),
    (Failure(401, "unauthenticated"), Action.FAIL, "answer", DriveError),
    (Failure(403, "accessDenied"), Action.FAIL, "answer", DriveError),
]


@pytest.mark.parametrize(("failure", "action", "kind", "error"), CASES)
def test_each_error_class(
    failure: Failure, action: Action, kind: str, error: type[DriveError]
) -> None:
    verdict = classify(failure)
    assert (verdict.action, verdict.kind) == (action, kind)
    made = to_error(failure, "move x", service="the cloud")
    assert type(made) is error
    assert "move x" in str(made)


def test_throttling_waits_exactly_retry_after_and_backoff_grows() -> None:
    pacer = Pacer(time_scale=1.0, base_delay=0.5)
    assert pacer.wait_for(classify(Failure(429, retry_after=7)), 0) == 7
    waits = [pacer.wait_for(classify(Failure(502)), n) for n in range(4)]
    assert waits == [0.5, 1.0, 2.0, 4.0]
    assert not pacer.should_retry(classify(Failure(400, "invalidRequest")), 3)
    assert pacer.stats.retries["server"] == 4 and pacer.stats.throttled == 1
