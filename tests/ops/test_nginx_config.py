"""`python -m server nginx-config`: a bad argument is one line naming it and exit status 2,
before anything is printed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from server.nginx_config import Address, parse_address
from tests.conftest import ROOT


def nginx_config(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server", "nginx-config", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize(("args", "message"), [
    (["--listen", "8080"], "nginx-config: not HOST:PORT: '8080'"),
    (["--listen", "127.0.0.1:99999"], "nginx-config: not HOST:PORT: '127.0.0.1:99999'"),
    (["--listen", "bad host;:80"], "nginx-config: not a host name or address: 'bad host;'"),
    (["--listen", "127.0.0.1:8080", "--tls-key", "k.pem"],
     "nginx-config: --tls-certificate and --tls-key go together; --redirect-from needs them"),
])
def test_a_bad_argument_is_named(site_dir, args, message) -> None:
    done = nginx_config(*args, "--site-dir", str(site_dir), "--api", "127.0.0.1:8001")
    assert done.returncode == 2 and done.stdout == "" and done.stderr.strip() == message


def test_a_folder_without_a_built_site_is_refused(tmp_path) -> None:
    done = nginx_config("--listen", "127.0.0.1:8080", "--site-dir", str(tmp_path), "--api", "127.0.0.1:8001")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == f"nginx-config: {tmp_path} holds no built site (make site)"


def test_addresses() -> None:
    assert parse_address("[::1]:8080") == Address("::1", 8080) and str(Address("::1", 8080)) == "[::1]:8080"
    assert str(parse_address("api.internal:8001")) == "api.internal:8001"


def test_nginx_closes_its_idle_connections_to_the_workers_before_they_do(site_dir) -> None:
    """Else a worker may close one just as nginx sends a request on it: a 502 for that request."""
    import re

    from server.__main__ import API_KEEP_ALIVE_SECONDS

    config = nginx_config("--listen", "127.0.0.1:8080", "--site-dir", str(site_dir), "--api", "127.0.0.1:8001").stdout
    upstream = config.split("upstream codecheck_api {", 1)[1].split("}", 1)[0]
    assert "keepalive 32;" in upstream
    assert int(re.search(r"keepalive_timeout (\d+)s;", upstream).group(1)) < API_KEEP_ALIVE_SECONDS
