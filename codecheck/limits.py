"""Limits against guessing codes through the API, counted by the ``limits`` library.

A code has 36^12 (about 4.7e18) possible values, so guessing one is hopeless unless someone can
ask very often. Three counts make sure nobody can (defaults in ``codecheck.settings``):

* **checks per client address: 10 per 60 s.** A holder types one code, perhaps retypes it after
  a typo, perhaps checks a colleague's letter from the same office (one address behind the
  company's router): 10 a minute is ample, and a script is slowed to a walk. Over budget: 429.
* **"unknown" answers per client address: 20 per 24 hours.** Far below the at most 100
  consecutive failed attempts that NIST SP 800-63B allows for a memorised secret, with room for
  the typos of one office. When it is used up, every check from that address is refused until
  the oldest of those answers is 24 hours old: refusing only unknown codes would tell a known
  code from an unknown one. 429.
* **"unknown" answers, all clients together: 60 per minute.** The signal that someone guesses
  from many addresses (OWASP ASVS anti-automation). While it is reached, a check is answered
  only with a solved proof-of-work challenge (``codecheck.challenge``): nobody is locked out,
  each guess costs the guesser a computation, and the per-address budgets keep applying. At 60
  unknown answers a minute a year of guessing against 100,000 live codes has about one chance
  in 150,000 of hitting one; above it, every guess also costs the work.

All windows are **moving windows** (the library's ``MovingWindowRateLimiter``): a count is of
the answers in the last N seconds, so there is no burst of twice a budget across a boundary.
Refusals are 429 with Retry-After (whole seconds until the oldest counted check leaves the
window). A check is admitted before its answer is counted, so checks in flight at the same
moment can pass a cap by their number.

The answers to "Is this page useful?" have a budget of their own: **20 per client address per
hour** (``CODECHECK_FEEDBACK_PER_HOUR``), enough for a visitor who reads a dozen pages and adds
reasons, too few for one address to tilt the counts. Over it: 429.

Where the counts live is ``CODECHECK_LIMITS_STORAGE``: ``memory://`` (the default: one process)
or ``redis://host:port/db``, shared by every worker and server so that each address has one
budget. When that store cannot be reached the API **fails closed**: 503 ``limits_unavailable``,
never unlimited.

The client address is the TCP peer, or, when the peer is one of ``CODECHECK_TRUSTED_PROXIES``,
the address the proxies put in ``X-Forwarded-For`` (``client_address``). IPv6 addresses count
per /64 network, which one household or attacker usually holds whole.
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.storage import storage_from_string
from limits.aio.strategies import MovingWindowRateLimiter

from codecheck.settings import LimitSettings

DAY = 86_400
HOUR = 3_600
MINUTE = 60
KEY_PREFIX = "codecheck"
# Redis answers in microseconds on a good day: waiting longer than this means it is gone.
REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
# Connections per process: a burst of checks queues for these (up to REDIS_QUEUE_SECONDS) rather
# than opening one connection per request at once, which on a busy machine outlasts the timeouts.
REDIS_CONNECTIONS = 8
REDIS_QUEUE_SECONDS = 2.0


class LimitsUnavailable(Exception):
    """The limits' store cannot be reached: the API refuses (503) rather than go unlimited."""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0
    """Whole seconds until a refused client may try again (at least 1 when refused)."""
    challenge: bool = False
    """Allowed only with a solved proof-of-work challenge."""


ALLOWED = Verdict(True)


class Limiter(Protocol):
    async def admit(self, client: str) -> Verdict:
        """Whether a check from ``client`` may go ahead (perhaps with a challenge); counts it."""
        ...

    async def record(self, client: str, unknown: bool) -> None:
        """Counts the answer given to ``client``."""
        ...

    async def first_use(self, token: str) -> bool:
        """True the first time ``token`` (a challenge's signature) is seen within its lifetime."""
        ...

    async def ready(self) -> bool:
        """Whether the limits' store answers."""
        ...

    async def admit_feedback(self, client: str) -> Verdict:
        """Whether an answer to "Is this page useful?" from ``client`` may be counted; counts it."""
        ...

    async def aclose(self) -> None:
        """Closes the connections to the limits' store (at the server's stop)."""
        ...


class NoLimits:
    """For benchmarks and tests only (CODECHECK_LIMITS=off)."""

    async def admit(self, client: str) -> Verdict:
        return ALLOWED

    async def record(self, client: str, unknown: bool) -> None:
        return None

    async def first_use(self, token: str) -> bool:
        return True

    async def ready(self) -> bool:
        return True

    async def admit_feedback(self, client: str) -> Verdict:
        return ALLOWED

    async def aclose(self) -> None:
        return None


def storage_uri(setting: str) -> str:
    """The library's async storage URI for a CODECHECK_LIMITS_STORAGE value."""
    return "async+" + setting


def open_storage(setting: str) -> tuple[Storage, Callable[[], Awaitable[None]] | None]:
    """The library's storage for the setting, and what closes its connections (Redis: a pool of
    our own, so that the server's stop can close it)."""
    if setting.startswith(("redis://", "rediss://")):
        import redis.asyncio

        pool = redis.asyncio.BlockingConnectionPool.from_url(setting, max_connections=REDIS_CONNECTIONS,
                                                             timeout=REDIS_QUEUE_SECONDS, **REDIS_OPTIONS)
        storage = storage_from_string(storage_uri(setting), implementation="redispy", key_prefix=KEY_PREFIX,
                                      wrap_exceptions=True, connection_pool=pool)
        return storage, pool.aclose
    return storage_from_string(storage_uri(setting), wrap_exceptions=True), None


class LibraryLimiter:
    """The policy above, on a ``limits`` storage and its moving-window strategy."""

    def __init__(self, storage: Storage, limits: LimitSettings,
                 close: Callable[[], Awaitable[None]] | None = None) -> None:
        self.storage = storage
        self._close = close
        self._strategy = MovingWindowRateLimiter(storage)
        self._checks = RateLimitItemPerSecond(limits.client_checks, limits.client_window_seconds, namespace="checks")
        self._unknown = RateLimitItemPerSecond(limits.client_unknown_per_day, DAY, namespace="unknown")
        self._everyone = RateLimitItemPerSecond(limits.global_unknown_per_minute, MINUTE, namespace="unknown-all")
        self._used = RateLimitItemPerSecond(1, 2 * limits.challenge_seconds, namespace="challenge-used")
        self._always_challenge = limits.challenge == "always"
        self._feedback = RateLimitItemPerSecond(limits.feedback_per_hour, HOUR, namespace="feedback")

    async def _retry_after(self, item: RateLimitItem, client: str) -> int:
        stats = await self._strategy.get_window_stats(item, client)
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def admit(self, client: str) -> Verdict:
        try:
            checks_ok, unknown_ok, quiet = await asyncio.gather(
                self._strategy.hit(self._checks, client),
                self._strategy.test(self._unknown, client),
                self._strategy.test(self._everyone, "all"),
            )
            if not checks_ok:
                return Verdict(False, await self._retry_after(self._checks, client))
            if not unknown_ok:
                return Verdict(False, await self._retry_after(self._unknown, client))
        except Exception as error:  # noqa: BLE001 - StorageError, or the client's own errors
            raise LimitsUnavailable(type(error).__name__) from None
        return Verdict(True, challenge=self._always_challenge or not quiet)

    async def record(self, client: str, unknown: bool) -> None:
        if not unknown:
            return
        try:
            await asyncio.gather(
                self._strategy.hit(self._unknown, client),
                self._strategy.hit(self._everyone, "all"),
            )
        except Exception as error:  # noqa: BLE001
            raise LimitsUnavailable(type(error).__name__) from None

    async def first_use(self, token: str) -> bool:
        try:
            return await self._strategy.hit(self._used, token)
        except Exception as error:  # noqa: BLE001
            raise LimitsUnavailable(type(error).__name__) from None

    async def admit_feedback(self, client: str) -> Verdict:
        try:
            if await self._strategy.hit(self._feedback, client):
                return ALLOWED
            return Verdict(False, await self._retry_after(self._feedback, client))
        except Exception as error:  # noqa: BLE001
            raise LimitsUnavailable(type(error).__name__) from None

    async def ready(self) -> bool:
        try:
            return bool(await asyncio.wait_for(self.storage.check(), timeout=1.0))
        except Exception:  # noqa: BLE001
            return False

    async def aclose(self) -> None:
        if self._close is not None:
            await self._close()


def build_limiter(limits: LimitSettings) -> Limiter:
    if not limits.enabled:
        return NoLimits()
    storage, close = open_storage(limits.storage)
    return LibraryLimiter(storage, limits, close)


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def address_of(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str | None:
    """The client's address: the TCP peer, unless the peer is a trusted proxy; then the
    right-most address of ``X-Forwarded-For`` that is not a trusted proxy (each proxy appends
    the peer it saw; anything further left was written by the client and proves nothing).
    A forged header from any other peer is ignored."""
    if not peer or not trusted or not forwarded_for:
        return peer
    hop = address_of(peer)
    if hop is None or not any(hop in network for network in trusted):
        return peer
    for item in reversed(forwarded_for.split(",")):
        address = address_of(item)
        if address is None:
            return str(hop)  # garbage where an address should be: count the last good hop
        if not any(address in network for network in trusted):
            return str(address)
        hop = address
    return str(hop)


def client_key(host: str | None) -> str:
    """The address that a client's budget belongs to: IPv4 as is, IPv6 by /64 network."""
    if not host:
        return "no-address"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]  # not an IP (a Unix socket, a test client): count it by its name
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
