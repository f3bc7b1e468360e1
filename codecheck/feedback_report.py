"""The support team's report on "Is this page useful?": `python -m codecheck feedback-report`
(`make feedback-report`) writes `feedback.html` and `feedback.csv` into `var/reports/`.

The HTML is one self-contained file (its style inline, its charts inline SVG, no script, no
external reference) in the language the team picks (fr by default; the texts are the site
catalog's, locales/<lang>/LC_MESSAGES/site.po): the share of "no" per page and language, and the
reasons, each chart with a table beside it that screen readers read. Guide outcomes are shown
with their titles (from the build's list of pages, codecheck/feedback.py); a page with fewer
than FEW_ANSWERS answers is marked, since its share says little. The CSV has one row per page,
language, answer and reason over the period, with the page's path and the count.
"""

from __future__ import annotations

import csv
import gettext
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from codecheck.feedback import REASONS, FeedbackPage, PageList
from codecheck.store import FeedbackCount
from guide.dates import format_date

FEW_ANSWERS = 10
LOCALES = Path(__file__).resolve().parent.parent / "locales"
SOURCE_LANGUAGE = "fr"
CSV_COLUMNS = ["language", "page", "path", "kind", "title", "answer", "reason", "count"]


def translations(lang: str) -> gettext.NullTranslations:
    """The site catalog of `lang` (French, the source, needs none), read from its .po file."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (LOCALES / lang / "LC_MESSAGES" / "site.po").open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def report_languages() -> list[str]:
    return [SOURCE_LANGUAGE, *sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / "site.po").is_file())]


@dataclass
class PageFigures:
    language: str
    page: str
    path: str
    title: str
    kind: str
    listed: bool
    yes: int = 0
    no: int = 0
    reasons: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def no_share(self) -> float:
        return self.no / self.total if self.total else 0.0

    @property
    def few(self) -> bool:
        return self.total < FEW_ANSWERS


@dataclass
class Report:
    since: date | None
    until: date | None
    pages: list[PageFigures]
    reasons: Counter
    rows: list[dict]

    @property
    def yes(self) -> int:
        return sum(p.yes for p in self.pages)

    @property
    def no(self) -> int:
        return sum(p.no for p in self.pages)


def build_report(counts: list[FeedbackCount], pages: PageList | None, lang: str,
                 since: date | None = None, until: date | None = None) -> Report:
    """The figures of the period: per page and language, the reasons, and the CSV's rows."""
    listed = pages.pages if pages else {}
    figures: dict[tuple[str, str], PageFigures] = {}
    summed: Counter = Counter()
    for count in counts:
        key = (count.language, count.page)
        if key not in figures:
            known: FeedbackPage | None = listed.get(key)
            # The title in the report's language where the page has one (same address), else its own.
            titled = listed.get((lang, count.page)) or known
            figures[key] = PageFigures(
                count.language, count.page, known.path if known else f"/{count.language}{count.page}",
                titled.title if titled else count.page, known.kind if known else "", known is not None)
        item = figures[key]
        if count.answer == "yes":
            item.yes += count.count
        else:
            item.no += count.count
            if count.reason:
                item.reasons[count.reason] += count.count
        summed[(count.language, count.page, count.answer, count.reason)] += count.count
    ordered = sorted(figures.values(), key=lambda p: (p.few, -p.no_share, -p.total, p.language, p.page))
    reasons: Counter = Counter()
    for item in ordered:
        reasons.update(item.reasons)
        reasons[""] += item.no - sum(item.reasons.values())
    rows = []
    for (language, page, answer, reason), number in sorted(summed.items()):
        item = figures[(language, page)]
        rows.append({"language": language, "page": page, "path": item.path, "kind": item.kind,
                     "title": item.title, "answer": answer, "reason": reason, "count": number})
    days = [count.day for count in counts]
    return Report(since or (min(days) if days else None), until or (max(days) if days else None),
                  ordered, reasons, rows)


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(report.rows)
    return buffer.getvalue()


def bar_chart(rows: list[tuple[str, float, str, bool]], width: int = 640) -> dict:
    """Horizontal bars: (label, fraction 0..1, value text, muted) per row, laid out for the SVG."""
    label_width, bar_area, row_height = 300, width - 300 - 110, 26
    bars = [{"y": index * row_height, "label": label, "width": round(max(fraction, 0.0) * bar_area, 1),
             "value": value, "muted": muted, "text_y": index * row_height + 17}
            for index, (label, fraction, value, muted) in enumerate(rows)]
    return {"width": width, "height": max(len(rows), 1) * row_height + 4, "label_width": label_width,
            "bar_area": bar_area, "bars": bars}


_ENV = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                   autoescape=True, undefined=StrictUndefined, extensions=["jinja2.ext.i18n"])


def render_html(report: Report, lang: str) -> str:
    env = _ENV.overlay()
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    shown = lambda day: format_date(day, lang) if day else "–"  # noqa: E731
    percent = lambda share: f"{round(share * 100)} %" if lang != "en" else f"{round(share * 100)}%"  # noqa: E731
    page_chart = bar_chart([(f"{p.title} ({p.language.upper()})", p.no_share, percent(p.no_share), p.few)
                            for p in report.pages])
    most = max(report.reasons.values(), default=0) or 1
    reason_order = [*REASONS, ""]
    reason_chart_rows = [(code, report.reasons.get(code, 0)) for code in reason_order]
    return env.get_template("feedback_report.html.j2").render(
        lang=lang, report=report, since=shown(report.since), until=shown(report.until), percent=percent,
        few_answers=FEW_ANSWERS, page_chart=page_chart, reason_rows=reason_chart_rows,
        reason_fraction=lambda n: n / most, bar_chart=bar_chart)


def write_report(store, pages: PageList | None, out: Path, lang: str = SOURCE_LANGUAGE,
                 since: date | None = None, until: date | None = None) -> tuple[Path, Path, Report]:
    report = build_report(store.feedback_counts(since, until), pages, lang, since, until)
    out.mkdir(parents=True, exist_ok=True)
    html_path, csv_path = out / "feedback.html", out / "feedback.csv"
    html_path.write_text(render_html(report, lang), encoding="utf-8")
    csv_path.write_text(render_csv(report), encoding="utf-8")
    return html_path, csv_path, report
