"""The fund's details as mkdocs-macros variables, so that articles never type them.

Every value comes from `extra.fund` in mkdocs.yml; pages write `{{ fund_email }}` etc.
"""

from markupsafe import Markup, escape


def _link(href: str, text: str) -> Markup:
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


def fund_variables(fund: dict, lang: str) -> dict:
    """The variables that docs/README.md promises to content editors, for one language."""
    phone_digits = "".join(ch for ch in fund["phone"] if ch.isdigit() or ch == "+")
    return {
        "fund_name": fund["name"][lang],
        "fund_email": _link(f"mailto:{fund['email']}", fund["email"]),
        "fund_phone": _link(f"tel:{phone_digits}", fund["phone"]),
        "fund_web": _link(fund["web_url"], fund["web"]),
        "fund_address": Markup("<br>\n".join(escape(line) for line in fund["postal_address"])),
        "validity_days": fund["code_validity_days"],
        "registration_url": _link(fund["registration_url"], fund["registration_url"]),
    }


def define_env(env):
    """mkdocs-macros entry point (a pluglet: `modules: [sitebuild.macros]` in mkdocs.yml)."""
    config = env.conf
    env.variables.update(fund_variables(config["extra"]["fund"], config["theme"]["language"]))
