"""`python -m server [--site-dir site] [--host 127.0.0.1] [--port 8000] [--workers N]`: the site
and the API (with N > 1, N processes through `server.asgi`)."""

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
    parser.add_argument("--workers", type=int, default=1, help="processes (more than 1 needs a shared "
                        "CODECHECK_DB and CODECHECK_LIMITS_STORAGE: PostgreSQL and Redis)")
    args = parser.parse_args()
    if args.workers > 1:
        os.environ["SERVER_SITE_DIR"] = str(args.site_dir)
        os.environ["SERVER_LANGUAGES"] = ",".join(site_languages())
        uvicorn.run("server.asgi:create_app", factory=True, workers=args.workers, host=args.host,
                    port=args.port, proxy_headers=False, server_header=False)
        return
    from codecheck.app import create_app as create_api

    app = create_app(args.site_dir, site_languages(), api_app=create_api())
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False, server_header=False)


if __name__ == "__main__":
    main()
