"""Babel extractor for the guide's declarations (guide/flow.toml, guide/requests.toml), and for
the support desk's replies (docs/support-replies.toml, in the site's catalog).

babel.cfg names it in its [extractors] section. Every text under one of TEXT_KEYS becomes a
message; its place in the declaration (e.g. questions.goal.options[0].label) becomes the
translator's comment. Build-only (it is not in the guide's browser wheel); standard library only.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterator

# The keys whose values visitors read; every other key (ids, next, type, article, ...) is data.
TEXT_KEYS = frozenset({"text", "hint", "label", "title", "do_now", "why", "what_next", "description",
                       "summary", "subject", "attachments", "missing"})


def declared_texts(node, where: str = "", translatable: bool = False,
                   keys: frozenset[str] = TEXT_KEYS) -> Iterator[tuple[str, str]]:
    """(place, text) of every text visitors read in a parsed declaration: the place is the text's
    key (questions.goal.options[0].label), the same as the translator's comment in guide.po.
    `keys`: the names whose values are texts."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from declared_texts(value, f"{where}.{key}" if where else key, key in keys, keys)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from declared_texts(value, f"{where}[{index}]", translatable, keys)
    elif isinstance(node, str) and translatable:
        yield where, node


def extract_toml(fileobj, keywords, comment_tags, options):
    """Babel's extractor interface: yields (line number, function name, message, comments). The
    mapping's option `keys` (names separated by commas) replaces TEXT_KEYS, for another file of
    texts (locales/site-babel.cfg: the support desk's docs/support-replies.toml)."""
    keys = frozenset(key.strip() for key in options["keys"].split(",")) if options.get("keys") else TEXT_KEYS
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    for where, text in declared_texts(tomllib.loads(source), keys=keys):
        # TOML keeps no line numbers: point at the first line holding the text's beginning.
        probe = text.split("\n")[0][:40]
        lineno = next((number for number, line in enumerate(lines, start=1) if probe in line), 0)
        yield lineno, None, text, [where]
