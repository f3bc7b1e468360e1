"""Gzip copies made at build time, and the server handing them to browsers that accept gzip."""
import gzip
import random

import pytest
from starlette.testclient import TestClient

from starlette.datastructures import Headers

from server.app import create_app
from server.site import accepts_gzip
from sitebuild.precompress import precompress, served_size

SCRIPT = ("function step(answer) { return answer; }\n" * 200).encode()


@pytest.fixture
def small_site(tmp_path):
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "index.html").write_text("<html lang=fr><p>" + "Bonjour. " * 300 + "</p></html>")
    (tmp_path / "fr" / "404.html").write_text("<html lang=fr><h1>Page introuvable</h1>" + " " * 2000)
    (tmp_path / "app.js").write_bytes(SCRIPT)
    (tmp_path / "tiny.css").write_text("p{margin:0}")
    (tmp_path / "guide.whl").write_bytes(SCRIPT)            # a zip already: never compressed
    (tmp_path / "noise.json").write_bytes(random.Random(1).randbytes(4096))   # does not shrink
    return tmp_path


def test_precompress_writes_a_faithful_copy_only_where_it_pays(small_site):
    done = precompress(small_site)
    copies = sorted(path.relative_to(small_site).as_posix() for path in small_site.rglob("*.gz"))
    assert copies == ["app.js.gz", "fr/404.html.gz", "fr/index.html.gz"]
    assert gzip.decompress((small_site / "app.js.gz").read_bytes()) == SCRIPT
    assert done.files == 3 and done.bytes_after < done.bytes_before


def test_precompress_gives_the_same_bytes_for_the_same_input(small_site):
    precompress(small_site)
    first = (small_site / "app.js.gz").read_bytes()
    precompress(small_site)
    assert (small_site / "app.js.gz").read_bytes() == first


@pytest.fixture
def client(small_site):
    precompress(small_site)
    return TestClient(create_app(small_site, ["fr"]), follow_redirects=False)


def test_a_browser_that_accepts_gzip_gets_the_copy_with_the_right_type(client):
    response = client.get("/app.js", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.content == SCRIPT                      # httpx undoes the gzip
    assert int(response.headers["content-length"]) < len(SCRIPT)


@pytest.mark.parametrize("accept", ["identity", "gzip;q=0", "br", ""])
def test_a_client_that_does_not_accept_gzip_gets_the_file_itself(client, accept):
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
    ("gzip", True), ("deflate, gzip;q=0.5", True), ("*", True), ("GZIP", True),
    ("gzip;q=0", False), ("gzip;q=zero", False), ("br, deflate", False), ("", False),
])
def test_accept_encoding_is_read_as_http_says(header, accepted):
    assert accepts_gzip(Headers({"accept-encoding": header})) is accepted


def test_the_built_runtime_travels_compressed(site_dir, languages):
    client = TestClient(create_app(site_dir, languages))
    wasm = site_dir / "_runtime" / "pyodide" / "pyodide.asm.wasm"
    response = client.get("/_runtime/pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"] == "application/wasm"
    assert int(response.headers["content-length"]) < wasm.stat().st_size * 0.7
    assert response.content == wasm.read_bytes()


def test_served_size_is_the_copys_where_there_is_one(small_site):
    precompress(small_site)
    assert served_size(small_site / "app.js") == (small_site / "app.js.gz").stat().st_size < len(SCRIPT)
    assert served_size(small_site / "tiny.css") == (small_site / "tiny.css").stat().st_size
