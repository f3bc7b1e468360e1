"""Content-hashed names (sitebuild/fingerprint.py, sitebuild/runtime.py): a file's name changes
with its bytes and with what it points to, pages name the new files, and a rebuild leaves
nothing stale behind."""
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from sitebuild import runtime
from sitebuild.build import build_site
from sitebuild.fingerprint import fingerprint

ROOT = Path(__file__).resolve().parents[2]


def small_site(tmp_path: Path, manifest: str = '{"wheels": ["wheels/0123456789abcdef/a.whl"]}') -> tuple[Path, Path]:
    assets = tmp_path / "overrides" / "assets"
    (assets / "javascripts" / "guide").mkdir(parents=True)
    (assets / "javascripts" / "guide" / "main.js").write_text('import { start } from "./runtime.js";\nstart();\n')
    (assets / "javascripts" / "guide" / "runtime.js").write_text(
        'const MANIFEST = new URL("../../../../_runtime/guide-runtime.json", import.meta.url);\n'
        'const WORKER = new URL("./worker.js", import.meta.url);\n'
        '// "./not-ours.js" stays as it is\nexport function start() {}\n')
    (assets / "javascripts" / "guide" / "worker.js").write_text("self.onmessage = () => {};\n")
    (assets / "style.css").write_text("p { margin: 0 }\n")
    site = tmp_path / "site"
    for lang in ("fr", "de"):
        shutil.copytree(assets, site / lang / "assets")
        (site / lang / "guide").mkdir(parents=True)
        (site / lang / "guide" / "index.html").write_text(
            '<link rel="stylesheet" href="../assets/style.css"><a href="../other/">x</a>'
            '<script type="module" src="../assets/javascripts/guide/main.js" data-x="1"></script>'
            '<img src="https://example.org/assets/style.css">')
    (site / "_runtime").mkdir()
    (site / "_runtime" / "guide-runtime.json").write_text(manifest)
    return site, assets


def page_references(page: Path) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page.read_text())


def test_scripts_styles_and_the_manifest_get_hashed_names_that_pages_and_scripts_use(tmp_path):
    site, assets = small_site(tmp_path)
    renamed = fingerprint(site, assets)
    assert set(renamed) == {f"{lang}/assets/{name}" for lang in ("fr", "de") for name in (
        "javascripts/guide/main.js", "javascripts/guide/runtime.js", "javascripts/guide/worker.js", "style.css",
    )} | {"_runtime/guide-runtime.json"}
    for old, new in renamed.items():
        assert not (site / old).exists()
        digest = re.search(r"\.([0-9a-f]{10})\.[a-z]+$", new).group(1)
        assert hashlib.sha256((site / new).read_bytes()).hexdigest()[:10] == digest
    main = renamed["fr/assets/javascripts/guide/main.js"]
    assert page_references(site / "fr" / "guide" / "index.html") == [
        "../" + renamed["fr/assets/style.css"].removeprefix("fr/"), "../other/",
        "../" + main.removeprefix("fr/"), "https://example.org/assets/style.css"]
    runtime_js = (site / renamed["fr/assets/javascripts/guide/runtime.js"]).read_text()
    assert f'"../../../../{renamed["_runtime/guide-runtime.json"]}"' in runtime_js
    assert f'"./{Path(renamed["fr/assets/javascripts/guide/worker.js"]).name}"' in runtime_js
    assert '"./not-ours.js"' in runtime_js
    assert f'"./{Path(renamed["fr/assets/javascripts/guide/runtime.js"]).name}"' in (site / main).read_text()


def test_a_new_manifest_gives_new_names_all_the_way_up_to_the_page(tmp_path):
    first_site, assets = small_site(tmp_path / "a")
    first = fingerprint(first_site, assets)
    second_site, assets = small_site(tmp_path / "b", manifest='{"wheels": ["wheels/fedcba9876543210/a.whl"]}')
    second = fingerprint(second_site, assets)
    changed = {name for name in first if first[name] != second[name]}
    assert changed == {"_runtime/guide-runtime.json"} | {
        f"{lang}/assets/javascripts/guide/{name}.js" for lang in ("fr", "de") for name in ("main", "runtime")}


def test_scripts_that_import_each_other_are_refused(tmp_path):
    site, assets = small_site(tmp_path)
    for folder in (assets, site / "fr" / "assets"):
        (folder / "javascripts" / "guide" / "worker.js").write_text('import "./main.js";\n')
    with pytest.raises(ValueError, match="import each other"):
        fingerprint(site, assets)


@pytest.fixture
def changed_guide(tmp_path, monkeypatch):
    """A copy of the guide package whose letter template the test can change."""
    copy = tmp_path / "source" / "guide"
    shutil.copytree(ROOT / "guide", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(runtime, "GUIDE", copy)
    return copy


def served_chain(site: Path) -> dict:
    """From the guide's first page down to the guide wheel, as a browser follows it."""
    page = (site / "fr" / "guide" / "index.html").read_text(encoding="utf-8")
    main = re.search(r'src="\.\./(assets/javascripts/guide/main\.[0-9a-f]{10}\.js)"', page).group(1)
    runtime_js = re.search(r'"\./(runtime\.[0-9a-f]{10}\.js)"', (site / "fr" / main).read_text()).group(1)
    manifest = re.search(r'"\.\./\.\./\.\./\.\./(_runtime/guide-runtime\.[0-9a-f]{10}\.json)"',
                         (site / "fr" / "assets" / "javascripts" / "guide" / runtime_js).read_text()).group(1)
    text = (site / manifest).read_text(encoding="utf-8")
    wheel = re.search(r'"(wheels/[0-9a-f]{16}/connect_help_guide-[^"]+\.whl)"', text).group(1)
    return {"main": main, "runtime": runtime_js, "manifest": manifest, "wheel": wheel}


def test_a_rebuild_with_a_changed_guide_text_is_referenced_and_leaves_nothing_stale(tmp_path, changed_guide, languages):
    site = tmp_path / "site"
    build_site(site_dir=site, languages=["fr"])
    before = served_chain(site)
    letter = changed_guide / "templates" / "letter.txt.j2"
    letter.write_text(letter.read_text(encoding="utf-8") + "{# a changed guide text #}\n", encoding="utf-8")
    build_site(site_dir=site, languages=["fr"])
    after = served_chain(site)
    assert all(before[key] != after[key] for key in before), (before, after)
    for key, old in before.items():
        folder = site / "_runtime" if key in ("manifest", "wheel") else site / "fr"
        assert not (folder / old.removeprefix("_runtime/")).exists(), old
    assert len(list((site / "_runtime" / "wheels").iterdir())) == 3
    client = TestClient(create_app(site, languages))
    assert client.get(f"/fr/{before['main']}").status_code == 404
    fresh = client.get(f"/fr/{after['main']}")
    assert fresh.status_code == 200 and fresh.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/fr/guide/").headers["cache-control"] == "no-cache"
