"""Notices to visitors ("connect is unavailable", "a new letter from 1 January"): their rules,
and the HTML fragment every page includes.

The fund's staff post a notice with the operator tool only (``python -m codecheck notice add``;
no HTTP endpoint writes one). It lives in the API's database (table ``notices``: a migration of
``codecheck.store`` and ``codecheck.pgstore``). The public side reads the current ones:
``GET /api/v1/notices/current.<lang>.html``, a fragment that both servers put into every page
where the page's include directive stands (server/policy.py: nginx's SSI, the Python server's
own substitution), so that a notice shows with JavaScript off too.

A notice is plain text in every site language, at most ``MAX_TEXT`` characters, with at most one
link: the words between ``[`` and ``]`` link to one section of the help articles (a page path of
docs/<lang>/ and an anchor, the same in every language). Everything is escaped when rendered:
no HTML typed by an operator reaches a page. Times are kept in UTC and given in Swiss time.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

KINDS = ("disruption", "information")
MAX_TEXT = 300
# The route under the API's mount, and its path on the site (the pages' include directive).
FRAGMENT_ROUTE = "/v1/notices/current.{lang}.html"
FRAGMENT_PATH = "/api" + FRAGMENT_ROUTE
JSON_ROUTE = "/v1/notices/current.json"
# How long a worker keeps the current notices before asking the database again (a notice shows
# on every page within a minute; a start or an end is honoured to the second, see NoticeBoard).
REFRESH_SECONDS = 5
FRAGMENT_CACHE_CONTROL = "public, max-age=30"

# A page of docs/<lang>/ ("situations/no-active-login.md", "how-to/access-code/", "index.md")
# and an optional anchor: lower-case words and hyphens, as the articles name them.
_WORD = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_LINK = re.compile(rf"^(?P<page>(?:{_WORD}/)*(?:{_WORD}(?:\.md|/)?)?)(?:#(?P<anchor>{_WORD}))?$")
# Line breaks and tabs become spaces; any other control character is refused.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


class NoticeError(ValueError):
    """A notice that cannot be posted; the message says what to change."""


@dataclass(frozen=True)
class Notice:
    id: int
    kind: str
    starts_at: datetime   # aware, UTC
    ends_at: datetime
    texts: Mapping[str, str]
    link: str = ""        # "situations/no-active-login.md#order-a-new-code", or ""

    def is_current(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at

    @property
    def key(self) -> str:
        """What the visitor's browser remembers when the notice is dismissed: a new notice (or
        the same number in another database) has another key, and shows again."""
        digest = hashlib.sha256(json.dumps([self.kind, self.link, dict(sorted(self.texts.items())),
                                            self.ends_at.isoformat()]).encode()).hexdigest()
        return f"{self.id}-{digest[:10]}"


@dataclass(frozen=True)
class NewNotice:
    kind: str
    starts_at: datetime
    ends_at: datetime
    texts: Mapping[str, str]
    link: str = ""


def utc_text(moment: datetime) -> str:
    """The form SQLite keeps (sorts as time does): 2026-12-07T13:00:00Z."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_utc_text(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def texts_json(texts: Mapping[str, str]) -> str:
    return json.dumps(dict(texts), ensure_ascii=False, sort_keys=True)


# --- the rules of a new notice -------------------------------------------------------------

def check_link(link: str) -> str:
    """The link as kept: a page path of docs/<lang>/ with an optional anchor."""
    link = link.strip()
    if "//" in link or ":" in link or not _LINK.match(link) or link in ("", "#"):
        raise NoticeError(f"--link {link!r}: give a page of the help articles and a section, "
                          "e.g. situations/no-active-login.md#order-a-new-code (no address of another site)")
    return link


def check_text(lang: str, name: str, text: str, link: str) -> str:
    """The text of one language, refused unless plain, short, and linked as ``link`` asks."""
    if _CONTROL.search(text):
        raise NoticeError(f"the text in {name} ({lang}) holds a control character")
    text = " ".join(text.split())
    if not text:
        raise NoticeError(f"the text in {name} ({lang}) is empty: give --{lang}")
    if len(text) > MAX_TEXT:
        raise NoticeError(f"the text in {name} ({lang}) has {len(text)} characters, at most {MAX_TEXT} are shown")
    opening, closing = text.count("["), text.count("]")
    if opening > 1 or closing > 1:
        raise NoticeError(f"the text in {name} ({lang}) has more than one [link]: a notice has at most one")
    marked = re.search(r"\[([^\[\]]+)\]", text)
    if (opening or closing) and not marked:
        raise NoticeError(f"the text in {name} ({lang}): write the linked words as [words]")
    if link and not marked:
        raise NoticeError(f"the text in {name} ({lang}) has no [words] to link to --link {link}")
    if marked and not link:
        raise NoticeError(f"the text in {name} ({lang}) has [words] to link, but no --link was given")
    return text


def new_notice(kind: str, starts_at: datetime, ends_at: datetime, texts: Mapping[str, str | None],
               link: str | None, languages: Mapping[str, str], now: datetime) -> NewNotice:
    """A notice that may be posted, or NoticeError naming what to change. ``languages`` maps each
    site language's code to its name; every one needs a text (never French on a German page)."""
    if kind not in KINDS:
        raise NoticeError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if ends_at <= starts_at:
        raise NoticeError("the end must come after the start")
    if ends_at <= now:
        raise NoticeError("the end is already past")
    link = check_link(link) if link else ""
    missing = [code for code in languages if not (texts.get(code) or "").strip()]
    if missing:
        names = ", ".join(f"{languages[code]} (--{code})" for code in missing)
        raise NoticeError(f"a notice needs a text in every language of the site; missing: {names}")
    unknown = sorted(set(texts) - set(languages))
    if unknown:
        raise NoticeError(f"not a language of the site: {', '.join(unknown)}")
    checked = {code: check_text(code, name, texts[code] or "", link) for code, name in languages.items()}
    return NewNotice(kind, starts_at, ends_at, checked, link)


# --- what a page shows ---------------------------------------------------------------------

def link_url(link: str, lang: str) -> str:
    """The site's address of ``link`` in ``lang``: situations/x.md#a -> /de/situations/x/#a."""
    page, _, anchor = link.partition("#")
    page = page.removesuffix(".md").removesuffix("/")
    if page == "index" or page.endswith("/index"):
        page = page.removesuffix("index")
    path = f"/{lang}/{page}/" if page and not page.endswith("/") else f"/{lang}/{page}"
    return path + (f"#{anchor}" if anchor else "")


def notice_html(notice: Notice, lang: str) -> str:
    """One notice, escaped, in ``lang``: the page's script reads its key and end (no text)."""
    text = html.escape(notice.texts[lang], quote=False)
    if notice.link:
        text = re.sub(r"\[([^\[\]]+)\]",
                      lambda m: f'<a href="{html.escape(link_url(notice.link, lang))}">{m.group(1)}</a>', text, 1)
    return (f'<div class="ch-notice ch-notice--{notice.kind}" data-notice="{notice.key}" '
            f'data-notice-ends="{utc_text(notice.ends_at)}"><p>{text}</p></div>')


def fragment(notices: list[Notice], lang: str) -> str:
    """The current notices in ``lang``, disruptions first; "" when there is none."""
    ordered = sorted(notices, key=lambda n: (KINDS.index(n.kind), n.starts_at, n.id))
    return "".join(notice_html(notice, lang) for notice in ordered if lang in notice.texts)


class NoticeSource(Protocol):
    async def upcoming_notices(self, now: datetime) -> list[Notice]:
        """The notices that have not ended at ``now`` (current and future), by start."""
        ...


class NoticeBoard:
    """The current notices as the API's workers show them: read from the database at most every
    ``REFRESH_SECONDS``, and again at once when a notice starts or ends (by ``clock``)."""

    def __init__(self, store: NoticeSource, clock: Callable[[], float] = time.time,
                 on_shown: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.clock = clock
        self.on_shown = on_shown
        self._notices: list[Notice] = []
        self._until = float("-inf")

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), timezone.utc)

    async def current(self) -> list[Notice]:
        now = self.now()
        moment = now.timestamp()
        if not moment < self._until or moment < self._until - REFRESH_SECONDS:  # expired, or the clock went back
            self._notices = await self.store.upcoming_notices(now)
            boundaries = [moment + REFRESH_SECONDS]
            boundaries += [n.starts_at.timestamp() for n in self._notices if n.starts_at > now]
            boundaries += [n.ends_at.timestamp() for n in self._notices]
            self._until = min(boundaries)
        return [notice for notice in self._notices if notice.is_current(now)]

    async def fragment(self, lang: str) -> str:
        """The fragment of ``lang``; counts each notice shown by kind (``on_shown``)."""
        notices = await self.current()
        if self.on_shown is not None:
            for notice in notices:
                if lang in notice.texts:
                    self.on_shown(notice.kind)
        return fragment(notices, lang)
