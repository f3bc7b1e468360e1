"""Another fund re-brands the site by editing `extra.fund` in mkdocs.yml, and nothing else."""

from pathlib import Path

import yaml

from sitebuild.build import ROOT, build_site, read_base_config

NEW_EMAIL = "aide-connect@autre-caisse.example"


def test_changing_the_email_in_the_config_changes_it_on_every_page(tmp_path):
    config = read_base_config(ROOT / "mkdocs.yml")
    old_email = config["extra"]["fund"]["email"]
    config["extra"]["fund"]["email"] = NEW_EMAIL
    # The copy lives elsewhere, so the paths it names must be absolute.
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    build_site(config_file=config_file, site_dir=tmp_path / "site")

    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    naming = [page for page in pages if NEW_EMAIL in page.read_text(encoding="utf-8")]
    for page in (tmp_path / "site").rglob("*"):
        if page.is_file() and page.suffix in {".html", ".svg", ".json", ".xml", ".txt"}:
            assert old_email not in page.read_text(encoding="utf-8"), page
    # The footer names the fund's address on every page of every language.
    article_pages = [page for page in pages if page.parent != tmp_path / "site"]
    assert set(article_pages) <= set(naming)
