"""The fund's details as mkdocs-macros variables, so that articles never type them.

Every value comes from `extra.fund` in mkdocs.yml; pages write `{{ fund_email }}` etc. The
links are the guide's own (guide.texts), so that articles and guide pages show them alike.
"""

from markupsafe import Markup, escape

from guide.fund import Fund
from guide.texts import Texts

LINKS = ("fund_email", "fund_phone", "fund_web", "registration_url")


def fund_variables(fund_config: dict, lang: str) -> dict:
    """The variables that docs/README.md promises to content editors, for one language."""
    fund = Fund.from_config(fund_config)
    texts = Texts(lang, fund)
    return {
        "fund_name": fund.name(lang),
        **{name: texts.fund_link(name) for name in LINKS},
        "fund_address": Markup("<br>\n".join(escape(line) for line in fund.postal_address)),
        "validity_days": fund.code_validity_days,
    }


def define_env(env):
    """mkdocs-macros entry point (a pluglet: `modules: [sitebuild.macros]` in mkdocs.yml)."""
    config = env.conf
    env.variables.update(fund_variables(config["extra"]["fund"], config["theme"]["language"]))
