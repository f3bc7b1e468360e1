"""Another fund re-brands the site by editing site.toml, and nothing else."""

import siteconfig
from sitebuild.build import ROOT, build_site

NEW_EMAIL = "aide-connect@autre-caisse.example"


def test_changing_the_email_in_the_config_changes_it_on_every_page(tmp_path):
    text = (ROOT / "site.toml").read_text(encoding="utf-8")
    old_email = siteconfig.load(ROOT / "site.toml").fund.email
    assert text.count(f'"{old_email}"') == 1
    config_file = tmp_path / "site.toml"
    config_file.write_text(text.replace(f'"{old_email}"', f'"{NEW_EMAIL}"'), encoding="utf-8")

    build_site(tmp_path / "site", siteconfig.load(config_file))

    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    naming = [page for page in pages if NEW_EMAIL in page.read_text(encoding="utf-8")]
    for page in (tmp_path / "site").rglob("*"):
        if page.is_file() and page.suffix in {".html", ".svg", ".json", ".xml", ".txt"}:
            assert old_email not in page.read_text(encoding="utf-8"), page
    # The footer names the fund's address on every page of every language.
    article_pages = [page for page in pages if page.parent != tmp_path / "site"]
    assert set(article_pages) <= set(naming)
