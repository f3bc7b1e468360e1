"""`python -m server [--site-dir site] [--host 127.0.0.1] [--port 8000]`: the site and the API."""

import argparse
import os
from pathlib import Path

import uvicorn

from server.app import create_app
from sitebuild.build import site_languages

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    from codecheck.app import create_app as create_api

    app = create_app(args.site_dir, site_languages(), api_app=create_api())
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False, server_header=False)


if __name__ == "__main__":
    main()
