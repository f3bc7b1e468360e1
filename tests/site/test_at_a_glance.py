"""Each situation page opens with an "at a glance" block (who it is for, what you need, the time
the seed gives: the code's validity, by post), with one main link: into the guide outcome that
applies, a page the build wrote, in every language."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import SITE_LANGUAGES

# The situation pages and the guide outcome each one leads to.
SITUATIONS = {
    "administrator-leaving": "register-successor",
    "no-active-login": "order-new-code",
    "fiduciary-access": "fiduciary-login-by-administrator",
}


class _Glance(HTMLParser):
    """The block, the primary links of the article, and where the article's first h2 is."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0           # inside the block: <div> nesting
        self.in_article = False
        self.block_seen = self.h2_before_block = False
        self.items, self.text = 0, []
        self.primary: list[tuple[str, bool]] = []    # (href, inside the block)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "article":
            self.in_article = True
        if not self.in_article:
            return
        if tag == "h2" and not self.block_seen:
            self.h2_before_block = True
        if self.depth and tag == "div":
            self.depth += 1
        elif tag == "div" and "at-a-glance" in classes:
            self.depth, self.block_seen = 1, True
        if self.depth and tag == "li":
            self.items += 1
        if tag == "a" and "md-button--primary" in classes:
            self.primary.append((attrs.get("href", ""), bool(self.depth)))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def glance(path: Path) -> _Glance:
    parser = _Glance()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("lang", SITE_LANGUAGES)
@pytest.mark.parametrize("page", sorted(SITUATIONS))
def test_the_situation_page_opens_with_its_glance_and_one_main_link_into_the_guide(site_dir, site_config, lang, page):
    built = site_dir / lang / "situations" / page / "index.html"
    found = glance(built)
    assert found.block_seen and not found.h2_before_block, f"{lang}/{page}: no at-a-glance block before the first section"
    assert found.items >= 2, f"{lang}/{page}: the block says who it is for and what you need"
    assert len(found.primary) == 1 and found.primary[0][1], f"{lang}/{page}: one main link, in the block: {found.primary}"
    # The link resolves to the outcome's page, as built.
    url = urljoin(f"/{lang}/situations/{page}/", found.primary[0][0])
    target = site_dir / urlsplit(url).path.lstrip("/") / "index.html"
    assert url == f"/{lang}/guide/outcomes/{SITUATIONS[page]}/", url
    assert target.is_file() and f'data-guide-outcome="{SITUATIONS[page]}"' in target.read_text(encoding="utf-8")
    # Time only as the seed gives it: the code's validity in days, no other figure.
    text = " ".join(found.text)
    days = str(site_config.fund.code_validity_days)
    assert set(re.findall(r"\d+", text)) <= {days}, f"{lang}/{page}: a figure the seed does not give: {text}"
    if page != "administrator-leaving":
        assert days in text, f"{lang}/{page}: the code's validity"
