"""Content-hashed names for the site's own scripts, styles and the guide's runtime manifest.

`main.js` becomes `main.3f2a9c1b7d.js`: the name changes whenever the bytes do, so the server
may tell browsers to keep such a file for good (server/site.py: `immutable`) and a warm visit
asks the server for the HTML page only. The HTML pages keep their names and revalidate.

What gets a hashed name: every file of overrides/assets/ as mkdocs copied it into each language
(our JavaScript modules, stylesheets, icon; the theme's own files are hashed already), and the
guide's runtime manifest (_runtime/guide-runtime.json; its big files are in hashed folders,
sitebuild/runtime.py). References are rewritten first, so a hash covers what a file points to:
a new guide text → a new wheel → a new manifest → new runtime.js → new main.js → the pages
name the new main.js. References are relative URLs in quotes ("./dom.js",
"../../../../_runtime/guide-runtime.json") in scripts, and src/href attributes in HTML. The
unhashed files are removed: a reference this step missed fails loudly (tests/site/test_links).
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERRIDE_ASSETS = ROOT / "overrides" / "assets"
MANIFEST = "_runtime/guide-runtime.json"
HASH_LENGTH = 10
# A name that carries a content hash already (the theme's `bundle.79ae519e.min.js`, ours).
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.[A-Za-z0-9]+$")
QUOTED_RELATIVE = re.compile(r"""(["'])(\.{1,2}/[^"'\s]+)\1""")
HTML_REFERENCE = re.compile(r"""((?:src|href)=)(["'])([^"'#?]+)([^"']*)\2""")


def hashed_name(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}.{suffix}" if dot else name


def own_assets(site_dir: Path, assets: Path = OVERRIDE_ASSETS) -> list[str]:
    """Our files as the site holds them: <lang>/assets/<path> for every file of overrides/assets."""
    sources = [path.relative_to(assets).as_posix() for path in assets.rglob("*") if path.is_file()]
    found = [f"{lang.name}/assets/{source}" for lang in sorted(site_dir.iterdir()) if lang.is_dir()
             for source in sources if (lang / "assets" / source).is_file()]
    if (site_dir / MANIFEST).is_file():
        found.append(MANIFEST)
    return [name for name in found if not HASHED_NAME.search(name)]


def _references(text: str, name: str) -> list[tuple[str, str]]:
    """(as written, site path) for every relative URL in quotes in a script."""
    folder = posixpath.dirname(name)
    return [(match.group(2), posixpath.normpath(posixpath.join(folder, match.group(2))))
            for match in QUOTED_RELATIVE.finditer(text)]


def fingerprint(site_dir: Path, assets: Path = OVERRIDE_ASSETS) -> dict[str, str]:
    """Renames our assets to hashed names and rewrites what refers to them; old → new site paths."""
    pending = set(own_assets(site_dir, assets))
    renamed: dict[str, str] = {}

    def visit(name: str, trail: tuple[str, ...] = ()) -> None:
        if name in renamed:
            return
        if name in trail:
            raise ValueError(f"scripts that import each other cannot get content hashes: {' → '.join(trail + (name,))}")
        path = site_dir / name
        data = path.read_bytes()
        if path.suffix in (".js", ".mjs", ".css"):
            text = data.decode("utf-8")
            for _, target in _references(text, name):
                if target in pending:
                    visit(target, trail + (name,))
            text = QUOTED_RELATIVE.sub(lambda match: _rewrite(match, name, renamed), text)
            data = text.encode("utf-8")
        new_name = posixpath.join(posixpath.dirname(name), hashed_name(posixpath.basename(name), data))
        (site_dir / new_name).write_bytes(data)
        path.unlink()
        renamed[name] = new_name

    for name in sorted(pending):
        visit(name)
    for page in site_dir.rglob("*.html"):
        _rewrite_page(page, site_dir, renamed)
    return renamed


def _rewrite(match: re.Match, name: str, renamed: dict[str, str]) -> str:
    quote, written = match.group(1), match.group(2)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), written))
    if target not in renamed:
        return match.group(0)
    return f"{quote}{posixpath.join(posixpath.dirname(written), posixpath.basename(renamed[target]))}{quote}"


def _rewrite_page(page: Path, site_dir: Path, renamed: dict[str, str]) -> None:
    folder = page.parent.relative_to(site_dir).as_posix()

    def replace(match: re.Match) -> str:
        attribute, quote, url, rest = match.groups()
        if ":" in url or url.startswith("//"):
            return match.group(0)
        target = posixpath.normpath(url.lstrip("/") if url.startswith("/") else posixpath.join(folder, url))
        if target not in renamed:
            return match.group(0)
        new_url = posixpath.join(posixpath.dirname(url), posixpath.basename(renamed[target]))
        return f"{attribute}{quote}{new_url}{rest}{quote}"

    text = page.read_text(encoding="utf-8")
    rewritten = HTML_REFERENCE.sub(replace, text)
    if rewritten != text:
        page.write_text(rewritten, encoding="utf-8")
