"""The whole product (site + API) as an ASGI app built from the environment, for uvicorn's
workers and for any other ASGI server:

    SERVER_SITE_DIR=site uvicorn --factory server.asgi:create_app --workers 4 \\
      --no-proxy-headers --no-server-header

``python -m server --workers N`` sets SERVER_SITE_DIR and runs that. The site's languages come
from site.toml (``CONNECT_HELP_CONFIG`` names another file); the API's own settings are the
``CODECHECK_*`` variables (codecheck/README.md). Imports nothing from the build.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.types import ASGIApp

import siteconfig
from server.app import create_app as create_site_app

ROOT = Path(__file__).resolve().parent.parent


def create_app() -> ASGIApp:
    from codecheck.app import create_app as create_api

    config = siteconfig.exit_on_error(siteconfig.load)
    site_dir = Path(os.environ.get("SERVER_SITE_DIR") or ROOT / "site")
    return create_site_app(site_dir, config.language_codes, api_app=create_api())
