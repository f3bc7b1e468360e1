"""The real fund of site.toml is what the built site shows and hands to the guide's worker."""
import json
import re

from guide.fund import Fund


def test_the_built_site_shows_the_real_funds_details(site_dir, site_config, languages):
    fund = site_config.fund
    for lang in languages:
        contact = (site_dir / lang / "contact" / "index.html").read_text(encoding="utf-8")
        assert fund.name(lang) in contact, lang
        assert f'href="mailto:{fund.email}"' in contact, lang
        assert fund.phone is None and "tel:" not in contact, lang   # site.toml gives no phone
        assert f'href="{fund.web_url}"' in contact, lang
    # The guide's worker reads the fund from the runtime file: the same details.
    (manifest,) = (site_dir / "_runtime").glob("guide-runtime.*.json")   # its content-hashed name
    runtime = json.loads(manifest.read_text(encoding="utf-8"))
    assert Fund.from_dict(runtime["fund"]) == fund


def test_details_the_fund_has_not_given_are_not_invented(site_dir, site_config, languages):
    """site.toml gives no phone, postal address or registration link: no page shows one (nor a
    placeholder, nor "None"), and the pages say where to find them instead."""
    fund = site_config.fund
    assert (fund.phone, fund.postal_address, fund.registration_url) == (None, None, None)
    for page in site_dir.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".svg", ".json"}:
            text = page.read_text(encoding="utf-8")
            assert "tel:" not in text and "123 45 67" not in text and "Postfach" not in text, page
            assert "akisnet" not in text and not re.search(r"\bNone\b", text), page
    for lang in languages:
        letter_page = (site_dir / lang / "guide" / "outcomes" / "fund-creates-logins" / "index.html").read_text(encoding="utf-8")
        address = re.search(r'<address class="guide-fund-address">(.*?)</address>', letter_page, re.S).group(1)
        assert fund.name(lang) in address and len(address.split("<br>")) == 2, lang
        assert "https://…" in (site_dir / lang / "img" / "code-letter.svg").read_text(encoding="utf-8")
