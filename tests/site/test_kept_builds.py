"""The sites the tests keep between runs (tests/built_site.py): a kept site is only ever one built
from the same inputs. A stale one would let a test pass on a site the tree no longer builds."""
from pathlib import Path

import pytest

from tests import built_site


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """An empty cache of variant sites, and a build that counts its runs."""
    monkeypatch.setattr(built_site, "VARIANTS", tmp_path / "variants")
    built = []

    def build(target: Path) -> None:
        target.mkdir(parents=True)
        (target / "index.html").write_text(f"build {len(built)}", encoding="utf-8")
        built.append(target)

    return build, built


def a_tree(folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "page.md").write_text("# Une page\n", encoding="utf-8")
    (folder / "site.toml").write_text('[fund]\nemail = "a@b.ch"\n', encoding="utf-8")
    return folder


def test_the_same_inputs_reuse_the_site_and_any_change_builds_another(kept, tmp_path):
    build, built = kept
    tree = a_tree(tmp_path / "tree")
    environ = {"PORT": "8000"}
    first = built_site.built_variant(tree, build, environ=environ)
    assert built_site.built_variant(tree, build, environ=environ) == first and len(built) == 1

    # What the build does not read (tests, var/) changes nothing.
    (tree / "tests").mkdir()
    (tree / "tests" / "test_x.py").write_text("", encoding="utf-8")
    (tree / "var").mkdir()
    (tree / "var" / "anything").write_text("x", encoding="utf-8")
    assert built_site.built_variant(tree, build, environ=environ) == first and len(built) == 1

    # A source file, a setting the build reads, another extra input: each a site of its own.
    (tree / "docs" / "page.md").write_text("# Une page changée\n", encoding="utf-8")
    changed = built_site.built_variant(tree, build, environ=environ)
    other_port = built_site.built_variant(tree, build, environ={"PORT": "8001"})
    other_salt = built_site.built_variant(tree, build, environ=environ, salt="another site.toml")
    assert len({first, changed, other_port, other_salt}) == 4 and len(built) == 4
    assert (first / "index.html").read_text(encoding="utf-8") == "build 0"


def test_only_the_newest_variants_are_kept(kept, tmp_path):
    build, built = kept
    tree = a_tree(tmp_path / "tree")
    sites = [built_site.built_variant(tree, build, salt=str(number))
             for number in range(built_site.KEEP_VARIANTS + 3)]
    remaining = {path for path in built_site.VARIANTS.iterdir() if path.is_dir()}
    assert remaining == set(sites[-built_site.KEEP_VARIANTS:])
