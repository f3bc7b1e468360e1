"""Another fund re-brands the site by editing site.toml, and nothing else: here with every
optional detail given (phone, postal address, registration link), which the repository's own
site.toml leaves out (tests/site/test_fund_shown.py checks that build)."""

import re

import siteconfig
from sitebuild.build import ROOT, build_site
from tests.built_site import built_variant

NEW_EMAIL = "aide-connect@autre-caisse.ch"
OPTIONAL = ('phone = "+41 21 555 01 23"\n'
            'postal_address = ["Autre caisse", "Service connect", "Case postale 42", "1001 Lausanne"]\n'
            'registration_url = "https://connect.autre-caisse.ch/enregistrement"\n')


def test_changing_the_config_changes_every_page(tmp_path):
    text = (ROOT / "site.toml").read_text(encoding="utf-8")
    old_email = siteconfig.load(ROOT / "site.toml").fund.email
    assert text.count(f'"{old_email}"') == 1 and "code_validity_days = 150\n" in text
    config_file = tmp_path / "site.toml"
    config_file.write_text(text.replace(f'"{old_email}"', f'"{NEW_EMAIL}"')
                           .replace("code_validity_days = 150\n", "code_validity_days = 150\n" + OPTIONAL), encoding="utf-8")
    config = siteconfig.load(config_file)
    siteconfig.check_for_production(config, "https://help.autre-caisse.ch/")   # nothing looks made up

    # Built, or as an earlier run built it from the same tree and site.toml (tests/built_site.py).
    site = built_variant(ROOT, lambda target: build_site(target, config), salt=config_file.read_text(encoding="utf-8"))

    pages = list(site.rglob("*.html"))
    assert pages
    naming = [page for page in pages if NEW_EMAIL in page.read_text(encoding="utf-8")]
    for page in site.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".svg", ".json", ".xml", ".txt"}:
            assert old_email not in page.read_text(encoding="utf-8"), page
    # The footer names the fund's e-mail and phone on every page of every language.
    article_pages = [page for page in pages if page.parent != site]
    assert set(article_pages) <= set(naming)
    for lang in config.language_codes:
        contact = (site / lang / "contact" / "index.html").read_text(encoding="utf-8")
        assert 'href="tel:+41215550123"' in contact and "Case postale 42" in contact, lang
        access_code = (site / lang / "how-to" / "access-code" / "index.html").read_text(encoding="utf-8")
        assert 'href="https://connect.autre-caisse.ch/enregistrement"' in access_code, lang
        assert "https://connect.autre-caisse.ch/enregistrement" in (site / lang / "img" / "code-letter.svg").read_text(encoding="utf-8")
        # The letter's static page gives the address to post it to.
        letter_page = (site / lang / "guide" / "outcomes" / "fund-creates-logins" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<address class="guide-fund-address">.*1001 Lausanne', letter_page, re.S), lang
