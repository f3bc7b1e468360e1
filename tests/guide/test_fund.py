"""The fund's details come from the configuration, never from the guide's code."""
import pytest

from guide.fund import Fund

from .conftest import FUND_CONFIG


def test_a_missing_detail_is_named():
    config = {key: value for key, value in FUND_CONFIG.items() if key != "email"}
    with pytest.raises(ValueError, match="extra.fund.email is missing"):
        Fund.from_config(config)
    with pytest.raises(ValueError, match="no name for it"):
        Fund.from_config({**FUND_CONFIG, "name": {"fr": "a", "de": "b", "en": "d"}})


def test_phone_link():
    assert Fund.from_config(FUND_CONFIG).phone_uri == "tel:+41441234567"

