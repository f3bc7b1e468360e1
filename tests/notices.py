"""Helpers of the notices' tests (tests/codecheck, tests/site, tests/browser, tests/ops): the texts a
notice gets, the operator tool as a real process, and the notices region of a page."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from codecheck.notices import REFRESH_SECONDS, Notice, new_notice
from codecheck.registry import open_store
from tests.codecheck.support import FakeClock
from tests.conftest import ROOT
from tests.waiting import wait_until

SWISS = ZoneInfo("Europe/Zurich")
LANGUAGES = {"fr": "Français", "de": "Deutsch", "it": "Italiano", "en": "English"}
TEXTS = {"fr": "connect est indisponible. [Que faire ?]", "de": "connect ist nicht erreichbar. [Was tun?]",
         "it": "connect non è raggiungibile. [Cosa fare?]", "en": "connect is unavailable. [What to do]"}
LINK = "situations/no-active-login.md#order-a-new-code"


def words(lang: str) -> str:
    """The words of TEXTS[lang] before its link."""
    return TEXTS[lang].split("[")[0].strip()


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python -m codecheck notice ARGS`` as staff type it, on the database ``env`` names."""
    return subprocess.run([sys.executable, "-m", "codecheck", "notice", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, **env})


def swiss_minutes(minutes: int) -> str:
    return (datetime.now(SWISS) + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def cli_post(env: dict[str, str], kind: str, end: str, texts: dict[str, str] = TEXTS, link: str = LINK) -> int:
    """Posts a notice with the operator tool; its number."""
    args = [arg for lang, text in texts.items() for arg in (f"--{lang}", text)]
    done = cli("add", "--kind", kind, "--end", end, "--link", link, *args, env=env)
    assert done.returncode == 0, done.stderr
    return int(re.search(r"#(\d+) ", done.stdout).group(1))


def notice_region(html: str, lang: str) -> str:
    """What the notices region of ``lang`` holds on a page ("" when empty)."""
    found = re.search(rf'<div class="ch-notices" role="region"(?: lang="{lang}")? aria-label="[^"]*"(?: data-notices)?>'
                      r'((?:<div class="ch-notice [^>]*><p>.*?</p></div>)*)</div>', html)
    assert found, f"no notices region for {lang}"
    return found.group(1)


def poll(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    """Waits until ``condition`` holds (a worker reads the notices again every few seconds)."""
    wait_until(condition, what, timeout=seconds)


@contextmanager
def served_on_a_clock(site_dir: Path, languages: list[str], folder: Path) -> Iterator:
    """The product as `make serve` runs it (site and API in one process), on a clock the test moves."""
    from tests.browser.test_check_page_browser import demo_settings, serve

    clock = FakeClock()
    settings = dataclasses.replace(demo_settings(folder), clock=clock)
    with serve(site_dir, languages, settings) as live:
        live.clock, live.settings = clock, settings
        yield live


def post_notice(live, kind: str = "disruption", minutes: int = 60, link: str = LINK, **texts: str) -> Notice:
    """A notice from now on the server's clock (TEXTS, some replaced), read by the workers at once."""
    now = datetime.fromtimestamp(live.clock.now, timezone.utc)
    store = open_store(live.settings)
    try:
        posted = store.add_notice(new_notice(kind, now, now + timedelta(minutes=minutes), {**TEXTS, **texts}, link,
                                             LANGUAGES, now), now)
    finally:
        store.close()
    live.clock.now += REFRESH_SECONDS   # the workers read the notices again by then
    return posted
