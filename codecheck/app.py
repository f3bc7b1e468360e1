"""The code-check API as an ASGI app (Starlette).

``create_app`` answers full paths (``/api/v1/...``): its one route is a ``Mount`` of the API at
``/api``, which the site server takes into its own router (server/app.py), and its lifespan
opens the registry's pool and the limits' store at start and closes them at stop. Standalone:
``python -m server api`` or ``uvicorn --factory codecheck.app:create_app``.

Nothing here logs a request body or a code, and no exception text reaches a client or a log:
an unexpected failure is logged by its type only and answered with a JSON 500.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from urllib.parse import parse_qsl
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import RedirectResponse, Response
from starlette.middleware import Middleware
from starlette.routing import Mount, Route

from codecheck.challenge import Challenges
from codecheck.errors import COMMON_HEADERS, ApiError, error_response, json_response
from codecheck.feedback import ANSWERS, MAX_PAGE_LENGTH, NO_REASON, REASONS, Feedback, FeedbackPages, PagesUnavailable
from codecheck.limits import (Limiter, LimitsUnavailable, Network, address_of, build_limiter, client_address,
                             client_key)
from codecheck.metrics import MEDIA_TYPE as METRICS_MEDIA_TYPE, ROUTE as METRICS_ROUTE, Metrics, RequestMetrics, endpoint_of
from codecheck.notices import FRAGMENT_CACHE_CONTROL, FRAGMENT_ROUTE, JSON_ROUTE, NoticeBoard, utc_text
from codecheck.openapi import build_openapi
from codecheck.registry import Registry, open_registry
from codecheck.settings import Settings
from codecheck.store import StoreUnavailable

log = logging.getLogger("codecheck")
API_PREFIX = "/api"


def is_json_content_type(value: str | None, media: str = "application/json") -> bool:
    """``application/json`` (or ``media``), with no charset or with UTF-8 (the only one JSON allows)."""
    if not value:
        return False
    media_type, _, parameters = value.partition(";")
    if media_type.strip().lower() != media:
        return False
    for parameter in parameters.split(";"):
        name, _, charset = parameter.partition("=")
        if name.strip().lower() == "charset" and charset.strip().strip('"').lower() not in {"utf-8", "utf8"}:
            return False
    return True


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it is known to be larger than ``limit``: by its
    Content-Length before reading, else by counting while reading."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise ApiError("body_too_large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError("body_too_large")
        chunks.append(chunk)
    return b"".join(chunks)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ApiError("invalid_body")
    return dict(pairs)


def typed_body(body: bytes) -> tuple[str, str | None]:
    """The ``code`` string of a check request body, and its ``altcha`` solution if any."""
    try:
        data = json.loads(body.decode("utf-8"), object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError("invalid_json") from None
    if (not isinstance(data, dict) or "code" not in data or not data.keys() <= {"code", "altcha"}
            or not isinstance(data["code"], str) or not isinstance(data.get("altcha", ""), str)):
        raise ApiError("invalid_body")
    return data["code"], data.get("altcha")


def typed_code(body: bytes) -> str:
    """The ``code`` string of a check request body."""
    return typed_body(body)[0]


def client_of(request: Request, trusted_proxies: tuple[Network, ...]) -> str:
    """The limits' key of the client: its address, from X-Forwarded-For only behind a trusted proxy."""
    peer = request.client.host if request.client else None
    return client_key(client_address(peer, request.headers.get("x-forwarded-for"), trusted_proxies))


def is_metrics_client(request: Request, allowed: tuple[Network, ...]) -> bool:
    """Whether the TCP peer is one of the addresses allowed to read the metrics."""
    address = address_of(request.client.host) if request.client else None
    return address is not None and any(address in network for network in allowed)


# A service that is down: its exception, the API's error code, the metrics' service name.
UNAVAILABLE = {LimitsUnavailable: ("limits_unavailable", "limits"),
               StoreUnavailable: ("registry_unavailable", "registry"),
               PagesUnavailable: ("feedback_unavailable", "feedback_pages")}


async def guarded(what: str, answer: Awaitable[Response], metrics: Metrics) -> Response:
    """An endpoint's answer: a service that is down is a 503 naming it (never an unlimited or
    made-up answer), a bug a 500 whose log line names its type only (its text may quote input)."""
    try:
        return await answer
    except ApiError:
        raise
    except tuple(UNAVAILABLE) as error:
        code, service = next(names for kind, names in UNAVAILABLE.items() if isinstance(error, kind))
        log.warning("%s: %s (%s)", what, code, type(error).__name__)
        metrics.service_errors.labels(service).inc()
        raise ApiError(code, headers={"Retry-After": "5"}) from None
    except ClientDisconnect:
        return error_response("bad_request")  # nobody is listening any more
    except Exception as error:  # noqa: BLE001 - the type only
        log.error("%s failed: %s", what, type(error).__name__)
        metrics.service_errors.labels("internal").inc()
        return error_response("internal_error")


class CheckEndpoint:
    def __init__(self, registry: Registry, limiter: Limiter, max_body_bytes: int,
                 challenges: Challenges, metrics: Metrics, trusted_proxies: tuple[Network, ...] = ()) -> None:
        self.registry = registry
        self.limiter = limiter
        self.max_body_bytes = max_body_bytes
        self.challenges = challenges
        self.metrics = metrics
        self.trusted_proxies = trusted_proxies

    async def handle(self, request: Request) -> Response:
        return await guarded("access-code check", self._check(request), self.metrics)

    async def _check(self, request: Request) -> Response:
        client = client_of(request, self.trusted_proxies)
        verdict = await self.limiter.admit(client)
        if not verdict.allowed:
            raise ApiError("rate_limited", headers={"Retry-After": str(verdict.retry_after)})
        if not is_json_content_type(request.headers.get("content-type")):
            raise ApiError("unsupported_media_type")
        typed, solution = typed_body(await read_body(request, self.max_body_bytes))
        code = self.registry.canonical(typed)
        if code is None:
            raise ApiError("invalid_code_form")
        if verdict.challenge:
            await self._require_solution(solution)
        answer = await self.registry.check(code)
        await self.limiter.record(client, unknown=answer.status == "unknown")
        self.metrics.checks.labels(answer.status).inc()
        return json_response(answer.as_json())


    async def _require_solution(self, solution: str | None) -> None:
        if solution is None:
            raise ApiError("challenge_required", extra={"challenge": self.challenges.new()})
        token = self.challenges.verify(solution)
        if token is None or not await self.limiter.first_use(token):
            raise ApiError("challenge_failed", extra={"challenge": self.challenges.new()})


FORM = "application/x-www-form-urlencoded"
FEEDBACK_FIELDS = {"page", "language", "answer", "reason"}


def feedback_fields(body: bytes, form: bool) -> dict[str, str]:
    """The fields of a feedback body (JSON, or a plain HTML form's), each a string, given once."""
    try:
        text = body.decode("utf-8")
        if form:
            data: Any = _unique_keys(parse_qsl(text, keep_blank_values=True, strict_parsing=True, max_num_fields=8))
        else:
            data = json.loads(text, object_pairs_hook=_unique_keys)
    except ApiError:
        raise ApiError("invalid_feedback") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError("invalid_feedback" if form else "invalid_json") from None
    if (not isinstance(data, dict) or not {"page", "language", "answer"} <= data.keys() <= FEEDBACK_FIELDS
            or not all(isinstance(value, str) for value in data.values())):
        raise ApiError("invalid_feedback")
    return data


def checked_feedback(fields: dict[str, str], pages: FeedbackPages) -> tuple[Feedback, str]:
    """The answer, once its page is one of the build's list; and that page's path on the site."""
    if fields["answer"] not in ANSWERS or len(fields["page"]) > MAX_PAGE_LENGTH or len(fields["language"]) > 10:
        raise ApiError("invalid_feedback")
    reason = fields.get("reason", NO_REASON)
    if reason and (reason not in REASONS or fields["answer"] != "no"):
        raise ApiError("unknown_reason")
    page = pages.current().find(fields["language"], fields["page"])
    if page is None:
        raise ApiError("unknown_page")
    return Feedback(page.language, page.page, fields["answer"], reason), page.path


class FeedbackEndpoint:
    """``POST /api/v1/feedback``: one answer to "Is this page useful?", counted for the day.

    JSON (the widget's script) gets 200; a plain form (no JavaScript) gets 303 back to the
    page's next anchor. Nothing about the client is stored: its address only counts against
    its budget in the limits' store."""

    def __init__(self, registry: Registry, limiter: Limiter, pages: FeedbackPages, max_body_bytes: int,
                 metrics: Metrics, trusted_proxies: tuple[Network, ...] = ()) -> None:
        self.registry = registry
        self.limiter = limiter
        self.pages = pages
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics
        self.trusted_proxies = trusted_proxies

    async def handle(self, request: Request) -> Response:
        return await guarded("feedback", self._count(request), self.metrics)

    async def _count(self, request: Request) -> Response:
        client = client_of(request, self.trusted_proxies)
        verdict = await self.limiter.admit_feedback(client)
        if not verdict.allowed:
            raise ApiError("rate_limited", headers={"Retry-After": str(verdict.retry_after)})
        content_type = request.headers.get("content-type")
        form = is_json_content_type(content_type, FORM)
        if not form and not is_json_content_type(content_type):
            raise ApiError("unsupported_media_type")
        fields = feedback_fields(await read_body(request, self.max_body_bytes), form)
        feedback, path = checked_feedback(fields, self.pages)
        await self.registry.store.add_feedback(self.registry.today(), feedback.language, feedback.page,
                                               feedback.answer, feedback.reason)
        self.metrics.feedback.labels(feedback.answer).inc()
        if form:
            return RedirectResponse(f"{path}#{feedback.next_anchor}", status_code=303, headers=COMMON_HEADERS)
        return json_response({"status": "counted"})


async def health(request: Request) -> Response:
    """Liveness: the process answers. Whether its services do is /api/v1/ready."""
    return json_response({"status": "ok"})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
    headers = {"Allow": exc.headers["Allow"]} if exc.headers and "Allow" in exc.headers else None
    return error_response(code, headers)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("API request failed: %s", type(exc).__name__)
    return error_response("internal_error")


def create_app(settings: Settings | None = None) -> Starlette:
    """The API at /api/..., on the registry and limits that ``settings`` (default: the
    environment) name. Opens (and on first start creates) the registry and its key file at once,
    so that a bad setting stops the start; its lifespan opens the connections the requests use."""
    settings = settings or Settings.from_env()
    registry = open_registry(settings)
    try:
        limiter = build_limiter(settings.limits)
    except BaseException:
        registry.close()
        raise
    metrics = Metrics()
    schema = build_openapi(settings, registry.rules)
    challenges = Challenges(registry.hasher.derived_key(b"altcha"), settings.limits.challenge_max_number,
                            settings.limits.challenge_seconds)
    check = CheckEndpoint(registry, limiter, settings.max_body_bytes, challenges, metrics, settings.trusted_proxies)
    feedback = FeedbackEndpoint(registry, limiter, FeedbackPages(settings.feedback_pages), settings.max_body_bytes,
                                metrics, settings.trusted_proxies)

    async def openapi(request: Request) -> Response:
        return json_response(schema)

    notices = NoticeBoard(registry.store, settings.clock, lambda kind: metrics.notices_shown.labels(kind).inc())
    languages = settings.languages()

    async def current_notices(lang: str) -> str:
        """The fragment; "" when the database cannot be reached (a page never waits on it)."""
        try:
            return await notices.fragment(lang)
        except StoreUnavailable:
            log.warning("notices: registry_unavailable")
            metrics.service_errors.labels("registry").inc()
            return ""

    async def notices_fragment(request: Request) -> Response:
        """GET /api/v1/notices/current.<lang>.html: what the pages include (nginx's SSI)."""
        lang = request.path_params["lang"]
        if lang not in languages:
            raise ApiError("not_found")
        return Response(await current_notices(lang), media_type="text/html",
                        headers={**COMMON_HEADERS, "Cache-Control": FRAGMENT_CACHE_CONTROL})

    async def notices_json(request: Request) -> Response:
        """GET /api/v1/notices/current.json: the current notices, read only."""
        current = await guarded("notices", notices.current(), metrics)
        return json_response({"notices": [
            {"key": n.key, "kind": n.kind, "starts_at": utc_text(n.starts_at), "ends_at": utc_text(n.ends_at),
             "texts": dict(n.texts), "link": n.link} for n in current]},
            headers={"Cache-Control": FRAGMENT_CACHE_CONTROL})

    async def ready(request: Request) -> Response:
        """Readiness: every service the checks need answers; else 503 naming the ones down."""
        try:
            await asyncio.wait_for(registry.store.ping(), timeout=3.0)
            registry_ok = True
        except Exception:  # noqa: BLE001 - StoreUnavailable, a timeout
            registry_ok = False
        checks = {"registry": "ok" if registry_ok else "down", "limits": "ok" if await limiter.ready() else "down"}
        for service, state in checks.items():
            if state == "down":
                metrics.service_errors.labels(service).inc()
        if all(state == "ok" for state in checks.values()):
            return json_response({"status": "ready", "checks": checks})
        return error_response("not_ready", {"Retry-After": "5"}, {"checks": checks})

    async def scrape(request: Request) -> Response:
        """The metrics, for a scraper the settings name (loopback by default) on the workers' own
        address; 404 to anyone else and through a proxy."""
        if "x-forwarded-for" in request.headers or not is_metrics_client(request, settings.metrics_clients):
            raise ApiError("not_found")
        return Response(metrics.exposition(), media_type=METRICS_MEDIA_TYPE,
                        headers={"Cache-Control": "no-store"})

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        metrics.refusals.labels(endpoint_of(request.scope), exc.code).inc()
        return error_response(exc.code, exc.headers, exc.extra)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The PostgreSQL pool and the Redis connections belong to the server's event loop.
        await registry.aopen()
        limits_state = "ready" if await limiter.ready() else "not answering (checks get 503 until it does)"
        log.info("API started in process %d: registry %s, limits %s", os.getpid(), registry.store.kind, limits_state)
        try:
            yield
        finally:
            await limiter.aclose()
            await registry.aclose()
            log.info("API stopped in process %d: registry closed (%s), limits' store closed",
                     os.getpid(), registry.store.kind)

    exception_handlers = {ApiError: api_error, HTTPException: _http_error, Exception: _unexpected_error}
    api = Starlette(
        routes=[
            Route("/v1/access-codes/check", check.handle, methods=["POST"], name="check"),
            Route("/v1/feedback", feedback.handle, methods=["POST"], name="feedback"),
            Route("/v1/health", health, methods=["GET"], name="health"),
            Route("/v1/ready", ready, methods=["GET"], name="ready"),
            Route("/v1/openapi.json", openapi, methods=["GET"], name="openapi"),
            Route(FRAGMENT_ROUTE, notices_fragment, methods=["GET"],
                  name="notices_fragment"),
            Route(JSON_ROUTE, notices_json, methods=["GET"], name="notices"),
            Route(METRICS_ROUTE, scrape, methods=["GET"], name="metrics"),
        ],
        middleware=[Middleware(RequestMetrics, metrics=metrics)],
        exception_handlers=exception_handlers,
    )
    api.router.redirect_slashes = False  # /api/v1/health/ is a 404, not a redirect
    app = Starlette(routes=[Mount(API_PREFIX, app=api, name="api")], exception_handlers=exception_handlers,
                    lifespan=lifespan)
    app.router.redirect_slashes = False
    app.state.registry = registry
    app.state.limiter = limiter
    app.state.metrics = metrics
    app.state.notices_fragment = current_notices   # the Python server puts it into its pages
    return app
