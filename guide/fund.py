"""The fund's details. ``siteconfig`` reads and checks them from site.toml at build time; the
browser gets the same values from the build, as JSON (``to_dict`` / ``from_dict``)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .access_code import DEFAULT_CODE_PATTERN


@dataclass(frozen=True)
class Fund:
    names: Mapping[str, str]        # per language
    email: str
    web: str
    web_url: str
    code_validity_days: int
    code_pattern: str = DEFAULT_CODE_PATTERN
    # Optional: shown as the fund's only where the fund has given them. Where absent, pages and
    # letters say where to find them (the fund's web site, the address on the fund's letters,
    # the link printed on the code letter) and offer e-mail.
    phone: str | None = None
    postal_address: tuple[str, ...] | None = None
    registration_url: str | None = None

    def name(self, lang: str) -> str:
        return self.names[lang]

    @property
    def phone_uri(self) -> str | None:
        """tel: link target: digits and a leading plus only."""
        return "tel:" + re.sub(r"[^\d+]", "", self.phone) if self.phone else None

    def to_dict(self) -> dict:
        """As the build hands it to the browser and the theme's templates (``name`` per language)."""
        return {
            "name": dict(self.names), "email": self.email, "phone": self.phone, "web": self.web,
            "web_url": self.web_url,
            "postal_address": list(self.postal_address) if self.postal_address else None,
            "registration_url": self.registration_url, "code_validity_days": self.code_validity_days,
            "code_pattern": self.code_pattern,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Fund:
        """From ``to_dict``'s output (already checked by siteconfig when the site was built)."""
        address = data.get("postal_address")
        return cls(
            names=dict(data["name"]), email=data["email"], phone=data.get("phone"), web=data["web"],
            web_url=data["web_url"], postal_address=tuple(address) if address else None,
            registration_url=data.get("registration_url"), code_validity_days=int(data["code_validity_days"]),
            code_pattern=data.get("code_pattern", DEFAULT_CODE_PATTERN),
        )
