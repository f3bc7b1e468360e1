"""The product's processes and its web server's config:

    python -m server [--site-dir site] [--host 127.0.0.1] [--port 8000] [--workers N]
        the site and the API on one origin (what `make serve` runs)
    python -m server api [--host 127.0.0.1] [--port 8001] [--workers N]
        the API alone (/api/...), for a web server in front that serves the site itself
    python -m server nginx-config --listen HOST:PORT --site-dir DIR --api HOST:PORT [--api ...]
                                  [--tls-certificate FILE --tls-key FILE [--redirect-from HOST:PORT]]
        prints that web server's nginx.conf (server/nginx_config.py)

With N > 1, N processes through `server.asgi`. On SIGTERM (or Ctrl-C) each process stops taking
connections, answers the requests in flight (30 s at most), then closes the registry's pool and
the limits' store. Imports nothing of the build (mkdocs, babel, sitebuild): a fund's server runs
the built site and the API only. The site's languages come from site.toml (siteconfig).
"""

from __future__ import annotations

import argparse
import copy
import logging
import os
import socket
import sys
from pathlib import Path

import uvicorn
from uvicorn.config import LOGGING_CONFIG
from uvicorn.supervisors import Multiprocess

import siteconfig
from server import metrics_folder
from server.asgi import SITE_DIR_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
GRACEFUL_SECONDS = 30
API_KEEP_ALIVE_SECONDS = 75   # more than nginx's keepalive_timeout to them (server/templates/nginx.conf.j2)
# uvicorn's own log set-up, plus the API's lines (start, stop, services down) at INFO.
LOG_CONFIG = copy.deepcopy(LOGGING_CONFIG)
LOG_CONFIG["loggers"]["codecheck"] = {"handlers": ["default"], "level": "INFO", "propagate": False}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    _process_options(parser, port=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    api = commands.add_parser("api", help="the API alone, under /api/ (behind a web server)")
    _process_options(api, port=8001)

    nginx = commands.add_parser("nginx-config", help="print the nginx.conf for the site and the API's processes")
    nginx.add_argument("--listen", required=True, metavar="HOST:PORT", help="where nginx takes connections")
    nginx.add_argument("--site-dir", required=True, type=Path, help="the built site (make site)")
    nginx.add_argument("--api", required=True, action="append", metavar="HOST:PORT",
                       help="an API process (python -m server api); repeat for each")
    nginx.add_argument("--brotli-module", type=Path, help="ngx_http_brotli_static_module.so "
                       "(default: where Debian's libnginx-mod-http-brotli-static puts it)")
    nginx.add_argument("--tls-certificate", type=Path, metavar="FILE",
                       help="serve HTTPS on --listen with this certificate chain (PEM), and HSTS")
    nginx.add_argument("--tls-key", type=Path, metavar="FILE", help="the certificate's private key (PEM)")
    nginx.add_argument("--redirect-from", metavar="HOST:PORT",
                       help="with TLS: also listen here for plain HTTP and redirect to HTTPS")
    return parser


def _process_options(parser: argparse.ArgumentParser, port: int) -> None:
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--workers", type=int, default=1, help="processes (more than 1 needs a shared "
                        "CODECHECK_DB and CODECHECK_LIMITS_STORAGE: PostgreSQL and Redis)")


def _nginx_config(args: argparse.Namespace, languages: list[str]) -> int:
    from server.nginx_config import DEBIAN_BROTLI_MODULE, Tls, parse_address, render

    if (args.tls_certificate is None) != (args.tls_key is None) or (args.redirect_from and not args.tls_key):
        print("nginx-config: --tls-certificate and --tls-key go together; --redirect-from needs them",
              file=sys.stderr)
        return 2
    try:
        listen = parse_address(args.listen)
        apis = [parse_address(api) for api in args.api]
        redirect_from = parse_address(args.redirect_from) if args.redirect_from else None
    except ValueError as error:
        print(f"nginx-config: {error}", file=sys.stderr)
        return 2
    tls = Tls(args.tls_certificate.resolve(), args.tls_key.resolve()) if args.tls_key else None
    if not (args.site_dir / "index.html").is_file():
        print(f"nginx-config: {args.site_dir} holds no built site (make site)", file=sys.stderr)
        return 2
    command = " ".join(["", *sys.argv[1:]])
    print(render(listen, args.site_dir, apis, languages, args.brotli_module or DEBIAN_BROTLI_MODULE, command,
                 tls, redirect_from), end="")
    return 0


def _serve(args: argparse.Namespace, languages: list[str]) -> int:
    metrics_folder.prepare()   # before anything imports prometheus-client
    api_only = args.command == "api"
    options = dict(host=args.host, port=args.port, proxy_headers=False, server_header=False,
                   log_config=LOG_CONFIG, timeout_graceful_shutdown=GRACEFUL_SECONDS)
    if api_only:
        # Behind nginx: nginx keeps the access log (without client addresses), and it closes the
        # idle connections it keeps to the workers before they would (a worker closing one as nginx
        # sends a request on it would cost that request a 502).
        options.update(access_log=False, timeout_keep_alive=API_KEEP_ALIVE_SECONDS)
    if args.command is None:
        # The API takes feedback for the pages this site's build listed (codecheck/feedback.py).
        os.environ.setdefault("CODECHECK_FEEDBACK_PAGES", str(args.site_dir / "_feedback" / "pages.json"))
        os.environ[SITE_DIR_VARIABLE] = str(args.site_dir)
    if args.workers > 1:
        factory = "server.asgi:create_api_app" if api_only else "server.asgi:create_app"
        _run_workers(uvicorn.Config(factory, factory=True, workers=args.workers, **options))
        return 0
    from codecheck.app import create_app as create_api
    from codecheck.cli import STARTUP_ERRORS
    from server import app as server_app

    try:
        api = create_api()
    except STARTUP_ERRORS as error:   # a bad setting: one line naming it, not a traceback
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    app = server_app.create_api_app(api) if api_only else server_app.create_app(args.site_dir, languages, api)
    uvicorn.run(app, **options)
    return 0


def _run_workers(config: uvicorn.Config) -> None:
    """What uvicorn.run does for N processes, on a listening socket made here with IPPROTO_TCP:
    asyncio sets TCP_NODELAY only on the connections of such a socket. On uvicorn's own (made
    without it) every answer on a kept-alive connection, as nginx keeps them, waited some 40 ms
    for a delayed ACK (tests/ops/test_api_processes.py)."""
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((config.host, config.port))
    except OSError as error:
        print(f"cannot listen on {config.host}:{config.port}: {error.strerror}", file=sys.stderr)
        raise SystemExit(1) from None
    listening.set_inheritable(True)
    logging.getLogger("uvicorn.error").info("Listening on %s:%d with %d processes", config.host, config.port,
                                            config.workers)
    Multiprocess(config, sockets=[listening]).run()


def main() -> int:
    args = _parser().parse_args()
    config = siteconfig.exit_on_error(siteconfig.load)
    if args.command == "nginx-config":
        return _nginx_config(args, config.language_codes)
    return _serve(args, config.language_codes)


if __name__ == "__main__":
    raise SystemExit(main())
