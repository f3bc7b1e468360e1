"""`python -m server [--site-dir site] [--host 127.0.0.1] [--port 8000]`: the site and the API.

Imports nothing of the build (mkdocs, babel, sitebuild): a fund's server runs the built site and
the API only. The site's languages come from site.toml (siteconfig).
"""

import argparse
import os
import sys
from pathlib import Path

import uvicorn

import siteconfig
from server.app import create_app

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    config = siteconfig.exit_on_error(siteconfig.load)
    from codecheck.app import create_app as create_api
    from codecheck.cli import STARTUP_ERRORS

    try:
        api = create_api()
    except STARTUP_ERRORS as error:   # a bad setting: one line naming it, not a traceback
        print(f"configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    app = create_app(args.site_dir, config.language_codes, api_app=api)
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False, server_header=False)


if __name__ == "__main__":
    main()
