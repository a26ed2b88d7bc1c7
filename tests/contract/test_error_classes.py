"""Every error class of the shared classifier, for both clouds, from one table.

Each row is one error class: what Microsoft Graph answers for it and what Google Drive answers
for it (``None`` where that service never answers so). Each cloud's own reader turns its answer
into the shared ``Failure`` (``onedrive/transport.py::failure_of`` for Graph's JSON,
``gdrive/errors.py::failure_of_body``/``failure_from`` for Drive's); the classifier must give
both the same verdict, and ``to_error`` the same adapter error. Drive's reasons are those of
developers.google.com/drive/api/guides/handle-errors and …/guides/limits; Graph's codes those of
learn.microsoft.com/graph/errors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx
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
from drive_adapters.gdrive.errors import failure_from, failure_of_body
from drive_adapters.onedrive.transport import failure_of as graph_failure_of
from drive_adapters.remote.classify import Action, Failure, classify, to_error
from drive_adapters.remote.pacer import Pacer


@dataclass(frozen=True)
class Graph:
    """A Graph error answer: ``code``, ``innerError.code``, message, ``Retry-After``."""

    code: str | None = None
    inner: str | None = None
    message: str = ""
    retry_after: str | None = None


@dataclass(frozen=True)
class Drive:
    """A Drive error answer: ``errors[0].reason``, message; ``upload``: the request had content."""

    reason: str | None = None
    message: str = ""
    upload: bool = False


NETWORK = -1  #: the connection dropped: no answer at all (status 0 in the Failure)

#: (class, HTTP status, Graph's answer, Drive's answer, action, kind, adapter error)
TABLE: list[tuple[str, int, Graph | None, Drive | None, Action, str, type[DriveError]]] = [
    ("429", 429, Graph("activityLimitReached", retry_after="3"), Drive("rateLimitExceeded"),
     Action.RETRY, "throttled", Throttled),
    ("503", 503, Graph("serviceNotAvailable"), Drive("backendError"),
     Action.RETRY, "throttled", Throttled),
    ("403 rate", 403, None, Drive("rateLimitExceeded", "Rate Limit Exceeded"),
     Action.RETRY, "throttled", Throttled),
    ("403 user rate", 403, None, Drive("userRateLimitExceeded", "User Rate Limit Exceeded"),
     Action.RETRY, "throttled", Throttled),
    ("500", 500, Graph("generalException"), Drive("backendError"),
     Action.RETRY, "server", Throttled),
    ("502", 502, Graph(), Drive("backendError"), Action.RETRY, "server", Throttled),
    ("504", 504, Graph("gatewayTimeout"), Drive("backendError"), Action.RETRY, "server", Throttled),
    ("dropped", NETWORK, Graph(), Drive(), Action.RETRY, "network", Throttled),
    ("400 load", 400, Graph("invalidRequest", message="Invalid request"), None,
     Action.RETRY, "load", Throttled),
    ("423", 423, Graph("resourceLocked"), None, Action.DEFER, "locked", Deferred),
    ("upload cap", 403, None, Drive("userRateLimitExceeded", "User rate limit exceeded.", True),
     Action.PAUSE, "upload-cap", PausedUntil),
    ("400 name", 400, Graph("invalidRequest", "pathIsTooLong"), None,
     Action.FAIL, "answer", InvalidName),
    ("404", 404, Graph("itemNotFound"), Drive("notFound"), Action.FAIL, "answer", ItemNotFound),
    ("409", 409, Graph("nameAlreadyExists"), Drive("duplicate"),
     Action.FAIL, "answer", NameConflict),
    ("401", 401, Graph("unauthenticated"), Drive("authError"), Action.FAIL, "answer", DriveError),
    ("403 access", 403, Graph("accessDenied"), Drive("insufficientFilePermissions"),
     Action.FAIL, "answer", DriveError),
]  # fmt: skip


def graph_failure(status: int, answer: Graph) -> Failure:
    if status == NETWORK:
        return Failure(0, method="PATCH")  # what PacedTransport builds for httpx.TransportError
    error: dict[str, object] = {"code": answer.code, "message": answer.message}
    if answer.inner:
        error["innerError"] = {"code": answer.inner}
    body = {"error": error}
    headers = httpx.Headers({"Retry-After": answer.retry_after} if answer.retry_after else {})
    return graph_failure_of(status, json.dumps(body).encode(), headers, "PATCH")


def drive_failure(status: int, answer: Drive) -> Failure:
    if status == NETWORK:
        made = failure_from(ConnectionResetError("reset by peer"), upload=answer.upload)
        assert made is not None
        return made
    detail = {"domain": "usageLimits", "reason": answer.reason, "message": answer.message}
    body = {"error": {"code": status, "message": answer.message, "errors": [detail]}}
    return failure_of_body(status, json.dumps(body).encode(), {}, upload=answer.upload)


ROWS = [
    pytest.param(status, cloud, answer, action, kind, error, id=f"{name}-{cloud}")
    for name, status, graph, drive, action, kind, error in TABLE
    for cloud, answer in (("graph", graph), ("drive", drive))
    if answer is not None
]


@pytest.mark.parametrize(("status", "cloud", "answer", "action", "kind", "error"), ROWS)
def test_each_error_class_has_one_verdict_on_both_clouds(
    status: int, cloud: str, answer: Graph | Drive, action: Action, kind: str,
    error: type[DriveError],
) -> None:  # fmt: skip
    if isinstance(answer, Graph):
        failure = graph_failure(status, answer)
    else:
        failure = drive_failure(status, answer)
    verdict = classify(failure)
    assert (verdict.action, verdict.kind) == (action, kind)
    made = to_error(failure, "move x", service="the cloud")
    assert type(made) is error
    assert "move x" in str(made)


def test_every_class_the_clouds_share_is_in_the_table_for_both() -> None:
    """A class only one cloud answers is a documented difference, not an omission."""
    one_sided = {name for name, _s, graph, drive, *_ in TABLE if graph is None or drive is None}
    assert one_sided == {"403 rate", "403 user rate", "400 load", "423", "upload cap", "400 name"}


def test_retry_after_is_read_by_both_clouds() -> None:
    graph = graph_failure(429, Graph("activityLimitReached", retry_after="7"))
    body = json.dumps({"error": {"code": 429, "errors": [{"reason": "rateLimitExceeded"}]}})
    drive = failure_of_body(429, body.encode(), {"retry-after": "7"})
    assert graph.retry_after == drive.retry_after == 7


def test_throttling_waits_exactly_retry_after_and_backoff_grows() -> None:
    pacer = Pacer(time_scale=1.0, base_delay=0.5)
    assert pacer.wait_for(classify(Failure(429, retry_after=7)), 0) == 7
    waits = [pacer.wait_for(classify(Failure(502)), n) for n in range(4)]
    assert waits == [0.5, 1.0, 2.0, 4.0]
    assert not pacer.should_retry(classify(Failure(400, "invalidRequest")), 3)
    assert pacer.stats.retries["server"] == 4 and pacer.stats.throttled == 1


def test_a_throttle_without_retry_after_backs_off_exponentially_from_one_second() -> None:
    """Drive's rate limits carry no Retry-After: "exponential backoff" (guides/limits)."""
    pacer = Pacer(time_scale=1.0, base_delay=0.5)
    rate = drive_failure(403, Drive("userRateLimitExceeded", "User Rate Limit Exceeded"))
    assert [pacer.wait_for(classify(rate), n) for n in range(4)] == [1.0, 2.0, 4.0, 8.0]
