"""The built static site, with a "not found" page in the visitor's language.

Where the build left a gzip copy beside a file (sitebuild/precompress.py), a browser that
accepts gzip gets that copy: the guide's 14 MB runtime travels as about 7 MB.

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
            return self.not_found(path)
        return self.not_found(path) if response.status_code == 404 else response

    def file_response(self, full_path, stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        compressed = f"{full_path}.gz"
        if status_code != 200 or not os.path.isfile(compressed):
            return super().file_response(full_path, stat_result, scope, status_code)
        request_headers = Headers(scope=scope)
        # A range asks for bytes of the file itself: answer it from the file, uncompressed.
        if not accepts_gzip(request_headers) or "range" in request_headers:
            response = super().file_response(full_path, stat_result, scope, status_code)
        else:
            media_type, _ = mimetypes.guess_type(str(full_path))
            response = FileResponse(compressed, stat_result=os.stat(compressed), media_type=media_type,
                                    headers={"Content-Encoding": "gzip"})
            if self.is_not_modified(response.headers, request_headers):
                response = NotModifiedResponse(response.headers)
        response.headers["Vary"] = "Accept-Encoding"   # caches keep both forms apart
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


def accepts_gzip(headers: Headers) -> bool:
    """Whether Accept-Encoding allows gzip (listed, or "*", and not with q=0)."""
    for item in headers.get("accept-encoding", "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().lower().removeprefix("q=")
            try:
                return not params or float(q) > 0
            except ValueError:
                return False
    return False
