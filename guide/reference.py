"""The line that ends every e-mail and letter the guide prepares, so that the fund's support staff
see where a request comes from:

    Ref. connect-help: order-new-code (de) https://help.example.ch/fr/guide/outcomes/order-new-code/

the outcome the visitor read, the language they read it in, and that outcome's own address in the
fund's language (site.toml's first language). The line is the same in every language (it is for
the fund, not the visitor) and holds nothing the visitor typed. The messages' templates include
templates/reference.txt.j2: the same template renders it at build time (CPython) and in the
browser (Pyodide). The support desk (/<lang>/support/) opens the outcome from a pasted line or
address by the `keys` of each outcome.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import urls


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is published, for the absolute address in a reference line."""
    root_url: str        # SITE_URL: the site's root, above the language folders, ending in "/"
    fund_language: str   # the language the fund works in: the first of site.toml's [languages]

    def url(self, location: urls.Location, lang: str) -> str:
        return f"{self.root_url}{lang}/" + "".join(part + "/" for part in location)

    def to_dict(self) -> dict:
        """As the build hands it to the browser (the runtime manifest)."""
        return {"root_url": self.root_url, "fund_language": self.fund_language}

    @classmethod
    def from_dict(cls, data: Mapping) -> SiteAddress:
        return cls(root_url=data["root_url"], fund_language=data["fund_language"])


@dataclass(frozen=True)
class Reference:
    """What the line says (templates/reference.txt.j2 writes it)."""
    outcome: str
    lang: str
    url: str


def reference(site: SiteAddress, outcome_id: str, lang: str) -> Reference:
    """The reference of an outcome read in `lang`."""
    return Reference(outcome_id, lang, site.url(urls.outcome_location(outcome_id), site.fund_language))


def keys(outcome_id: str) -> tuple[str, ...]:
    """What identifies an outcome in a pasted reference line, or in the address of its page in
    any language: the support desk looks for these (tests/guide/test_reference.py checks that a
    rendered line holds its outcome's keys and no other's)."""
    return (f"connect-help: {outcome_id} (", "/" + "/".join(urls.outcome_location(outcome_id)) + "/")
