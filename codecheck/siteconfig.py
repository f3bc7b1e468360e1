"""The code rules the fund configures once, in the site's ``mkdocs.yml`` (``extra.fund``).

``code_validity_days`` (required) and ``code_pattern`` (optional, default
``guide.access_code.DEFAULT_CODE_PATTERN``) are read from there, so the pages, the guide and
this API cannot disagree. ``yaml.safe_load`` refuses MkDocs' own tags (``!ENV``,
``!!python/name:``), so the loader here resolves ``!ENV`` as MkDocs does and reads any other
unknown tag as the plain value it tags.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from guide.access_code import DEFAULT_CODE_PATTERN, compile_code_pattern


class SiteConfigError(Exception):
    """The site config cannot give the code rules; the message says what to fix."""


@dataclass(frozen=True)
class CodeRules:
    validity_days: int
    code_pattern: str = DEFAULT_CODE_PATTERN


class _TolerantLoader(yaml.SafeLoader):
    pass


def _plain_value(loader: _TolerantLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


def _env_value(loader: _TolerantLoader, node: yaml.Node) -> Any:
    # As pyyaml_env_tag (MkDocs): one variable name, or names then a default as the last item.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.load(os.environ[name], Loader=_TolerantLoader) if os.environ[name] else None
    return default


_TolerantLoader.add_constructor("!ENV", _env_value)
_TolerantLoader.add_multi_constructor("", lambda loader, _suffix, node: _plain_value(loader, node))


def read_site_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SiteConfigError(f"cannot read the site config {path}: {error.strerror}") from None
    try:
        data = yaml.load(text, Loader=_TolerantLoader)
    except yaml.YAMLError as error:
        raise SiteConfigError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise SiteConfigError(f"{path} does not hold a YAML mapping")
    return data


def load_code_rules(path: Path) -> CodeRules:
    """The code rules from ``extra.fund`` of the site config at ``path``."""
    extra = read_site_config(path).get("extra") or {}
    fund = extra.get("fund") if isinstance(extra, dict) else None
    if not isinstance(fund, dict):
        raise SiteConfigError(f"{path} has no extra.fund block")
    days = fund.get("code_validity_days")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise SiteConfigError(f"extra.fund.code_validity_days in {path} must be a whole number of days (>= 1)")
    pattern = fund.get("code_pattern", DEFAULT_CODE_PATTERN)
    if not isinstance(pattern, str) or not pattern:
        raise SiteConfigError(f"extra.fund.code_pattern in {path} must be a regular expression")
    try:
        compile_code_pattern(pattern)
    except re.error as error:
        raise SiteConfigError(f"extra.fund.code_pattern in {path} is not a regular expression: {error}") from None
    return CodeRules(validity_days=days, code_pattern=pattern)
