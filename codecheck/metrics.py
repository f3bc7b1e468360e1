"""What the API counts for its operator, in the Prometheus text format (prometheus-client):
``GET /api/v1/metrics``.

Several processes (uvicorn's workers, `python -m server api --workers N`) report together in
prometheus-client's multiprocess mode: every process writes its counts into the folder
``PROMETHEUS_MULTIPROC_DIR`` names, and the process that answers a scrape sums them all. The
server's start sets that folder and empties it (server/metrics_folder.py); without it a process
reports its own counts only (tests, ``uvicorn --factory codecheck.app:create_app``).

No label holds a client address, a code, a page or any text a client sent: only names from
fixed lists (the answers, the API's error codes, its endpoints, the services). The endpoint is
for the operator's scraper on the workers' own address: a request relayed by a proxy (it carries
X-Forwarded-For) gets 404, and the generated nginx.conf answers 404 to it from outside.
"""

from __future__ import annotations

import os
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from codecheck.feedback import ANSWERS
from codecheck.notices import KINDS as NOTICE_KINDS
from codecheck.registry import ANSWER_STATUSES

ROUTE = "/v1/metrics"   # under the API's mount: GET /api/v1/metrics
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
MEDIA_TYPE = CONTENT_TYPE_LATEST
# The services a request may find down (codecheck.app.guarded), and "internal" for a bug.
SERVICES = ("registry", "limits", "feedback_pages", "internal")
# Seconds: a check takes a millisecond or two on a quiet server; the top buckets catch a stall.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
OTHER_ENDPOINT = "other"


class Metrics:
    """The API's counters and its latency histogram, in a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.multiprocess = bool(os.environ.get(MULTIPROCESS_VARIABLE))
        if self.multiprocess and values.ValueClass is values.MutexValue:
            # prometheus-client chose its mode when imported, before the variable was set.
            raise RuntimeError(f"{MULTIPROCESS_VARIABLE} must be set before prometheus_client is imported")
        self.registry = CollectorRegistry()
        self.checks = Counter("codecheck_checks", "Access-code checks answered, by the answer's status.",
                              ["status"], registry=self.registry)
        self.refusals = Counter("codecheck_refusals",
                                "Requests answered with an error instead of an answer, by endpoint and by the "
                                "API's error code (rate_limited 429, challenge_required 428, registry_unavailable "
                                "503, ...).", ["endpoint", "reason"], registry=self.registry)
        self.feedback = Counter("codecheck_feedback_answers", 'Answers to "Is this page useful?" counted.',
                                ["answer"], registry=self.registry)
        self.notices_shown = Counter("codecheck_notices_shown",
                                     "Notices put into a page (or its fragment sent), by kind.",
                                     ["kind"], registry=self.registry)
        self.service_errors = Counter("codecheck_service_errors",
                                      "Times a service the API needs could not be used (the registry's database, "
                                      "the limits' store, the build's list of pages), and unexpected failures.",
                                      ["service"], registry=self.registry)
        self.latency = Histogram("codecheck_request_duration_seconds",
                                 "Time from a request's arrival to the end of its answer, by endpoint.",
                                 ["endpoint"], buckets=LATENCY_BUCKETS, registry=self.registry)
        # Every series exists from the start, at 0: a rate over a missing series is no rate.
        for status in ANSWER_STATUSES:
            self.checks.labels(status)
        for answer in ANSWERS:
            self.feedback.labels(answer)
        for service in SERVICES:
            self.service_errors.labels(service)
        for kind in NOTICE_KINDS:
            self.notices_shown.labels(kind)

    def exposition(self) -> bytes:
        """The text a scrape gets: every process's counts summed in multiprocess mode."""
        if self.multiprocess:
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


class RequestMetrics:
    """ASGI middleware of the API: each request's duration by endpoint (the route's name)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                self.metrics.latency.labels(endpoint_of(scope)).observe(time.perf_counter() - started)

        await self.app(scope, receive, timed_send)


def endpoint_of(scope: Scope) -> str:
    """The name of the API route that took the request (set by the router), else "other"."""
    route = scope.get("route")
    return route.name if isinstance(route, Route) and route.name else OTHER_ENDPOINT
