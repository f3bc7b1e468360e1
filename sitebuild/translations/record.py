"""The record of one language: for every article section and guide text, the French its
translation follows. One JSON file a language, locales/<lang>/translation-record.json, written by
`python -m sitebuild.translations record` (never by hand), reviewed like any other change:

    {"pages": {
      "situations/no-active-login.md": {
        "order-a-new-code": {"fingerprint": "3f2a…", "recorded": "2026-12-05",
                             "french": "## Commander un nouveau code {#order-a-new-code} Il peut …"}},
      "guide": {
        "outcomes.order-new-code.why": {"fingerprint": "…", "recorded": "…", "french": "Sans login …"}}}}

An article's sections go by anchor (sections.PAGE_START for the page's start), the guide's texts
by their place in flow.toml or requests.toml, under the page `guide`, and the interface strings of
site.po and guide.po by their French's fingerprint, under the pages `site` and `guide-interface`
(interface_strings.py). `french` is the French as
it was recorded, normalised (sections.py): the report shows what changed since without asking
git, whose history a copy or a shallow clone may lack. `fingerprint` is its hash, what the build
compares; `recorded` the day it was recorded.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from sitebuild.translations.sections import fingerprint

ABOUT = ("Which French text each translated section, guide text and interface string follows: written by "
         "`python -m sitebuild.translations record` (docs/README.md), never by hand.")


@dataclass(frozen=True)
class Followed:
    fingerprint: str
    french: str               # normalised
    recorded: datetime.date


class TranslationRecord:
    def __init__(self, path: Path):
        self.path = path
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        self._pages: dict[str, dict[str, Followed]] = {
            page: {anchor: Followed(entry["fingerprint"], entry["french"], datetime.date.fromisoformat(entry["recorded"]))
                   for anchor, entry in sections.items()}
            for page, sections in data.get("pages", {}).items()}

    def followed(self, page: str, section: str) -> Followed | None:
        return self._pages.get(page, {}).get(section)

    def follows(self, page: str, section: str, french: str) -> bool:
        """Whether the translation of this section (or guide text) follows this French (normalised)."""
        entry = self.followed(page, section)
        return entry is not None and entry.fingerprint == fingerprint(french)

    def record(self, page: str, section: str, french: str, today: datetime.date) -> bool:
        """The translation now follows this French; False where it did already (kept as it was)."""
        if self.follows(page, section, french):
            return False
        self._pages.setdefault(page, {})[section] = Followed(fingerprint(french), french, today)
        return True

    def carry(self, page: str, section: str, to: str) -> None:
        """A text took the place of another (a changed site string): its translation follows
        what the other one's did."""
        entry = self.followed(page, section)
        if entry is not None and self.followed(page, to) is None:
            self._pages[page][to] = entry

    def keep_only(self, page: str, kept: set[str]) -> None:
        """Forget the sections of a page (or guide texts) that are no longer there."""
        sections = self._pages.get(page, {})
        for section in set(sections) - kept:
            del sections[section]
        if page in self._pages and not sections:
            del self._pages[page]

    def pages(self) -> list[str]:
        return sorted(self._pages)

    def save(self) -> None:
        data = {"about": ABOUT, "pages": {
            page: {anchor: {"fingerprint": entry.fingerprint, "recorded": entry.recorded.isoformat(),
                            "french": entry.french}
                   for anchor, entry in sorted(sections.items())}
            for page, sections in sorted(self._pages.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
