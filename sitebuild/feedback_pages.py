"""The build's list of the pages that take "Is this page useful?" answers: `_feedback/pages.json`
in the built site, which the API reads (codecheck/feedback.py, `CODECHECK_FEEDBACK_PAGES`) and
the support team's report takes the titles from.

The list is read from the built pages themselves: a page takes answers when it shows the
widget (overrides/partials/feedback.html, `data-feedback-page`), so the list and the widget
cannot disagree. A guide outcome shown along a path of answers is counted at the outcome's
stable address, whose page gives its path and title.
"""
from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

LIST = Path("_feedback") / "pages.json"
_PAGE = re.compile(r'data-feedback-page="([^"]+)"')
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def page_title(html: str) -> str:
    match = _H1.search(html)
    return " ".join(unescape(_TAG.sub("", _PERMALINK.sub("", match[1]))).split()) if match else ""


def language_pages(site_dir: Path, lang: str, site_path: str) -> list[dict]:
    """Every page of one language's build that shows the widget; `site_path` is the site's path
    on its host ("/" at the root)."""
    root = site_dir / lang
    found: set[str] = set()
    for html_file in root.rglob("index.html"):
        match = _PAGE.search(html_file.read_text(encoding="utf-8"))
        if match:
            found.add(unescape(match[1]))
    pages = []
    for page in sorted(found):
        target = root / page.strip("/") / "index.html"
        kind = "outcome" if page.startswith("/guide/outcomes/") else "article"
        pages.append({"language": lang, "page": page, "path": f"{site_path}{lang}{page}",
                      "title": page_title(target.read_text(encoding="utf-8")), "kind": kind})
    return pages


def write_feedback_pages(site_dir: Path, languages: list[str], site_path: str = "/") -> Path:
    pages = [item for lang in languages for item in language_pages(site_dir, lang, site_path)]
    missing = [f"/{p['language']}{p['page']}" for p in pages if not p["title"]]
    if missing:
        raise ValueError(f"pages with the feedback widget but no page of their own (or no title): {missing}")
    target = site_dir / LIST
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"pages": pages}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target
