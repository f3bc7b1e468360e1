"""The product as ASGI apps built from the environment, for uvicorn's workers and for any other
ASGI server:

    SERVER_SITE_DIR=site uvicorn --factory server.asgi:create_app --workers 4 \\
      --no-proxy-headers --no-server-header          # the site and the API on one origin
    uvicorn --factory server.asgi:create_api_app --workers 4 \\
      --no-proxy-headers --no-server-header          # the API alone, behind nginx

``python -m server [api] --workers N`` runs these (and sets PROMETHEUS_MULTIPROC_DIR first, see
server/metrics_folder.py; set it yourself, to an empty folder, when you run uvicorn directly).
Prefer it for N > 1: uvicorn's own listening socket leaves TCP_NODELAY unset (server/__main__.py).
The site's languages come from site.toml (``CONNECT_HELP_CONFIG`` names another file); the
API's own settings are the ``CODECHECK_*`` variables (docs/OPERATIONS.md). Imports nothing from
the build.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.types import ASGIApp

import siteconfig
from server import app as server_app

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR_VARIABLE = "SERVER_SITE_DIR"


def site_dir() -> Path:
    return Path(os.environ.get(SITE_DIR_VARIABLE) or ROOT / "site")


def create_app() -> ASGIApp:
    from codecheck.app import create_app as create_api

    config = siteconfig.exit_on_error(siteconfig.load)
    return server_app.create_app(site_dir(), config.language_codes, api_app=create_api())


def create_api_app() -> ASGIApp:
    from codecheck.app import create_app as create_api

    return server_app.create_api_app(create_api())
