"""The real fund of site.toml is what the built site shows and hands to the guide's worker."""
import json

from guide.fund import Fund


def test_the_built_site_shows_the_real_funds_details(site_dir, site_config, languages):
    fund = site_config.fund
    for lang in languages:
        contact = (site_dir / lang / "contact" / "index.html").read_text(encoding="utf-8")
        assert fund.name(lang) in contact, lang
        assert f'href="mailto:{fund.email}"' in contact and f'href="{fund.phone_uri}"' in contact, lang
        assert f'href="{fund.web_url}"' in contact, lang
    # The guide's worker reads the fund from the runtime file: the same details.
    runtime = json.loads((site_dir / "_runtime" / "guide-runtime.json").read_text(encoding="utf-8"))
    assert Fund.from_dict(runtime["fund"]) == fund
