"""Limits against guessing codes through the API.

A code has 36^12 (about 4.7e18) possible values, so guessing one is hopeless unless someone can
ask very often. Three counters make sure nobody can (defaults in ``codecheck.settings``):

* **checks per client address: 10 per 60 s.** A holder types one code, perhaps retypes it after
  a typo, perhaps checks a colleague's letter from the same office (one address behind the
  company's router): 10 a minute is ample, and a script is slowed to a walk.
* **"unknown" answers per client address: 20 per day (UTC).** Far below the at most 100
  consecutive failed attempts that NIST SP 800-63B allows for a memorised secret, with room for
  the typos of one office. When it is used up, every check from that address is refused until
  the day's end: refusing only unknown codes would tell a known code from an unknown one.
* **"unknown" answers, all clients together: 60 per minute.** The fuse against guessing from
  many addresses (OWASP ASVS anti-automation). Honest "unknown" answers are rare (typos), so
  60 a minute is far above normal use; at that rate a year of guessing against 100,000 live
  codes has about one chance in 150,000 of hitting one. While the cap is reached every check
  is refused for the rest of the minute, for the same reason as above. The price: a flood of
  wrong guesses can make the checker refuse everyone for a while; the page then tells people
  when to try again and how to work the date out from the letter.

Refusals are 429 with Retry-After (whole seconds to the end of the window that refused).
A check is admitted before its answer is counted, so checks in flight at the same moment can
pass a cap by their number (a handful with one worker).
The windows are fixed (aligned to multiples of their length since the Unix epoch): simple,
exact to explain, and the same with Redis (INCRBY + EXPIRE on a key per window). A client can
reach at most twice a limit across a window boundary, which changes none of the sums above.

The client address is the ASGI client host: the TCP peer. Behind a reverse proxy that is the
proxy, so run uvicorn with ``--proxy-headers --forwarded-allow-ips=<the proxy's address>`` (or
the proxy's equivalent), or every visitor shares one budget. IPv6 addresses count per /64
network, which one household or attacker usually holds whole.

The counters live in memory, per process: with several workers or servers, each has its own
budgets; give them a shared ``CounterStore`` (Redis) then. The memory store tracks at most
``tracked_clients`` addresses; past that (an attack from very many addresses) it refuses checks
from addresses it does not track yet, until old windows expire.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from codecheck.settings import LimitSettings

DAY = 86_400
MINUTE = 60
GLOBAL_UNKNOWN = "unknown-all"  # client keys are "unknown:<address>": no clash


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0
    """Whole seconds until a refused client may try again (at least 1 when refused)."""


ALLOWED = Verdict(True)


class Limiter(Protocol):
    async def admit(self, client: str) -> Verdict:
        """Whether a check from ``client`` may go ahead; counts it when it may."""
        ...

    async def record(self, client: str, unknown: bool) -> None:
        """Counts the answer given to ``client``: the same work whatever the answer."""
        ...


class CountersFull(Exception):
    """The counter store cannot track one more key."""


class CounterStore(Protocol):
    async def add(self, key: str, amount: int, window_seconds: int, now: float) -> int:
        """Adds ``amount`` (0 to read) to the count of ``key`` in the fixed window holding
        ``now``; returns the new count. Raises CountersFull when a new key does not fit."""
        ...


def window_end(now: float, window_seconds: int) -> float:
    return (math.floor(now / window_seconds) + 1) * window_seconds


class MemoryCounters:
    """Counters in a dict, for one process. Expired windows are dropped when it grows full."""

    def __init__(self, max_keys: int, prune_interval: float = 1.0, always_room: frozenset[str] = frozenset()) -> None:
        self._counts: dict[tuple[str, int], tuple[int, float]] = {}
        self._max_keys = max_keys
        self._always_room = always_room  # keys counted even when full (the global ones)
        self._prune_interval = prune_interval
        self._last_prune = -math.inf

    def __len__(self) -> int:
        return len(self._counts)

    async def add(self, key: str, amount: int, window_seconds: int, now: float) -> int:
        slot = (key, math.floor(now / window_seconds))
        entry = self._counts.get(slot)
        if entry is None:
            if amount == 0:
                return 0
            if len(self._counts) >= self._max_keys and key not in self._always_room and not self._prune(now):
                raise CountersFull
            count = amount
        else:
            count = entry[0] + amount
        self._counts[slot] = (count, window_end(now, window_seconds))
        return count

    def _prune(self, now: float) -> bool:
        """Drops expired windows (at most once per interval); True when there is room."""
        if now - self._last_prune >= self._prune_interval:
            self._last_prune = now
            self._counts = {slot: entry for slot, entry in self._counts.items() if entry[1] > now}
        return len(self._counts) < self._max_keys


class NoLimits:
    """For benchmarks and tests only (CODECHECK_LIMITS=off)."""

    async def admit(self, client: str) -> Verdict:
        return ALLOWED

    async def record(self, client: str, unknown: bool) -> None:
        return None


class WindowLimiter:
    def __init__(self, counters: CounterStore, limits: LimitSettings, clock: Callable[[], float] = time.time):
        self._counters = counters
        self._limits = limits
        self._clock = clock

    async def admit(self, client: str) -> Verdict:
        now = self._clock()
        limits = self._limits
        refused_until = 0.0
        try:
            if await self._counters.add(GLOBAL_UNKNOWN, 0, MINUTE, now) >= limits.global_unknown_per_minute:
                refused_until = window_end(now, MINUTE)
            if await self._counters.add(f"unknown:{client}", 0, DAY, now) >= limits.client_unknown_per_day:
                refused_until = max(refused_until, window_end(now, DAY))
            if not refused_until:
                window = limits.client_window_seconds
                if await self._counters.add(f"checks:{client}", 1, window, now) > limits.client_checks:
                    refused_until = window_end(now, window)
        except CountersFull:
            refused_until = now + MINUTE
        if refused_until:
            return Verdict(False, max(1, math.ceil(refused_until - now)))
        return ALLOWED

    async def record(self, client: str, unknown: bool) -> None:
        now = self._clock()
        amount = 1 if unknown else 0
        await self._counters.add(GLOBAL_UNKNOWN, amount, MINUTE, now)
        try:
            await self._counters.add(f"unknown:{client}", amount, DAY, now)
        except CountersFull:
            pass  # the global count went up; and a full store refuses new windows in admit


def build_limiter(limits: LimitSettings, clock: Callable[[], float] = time.time) -> Limiter:
    if not limits.enabled:
        return NoLimits()
    # Each client address holds at most two keys: its checks and its unknown answers.
    counters = MemoryCounters(max_keys=2 * limits.tracked_clients, always_room=frozenset({GLOBAL_UNKNOWN}))
    return WindowLimiter(counters, limits, clock)


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
