"""The built static site, with a "not found" page in the visitor's language.

The language is judged from the path (/de/... → German). Each language's 404 page links with
root-absolute addresses, so it works at any depth, and offers home, search and "start the guide
again" (which is what an unknown guide step needs).
"""

import mimetypes
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

# Pyodide's runtime needs these types; some systems' mime tables lack them.
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")


class SiteFiles(StaticFiles):
    def __init__(self, directory: Path, languages: list[str]):
        super().__init__(directory=directory, html=True)
        self.site_dir = Path(directory)
        self.languages = languages

    async def get_response(self, path: str, scope: Scope) -> Response:
        # Starlette answers a miss with the root 404.html, or raises: either way, pick the page.
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404:
                raise
            return self.not_found(path)
        return self.not_found(path) if response.status_code == 404 else response

    def not_found_page(self, path: str) -> Path:
        parts = Path(path).parts
        lang = parts[0] if parts and parts[0] in self.languages else None
        candidates = []
        if lang:
            candidates.append(self.site_dir / lang / "404.html")
        candidates.append(self.site_dir / "404.html")
        return next(page for page in candidates if page.is_file())

    def not_found(self, path: str) -> Response:
        try:
            page = self.not_found_page(path)
        except StopIteration:
            return Response("Not found", status_code=404, media_type="text/plain")
        return FileResponse(page, status_code=404, media_type="text/html")
