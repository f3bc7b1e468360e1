"""The guide's browser runtime in the built site (sitebuild/runtime.py): the pinned Pyodide core
once at the site root, the guide as a valid wheel with its data, the pure wheels it needs, a
manifest with the fund's details, and the browser glue on the guide's pages only."""
import base64
import hashlib
import json
import re
import zipfile
from pathlib import Path

from tests.site.htmlscan import scan

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_FILES = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"}
SCRIPT = re.compile(r"assets/javascripts/guide/main\.[0-9a-f]{10}\.js$")


def manifest(site_dir: Path) -> dict:
    (path,) = (site_dir / "_runtime").glob("guide-runtime.*.json")   # its name: a hash of it
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_pinned_pyodide_core_is_copied_once_for_every_language(site_dir, languages):
    runtime = site_dir / "_runtime"
    data = manifest(site_dir)
    core = runtime / data["pyodide"]["index"]
    # The files and, beside some of them, the build's brotli and gzip copies (sitebuild/precompress.py).
    assert {path.name.removesuffix(".gz").removesuffix(".br") for path in core.iterdir()} == PYODIDE_FILES
    assert [path.name for path in (runtime / "pyodide").iterdir()] == [core.name]
    for name in PYODIDE_FILES:
        assert (core / name).read_bytes() == (ROOT / "node_modules" / "pyodide" / name).read_bytes()
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert data["pyodide"]["version"] == lock["packages"]["node_modules/pyodide"]["version"]
    assert data["pyodide"]["stdlib"].startswith("stdlib/") and (runtime / data["pyodide"]["stdlib"]).is_file()
    for lang in languages:
        assert not (site_dir / lang / "_runtime").exists()


def test_the_manifest_names_local_wheels_and_the_funds_details(site_dir, site_config):
    data = manifest(site_dir)
    assert data["fund"] == site_config.fund.to_dict()
    names = [Path(wheel).name.split("-")[0].lower() for wheel in data["wheels"]]
    assert sorted(names) == ["connect_help_guide", "jinja2", "markupsafe"]
    for wheel in data["wheels"]:
        assert not wheel.startswith(("http:", "https:", "/")) and (site_dir / "_runtime" / wheel).is_file()
        assert wheel.endswith("-py3-none-any.whl")


def test_the_guide_wheel_holds_the_guide_package_and_its_data_only(site_dir):
    (wheel,) = [w for w in manifest(site_dir)["wheels"] if "connect_help_guide" in w]
    with zipfile.ZipFile(site_dir / "_runtime" / wheel) as archive:
        names = archive.namelist()
        (record,) = [name for name in names if name.endswith(".dist-info/RECORD")]
        rows = [line.split(",") for line in archive.read(record).decode().splitlines()]
        for name, digest, size in rows:
            if name == record:
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data), name
        assert sorted(row[0] for row in rows) == sorted(names)
        assert "Tag: py3-none-any" in archive.read(record.replace("RECORD", "WHEEL")).decode()
    assert all(name.startswith(("guide/", "connect_help_guide-")) for name in names)
    # Bytecode in place of the modules' sources (sitebuild/pyc/; tests/pyodide/test_bytecode.py).
    for needed in ("guide/browser.pyc", "guide/flow.toml", "guide/requests.toml", "guide/templates/letter.txt.j2",
                   "guide/templates/pages/request_form.html.j2", "guide/locales/de/LC_MESSAGES/guide.mo",
                   "guide/locales/it/LC_MESSAGES/guide.mo", "guide/locales/en/LC_MESSAGES/guide.mo"):
        assert needed in names, needed
    assert not [name for name in names if "__pycache__" in name or name.endswith(".py")]


def test_the_guides_pages_and_only_they_load_the_browser_glue(site_dir, languages):
    for lang in languages:
        for page in (site_dir / lang).rglob("index.html"):
            scripts = [url for url in scan(page).fetched if SCRIPT.search(url)]
            text = page.read_text(encoding="utf-8")
            is_guide_step = "data-guide-node=" in text or "data-guide-outcome=" in text
            assert len(scripts) == (1 if is_guide_step else 0), page
            if scripts:
                assert 'type="module"' in text and f'data-guide-lang="{lang}"' in text
        assert len(list((site_dir / lang / "assets" / "javascripts" / "guide").glob("worker.*.js"))) == 1
