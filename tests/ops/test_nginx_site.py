"""Debian's nginx, with the config `python -m server nginx-config` writes, serves the built site
as the Python server does (one table, two writers: server/policy.py, server/headers.py): the
same headers for every page type, brotli for the runtime, `immutable` for hashed files,
`no-cache` for pages, each language's 404 page, the same refusals of odd paths."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server import policy
from server.nginx_config import language_pattern, refused_path_pattern
from tests.conftest import SITE_LANGUAGES, free_port
from tests.ops.support import ServerProcess, raw_get
from tests.services import NGINX_USER, Nginx
from tests.site.test_server import ODD_PATHS

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
# Headers of the connection, not of the answer: nginx names itself and keeps connections open.
TRANSPORT = {"date", "server", "connection", "keep-alive"}


def page_types(site_dir: Path) -> dict[str, str]:
    """A path of each kind the site serves, found in the build."""
    wasm = next(site_dir.glob("_runtime/pyodide/*/pyodide.asm.wasm")).relative_to(site_dir)
    script = next(path for path in sorted(site_dir.glob("de/assets/javascripts/*.js"))
                  if policy.HASHED_PATH.search(path.name)).relative_to(site_dir)
    return {
        "language choice": "/",
        "article": "/de/situations/no-active-login/",
        "hashed script": f"/{script}",
        "runtime": f"/{wasm}",
        "not found": "/de/nirgends/",
        "API": "/api/v1/health",
    }


# Pages carry their notices (server/policy.py): nginx sends them as its SSI makes them (in chunks, no
# validator, compressed as they go), the Python server with their length and an ETag that names the
# notices; the same page either way, once decompressed.
PAGE_KINDS = {"language choice", "article", "not found"}
PAGE_FRAMING = {"content-length", "transfer-encoding", "etag"}


def decoded(headers: dict[str, str], body: bytes) -> bytes:
    return gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body


@pytest.fixture(scope="module")
def python_server(hosting, tmp_path_factory):
    """`python -m server` over the very files nginx serves (hard links: the same mtimes)."""
    server = ServerProcess(["--site-dir", str(hosting.nginx.site_dir)], hosting.env,
                           tmp_path_factory.mktemp("python-server") / "server.log")
    yield server
    server.stop()


@pytest.mark.parametrize("accept", [BROWSER, {}], ids=["browser", "no Accept-Encoding"])
@pytest.mark.parametrize("kind", ["language choice", "article", "hashed script", "runtime", "not found", "API"])
def test_each_page_type_has_the_python_servers_headers(hosting, python_server, site_dir, kind, accept) -> None:
    path = page_types(site_dir)[kind]
    status, through_nginx, body = raw_get(hosting.nginx.url, path, accept)
    python_status, from_python, python_body = raw_get(python_server.url, path, accept)
    ignored = TRANSPORT | (PAGE_FRAMING if kind in PAGE_KINDS else set())
    if kind in PAGE_KINDS:
        body, python_body = decoded(through_nginx, body), decoded(from_python, python_body)
        assert "etag" not in through_nginx and from_python["etag"].startswith('W/"')
    assert status == python_status and body == python_body
    compared = {name: value for name, value in through_nginx.items() if name not in ignored}
    assert compared == {name: value for name, value in from_python.items() if name not in ignored}
    assert through_nginx["server"] == "nginx" and "server" not in from_python   # no version either way
    # What is compared: every header of the answer.
    expected = {"cache-control", "content-type", "x-content-type-options", "referrer-policy",
                "x-frame-options", "cross-origin-opener-policy", "cross-origin-resource-policy", "permissions-policy",
                "content-security-policy"} | ({"content-length"} if kind not in PAGE_KINDS else set())
    assert expected <= set(compared)


def test_the_runtime_comes_as_brotli_hashed_files_immutable_pages_no_cache(hosting, site_dir) -> None:
    paths = page_types(site_dir)
    status, headers, body = raw_get(hosting.nginx.url, paths["runtime"], BROWSER)
    wasm = site_dir / paths["runtime"].lstrip("/")
    assert status == 200 and headers["content-encoding"] == "br" and headers["content-type"] == "application/wasm"
    assert body == Path(f"{wasm}.br").read_bytes() and len(body) < wasm.stat().st_size / 3
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["vary"] == "Accept-Encoding"
    status, headers, _ = raw_get(hosting.nginx.url, paths["hashed script"], BROWSER)
    assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
    for page in ("/", "/de/", paths["article"], "/fr/guide/"):
        status, headers, _ = raw_get(hosting.nginx.url, page, BROWSER)
        assert status == 200 and headers["cache-control"] == "no-cache", page
        assert headers["content-type"] == "text/html; charset=utf-8"


def without_notices(page: Path) -> bytes:
    """A page as served when no notice is current: its include directives give nothing."""
    return policy.NOTICE_INCLUDE_PATTERN.sub("", page.read_text(encoding="utf-8")).encode()


def test_a_miss_under_a_language_gets_that_languages_404_page(hosting, site_dir) -> None:
    status, headers, body = raw_get(hosting.nginx.url, "/de/nirgends/")
    assert status == 404 and body == without_notices(site_dir / "de" / "404.html")
    assert "Seite nicht gefunden" in body.decode() and headers["cache-control"] == "no-cache"
    for lang in SITE_LANGUAGES:
        assert raw_get(hosting.nginx.url, f"/{lang}/gibt-es-nicht/")[2] == without_notices(site_dir / lang / "404.html")
    assert raw_get(hosting.nginx.url, "/nothing/here")[2] == without_notices(site_dir / "404.html")


@pytest.mark.parametrize(("path", "lang"), ODD_PATHS, ids=[path[:40] for path, _ in ODD_PATHS])
def test_odd_paths_are_refused_as_the_python_server_refuses_them(hosting, site_dir, path, lang) -> None:
    status, headers, body = raw_get(hosting.nginx.url, path)
    expected = site_dir / lang / "404.html" if lang else site_dir / "404.html"
    assert status == 404 and body == without_notices(expected)
    assert "location" not in headers and headers["content-type"].startswith("text/html")


# The pieces of raw request targets: dots, separators and refused characters, plain and
# percent-encoded in either case, language codes, a query.
PIECES = ["/", "/", ".", "..", "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "\\", "%00", "%0a", "%1F", "%7f", "%20",
          "a", "b.c", "fr", "de", "%66r", "%64%65", "FR", "?", "?x=/../", "%", "%zz", "%c3%a9", "index.html"]
targets = st.lists(st.sampled_from(PIECES), max_size=12).map(lambda pieces: "/" + "".join(pieces))


def decoded_path(target: str) -> str:
    """The path the Python server judges: the target up to its query, percent-decoded (uvicorn)."""
    return unquote(target.partition("?")[0])


@given(targets)
@settings(max_examples=3000, deadline=None)
def test_nginx_refuses_exactly_the_paths_the_python_server_refuses(target: str) -> None:
    refused = re.search(refused_path_pattern(), f"GET {target} HTTP/1.1") is not None
    assert refused == (not policy.is_plain_path(decoded_path(target))), target


@given(targets)
@settings(max_examples=3000, deadline=None)
def test_nginx_picks_the_not_found_page_the_python_server_picks(target: str) -> None:
    request = f"GET {target} HTTP/1.1"
    matching = [lang for lang in SITE_LANGUAGES if re.search(language_pattern(lang), request)]
    assert matching == [lang for lang in [policy.language_of(decoded_path(target), list(SITE_LANGUAGES))] if lang]


def test_every_kind_of_file_the_build_writes_has_its_media_type(site_dir) -> None:
    suffixes = {path.suffix for path in site_dir.rglob("*") if path.is_file() and path.suffix not in {".br", ".gz"}}
    assert suffixes and suffixes <= set(policy.MEDIA_TYPES), suffixes - set(policy.MEDIA_TYPES)


def test_nginx_runs_as_an_unprivileged_user(hosting) -> None:
    users = hosting.nginx.worker_users()
    assert users and "root" not in users
    if os.geteuid() == 0:
        assert users == {"www-data"}
    assert "[emerg]" not in hosting.nginx.error_log() and "[crit]" not in hosting.nginx.error_log()


def test_the_tls_server_block_serves_https_with_hsts_and_redirects_http(hosting, site_dir, tmp_path) -> None:
    """The production variant (--tls-certificate, --tls-key, --redirect-from), with a
    self-signed certificate made here."""
    folder = Path(tempfile.mkdtemp(prefix="connect-help-tls-"))
    try:
        certificate, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
                       check=True, capture_output=True, timeout=60)
        os.chmod(folder, 0o755)
        os.chmod(certificate, 0o644)
        if os.geteuid() == 0:   # nginx reads its key as its own, unprivileged user
            shutil.chown(key, NGINX_USER)
        redirect_port = free_port()
        nginx = Nginx(site_dir, [hosting.api.address], ("--tls-certificate", str(certificate), "--tls-key", str(key),
                                                       "--redirect-from", f"127.0.0.1:{redirect_port}"))
        try:
            with httpx.Client(verify=False, timeout=30) as client:
                for path in ("/de/", page_types(site_dir)["runtime"], "/de/nirgends/", "/api/v1/health",
                             "/api/v1/metrics"):
                    response = client.get(nginx.url + path)
                    assert response.status_code in (200, 404), path
                    assert response.headers["strict-transport-security"] == "max-age=63072000", path
                    assert response.headers.get_list("x-frame-options") == ["DENY"], path   # once, not twice
                redirect = client.get(f"http://127.0.0.1:{redirect_port}/de/?q=x", follow_redirects=False)
                assert redirect.status_code == 301
                assert redirect.headers["location"] == f"{nginx.url}/de/?q=x"
        finally:
            nginx.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
