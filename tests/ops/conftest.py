"""The production layout, started by the tests: Debian's nginx with the generated config in
front of the built site and two API workers (`python -m server api --workers 2`) on PostgreSQL
and Redis, all throw-away, on spare loopback ports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from codecheck.demo import install_demo
from codecheck.registry import open_registry
from codecheck.settings import Settings
from tests.ops.support import ServerProcess
from tests.services import Nginx


@dataclass
class Hosting:
    nginx: Nginx
    api: ServerProcess
    env: dict[str, str]
    settings: Settings


def api_env(postgres_server, redis_server, folder: Path, site_dir: Path) -> dict[str, str]:
    """The API's settings for the production pair, behind nginx on 127.0.0.1."""
    return {
        "CODECHECK_DB": postgres_server.new_database(),
        "CODECHECK_LIMITS_STORAGE": redis_server.url,
        "CODECHECK_SECRET_FILE": str(folder / "codecheck.secret"),
        "CODECHECK_TRUSTED_PROXIES": "127.0.0.1",
        "CODECHECK_FEEDBACK_PAGES": str(site_dir / "_feedback" / "pages.json"),
    }


@pytest.fixture(scope="session")
def hosting(site_dir, postgres_server, redis_server, tmp_path_factory) -> Hosting:
    folder = tmp_path_factory.mktemp("hosting")
    env = api_env(postgres_server, redis_server, folder, site_dir)
    settings = Settings(db_url=env["CODECHECK_DB"], secret_file=Path(env["CODECHECK_SECRET_FILE"]))
    registry = open_registry(settings)
    install_demo(registry)
    registry.close()
    api = ServerProcess(["api", "--workers", "2"], env, folder / "api.log")
    try:
        nginx = Nginx(site_dir, [api.address])
    except BaseException:
        api.stop()
        raise
    yield Hosting(nginx, api, env, settings)
    nginx.close()
    api.stop()
