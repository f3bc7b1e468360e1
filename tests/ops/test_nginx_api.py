"""/api/ through nginx: the workers learn the client's address from nginx alone. nginx sets
X-Forwarded-For to the address it sees (a client's own header is replaced, not appended), and
the workers believe that header from nginx only (CODECHECK_TRUSTED_PROXIES)."""

from __future__ import annotations

import http.client
import re

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.conftest import LiveServer
from tests.services import Nginx

CHECK = "/api/v1/access-codes/check"


def client_from(source: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=30)


def test_a_forged_x_forwarded_for_buys_no_fresh_budget(hosting) -> None:
    with client_from("127.0.7.1") as client:
        for _ in range(10):
            assert client.post(hosting.nginx.url + CHECK, json={"code": "DEMOVALID001"}).json()["status"] == "valid"
        refused = client.post(hosting.nginx.url + CHECK, json={"code": "DEMOVALID001"},
                              headers={"X-Forwarded-For": "203.0.113.7"})
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
        assert int(refused.headers["retry-after"]) >= 1
    # Another client address has its own budget, through the same nginx.
    with client_from("127.0.7.2") as client:
        assert client.post(hosting.nginx.url + CHECK, json={"code": "DEMOVALID001"}).status_code == 200
    # The operator sees the refusal on the workers' own address.
    metrics = httpx.get(hosting.api.url + "/api/v1/metrics", timeout=30).text
    refused = re.search(r'^codecheck_refusals_total\{endpoint="check",reason="rate_limited"\} (\S+)$', metrics, re.M)
    assert refused and float(refused.group(1)) >= 1


@pytest.mark.services      # starts its own nginx
def test_nginx_replaces_the_clients_x_forwarded_for(site_dir) -> None:
    """What an API worker receives, seen by a stand-in worker that echoes the header."""

    async def echo(request: Request) -> JSONResponse:
        return JSONResponse({"forwarded_for": request.headers.getlist("x-forwarded-for"),
                             "path": request.url.path, "host": request.headers.get("host")})

    upstream = Starlette(routes=[Route("/api/{rest:path}", echo, methods=["GET", "POST"])])
    with LiveServer(upstream) as worker:
        nginx = Nginx(site_dir, [f"127.0.0.1:{worker.port}"])
        try:
            for forged in ([], ["203.0.113.7"], ["203.0.113.7, 198.51.100.1", "192.0.2.9"]):
                connection = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=30,
                                                        source_address=("127.0.8.3", 0))
                connection.putrequest("GET", "/api/v1/anything")
                for value in forged:
                    connection.putheader("X-Forwarded-For", value)
                connection.endheaders()
                seen = httpx.Response(200, content=connection.getresponse().read()).json()
                connection.close()
                assert seen["forwarded_for"] == ["127.0.8.3"], forged
                assert seen["path"] == "/api/v1/anything"
        finally:
            nginx.close()
