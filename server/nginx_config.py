"""The nginx.conf a fund runs in front of the site and the API, written from the rules the
Python server applies (server/policy.py, server/headers.py, codecheck's error catalogue):
one table, two writers.

    python -m server nginx-config --listen 0.0.0.0:8080 --site-dir /srv/connect-help/site \\
        --api 10.0.0.11:8001 --api 10.0.0.12:8001 > /etc/connect-help/nginx.conf
    nginx -p /var/lib/connect-help/nginx -c /etc/connect-help/nginx.conf

Debian's nginx with its brotli module (apt: nginx, libnginx-mod-http-brotli-static). The
config names no user and keeps its pid file, logs and temporary files under the prefix (-p), so
that nginx runs as the unprivileged user who owns that folder; the site folder needs only to be
readable by it. docs/OPERATIONS.md has the TLS server block for production.

nginx matches locations on the path it has already percent-decoded and resolved ("/fr/../de/"
becomes "/de/"), so the rules on the path *as sent* (refused paths, the not-found page's
language) are written as regular expressions over the raw request line ($request): each
character of a rule matches itself or its percent-encoded form.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from codecheck.app import API_PREFIX
from codecheck.errors import COMMON_HEADERS, error_response
from codecheck.metrics import ROUTE as METRICS_ROUTE
from codecheck.notices import FRAGMENT_PATH
from server import policy
from server.headers import CONTENT_SECURITY_POLICY, HARDENING_HEADERS

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Debian's package libnginx-mod-http-brotli-static puts its module here.
DEBIAN_BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
# Reachable on the workers' own address only (codecheck/metrics.py).
PRIVATE_API_PATHS = (API_PREFIX + METRICS_ROUTE,)


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_address(text: str) -> Address:
    """HOST:PORT (an IPv6 host in brackets); raises ValueError with a message for the user."""
    host, separator, port = text.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not separator or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"not HOST:PORT: {text!r}")
    if not re.fullmatch(r"[A-Za-z0-9.\-:]+", host):
        raise ValueError(f"not a host name or address: {host!r}")
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(f"not an IPv6 address: {host!r}") from None
    return Address(host, int(port))


# --- rules on the raw request line ----------------------------------------------------------

def percent_encoded(char: str) -> str:
    """A PCRE for ``char`` percent-encoded (UTF-8 bytes, hex digits of either case)."""
    return "".join("%" + "".join(f"[{d}{d.lower()}]" if d.isalpha() else d for d in f"{byte:02X}")
                   for byte in char.encode("utf-8"))


def raw(char: str) -> str:
    """A PCRE for ``char`` as it may appear in a request line: itself (when printable) or encoded."""
    forms = [re.escape(char)] if char.isprintable() else []
    return "(?:" + "|".join([*forms, percent_encoded(char)]) + ")"


def raw_text(text: str) -> str:
    return "".join(raw(char) for char in text)


# Matched against $request, the request line ("GET /fr/ HTTP/1.1"): nginx keeps it even when it
# refuses the path itself (it answers "/.." or "%00" with 400 before setting $request_uri).
TARGET = r"^[A-Z]+ (?:https?://[^/ ]*)?"   # the method, and the origin of an absolute-form target
PATH = TARGET + r"[^? ]*"                  # the path: the target up to its query
SEPARATOR = raw(policy.SEPARATOR)
END_OF_SEGMENT = f"(?:{SEPARATOR}|[? ]|$)"


def refused_path_pattern() -> str:
    """A PCRE over $request that matches exactly the paths policy.is_plain_path refuses."""
    dot_segment = "|".join(raw_text(dots) for dots in sorted(policy.DOT_SEGMENTS, key=len, reverse=True))
    characters = "|".join(raw(char) for char in policy.REFUSED_CHARACTERS)
    return (f"{PATH}{SEPARATOR}(?:{dot_segment}){END_OF_SEGMENT}"     # a "." or ".." segment
            f"|{PATH}{SEPARATOR}{SEPARATOR}"                          # an empty segment before the last
            f"|{PATH}(?:{characters})")                               # a backslash, a control character


def language_pattern(lang: str) -> str:
    """A PCRE over $request for a path whose first segment is ``lang`` (policy.language_of)."""
    return f"{TARGET}{SEPARATOR}*{raw_text(lang)}{END_OF_SEGMENT}"


# --- the config -------------------------------------------------------------------------------

def nginx_string(value: str) -> str:
    """``value`` as one quoted nginx token (the config parser unescapes \\\\ and \\")."""
    if "$" in value:   # nginx has no escape for "$" in a value that takes variables
        raise ValueError(f"a '$' in {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_regex(pattern: str) -> str:
    """A regular expression as one quoted nginx token: "$" stays the regex's end of line."""
    return '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Tls:
    certificate: Path
    key: Path


# nginx's own errors (500 its own failure, 502 no worker answers, 503, 504 a worker too slow):
# the site's "unavailable" page, or the API's error "unavailable" under /api/.
UNAVAILABLE_STATUSES = (500, 502, 503, 504)
API_RETRY_AFTER = "5"   # seconds, as the API's own 503s say

# Sent over HTTPS only: browsers then refuse plain HTTP to the site for two years.
STRICT_TRANSPORT_SECURITY = {"Strict-Transport-Security": "max-age=63072000"}


def render(listen: Address, site_dir: Path, apis: list[Address], languages: list[str],
           brotli_module: Path = DEBIAN_BROTLI_MODULE, command: str = "", tls: Tls | None = None,
           redirect_from: Address | None = None) -> str:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    environment.filters["string"] = nginx_string
    environment.filters["regex"] = nginx_regex
    environment.filters["map_regex"] = lambda pattern: nginx_regex("~" + pattern)
    text_types = sorted({kind for kind in policy.MEDIA_TYPES.values() if kind.startswith("text/")})
    types: dict[str, list[str]] = {}
    for suffix, kind in policy.MEDIA_TYPES.items():
        types.setdefault(kind, []).append(suffix.lstrip("."))
    # nginx drops the add_header of an enclosing block in a location that has its own: every
    # location lists them all.
    transport_headers = STRICT_TRANSPORT_SECURITY if tls else {}
    unavailable = error_response("unavailable")
    site_headers = {**HARDENING_HEADERS, "Content-Security-Policy": CONTENT_SECURITY_POLICY, **transport_headers}
    return environment.get_template("nginx.conf.j2").render(
        command=command,
        listen=listen,
        site_dir=site_dir.resolve(),
        apis=apis,
        brotli_module=brotli_module,
        types=types,
        default_type=policy.DEFAULT_MEDIA_TYPE,
        charset=policy.CHARSET,
        text_types=text_types,
        refused_path=refused_path_pattern(),
        not_found_pages=[(language_pattern(lang), f"/{lang}/{policy.NOT_FOUND_PAGE}") for lang in languages],
        root_not_found_page=f"/{policy.NOT_FOUND_PAGE}",
        hashed_path=policy.HASHED_PATTERN,
        page_path=policy.PAGE_PATTERN,
        notices_prefix=FRAGMENT_PATH.rsplit("/", 1)[0] + "/",
        immutable=policy.IMMUTABLE,
        revalidate=policy.REVALIDATE,
        security_headers=site_headers,
        api_prefix=API_PREFIX + "/",
        private_api_paths=PRIVATE_API_PATHS,
        api_error_headers={**site_headers, **COMMON_HEADERS},
        api_not_found_body=error_response("not_found").body.decode(),   # the API's own 404, byte for byte
        unavailable_statuses=UNAVAILABLE_STATUSES,
        unavailable_pages=[(language_pattern(lang), f"/{lang}/{policy.UNAVAILABLE_PAGE}") for lang in languages],
        root_unavailable_page=f"/{policy.UNAVAILABLE_PAGE}",
        api_unavailable_status=unavailable.status_code,
        api_unavailable_body=unavailable.body.decode(),
        api_retry_after=API_RETRY_AFTER,
        transport_headers=transport_headers,
        tls=tls,
        redirect_from=redirect_from,
    )
