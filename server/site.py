"""The built static site, served by the rules of server/policy.py (the same rules the generated
nginx.conf applies: caching, precompressed copies, media types, refused paths, the not-found page
of the path's language).

Where the build left brotli and gzip copies beside a file (sitebuild/precompress.py), the
browser gets the best copy it accepts: brotli, then gzip, then the file itself, as its
Accept-Encoding says with its q-values (RFC 9110, section 12.5.3), always with
`Vary: Accept-Encoding`. A range request is answered from the file itself.

Each language's 404 page links with root-absolute addresses, so it works at any depth, and
offers home, search and "start the guide again" (which is what an unknown guide step needs).

The answers' headers are nginx's for the same file (tests/ops/test_nginx_site.py compares
them): its ETag form, no Last-Modified and no Accept-Ranges on a 404, no Accept-Ranges on a
compressed copy (nginx's brotli module does not serve ranges of one).
"""

import gzip
import hashlib
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.routing import get_route_path
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

from server import policy


class SiteFileResponse(FileResponse):
    """A file with nginx's validators: ETag "<mtime>-<size>" in hex (a browser's cached copy
    validates against either server)."""

    def set_stat_headers(self, stat_result: os.stat_result) -> None:
        super().set_stat_headers(stat_result)
        self.headers["etag"] = f'"{int(stat_result.st_mtime):x}-{stat_result.st_size:x}"'


# The notices of a language as an HTML fragment (codecheck's NoticeBoard, through the API app).
NoticeFragment = Callable[[str], Awaitable[str]]


class SiteFiles(StaticFiles):
    def __init__(self, directory: Path, languages: list[str], notices: NoticeFragment | None = None):
        super().__init__(directory=directory, html=True)
        self.site_dir = Path(directory)
        self.languages = languages
        self.notices = notices

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await self.file_answer(path, scope)
        if isinstance(response, PageResponse):
            return await self.with_notices(response, scope)
        return response

    async def with_notices(self, page: "PageResponse", scope: Scope) -> Response:
        """The page with its include directive replaced by its language's notices ("" when none),
        as nginx's SSI sends it: no Last-Modified, compressed as it goes; and an ETag naming the
        file and the notices, so that a revalidation never keeps an ended notice."""
        page_text = Path(page.path).read_text(encoding="utf-8")
        fragments = {lang: await self.notices(lang) if self.notices else ""
                     for lang in dict.fromkeys(policy.NOTICE_INCLUDE_PATTERN.findall(page_text))}
        text = policy.NOTICE_INCLUDE_PATTERN.sub(lambda found: fragments[found.group(1)], page_text).encode()
        fragment = "".join(fragments.values())
        file_tag = page.headers["etag"].strip('"')
        etag = f'W/"{file_tag}-{hashlib.sha256(fragment.encode()).hexdigest()[:12]}"'
        headers = {"Cache-Control": page.headers["cache-control"], "Vary": "Accept-Encoding", "ETag": etag}
        request_headers = Headers(scope=scope)
        asked = [tag.strip().removeprefix("W/") for tag in request_headers.get("if-none-match", "").split(",")]
        if page.status_code == 200 and etag.removeprefix("W/") in asked:
            return Response(status_code=304, headers=headers)
        if accepts_gzip(request_headers):
            text = gzip.compress(text, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        return Response(text, status_code=page.status_code, media_type=policy.media_type(str(page.path)),
                        headers=headers)

    async def file_answer(self, path: str, scope: Scope) -> Response:
        # Starlette's `path` is already resolved ("/fr/../de/" -> "de"): judge the path as sent.
        sent = get_route_path(scope)
        if not policy.is_plain_path(sent):
            return self.not_found(sent, scope)
        # Starlette answers a miss with the root 404.html, or raises: either way, pick the page.
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404:
                raise
            response = None
        if response is None or response.status_code == 404:
            return self.not_found(sent, scope)
        found = response.status_code in (200, 206, 304)
        response.headers["Cache-Control"] = policy.cache_control(path) if found else policy.REVALIDATE
        return response

    def file_response(self, full_path, stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        request_headers = Headers(scope=scope)
        if self.notices is not None and policy.is_page(str(full_path)):
            # The page itself: its notices go in before it is compressed (with_notices).
            return PageResponse(full_path, status_code, stat_result=stat_result)
        copies = {coding: f"{full_path}{suffix}" for coding, suffix in policy.PRECOMPRESSED
                  if os.path.isfile(f"{full_path}{suffix}")}
        coding = choose_encoding(request_headers.get("accept-encoding"), list(copies))
        # A range asks for bytes of the file itself: answer it from the file, uncompressed.
        if coding != "identity" and (status_code != 200 or "range" not in request_headers):
            response = SiteFileResponse(copies[coding], status_code, stat_result=os.stat(copies[coding]),
                                        media_type=policy.media_type(str(full_path)),
                                        headers={"Content-Encoding": coding})
            del response.headers["accept-ranges"]
        else:
            response = SiteFileResponse(full_path, status_code, stat_result=stat_result,
                                        media_type=policy.media_type(str(full_path)))
        if copies:
            response.headers["Vary"] = "Accept-Encoding"   # caches keep the forms apart
        if status_code != 200:
            del response.headers["accept-ranges"]
            del response.headers["last-modified"]
        elif self.is_not_modified(response.headers, request_headers):
            return NotModifiedResponse(response.headers)
        return response

    def not_found(self, sent: str, scope: Scope) -> Response:
        """404 with the not-found page of the path's language (policy.not_found_page)."""
        for page in (policy.not_found_page(sent, self.languages), f"/{policy.NOT_FOUND_PAGE}"):
            file = self.site_dir / page.lstrip("/")
            if file.is_file():
                response = self.file_response(file, os.stat(file), scope, status_code=404)
                response.headers["Cache-Control"] = policy.REVALIDATE
                return response
        return Response("Not found", status_code=404, media_type="text/plain",
                        headers={"Cache-Control": policy.REVALIDATE})


class PageResponse(SiteFileResponse):
    """A page file, to be sent with its notices (SiteFiles.with_notices)."""


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
