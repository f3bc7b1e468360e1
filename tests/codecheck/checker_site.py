"""A stand-in site for the checker page's browser tests, for when the whole site does not build.

The browser tests use the project's site build (``sitebuild``) when it succeeds. When it does not
(another page is broken in the working tree), they fall back to this: only ``check-code.md`` in
each language, built with MkDocs and the bare material theme, the macros rendered here with
Jinja from ``extra.fund`` and the link targets as stubs. The checker page's own behaviour is
then still tested; the site's theme, stylesheet and CSP are not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import yaml

from codecheck.siteconfig import load_code_rules, read_site_config
from guide.fund import Fund
from sitebuild.checker_markup import MARKER, render_checker

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "de", "it", "en")
# Pages the checker links to, with the anchors it uses.
STUB_PAGES = {
    "situations/no-active-login.md": "order-a-new-code",
    "situations/administrator-leaving.md": "register-your-successor",
}
# "{#anchor}" (attr_list) must not open a Jinja comment: the site's macros need the same setting.
_MACROS = jinja2.Environment(undefined=jinja2.StrictUndefined, comment_start_string="{##", comment_end_string="##}")


def macro_values(lang: str) -> dict[str, object]:
    fund = read_site_config(REPO / "mkdocs.yml")["extra"]["fund"]
    phone = str(fund["phone"])
    return {
        "fund_name": fund["name"][lang],
        "fund_email": f"[{fund['email']}](mailto:{fund['email']})",
        "fund_phone": f"[{phone}](tel:{phone.replace(' ', '')})",
        "fund_web": f"[{fund['web']}]({fund['web_url']})",
        "validity_days": fund["code_validity_days"],
        "registration_url": f"[{fund['registration_url']}]({fund['registration_url']})",
    }


def build_checker_site(work: Path, languages: tuple[str, ...] = LANGUAGES) -> Path:
    """Builds ``<work>/site/<lang>/check-code/`` for each language; returns the site folder."""
    site = work / "site"
    for lang in languages:
        docs = work / "docs" / lang
        (docs / "assets" / "javascripts").mkdir(parents=True, exist_ok=True)
        source = (REPO / "docs" / lang / "check-code.md").read_text(encoding="utf-8")
        page = _MACROS.from_string(source).render(macro_values(lang))
        fund = Fund.from_config(read_site_config(REPO / "mkdocs.yml")["extra"]["fund"])
        checker = render_checker(lang, fund, load_code_rules(REPO / "mkdocs.yml").code_pattern, "check-code/")
        page = page.replace(MARKER, checker)
        (docs / "check-code.md").write_text(page, encoding="utf-8")
        (docs / "index.md").write_text("# connect\n", encoding="utf-8")
        for stub, anchor in STUB_PAGES.items():
            (docs / stub).parent.mkdir(parents=True, exist_ok=True)
            (docs / stub).write_text(f"# {stub}\n\n## {anchor} {{#{anchor}}}\n", encoding="utf-8")
        shutil.copy(REPO / "overrides/assets/javascripts/check-code.js", docs / "assets/javascripts/check-code.js")
        config = {
            "site_name": f"connect ({lang})",
            "docs_dir": str(docs),
            "site_dir": str(site / lang),
            "use_directory_urls": True,
            "theme": {"name": "material", "language": lang, "font": False},
            "plugins": [],
            "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list", "md_in_html", "admonition"],
        }
        config_file = work / f"mkdocs-{lang}.yml"
        config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_file)],
            check=True,
            cwd=work,
        )
    return site
