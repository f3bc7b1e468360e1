"""Brotli and gzip copies made at build time, and the server handing each browser the best copy
it accepts (RFC 9110 q-values), with the cache headers of hashed and unhashed files."""
import gzip
import hashlib
import random
import re

import brotli
import pytest
from starlette.testclient import TestClient

from starlette.datastructures import Headers

from server.app import create_app
from server.policy import IMMUTABLE, REVALIDATE, cache_control
from server.site import accepts_gzip, choose_encoding
from sitebuild.precompress import precompress, served_size

SCRIPT = ("function step(answer) { return answer; }\n" * 200).encode()


@pytest.fixture
def brotli_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("brotli-cache")


@pytest.fixture
def small_site(tmp_path):
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "index.html").write_text("<html lang=fr><p>" + "Bonjour. " * 300 + "</p></html>")
    (tmp_path / "fr" / "404.html").write_text("<html lang=fr><h1>Page introuvable</h1>" + " " * 2000)
    (tmp_path / "app.js").write_bytes(SCRIPT)
    (tmp_path / "tiny.css").write_text("p{margin:0}")
    (tmp_path / "guide.whl").write_bytes(random.Random(2).randbytes(4096))   # a deflated zip: no gain
    (tmp_path / "noise.json").write_bytes(random.Random(1).randbytes(4096))   # does not shrink
    return tmp_path


def test_precompress_writes_faithful_copies_only_where_they_pay(small_site, brotli_cache):
    done = precompress(small_site, cache=brotli_cache)
    copies = sorted(path.relative_to(small_site).as_posix() for path in small_site.rglob("*.gz"))
    assert copies == ["app.js.gz", "fr/404.html.gz", "fr/index.html.gz"]
    assert sorted(path.relative_to(small_site).as_posix() for path in small_site.rglob("*.br")) == [
        "app.js.br", "fr/404.html.br", "fr/index.html.br"]
    for copy in copies:
        original = (small_site / copy.removesuffix(".gz")).read_bytes()
        assert gzip.decompress((small_site / copy).read_bytes()) == original
        brotli_copy = (small_site / copy.replace(".gz", ".br")).read_bytes()
        assert brotli.decompress(brotli_copy) == original
        assert len(brotli_copy) < (small_site / copy).stat().st_size
    assert done.files == 3 and done.bytes_after < done.gzip_after < done.bytes_before


def test_precompress_gives_the_same_bytes_for_the_same_input_and_reuses_its_cache(small_site, brotli_cache):
    cache = brotli_cache
    precompress(small_site, cache=cache)
    first = {name: (small_site / name).read_bytes() for name in ("app.js.gz", "app.js.br")}
    assert len(list(cache.glob("*.br"))) == 3
    (small_site / "app.js.br").unlink()
    precompress(small_site, cache=None)                  # compressed again, without the cache
    assert {name: (small_site / name).read_bytes() for name in first} == first
    for entry in cache.glob("*.br"):                     # a cache entry is used as it is
        entry.write_bytes(brotli.compress(b"from the cache"))
    precompress(small_site, cache=cache)
    assert brotli.decompress((small_site / "app.js.br").read_bytes()) == b"from the cache"


@pytest.fixture
def client(small_site, brotli_cache):
    precompress(small_site, cache=brotli_cache)
    return TestClient(create_app(small_site, ["fr"]), follow_redirects=False)


def test_a_browser_that_accepts_gzip_gets_the_copy_with_the_right_type(client):
    response = client.get("/app.js", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.content == SCRIPT                      # httpx undoes the gzip
    assert int(response.headers["content-length"]) < len(SCRIPT)


@pytest.mark.parametrize("accept", ["gzip, deflate, br, zstd", "br", "*", "br;q=0.9, gzip;q=0.8"])
def test_a_browser_that_accepts_brotli_gets_the_brotli_copy(client, small_site, accept):
    response = client.get("/app.js", headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["vary"] == "Accept-Encoding"
    assert int(response.headers["content-length"]) == (small_site / "app.js.br").stat().st_size
    assert response.content == SCRIPT                      # httpx undoes the brotli


@pytest.mark.parametrize("accept", ["identity", "gzip;q=0", "br;q=0, gzip;q=0", "deflate", "", "*;q=0",
                                    "identity;q=0"])
def test_a_client_that_accepts_neither_gets_the_file_itself(client, accept):
    response = client.get("/app.js", headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert int(response.headers["content-length"]) == len(SCRIPT)
    assert response.headers["vary"] == "Accept-Encoding"


def test_directory_pages_are_compressed_too_and_revalidate(client):
    first = client.get("/fr/", headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip" and "Bonjour" in first.text
    again = client.get("/fr/", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_a_range_is_answered_from_the_uncompressed_file(client):
    response = client.get("/app.js", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-7"})
    assert "content-encoding" not in response.headers
    assert response.content == SCRIPT[:8]


def test_the_not_found_page_is_still_a_404_in_its_language(client):
    response = client.get("/fr/nulle-part/", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 404 and "Page introuvable" in response.text


@pytest.mark.parametrize(("header", "accepted"), [
    ("gzip", True), ("deflate, gzip;q=0.5", True), ("*", True), ("GZIP", True), ("x-gzip", True),
    ("*;q=0, gzip", True),                 # a coding named outranks "*", wherever it stands
    ("gzip;q=0, *", False), ("*;q=0", False), ("gzip;q=0", False), ("gzip;q=zero", False),
    ("gzip;q=1.5", False), ("br, deflate", False), ("identity;q=0", False), ("", False),
])
def test_accept_encoding_is_read_as_http_says(header, accepted):
    assert accepts_gzip(Headers({"accept-encoding": header})) is accepted


@pytest.mark.parametrize(("header", "chosen"), [
    ("gzip, deflate, br, zstd", "br"),     # Chromium's
    ("br, gzip", "br"), ("gzip, br", "br"), ("BR", "br"), ("*", "br"),
    ("gzip", "gzip"), ("gzip;q=0.5", "gzip"), ("x-gzip", "gzip"),
    ("br;q=0.5, gzip", "gzip"), ("gzip;q=0.8, br;q=0.9", "br"), ("br;q=0, *", "gzip"),
    ("*;q=0, gzip", "gzip"), ("br;q=zero, gzip", "gzip"), ("br;q=2, gzip;q=0.1", "gzip"),
    ("br ; q=0.4 , gzip ; q=0.3", "br"),
    ("identity;q=1, gzip;q=0.5", "identity"), ("*;q=0.9, identity;q=0.1", "br"),
    ("identity", "identity"), ("deflate", "identity"), ("", "identity"), (None, "identity"),
    ("*;q=0", "identity"), ("identity;q=0", "identity"),   # nothing acceptable: the file itself
])
def test_the_best_accepted_copy_is_chosen(header, chosen):
    assert choose_encoding(header, ["br", "gzip"]) == chosen


def test_only_the_copies_there_are_can_be_chosen():
    assert choose_encoding("br", ["gzip"]) == "identity"
    assert choose_encoding("br, gzip;q=0.1", ["gzip"]) == "gzip"
    assert choose_encoding("br, gzip", []) == "identity"


@pytest.mark.parametrize(("path", "header"), [
    ("fr/index.html", REVALIDATE), ("fr/", REVALIDATE), ("app.js", REVALIDATE), ("sitemap.xml", REVALIDATE),
    ("fr/assets/javascripts/guide/main.b110c8bc5b.js", IMMUTABLE),
    ("fr/assets/javascripts/bundle.a5f9d56c.min.js", IMMUTABLE),
    ("_runtime/guide-runtime.1b43ca46b5.json", IMMUTABLE),
    ("_runtime/pyodide/9395004b1135ba37/pyodide.asm.wasm", IMMUTABLE),
    ("_runtime/pyodide/9395004b1135ba37", REVALIDATE), ("_runtime/pyodide/pyodide.asm.wasm", REVALIDATE),
    ("fr/assets/javascripts/lunr/min/lunr.de.min.js", REVALIDATE), ("fr/guide/deadbeef/", REVALIDATE),
])
def test_only_hashed_names_are_immutable(path, header):
    assert cache_control(path) == header


def test_the_server_sends_the_cache_headers(small_site, client):
    (small_site / "app.0123456789.js").write_bytes(SCRIPT)
    hashed = client.get("/app.0123456789.js", headers={"Accept-Encoding": "br"})
    assert hashed.headers["cache-control"] == "public, max-age=31536000, immutable"
    again = client.get("/app.0123456789.js", headers={"If-None-Match": hashed.headers["etag"]})
    assert again.status_code == 304 and again.headers["cache-control"] == IMMUTABLE
    for path in ("/fr/", "/fr/index.html", "/app.js", "/tiny.css"):
        response = client.get(path, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200 and response.headers["cache-control"] == "no-cache", path
    missing = client.get("/fr/nulle-part.0123456789.js")
    assert missing.status_code == 404 and missing.headers["cache-control"] == "no-cache"


def test_the_built_runtime_travels_compressed_and_immutable(site_dir, languages):
    client = TestClient(create_app(site_dir, languages))
    (wasm,) = (site_dir / "_runtime" / "pyodide").glob("*/pyodide.asm.wasm")
    url = "/" + wasm.relative_to(site_dir).as_posix()
    for coding, most in (("br", 0.3), ("gzip", 0.4)):
        response = client.get(url, headers={"Accept-Encoding": coding})
        assert response.headers["content-encoding"] == coding
        assert response.headers["content-type"] == "application/wasm"
        assert response.headers["cache-control"] == IMMUTABLE
        assert int(response.headers["content-length"]) < wasm.stat().st_size * most
        assert response.content == wasm.read_bytes()


def test_every_compressed_copy_in_the_built_site_is_faithful(site_dir):
    copies = sorted(site_dir.rglob("*.br")) + sorted(site_dir.rglob("*.gz"))
    assert len(copies) > 50
    for copy in copies:
        original = copy.with_suffix("").read_bytes()
        data = copy.read_bytes()
        assert (brotli.decompress(data) if copy.suffix == ".br" else gzip.decompress(data)) == original, copy
        if copy.suffix == ".br":
            assert len(data) < copy.with_suffix(".gz").stat().st_size, copy


def test_the_built_sites_immutable_files_are_named_after_their_bytes(site_dir):
    """Every file the server would send immutable carries its content's hash (ours: checked
    here; the theme's own bundle names come from mkdocs-material), and every page revalidates."""
    files = [path for path in site_dir.rglob("*") if path.is_file() and path.suffix not in (".br", ".gz")]
    ours = 0
    for path in files:
        name = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            assert cache_control(name) == REVALIDATE, name
        if cache_control(name) != IMMUTABLE:
            continue
        found = re.search(r"\.([0-9a-f]{10})\.[a-z]+$", name)
        if found:
            assert hashlib.sha256(path.read_bytes()).hexdigest()[:10] == found.group(1), name
            ours += 1
        else:
            assert name.startswith("_runtime/") or re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", name), name
    assert ours >= 4 * 8


def test_served_size_is_the_copys_where_there_is_one(small_site, brotli_cache):
    precompress(small_site, cache=brotli_cache)
    assert served_size(small_site / "app.js") == (small_site / "app.js.br").stat().st_size < len(SCRIPT)
    assert served_size(small_site / "app.js", "gzip") == (small_site / "app.js.gz").stat().st_size
    assert served_size(small_site / "app.js", "identity") == len(SCRIPT)
    assert served_size(small_site / "tiny.css") == (small_site / "tiny.css").stat().st_size
