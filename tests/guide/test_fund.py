"""The fund's details travel from the build to the browser as JSON, unchanged."""
from guide.fund import Fund

from .conftest import FUND_CONFIG


def test_the_fund_travels_as_json_unchanged():
    fund = Fund.from_dict(FUND_CONFIG)
    assert fund.to_dict() == FUND_CONFIG
    assert Fund.from_dict(fund.to_dict()) == fund


def test_phone_link():
    assert Fund.from_dict(FUND_CONFIG).phone_uri == "tel:+41441234567"
