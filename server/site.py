"""The built static site, with a "not found" page in the visitor's language.

Where the build left brotli and gzip copies beside a file (sitebuild/precompress.py), the
browser gets the best copy it accepts: brotli, then gzip, then the file itself, as its
Accept-Encoding says with its q-values (RFC 9110, section 12.5.3), always with
`Vary: Accept-Encoding`.

Caching: a file whose name carries a content hash (sitebuild/fingerprint.py, the runtime's
hashed folders, the theme's `bundle.<hash>.min.js`) never changes under that name, so it is
sent `immutable` for a year; everything else (the HTML pages first of all) is `no-cache`:
the browser asks each time whether it changed (a 304 costs little) and never shows a stale page.

The language is judged from the path (/de/... → German). Each language's 404 page links with
root-absolute addresses, so it works at any depth, and offers home, search and "start the guide
again" (which is what an unknown guide step needs).

A file is served only for a plain path, taken as sent (after percent-decoding) and never
resolved: no "." or ".." segment, no empty segment (double slash), no backslash, no control
character (NUL included). Any other path is not an address of the site: it gets 404 with the
not-found page of the language of its first non-empty segment, never a file nor a redirect, so
that "/fr/../de/" or "//fr/" does not serve a page under an address its relative links break.
"""

import mimetypes
import os
import re
from pathlib import Path

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.routing import get_route_path
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

# Pyodide's runtime needs these types; some systems' mime tables lack them.
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# A content hash in the name: `main.3f2a9c1b7d.js`, `bundle.a5f9d56c.min.js`, or a folder of
# the runtime named after its contents, `_runtime/pyodide/9395004b1135ba37/...`.
HASHED_PATH = re.compile(r"(?:^|/)_runtime/[a-z]+/[0-9a-f]{16}/[^/]+$|\.[0-9a-f]{8,}(?:\.min)?\.[A-Za-z0-9]+$")
# The copies the build may leave beside a file, best first: (content coding, suffix).
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def cache_control(path: str) -> str:
    return IMMUTABLE if HASHED_PATH.search(path) else REVALIDATE


class SiteFiles(StaticFiles):
    def __init__(self, directory: Path, languages: list[str]):
        super().__init__(directory=directory, html=True)
        self.site_dir = Path(directory)
        self.languages = languages

    async def get_response(self, path: str, scope: Scope) -> Response:
        # Starlette's `path` is already resolved ("/fr/../de/" -> "de"): judge the path as sent.
        sent = get_route_path(scope)
        if not is_plain_path(sent):
            return self.not_found(sent.lstrip("/"))
        # Starlette answers a miss with the root 404.html, or raises: either way, pick the page.
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404:
                raise
            response = None
        if response is None or response.status_code == 404:
            response = self.not_found(path)
        response.headers["Cache-Control"] = cache_control(path) if response.status_code in (200, 206, 304) else REVALIDATE
        return response

    def file_response(self, full_path, stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        copies = {coding: f"{full_path}{suffix}" for coding, suffix in PRECOMPRESSED
                  if os.path.isfile(f"{full_path}{suffix}")}
        if status_code != 200 or not copies:
            return super().file_response(full_path, stat_result, scope, status_code)
        request_headers = Headers(scope=scope)
        coding = choose_encoding(request_headers.get("accept-encoding"), list(copies))
        # A range asks for bytes of the file itself: answer it from the file, uncompressed.
        if coding == "identity" or "range" in request_headers:
            response = super().file_response(full_path, stat_result, scope, status_code)
        else:
            media_type, _ = mimetypes.guess_type(str(full_path))
            response = FileResponse(copies[coding], stat_result=os.stat(copies[coding]), media_type=media_type,
                                    headers={"Content-Encoding": coding})
            if self.is_not_modified(response.headers, request_headers):
                response = NotModifiedResponse(response.headers)
        response.headers["Vary"] = "Accept-Encoding"   # caches keep the forms apart
        return response

    def not_found_page(self, path: str) -> Path:
        first = path.split("/", 1)[0]
        lang = first if first in self.languages else None
        candidates = []
        if lang:
            candidates.append(self.site_dir / lang / "404.html")
        candidates.append(self.site_dir / "404.html")
        return next(page for page in candidates if page.is_file())

    def not_found(self, path: str) -> Response:
        try:
            page = self.not_found_page(path)
        except StopIteration:
            return Response("Not found", status_code=404, media_type="text/plain")
        return FileResponse(page, status_code=404, media_type="text/html")


def is_plain_path(path: str) -> bool:
    """Whether ``path`` (as sent, percent-decoded) can name a file of the site: see the module docs."""
    if not path.startswith("/") or "\\" in path or any(ord(char) < 32 or ord(char) == 127 for char in path):
        return False
    segments = path[1:].split("/")
    # The last segment is empty for a folder ("/fr/"); no other one may be.
    return all(segment not in ("", ".", "..") for segment in segments[:-1]) and segments[-1] not in (".", "..")


def accepted_codings(header: str | None) -> dict[str, float]:
    """Accept-Encoding as {coding: q}, lower case; an item whose q is not a number in [0, 1]
    counts as q=0 (refused), as the safer reading of a malformed header."""
    codings: dict[str, float] = {}
    for item in (header or "").split(","):
        name, *params = [part.strip() for part in item.split(";")]
        if not name:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:
                    q = 0.0
        name = name.lower()
        if name == "x-gzip":          # the same coding (RFC 9110, 8.4.1.3)
            name = "gzip"
        codings.setdefault(name, q)
    return codings


def coding_quality(codings: dict[str, float], coding: str) -> float | None:
    """The q the client gives `coding`: its own entry, else "*"'s; None when it names neither
    (for identity that means acceptable, RFC 9110, 12.5.3; for any other coding, refused)."""
    if coding in codings:
        return codings[coding]
    return codings.get("*")


def choose_encoding(header: str | None, available: list[str]) -> str:
    """The content coding to send: of `available` (best first: "br", "gzip"), the one the
    client gives the highest q, ties going to the first; the file itself ("identity") when
    the client accepts none of them, or gives identity a higher q by name or through "*".
    With no Accept-Encoding at all, identity. When the client refuses everything, identity
    too: the file itself is the one answer left (RFC 9110 allows it rather than a 406)."""
    if not header:
        return "identity"
    codings = accepted_codings(header)
    best, best_q = "identity", 0.0
    for coding in available:
        q = coding_quality(codings, coding) or 0.0
        if q > best_q:
            best, best_q = coding, q
    identity_q = coding_quality(codings, "identity")
    if best != "identity" and identity_q is not None and identity_q > best_q:
        return "identity"
    return best


def accepts_gzip(headers: Headers) -> bool:
    """Whether Accept-Encoding allows gzip (by name, or by "*", and not with q=0)."""
    return (coding_quality(accepted_codings(headers.get("accept-encoding")), "gzip") or 0.0) > 0
