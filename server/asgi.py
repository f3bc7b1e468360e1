"""The whole product (site + API) as an ASGI app built from environment variables, for
uvicorn's workers and for any other ASGI server:

    SERVER_SITE_DIR=site SERVER_LANGUAGES=fr,de,it,en \\
      uvicorn --factory server.asgi:create_app --workers 4 --no-proxy-headers --no-server-header

``python -m server --workers N`` sets these and runs that. The API's own settings are the
``CODECHECK_*`` variables (codecheck/README.md). Imports nothing from the build.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.types import ASGIApp

from server.app import create_app as create_site_app

ROOT = Path(__file__).resolve().parent.parent


def create_app() -> ASGIApp:
    from codecheck.app import create_app as create_api

    site_dir = Path(os.environ.get("SERVER_SITE_DIR") or ROOT / "site")
    languages = [lang for lang in os.environ.get("SERVER_LANGUAGES", "").split(",") if lang]
    if not languages:
        raise SystemExit("SERVER_LANGUAGES: the site's languages, e.g. fr,de,it,en")
    return create_site_app(site_dir, languages, api_app=create_api())
