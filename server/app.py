"""The whole product on one origin: /api/... goes to the access-code API, the rest is the site."""

from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from server.headers import CONTENT_SECURITY_POLICY, SecurityHeaders
from server.site import SiteFiles

class OneOrigin:
    def __init__(self, site: ASGIApp, api: ASGIApp | None):
        self.site = site
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if self.api is not None and (path == "/api" or path.startswith("/api/")):
            await self.api(scope, receive, send)
        else:
            await self.site(scope, receive, send)


def create_app(site_dir: Path, languages: list[str], api_app: ASGIApp | None = None,
               content_security_policy: str | None = CONTENT_SECURITY_POLICY) -> ASGIApp:
    site = SiteFiles(directory=site_dir, languages=languages)
    return SecurityHeaders(OneOrigin(site, api_app), content_security_policy)
