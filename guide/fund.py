"""The fund's details, as configured once in mkdocs.yml (extra.fund)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import LANGUAGES


@dataclass(frozen=True)
class Fund:
    names: Mapping[str, str]
    email: str
    phone: str
    web: str
    web_url: str
    postal_address: tuple[str, ...]
    registration_url: str
    code_validity_days: int

    @classmethod
    def from_config(cls, fund: Mapping) -> Fund:
        """Build from the `extra.fund` block; a missing key is a configuration error."""
        try:
            names = dict(fund["name"])
            missing = [lang for lang in LANGUAGES if not names.get(lang)]
            if missing:
                raise ValueError(f"extra.fund.name has no name for {', '.join(missing)}")
            return cls(
                names=names,
                email=str(fund["email"]),
                phone=str(fund["phone"]),
                web=str(fund["web"]),
                web_url=str(fund["web_url"]),
                postal_address=tuple(str(line) for line in fund["postal_address"]),
                registration_url=str(fund["registration_url"]),
                code_validity_days=int(fund["code_validity_days"]),
            )
        except KeyError as error:
            raise ValueError(f"extra.fund.{error.args[0]} is missing from the configuration") from None

    def name(self, lang: str) -> str:
        return self.names[lang]

    @property
    def phone_uri(self) -> str:
        """tel: link target: digits and a leading plus only."""
        return "tel:" + re.sub(r"[^\d+]", "", self.phone)
