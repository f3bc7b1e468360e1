"""The code rules the fund configures once, in ``site.toml`` (``[fund]``): the validity in days
and the code's pattern. Read and checked by the project's one configuration module
(``siteconfig``), so that the pages, the guide and this API cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import siteconfig
from guide.access_code import DEFAULT_CODE_PATTERN

SiteConfigError = siteconfig.ConfigError


@dataclass(frozen=True)
class CodeRules:
    validity_days: int
    code_pattern: str = DEFAULT_CODE_PATTERN


def load_code_rules(path: Path) -> CodeRules:
    """The code rules of the site configuration at ``path``; SiteConfigError names the key."""
    fund = siteconfig.load(path).fund
    return CodeRules(validity_days=fund.code_validity_days, code_pattern=fund.code_pattern)
