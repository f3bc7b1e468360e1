"""Schemathesis against the API's own OpenAPI document, in process: no 5xx for any input, and
every response as the document describes it (status, headers, body)."""

from __future__ import annotations

import string

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codecheck.app import create_app
from tests.codecheck.support import Api, seed


# JSON Schema cannot state the code's form (the fund's pattern, after Unicode normalisation),
# so a schema-valid string may get the documented 422 invalid_code_form: the check that every
# schema-valid body is accepted does not apply (test_every_code_of_the_right_form_gets_an_answer
# does that part). A schema-violating body may also be refused as too large (413).
CONFIG = """
[checks.positive_data_acceptance]
enabled = false

[checks.negative_data_rejection]
expected-statuses = [400, 404, 405, 413, 415, 422, 429]
"""


@pytest.fixture
def api_schema(make_settings):
    app_settings = make_settings(enabled=False)
    seed(app_settings)
    config = schemathesis.config.SchemathesisConfig.from_str(CONFIG)
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(app_settings), config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_description(case) -> None:
    case.call_and_validate()


@given(
    code=st.text(alphabet=string.ascii_letters + string.digits, min_size=12, max_size=12),
    padding=st.sampled_from(["", " ", "-", "  -  "]),
)
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_code_of_the_right_form_gets_an_answer(api: Api, code: str, padding: str) -> None:
    response = api.check(padding + code[:6] + padding + code[6:] + padding)
    assert response.status_code == 200
    assert response.json()["status"] in {"valid", "expired", "used", "revoked", "unknown"}
