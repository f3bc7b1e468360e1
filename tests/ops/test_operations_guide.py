"""docs/OPERATIONS.md's table of environment variables says what the code does: it lists every
variable that the server, the API and the site's configuration read (found in their syntax
trees, not in a copied list), no other, and each default it gives is the one the code applies."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from codecheck.settings import Settings
from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "OPERATIONS.md"
CODE = ("server", "codecheck", "siteconfig")
ENVIRONMENT = {"env", "environ"}   # how the code names os.environ (or a mapping standing for it)


def table() -> dict[str, str]:
    """The guide's table: variable -> default cell."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|", section, flags=re.MULTILINE)
    assert len(rows) == len({name for name, _ in rows}), "a variable listed twice"
    return {name: default.strip() for name, default in rows}


def variables_read() -> set[str]:
    """The names passed to os.environ (``.get``, ``.setdefault``, ``[...]``) or to the settings'
    readers (``_count(env, NAME, ...)``), as string constants or module constants."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for folder in CODE for path in (ROOT / folder).rglob("*.py")]
    constants = {target.id: node.value.value for tree in trees for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}

    def text(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        return constants.get(name)

    def is_environment(node: ast.AST) -> bool:
        return (isinstance(node, ast.Name) and node.id in ENVIRONMENT) or (isinstance(node, ast.Attribute)
                                                                          and node.attr == "environ")

    found = set()
    for tree in trees:
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Call) and node.args:
                if isinstance(node.func, ast.Attribute) and node.func.attr in {"get", "setdefault"} \
                        and is_environment(node.func.value):
                    name = text(node.args[0])
                elif is_environment(node.args[0]) and len(node.args) > 1:
                    name = text(node.args[1])
            elif isinstance(node, ast.Subscript) and is_environment(node.value):
                name = text(node.slice)
            if name and re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                found.add(name)
    return found


def test_the_table_lists_every_variable_the_code_reads_and_no_other() -> None:
    read = variables_read()
    assert {"CODECHECK_DB", "CODECHECK_TRUSTED_PROXIES", "PORT", "PROMETHEUS_MULTIPROC_DIR"} <= read   # the parse works
    assert set(table()) == read


@pytest.mark.parametrize("name", sorted(name for name in table() if name.startswith("CODECHECK_")))
def test_each_api_default_is_the_one_the_settings_apply(name: str) -> None:
    default = table()[name]
    if default == "(none)":
        assert Settings.from_env({name: ""}) == Settings.from_env({})
    elif default.startswith("`"):
        value = re.fullmatch(r"`([^`]*)`", default)
        assert value, f"{name}: one value in backticks, or a description in parentheses"
        assert Settings.from_env({name: value.group(1)}) == Settings.from_env({})
    else:
        assert default.startswith("(") and default.endswith(")")


@pytest.mark.parametrize(("name", "option"), [("HOST", "host"), ("PORT", "port")])
def test_the_servers_defaults(monkeypatch, name: str, option: str) -> None:
    from server.__main__ import _parser

    monkeypatch.delenv(name, raising=False)
    unset = getattr(_parser().parse_args([]), option)
    assert str(unset) == table()[name].strip("`")
    monkeypatch.setenv(name, "9")
    assert str(getattr(_parser().parse_args([]), option)) == "9"
