"""The whole product on one origin, routed by Starlette's own router: the access-code API's
mount (/api/...), and the built site for every other path (the router's default: a route's
pattern would not take a path with a newline, which the site must refuse itself).

Starlette runs the lifespan of the top application only, so this one runs the API's: the
registry's pool and the limits' store open at start and close at stop, after uvicorn has
answered the requests in flight.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Router
from starlette.types import ASGIApp

from server.headers import CONTENT_SECURITY_POLICY, SecurityHeaders
from server.site import SiteFiles


def create_app(site_dir: Path, languages: list[str], api_app: Starlette | None = None,
               content_security_policy: str | None = CONTENT_SECURITY_POLICY) -> ASGIApp:
    """The site in ``site_dir``, with ``api_app`` (codecheck.app.create_app) under /api/."""
    # The API's own routes: its Mount at /api, whose app keeps its JSON errors and middleware.
    routes = list(api_app.routes) if api_app is not None else []
    # The pages' notices come from the API in the same process (no request of its own).
    notices = api_app.state.notices_fragment if api_app is not None else None
    router = Router(routes=routes, default=SiteFiles(directory=site_dir, languages=languages, notices=notices),
                    redirect_slashes=False, lifespan=lifespan_of(api_app))
    return SecurityHeaders(router, content_security_policy)


def create_api_app(api_app: Starlette, content_security_policy: str | None = CONTENT_SECURITY_POLICY) -> ASGIApp:
    """The API alone (python -m server api), with the headers it has on the site's origin."""
    return SecurityHeaders(api_app, content_security_policy)


def lifespan_of(api_app: Starlette | None):
    @asynccontextmanager
    async def lifespan(app: ASGIApp) -> AsyncIterator[None]:
        if api_app is None:
            yield
            return
        async with api_app.router.lifespan_context(api_app):
            yield

    return lifespan
