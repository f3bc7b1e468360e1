""""Is this page useful?": what an answer may say, and the pages that may receive one.

An answer names a page of the site (its path below the language's folder, ``/`` for the home
page, ``/guide/outcomes/<id>/`` for a guide outcome whatever the way to it), the page's
language, ``yes`` or ``no`` and, after ``no``, optionally one reason of ``REASONS``. It is kept as
a count per day (``codecheck.store``): no address, no cookie, no time finer than the day, no
text typed by the visitor.

The pages come from the site's build: ``make site`` writes ``site/_feedback/pages.json``
(``sitebuild/feedback_pages.py``), the articles and guide outcomes of every language with their
path on the site and their title. ``CODECHECK_FEEDBACK_PAGES`` names another file; the list is
read again when the file changes, so a new build needs no restart.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

ANSWERS = ("yes", "no")
# The reasons a visitor may give after "no", in the order the widget shows them. The widget's
# labels (overrides/partials/feedback.html) and the report's are keyed by these codes.
REASONS = ("not-found", "hard-to-understand", "wrong-or-outdated", "does-not-work")
NO_REASON = ""   # stored for an answer without a reason (a primary key column cannot be NULL)

MAX_PAGE_LENGTH = 200
LANGUAGE_PATTERN = "^[a-z]{2,3}$"
PAGE_PATTERN = "^/([a-z0-9][a-z0-9-]*/)*$"
# Where each answer sends a browser without JavaScript back to (the widget's anchors).
THANKS_ANCHOR = "feedback-thanks"
REASON_ANCHOR = "feedback-no"


class PagesUnavailable(Exception):
    """The build's list of pages cannot be read: feedback is refused (503), never stored blind."""


@dataclass(frozen=True)
class FeedbackPage:
    language: str
    page: str       # below the language's folder: "/situations/no-active-login/"
    path: str       # on the site: "/de/situations/no-active-login/"
    title: str
    kind: str       # "article" or "outcome"


@dataclass(frozen=True)
class PageList:
    pages: dict[tuple[str, str], FeedbackPage]

    def find(self, language: str, page: str) -> FeedbackPage | None:
        return self.pages.get((language, page))

    @classmethod
    def from_json(cls, data: object) -> PageList:
        if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
            raise ValueError("no list of pages")
        pages = {}
        for item in data["pages"]:
            page = FeedbackPage(**{name: str(item[name]) for name in ("language", "page", "path", "title", "kind")})
            pages[(page.language, page.page)] = page
        return cls(pages)


class FeedbackPages:
    """The build's list, read on first use and again whenever the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._list: PageList | None = None

    def current(self) -> PageList:
        try:
            stat = os.stat(self.path)
            stamp = (stat.st_mtime_ns, stat.st_size)
            if stamp != self._stamp or self._list is None:
                self._list = PageList.from_json(json.loads(self.path.read_text(encoding="utf-8")))
                self._stamp = stamp
        except (OSError, ValueError, KeyError, TypeError):
            raise PagesUnavailable(str(self.path)) from None
        return self._list


@dataclass(frozen=True)
class Feedback:
    """One answer, checked: its page is one the site has, its reason one of REASONS."""

    language: str
    page: str
    answer: str
    reason: str = NO_REASON

    @property
    def next_anchor(self) -> str:
        """Where a browser without JavaScript goes next: the reasons after a bare "no"."""
        return REASON_ANCHOR if self.answer == "no" and not self.reason else THANKS_ANCHOR
