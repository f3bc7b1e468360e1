"""The drawings of the connect screens (illustrations/ + sitebuild/sources/illustrations.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

import siteconfig
from sitebuild.sources import illustrations
from tests.conftest import SITE_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
LANGS = SITE_LANGUAGES
SVG = "{http://www.w3.org/2000/svg}"
NAMES = illustrations.names()
EXPECTED_NAMES = {"user-management-menu", "user-management", "add-user-form", "user-details", "code-letter"}


@pytest.fixture(scope="module")
def fund() -> dict:
    return siteconfig.load(ROOT / "site.toml").fund.to_dict()


def normalise(text: str) -> str:
    return " ".join(text.split())


def visible_text(svg: str) -> str:
    """Every text of the drawing (title included), lines joined with a space."""
    return normalise(" ".join(ET.fromstring(svg).itertext()))


def expected_labels(name: str, lang: str, fund: dict) -> list[str]:
    texts = illustrations.labels()[name][lang].values()
    return [normalise(text.replace("{days}", str(fund["code_validity_days"]))) for text in texts]


def test_every_picture_has_a_template_and_labels_in_every_language():
    assert set(NAMES) == EXPECTED_NAMES
    for name in NAMES:
        assert set(illustrations.labels()[name]) == set(LANGS), name


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_picture_is_an_accessible_scalable_svg(name, lang, fund):
    svg = illustrations.render(name, lang, fund)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("lang") == lang
    title = root.find(f"{SVG}title")
    assert title is not None and title.text and title.text.strip()
    assert list(root)[0] is title  # the accessible name comes first
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert 200 <= width <= 1000 and 150 <= height <= 800
    assert root.get("font-family") == "system-ui, sans-serif"
    assert len(svg.encode("utf-8")) < 10_000


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_picture_shows_every_label_of_its_language(name, lang, fund):
    text = visible_text(illustrations.render(name, lang, fund))
    for label in expected_labels(name, lang, fund):
        assert label in text, f"{name} [{lang}] lacks {label!r}"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "fr"])
@pytest.mark.parametrize("name", NAMES)
def test_picture_shows_no_french_in_another_language(name, lang, fund):
    text = visible_text(illustrations.render(name, lang, fund))
    # Only a word that is the same in all four languages (the portal's name "connect") may
    # appear as is; a French label copied into another language's block is a leftover.
    french = {label for picture in NAMES for label in expected_labels(picture, "fr", fund)}
    neutral = set.intersection(
        *({label for picture in NAMES for label in expected_labels(picture, other, fund)} for other in LANGS)
    )
    leftovers = sorted(label for label in french - neutral if label in text)
    assert not leftovers, f"{name} [{lang}] shows French: {leftovers}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_picture_references_nothing_outside_itself(name, lang, fund):
    svg = illustrations.render(name, lang, fund)
    # The namespace is an identifier, not a request; the registration link is printed text.
    rest = svg.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(fund["registration_url"] or "https://…", "")
    assert "http" not in rest and "//" not in rest
    for marker in ("href", "<image", "url(", "@import", "@font-face", "<script", "<foreignObject", "<style"):
        assert marker not in svg, marker


@pytest.mark.parametrize("lang", LANGS)
def test_code_letter_takes_link_and_validity_from_the_fund(lang, fund):
    before = illustrations.render("code-letter", lang, fund)
    other = dict(fund, registration_url="https://connect.example.org/ak/code?lang=x&y=1", code_validity_days=93)
    after = illustrations.render("code-letter", lang, other)
    assert after != before
    text = visible_text(after)  # still well-formed with "&" in the link
    assert other["registration_url"] in text and "https://…" not in text
    # The repository's fund gives no link (site.toml): the letter shows an obvious ellipsis.
    assert fund["registration_url"] is None and "https://…" in visible_text(before)
    validity = illustrations.labels()["code-letter"][lang]["validity"]
    assert validity.replace("{days}", "93") in text
    assert validity.replace("{days}", str(fund["code_validity_days"])) not in text
    assert str(fund["code_validity_days"]) in visible_text(before)
    assert illustrations.labels()["examples"]["access_code"] in text


def test_a_long_registration_link_widens_the_letter(fund):
    long_url = "https://connect.example.org/" + "a" * 60 + "/code"
    narrow = ET.fromstring(illustrations.render("code-letter", "de", fund))
    wide = ET.fromstring(illustrations.render("code-letter", "de", dict(fund, registration_url=long_url)))
    assert float(wide.get("width")) > float(narrow.get("width"))
    assert float(wide.get("width")) >= illustrations.text_width(long_url, 14, bold=True) + 2 * 64


def test_no_sharp_s_in_the_swiss_german_labels():
    for name in NAMES:
        for text in illustrations.labels()[name]["de"].values():
            assert "ß" not in text, text


def test_a_language_without_labels_is_an_error_not_french(fund):
    with pytest.raises(KeyError):
        illustrations.render("user-details", "rm", fund)


# -- contrast: every text against the shape painted under it ---------------------------------

def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _number(element, attribute: str) -> float:
    return float(element.get(attribute, 0))


def _contains(shape, x: float, y: float) -> bool:
    if shape.tag == f"{SVG}rect":
        left, top = _number(shape, "x"), _number(shape, "y")
        return left <= x <= left + _number(shape, "width") and top <= y <= top + _number(shape, "height")
    if shape.tag == f"{SVG}circle":
        return (x - _number(shape, "cx")) ** 2 + (y - _number(shape, "cy")) ** 2 <= _number(shape, "r") ** 2
    return False


def _painted(root):
    """Elements in paint order, each with its effective fill."""
    def walk(element, fill):
        fill = element.get("fill", fill)
        yield element, fill
        for child in element:
            yield from walk(child, fill)
    return walk(root, None)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_text_contrast_is_at_least_4_5_to_1(name, lang, fund):
    root = ET.fromstring(illustrations.render(name, lang, fund))
    shapes = []  # filled shapes painted so far
    for element, fill in _painted(root):
        if element.tag in (f"{SVG}rect", f"{SVG}circle") and fill not in (None, "none"):
            shapes.append((element, fill))
        elif element.tag == f"{SVG}text":
            assert fill and re.fullmatch(r"#[0-9a-f]{6}", fill), f"text without a colour: {element.text!r}"
            size = _number(element, "font-size")
            shift = {"start": size / 2, "middle": 0, "end": -size / 2}[element.get("text-anchor", "start")]
            x, y = _number(element, "x") + shift, _number(element, "y") - size / 3
            under = [shape_fill for shape, shape_fill in shapes if _contains(shape, x, y)]
            background = under[-1] if under else "#ffffff"
            ratio = _contrast(fill, background)
            assert ratio >= 4.5, f"{name} [{lang}] {element.text!r}: {fill} on {background} = {ratio:.2f}"


# -- among a language's sources -----------------------------------------------------------------

def test_one_svg_per_picture_is_written_in_the_language(tmp_path, fund):
    illustrations.write_drawings(tmp_path, fund, "de")
    written = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file())
    assert written == sorted(f"img/{name}.svg" for name in NAMES)
    for name in NAMES:
        assert (tmp_path / "img" / f"{name}.svg").read_text(encoding="utf-8") == illustrations.render(name, "de", fund)


def test_every_drawing_on_a_page_carries_its_size(site_dir):
    """sitebuild/image_sizes.py: the browser keeps a drawing's place before it loads (no layout
    shift), at the drawing's own ratio."""
    from sitebuild.image_sizes import svg_size

    seen = 0
    for page in site_dir.glob("*/**/index.html"):
        for tag in re.findall(r"<img\b[^>]*/img/[^>]*>", page.read_text(encoding="utf-8")):
            src = re.search(r'src="([^"]+)"', tag).group(1)
            size = svg_size((page.parent / src).resolve())
            assert size is not None and f'width="{size[0]}" height="{size[1]}"' in tag, (page, tag)
            seen += 1
    assert seen >= 4 * len(NAMES)
