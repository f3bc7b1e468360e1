"""Bad input in the browser's request form (guide.browser.submit over guide/validation.py):
empty required fields, malformed e-mail addresses, impossible phone numbers, text over its
stated length and characters that would break the e-mail or the letter are refused with a
message in the visitor's language, at the field and in the summary, and what was typed stays
in the form. Runs on CPython and inside Pyodide."""
import pytest
from markupsafe import escape

from guide.browser import BrowserGuide
from guide.i18n import gettext_for
from guide.requests import fields
from guide.validation import MESSAGES
from .conftest import LANGUAGES

GOOD = {"company": "Muster AG", "member_number": "100.234.5", "contact_person": "Eva Meier",
        "phone": "+41 44 555 66 77", "email": "eva.meier@muster.ch", "description": "It does not work."}
SUPPORT = "technical-problem/sms-code/"


@pytest.fixture(scope="module")
def guide(fund, site_address):
    return BrowserGuide(fund, site=site_address)


def refused(guide, lang, field_id, typed):
    answer = guide.submit(lang, SUPPORT, {**GOOD, field_id: typed}, "2026-11-27")
    assert answer["status"] == "invalid", (field_id, typed)
    return answer["html"]


def assert_message(page: str, field_id: str, message: str) -> None:
    shown = str(escape(message))
    assert f'<a href="#guide-field-{field_id}">{shown}</a>' in page, message
    assert f'id="guide-field-{field_id}-error"' in page and shown in page.split(f'id="guide-field-{field_id}-error"')[1]


def assert_kept(page: str, field_id: str, typed: str) -> None:
    shown = str(escape(typed))
    assert (f'name="{field_id}" type="' in page and f'value="{shown}"' in page) or f">\n{shown}</textarea>" in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_required_fields_say_what_to_enter(guide, lang):
    answer = guide.submit(lang, SUPPORT, {"member_number": "   "}, "2026-11-27")
    gettext = gettext_for(lang)
    for field_id in ("company", "contact_person", "phone", "email", "description"):
        assert_message(answer["html"], field_id, gettext(fields()[field_id].missing))
    assert 'href="#guide-field-member_number"' not in answer["html"]        # optional here


@pytest.mark.parametrize("typed", ["eva.meier@", "eva meier@muster.ch", "eva@muster", "eva@@muster.ch",
                                   "eva@muster.ch, lea@muster.ch", "eva\u200b@muster.ch"])
def test_malformed_email_addresses(guide, typed):
    page = refused(guide, "de", "email", typed)
    expected = MESSAGES["invisible"] if "\u200b" in typed else MESSAGES["email"]
    assert_message(page, "email", gettext_for("de")(expected))
    assert_kept(page, "email", typed)


@pytest.mark.parametrize("typed", ["123", "+41 44 123", "+41 44 123 45 67 89 01 23", "0044", "044-CALL-ME",
                                   "+0 44 123 45 67"])
def test_impossible_phone_numbers(guide, typed):
    page = refused(guide, "it", "phone", typed)
    assert_message(page, "phone", gettext_for("it")(MESSAGES["phone"]))
    assert_kept(page, "phone", typed)


@pytest.mark.parametrize("field_id, typed, key, params", [
    ("company", "M" * 121, "too-long", {"max": 120}),
    ("description", "x" * 2001, "too-long", {"max": 2000}),
    ("description", "\n".join(["line"] * 41), "too-many-lines", {"max": 40}),
])
def test_text_over_its_stated_length(guide, field_id, typed, key, params):
    page = refused(guide, "en", field_id, typed)
    assert_message(page, field_id, gettext_for("en")(MESSAGES[key]) % params)
    assert_kept(page, field_id, typed)


def test_the_length_of_a_text_of_several_lines_is_stated_before_typing(guide):
    form = guide.form("en", SUPPORT)["html"]
    assert "At most 40 lines and 2000 characters in all." in form
    form = guide.form("en", "regain-access/no/yes/")["html"]
    assert "At most 20 lines of 200 characters each." in form


@pytest.mark.parametrize("field_id, typed, key", [
    ("company", "Muster\tAG", "invisible"),
    ("company", "Muster\x00AG", "invisible"),
    ("contact_person", "Eva \u202eMeier", "invisible"),
    ("contact_person", "Eva\u2028Meier", "invisible"),
    ("company", "Muster\u200bAG", "invisible"),
    ("company", "\ufeffMuster AG", "invisible"),
    ("description", "first line\x1b[2Jsecond", "invisible"),
    ("company", "Muster\nAG", "one-line"),
    ("company", "Muster\r\nBcc: x@y.ch", "one-line"),
])
def test_characters_that_would_break_the_email_or_the_letter(guide, field_id, typed, key):
    page = refused(guide, "fr", field_id, typed)
    assert_message(page, field_id, MESSAGES[key])


def test_markup_typed_into_a_field_stays_text(guide):
    typed = '<img src=x onerror="alert(1)"> & "Co"'
    answer = guide.submit("en", SUPPORT, {**GOOD, "company": typed}, "2026-11-27")
    assert answer["status"] == "ok" and "<img" not in answer["html"]
    assert str(escape(typed)) in answer["html"]
