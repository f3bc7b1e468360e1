"""How the built site is served, as data and small pure functions: one table, two writers.

`server/site.py` (the Python server of `make serve`) applies these rules to each request, and
`server/nginx_config.py` writes them into the nginx.conf a fund runs (`python -m server
nginx-config`). A rule changed here changes both; tests/ops/test_nginx_site.py serves the same
site through both and compares their answers header by header. The security headers are the
other half of the table: `server/headers.py`.

- Caching: a file whose name carries a content hash never changes under that name, so it is
  sent `immutable` for a year; everything else (the HTML pages first of all) is `no-cache`:
  the browser asks each time whether it changed and never shows a stale page.
- Precompressed copies: the build leaves `.br` and `.gz` copies beside many files
  (sitebuild/precompress.py); the best copy the browser accepts is sent, with
  `Vary: Accept-Encoding`.
- Media types: the site's own table, so that the answer does not depend on the machine's
  /etc/mime.types (a test checks that every kind of file the build writes is listed).
- Plain paths: a file is served only for a plain path, taken as sent (percent-decoded) and
  never resolved: no "." or ".." segment, no empty segment (double slash), no backslash, no
  control character (NUL included). Any other path gets 404, never a file nor a redirect, so
  that "/fr/../de/" or "//fr/" does not serve a page under an address its relative links break.
- Notices (codecheck/notices.py): every page carries the include directive of its language's
  notices (``NOTICE_INCLUDE``, an SSI comment). nginx's SSI and the Python server both replace it
  with the API's fragment (``/api/v1/notices/current.<lang>.html``, "" when there is none), so
  that a notice shows with JavaScript off too. A page is then sent without validators by nginx
  (its not-modified check runs before the include: a 304 could keep an ended notice on screen),
  compressed as it goes; the Python server gives it an ETag that names the notices it holds.
- Not found: the not-found page of the language of the path's first segment (`/de/…` →
  `/de/404.html`), else the site's root one (`/404.html`, in every language).
"""

from __future__ import annotations

import re

from codecheck.notices import FRAGMENT_PATH

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# A content hash in the name: `main.3f2a9c1b7d.js`, `bundle.a5f9d56c.min.js`, or a folder of the
# runtime named after its contents, `_runtime/pyodide/9395004b1135ba37/...`. Written so that
# Python's `re` and nginx's PCRE read it alike (it is matched against the path, with or
# without its leading slash).
HASHED_PATTERN = r"(?:^|/)_runtime/[a-z]+/[0-9a-f]{16}/[^/]+$|\.[0-9a-f]{8,}(?:\.min)?\.[A-Za-z0-9]+$"
HASHED_PATH = re.compile(HASHED_PATTERN)

# The copies the build may leave beside a file, best first: (content coding, suffix).
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))

# Every kind of file the build writes (and a few a fund may add beside them). Text types are
# sent with `; charset=utf-8`. Anything else is application/octet-stream.
MEDIA_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",     # Pyodide's modules: browsers refuse a module of another type
    ".txt": "text/plain",
    ".json": "application/json",
    ".map": "application/json",    # source maps of the theme's bundles
    ".xml": "application/xml",     # sitemaps
    ".wasm": "application/wasm",   # WebAssembly.instantiateStreaming needs exactly this type
    ".zip": "application/zip",     # the runtime's standard library
    ".whl": "application/zip",     # the guide's wheels
    ".bin": "application/octet-stream",   # the guide's memory snapshot (bytes the worker unpacks)
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
}
DEFAULT_MEDIA_TYPE = "application/octet-stream"
CHARSET = "utf-8"

# The plain-path rule, on the percent-decoded path.
SEPARATOR = "/"
DOT_SEGMENTS = (".", "..")
REFUSED_CHARACTERS = "\\" + "".join(chr(code) for code in range(32)) + "\x7f"

NOT_FOUND_PAGE = "404.html"
# Built like the not-found page (each language its own, and one at the root): what a visitor
# sees when the server fails (nginx: no API worker answers). Named as an error page, so that
# MkDocs writes its links from the root, like the 404 page's: it is served at any address.
UNAVAILABLE_PAGE = "503.html"


def cache_control(path: str) -> str:
    """Cache-Control of a file found at ``path`` (any other answer is REVALIDATE)."""
    return IMMUTABLE if HASHED_PATH.search(path) else REVALIDATE


def media_type(path: str) -> str:
    """The Content-Type of the file at ``path``, with the charset of a text type."""
    dot = path.rfind(".")
    kind = MEDIA_TYPES.get(path[dot:].lower() if dot > path.rfind("/") else "", DEFAULT_MEDIA_TYPE)
    return f"{kind}; charset={CHARSET}" if kind.startswith("text/") else kind


def is_plain_path(path: str) -> bool:
    """Whether ``path`` (as sent, percent-decoded) can name a file of the site: see the module docs."""
    if not path.startswith(SEPARATOR) or any(char in REFUSED_CHARACTERS for char in path):
        return False
    segments = path[1:].split(SEPARATOR)
    # The last segment is empty for a folder ("/fr/"); no other one may be.
    return all(segment not in ("", *DOT_SEGMENTS) for segment in segments[:-1]) and segments[-1] not in DOT_SEGMENTS


def language_of(path: str, languages: list[str]) -> str | None:
    """The site language whose folder the (percent-decoded) path names first, if any."""
    first = path.lstrip(SEPARATOR).split(SEPARATOR, 1)[0]
    return first if first in languages else None


def not_found_page(path: str, languages: list[str]) -> str:
    """The site's path of the not-found page for ``path``: its language's, else the root one."""
    lang = language_of(path, languages)
    return f"/{lang}/{NOT_FOUND_PAGE}" if lang else f"/{NOT_FOUND_PAGE}"


# Pages: the files whose answer holds the notices (a folder's index.html, any .html file).
PAGE_PATTERN = r"(?:^|/)$|\.html$"
PAGE_PATH = re.compile(PAGE_PATTERN)
NOTICE_INCLUDE = '<!--# include virtual="{path}" -->'
NOTICE_INCLUDE_PATTERN = re.compile(
    re.escape(NOTICE_INCLUDE).replace(r"\{path\}", re.escape(FRAGMENT_PATH).replace(r"\{lang\}", "([a-z]{2,3})")))


def notice_include(lang: str) -> str:
    """The directive a page in ``lang`` carries where its notices go."""
    return NOTICE_INCLUDE.format(path=FRAGMENT_PATH.format(lang=lang))


def is_page(path: str) -> bool:
    return bool(PAGE_PATH.search(path))
