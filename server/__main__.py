"""`python -m server [--site-dir site] [--host 127.0.0.1] [--port 8000] [--workers N]`: the site
and the API (with N > 1, N processes through `server.asgi`).

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
    parser.add_argument("--workers", type=int, default=1, help="processes (more than 1 needs a shared "
                        "CODECHECK_DB and CODECHECK_LIMITS_STORAGE: PostgreSQL and Redis)")
    args = parser.parse_args()
    config = siteconfig.exit_on_error(siteconfig.load)
    # The API takes feedback for the pages this site's build listed (codecheck/feedback.py).
    os.environ.setdefault("CODECHECK_FEEDBACK_PAGES", str(args.site_dir / "_feedback" / "pages.json"))
    if args.workers > 1:
        os.environ["SERVER_SITE_DIR"] = str(args.site_dir)
        uvicorn.run("server.asgi:create_app", factory=True, workers=args.workers, host=args.host,
                    port=args.port, proxy_headers=False, server_header=False)
        return
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
