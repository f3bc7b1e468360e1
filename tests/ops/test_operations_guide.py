"""docs/OPERATIONS.md says what the code does. Its table of environment variables lists every
variable that the server, the API and the site's configuration read (found in their syntax
trees, not in a copied list), no other, and each default it gives is the one the code applies.
The files it gives a newcomer to copy are read as they are: api.env by the settings (as systemd
and a shell read it), the systemd units by `systemd-analyze verify`, the units' and logrotate's
commands and the nginx-config examples by the programs they call."""

from __future__ import annotations

import ast
import re
import shlex
import shutil
import subprocess

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


# --- the guide's files, as a newcomer copies them ---------------------------------------------

def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def marked_blocks(kind: str) -> dict[str, str]:
    """The fenced blocks after ``<!-- KIND: NAME -->`` marks: NAME -> contents."""
    return dict(re.findall(rf"<!-- {kind}: (\S+) -->\n```[a-z]*\n(.*?)\n```\n", guide_text(), re.DOTALL))


def api_env_example() -> str:
    section = guide_text().split("### The API's settings: api.env", 1)[1]
    return re.search(r"\n```\n(.*?)\n```\n", section, re.DOTALL).group(1)


def unit(name: str) -> dict[str, dict[str, str]]:
    """A unit's sections and keys (each key once in these units)."""
    sections: dict[str, dict[str, str]] = {}
    for line in marked_blocks("unit")[name].splitlines():
        if header := re.fullmatch(r"\[(\w+)\]", line):
            current = sections.setdefault(header.group(1), {})
        elif line.strip():
            key, value = line.split("=", 1)
            assert key not in current, f"{name}: {key} twice"
            current[key] = value
    return sections


def test_the_api_env_example_is_read_as_it_is_by_systemd_and_by_the_settings() -> None:
    lines = api_env_example().splitlines()
    # systemd's EnvironmentFile= and `set -a; . FILE` read alike: NAME=value, no export, no quotes
    # or spaces (which the two would read differently).
    assert lines and all(re.fullmatch(r"[A-Z][A-Z0-9_]*=[^\s\"'$`\\]+", line) for line in lines), lines
    values = dict(line.split("=", 1) for line in lines)
    assert set(values) <= set(table()) and "CODECHECK_DB" in values
    settings = Settings.from_env(values)
    assert settings.db_url == values["CODECHECK_DB"] and settings.limits.storage.startswith("redis://")
    assert not re.search(r"^\s*export ", guide_text(), re.MULTILINE)   # the settings are api.env's


def test_the_units_pass_systemd_analyze_verify(tmp_path) -> None:
    """As the guide writes them (the installation's folder here, so that its python exists)."""
    units = marked_blocks("unit")
    assert set(units) == {"connect-help-api.service", "connect-help-nginx.service"}
    for name, text in units.items():
        (tmp_path / name).write_text(text.replace("/srv/connect-help", str(ROOT)) + "\n", encoding="utf-8")
    verify = shutil.which("systemd-analyze")
    if verify:
        done = subprocess.run([verify, "verify", *sorted(str(path) for path in tmp_path.iterdir())],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and not (done.stdout + done.stderr).strip(), done.stdout + done.stderr
    for name in units:
        assert set(unit(name)) == {"Unit", "Service", "Install"}


def test_the_api_unit_runs_the_api_on_loopback_with_the_api_env_and_stops_gracefully() -> None:
    from server.__main__ import GRACEFUL_SECONDS, _parser

    service = unit("connect-help-api.service")["Service"]
    program, *args = shlex.split(service["ExecStart"])
    assert program == "/srv/connect-help/.venv/bin/python" and args[:2] == ["-m", "server"]
    parsed = _parser().parse_args(args[2:])
    assert parsed.command == "api" and parsed.host == "127.0.0.1"   # nginx on the same host
    assert service["EnvironmentFile"] == "/etc/connect-help/api.env" and "/etc/connect-help/api.env" in guide_text()
    assert service["KillSignal"] == "SIGTERM" and int(service["TimeoutStopSec"]) > GRACEFUL_SECONDS
    assert service["User"] == "connect-help"
    # Elsewhere the port is open to the network: the guide says what to let through.
    section = guide_text().split("### The API's processes", 1)[1].split("\n### ", 1)[0]
    assert "firewall" in section and "nft add rule" in section and "CODECHECK_METRICS_CLIENTS" in section


def test_the_nginx_unit_logrotate_and_commands_name_one_prefix_and_config() -> None:
    service = unit("connect-help-nginx.service")["Service"]
    prefix_and_config = "-p /var/lib/connect-help/nginx -c /etc/connect-help/nginx.conf"
    for key in ("ExecStartPre", "ExecStart", "ExecReload"):
        assert service[key].startswith(f"/usr/sbin/nginx {prefix_and_config} "), key
    assert service["ExecReload"].endswith("-s reload") and "daemon off;" in service["ExecStart"]
    assert service["KillSignal"] == "SIGQUIT"   # graceful: the requests in flight are answered
    assert service["User"] != "connect-help"    # nginx cannot read the API's key file
    rotation = marked_blocks("logrotate")["connect-help-nginx"]
    assert rotation.startswith("/var/lib/connect-help/nginx/*.log {")
    assert f"/usr/sbin/nginx {prefix_and_config} -s reopen" in rotation


@pytest.mark.parametrize("tls", [False, True], ids=["without TLS", "with TLS"])
def test_the_guides_nginx_config_commands_are_accepted(tls: bool) -> None:
    from server.__main__ import _parser
    from server.nginx_config import parse_address

    commands = [shlex.split(command.replace("\\\n", " "))
                for command in re.findall(r"^    \.venv/bin/(python -m server nginx-config (?:.*\\\n)*.*)$", guide_text(), re.M)]
    chosen = [command for command in commands if ("--tls-certificate" in command) == tls]
    assert chosen, "an example with and one without TLS"
    for command in chosen:
        args = _parser().parse_args(command[3:command.index(">")])
        assert parse_address(args.listen) and all(parse_address(api) for api in args.api)
        assert (args.tls_key is not None) == tls
