"""The guide's texts in one language, with the fund's details filled in.

A text is translated, then its placeholders (%(days)s, %(fund_email)s, ...) are filled from
the fund's details; **...** marks a portal label, shown in bold on a page and left plain in
an e-mail or a letter.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .fund import Fund
from .i18n import SOURCE_LANGUAGE, N_, check_language, gettext_for, is_translated
from .reference import SiteAddress

if TYPE_CHECKING:
    from .translation import GuideLags

_BOLD = re.compile(r"\*\*(.+?)\*\*")

# How to reach the fund, as part of a sentence ("contact the fund %(fund_contact)s."): with
# the phone number only where the fund has given one (site.toml); otherwise where to find it.
CONTACT_WITH_PHONE = N_("par e-mail à %(fund_email)s ou par téléphone au %(fund_phone)s")
CONTACT_WITHOUT_PHONE = N_("par e-mail à %(fund_email)s (le numéro de téléphone figure sur %(fund_web)s)")
# The recipient of a letter when the fund has given no postal address.
ADDRESS_UNKNOWN = N_("Adresse : celle qui figure en tête des lettres de la caisse de compensation")


class Texts:
    def __init__(self, lang: str, fund: Fund, site: SiteAddress | None = None, lags: GuideLags | None = None):
        self.lang = check_language(lang)
        self.fund = fund
        # Where the site is published: the messages' reference line needs it (guide.reference).
        self.site = site
        self.gettext = gettext_for(lang)
        self.lags = lags   # the texts whose translation lags the French (guide.translation); None: none

    # The fund and the language are fixed: its placeholders are worked out once, not per text.
    @cached_property
    def _fund_values(self) -> dict[str, str]:
        fund = self.fund
        values = {
            "days": str(fund.code_validity_days),
            "fund_name": fund.name(self.lang),
            "fund_email": fund.email,
            "fund_phone": fund.phone or "",
            "fund_web": fund.web,
        }
        values["fund_contact"] = self.gettext(CONTACT_WITH_PHONE if fund.phone else CONTACT_WITHOUT_PHONE) % values
        return values

    @cached_property
    def _fund_links(self) -> dict[str, Markup]:
        fund = self.fund
        link = Markup('<a href="{}">{}</a>').format
        links = {
            **{key: escape(value) for key, value in self._fund_values.items()},
            "fund_email": link("mailto:" + fund.email, fund.email),
            "fund_phone": link(fund.phone_uri, fund.phone) if fund.phone else Markup(""),
            "fund_web": link(fund.web_url, fund.web),
            "registration_url": link(fund.registration_url, fund.registration_url) if fund.registration_url else Markup(""),
        }
        contact = CONTACT_WITH_PHONE if fund.phone else CONTACT_WITHOUT_PHONE
        links["fund_contact"] = Markup(escape(self.gettext(contact)) % links)
        return links

    def fund_link(self, name: str) -> Markup:
        """One of the fund's details as on a page: fund_email, fund_phone, fund_web, fund_contact,
        registration_url. An optional detail the fund has not given is empty."""
        return self._fund_links[name]

    def postal_lines(self) -> tuple[str, ...]:
        """The fund's postal address for a letter; where the fund has given none, its name and
        where the visitor finds the address."""
        return self.fund.postal_address or (self.fund.name(self.lang), self.gettext(ADDRESS_UNKNOWN))

    def plain(self, message: str, **values: object) -> str:
        """For e-mails, letters and page titles."""
        return self.filled(self.gettext(message), **values)

    def filled(self, text: str, **values: object) -> str:
        """A text already in this language (e.g. from another catalog) with the fund's details
        filled in, as plain text."""
        return _BOLD.sub(r"\1", text % {**self._fund_values, **values})

    def html(self, message: str, **values: object) -> Markup:
        """For pages: escaped, portal labels in bold, the fund's details as links. A text not
        translated yet shows in French, marked as French for screen readers."""
        text = _BOLD.sub(r"<strong>\1</strong>", str(escape(self.gettext(message))))
        filled = {**self._fund_links, **{key: escape(value) for key, value in values.items()}}
        if not is_translated(self.lang, message):
            return Markup('<span lang="{}">{}</span>').format(SOURCE_LANGUAGE, Markup(text % filled))
        return Markup(text % filled)
