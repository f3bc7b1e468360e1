"""GET /api/v1/metrics in process, on both engines: what the operator's scraper reads after checks,
refusals, feedback and a service that is down; no address, code or page in any label; 404 when a
proxy relays the request, and to any address CODECHECK_METRICS_CLIENTS does not name (loopback by
default). (Summing over several processes: tests/ops/test_api_processes.py.)"""

from __future__ import annotations

import dataclasses
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from codecheck.app import create_app
from codecheck.settings import Settings, SettingsError
from tests.codecheck.support import CLIENT, Api, seed

METRICS = "/api/v1/metrics"
SCRAPER = ("127.0.0.1", 40123)   # the default: loopback only


def samples(api: Api) -> dict[tuple[str, tuple], float]:
    response = api.request("GET", METRICS, client=SCRAPER)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def test_checks_refusals_and_feedback_are_counted(make_settings) -> None:
    settings = make_settings(client_checks=3, feedback_per_hour=1000)
    seed(settings)
    api = Api(create_app(settings))
    for code in ("VALIDCODE001", "VALIDCODE001", "UNKNOWNCODE1"):
        assert api.check(code).status_code == 200
    assert api.check("VALIDCODE001").status_code == 429
    assert api.check("bad", client=("198.51.100.4", 1)).status_code == 422
    assert api.request("POST", "/api/v1/feedback", json={"page": "/situations/no-active-login/", "language": "de",
                                                         "answer": "yes"}).status_code == 200
    got = samples(api)
    assert got[("codecheck_checks_total", (("status", "valid"),))] == 2
    assert got[("codecheck_checks_total", (("status", "unknown"),))] == 1
    assert got[("codecheck_checks_total", (("status", "expired"),))] == 0   # every answer from the start
    assert got[("codecheck_refusals_total", (("endpoint", "check"), ("reason", "rate_limited")))] == 1
    assert got[("codecheck_refusals_total", (("endpoint", "check"), ("reason", "invalid_code_form")))] == 1
    assert got[("codecheck_feedback_answers_total", (("answer", "yes"),))] == 1
    assert got[("codecheck_request_duration_seconds_count", (("endpoint", "check"),))] == 5
    assert got[("codecheck_request_duration_seconds_count", (("endpoint", "feedback"),))] == 1
    labels = " ".join(value for (_, pairs) in got for _, value in pairs)
    assert CLIENT[0] not in labels and "198.51" not in labels and "CODE" not in labels and "/" not in labels


def test_a_challenge_is_counted_as_a_refusal(make_settings) -> None:
    settings = make_settings(enabled=True, challenge="always")
    seed(settings)
    api = Api(create_app(settings))
    assert api.check("VALIDCODE001").status_code == 428
    assert samples(api)[("codecheck_refusals_total", (("endpoint", "check"), ("reason", "challenge_required")))] == 1


def test_a_service_down_is_counted(make_sqlite_settings, tmp_path) -> None:
    settings = make_sqlite_settings(enabled=False)
    seed(settings)
    api = Api(create_app(settings))
    (tmp_path / "site" / "_feedback" / "pages.json").unlink()   # the build's list of pages is gone
    response = api.request("POST", "/api/v1/feedback", json={"page": "/", "language": "de", "answer": "yes"})
    assert response.status_code == 503
    got = samples(api)
    assert got[("codecheck_service_errors_total", (("service", "feedback_pages"),))] == 1
    assert got[("codecheck_refusals_total", (("endpoint", "feedback"), ("reason", "feedback_unavailable")))] == 1


@pytest.mark.parametrize("forwarded", ["203.0.113.7", "127.0.0.1"])
def test_relayed_by_a_proxy_the_metrics_are_not_there(api: Api, forwarded: str) -> None:
    response = api.request("GET", METRICS, client=SCRAPER, headers={"X-Forwarded-For": forwarded})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert not re.search(r"codecheck_", response.text)


@pytest.mark.parametrize("client", [CLIENT, ("10.0.0.5", 40000), ("::2", 40000)])
def test_by_default_only_loopback_reads_the_metrics(api: Api, client: tuple[str, int]) -> None:
    response = api.request("GET", METRICS, client=client)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert "codecheck_" not in response.text
    assert api.request("GET", METRICS, client=("::1", 40000)).status_code == 200
    assert api.request("GET", METRICS, client=("::ffff:127.0.0.1", 40000)).status_code == 200


def test_a_scraper_elsewhere_is_an_explicit_choice(make_settings) -> None:
    chosen = Settings.from_env({"CODECHECK_METRICS_CLIENTS": "10.0.0.0/24, 192.0.2.9"})
    settings = dataclasses.replace(make_settings(enabled=False), metrics_clients=chosen.metrics_clients)
    seed(settings)
    api = Api(create_app(settings))
    assert api.request("GET", METRICS, client=("10.0.0.7", 40000)).status_code == 200
    assert api.request("GET", METRICS, client=("192.0.2.9", 40000)).status_code == 200
    assert api.request("GET", METRICS, client=("192.0.2.10", 40000)).status_code == 404
    assert api.request("GET", METRICS, client=SCRAPER).status_code == 404   # loopback no more, once others are named


def test_a_bad_metrics_client_is_named() -> None:
    with pytest.raises(SettingsError, match="CODECHECK_METRICS_CLIENTS: 'scraper' is not an IP address"):
        Settings.from_env({"CODECHECK_METRICS_CLIENTS": "scraper"})
