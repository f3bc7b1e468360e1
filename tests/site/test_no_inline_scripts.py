"""No page carries an inline script, so the Content-Security-Policy can forbid them."""

import re

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")


def test_every_script_is_a_file_or_data(site_dir):
    inline = []
    for page in site_dir.rglob("*.html"):
        for attributes, body in SCRIPT.findall(page.read_text(encoding="utf-8")):
            if "src=" in attributes or any(kind in attributes for kind in DATA_TYPES):
                continue
            if body.strip():
                inline.append(f"{page.relative_to(site_dir)}: {body.strip()[:60]}")
    assert not inline, "\n".join(inline[:10])


def test_no_inline_event_handlers(site_dir):
    handlers = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
    offending = [str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html") if handlers.search(p.read_text(encoding="utf-8"))]
    assert not offending, offending[:10]
