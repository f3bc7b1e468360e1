"""The fund's phone, postal address and registration link are optional (site.toml): where the
fund has given none, nothing invented takes its place; pages and letters say where to find it
and offer e-mail, in every language."""
import dataclasses

import pytest

from guide.i18n import SOURCE_LANGUAGE
from guide.render import Letter, render_message
from guide.step_html import outcome_page
from guide.texts import ADDRESS_UNKNOWN, CONTACT_WITHOUT_PHONE, Texts

from .test_render import SENDER, request_for


@pytest.fixture(scope="module")
def bare_fund(fund):
    return dataclasses.replace(fund, phone=None, postal_address=None, registration_url=None)


def test_the_contact_phrase_names_the_phone_only_where_given(lang, fund, bare_fund):
    full, bare = Texts(lang, fund), Texts(lang, bare_fund)
    assert 'href="tel:' in full.fund_link("fund_contact") and fund.phone in full.fund_link("fund_contact")
    contact = bare.fund_link("fund_contact")
    assert "tel:" not in contact and f'href="mailto:{fund.email}"' in contact
    assert f'href="{fund.web_url}"' in contact          # where the number is
    assert bare.fund_link("fund_phone") == "" and bare.fund_link("registration_url") == ""
    if lang != SOURCE_LANGUAGE:
        assert bare.gettext(CONTACT_WITHOUT_PHONE) != CONTACT_WITHOUT_PHONE


def test_a_letter_without_an_address_says_where_to_find_it(lang, fund, bare_fund, today):
    values = {**SENDER, "users_and_permissions": ("Anna Muster, salaires",), "signatories": ("Hans Muster",)}
    texts = Texts(lang, bare_fund)
    letter = render_message(request_for(("fund-creates-logins",)), values, texts, today)
    assert isinstance(letter, Letter)
    assert f"\n{bare_fund.name(lang)}\n{texts.gettext(ADDRESS_UNKNOWN)}\n" in letter.text
    with_address = render_message(request_for(("fund-creates-logins",)), values, Texts(lang, fund), today)
    assert "\n".join(fund.postal_address) in with_address.text and ADDRESS_UNKNOWN not in with_address.text


def test_outcome_pages_show_no_phone_where_none_is_given(flow, lang, fund, bare_fund):
    for outcome in flow.outcomes.values():
        bare = outcome_page(outcome, Texts(lang, bare_fund)).html
        assert "tel:" not in bare and "%(" not in bare, outcome.id
        assert "None" not in bare, outcome.id
        full = outcome_page(outcome, Texts(lang, fund)).html
        if "fund_contact" in " ".join((*outcome.do_now, outcome.what_next)):
            assert fund.phone in full and 'href="tel:' in full, outcome.id
