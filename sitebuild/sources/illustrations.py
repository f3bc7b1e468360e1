"""Drawings of the connect screens, one SVG per picture and language (build only).

Each picture is ONE Jinja2 template, ``illustrations/<name>.svg.j2``; every word it shows
comes from ``illustrations/labels.yml``, and the fund's registration link and code validity
from site.toml. ``write_drawings`` writes them as ``img/<name>.svg`` among a language's sources.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

ILLUSTRATIONS_DIR = Path(__file__).resolve().parents[2] / "illustrations"
TEMPLATE_SUFFIX = ".svg.j2"

# Approximate advance widths in em of a wide sans-serif (DejaVu Sans, the fallback on Linux).
# Overestimating keeps buttons and highlights wide enough in every language and font.
_NARROW = set("iljI.,:;'!|() ")
_SEMI = set("frt-*/\"")
_WIDE = set("mwMW@")


def text_width(text: str, size: float = 14, bold: bool = False) -> int:
    """Estimated rendered width of ``text`` in pixels, for laying out boxes around it."""
    ems = 0.0
    for char in str(text):
        if char in _NARROW:
            ems += 0.32
        elif char in _SEMI:
            ems += 0.42
        elif char in _WIDE:
            ems += 0.95
        elif char.isupper() or char.isdigit():
            ems += 0.70
        else:
            ems += 0.62
    return round(ems * size * (1.08 if bold else 1.0))


def wrap(text: str, width: float, size: float = 14, bold: bool = False) -> list[str]:
    """Split ``text`` into lines that fit ``width`` pixels (one <text> element per line)."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ILLUSTRATIONS_DIR),
        autoescape=True,  # XML: labels such as "Bloqué jusqu'au" must not break the markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(text_width=text_width, wrap=wrap)
    return env


@lru_cache(maxsize=1)
def labels() -> dict:
    """The texts of every picture: ``{name: {lang: {key: text}}, "examples": {...}}``."""
    with open(ILLUSTRATIONS_DIR / "labels.yml", encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def names() -> list[str]:
    """The pictures, one per template."""
    return sorted(
        path.name[: -len(TEMPLATE_SUFFIX)]
        for path in ILLUSTRATIONS_DIR.glob(f"*{TEMPLATE_SUFFIX}")
        if not path.name.startswith("_")
    )


def render(name: str, lang: str, fund: dict) -> str:
    """The SVG text of picture ``name`` labelled in ``lang`` for the fund ``fund``."""
    lang = lang.split("-")[0].lower()  # "de-CH" and "de" share the labels
    texts = labels().get(name, {})
    if lang not in texts:  # never fall back to another language's words
        raise KeyError(f"illustrations/labels.yml has no {lang!r} texts for {name!r}")
    template = _environment().get_template(f"{name}{TEMPLATE_SUFFIX}")
    return template.render(
        t=texts[lang],
        lang=lang,
        examples=labels()["examples"],
        # The link printed on the letter, where the fund has given it; else an obvious ellipsis.
        registration_url=fund.get("registration_url") or "https://…",
        validity_days=fund["code_validity_days"],
    )


def write_drawings(docs: Path, fund: dict, lang: str) -> None:
    """``img/<name>.svg`` of every picture in ``lang``, into a language's sources."""
    (docs / "img").mkdir(parents=True, exist_ok=True)
    for name in names():
        (docs / "img" / f"{name}.svg").write_text(render(name, lang, fund), encoding="utf-8")
