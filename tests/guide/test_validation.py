"""What a visitor types into a request: per-field messages that say what to do, in the
visitor's language, and what was typed kept as it was."""
import pytest

from guide.i18n import gettext_for
from guide.requests import fields, request_for
from guide.validation import MESSAGES, validate

ORDER = request_for(("order-access-code",))
VALID = {"company": "Muster AG", "member_number": "100.234.5", "contact_person": "Eva Meier",
         "phone": "+41 44 555 66 77", "email": "eva.meier@muster.ch"}


def errors_for(field_id, value, lang="en", request=ORDER):
    return validate(request, {**VALID, field_id: value}, lang).errors


def test_valid_values_pass_and_are_cleaned():
    checked = validate(ORDER, {**VALID, "company": "  Muster AG  "}, "fr")
    assert checked.ok and checked.cleaned["company"] == "Muster AG"
    assert checked.typed["company"] == "  Muster AG  "


def test_every_required_field_has_its_own_message_saying_what_to_enter():
    checked = validate(ORDER, {}, "en")
    assert checked.errors == {
        "company": "Enter the company's name",
        "member_number": "Enter the company's member number",
        "contact_person": "Enter the first name and surname of the person to contact",
        "phone": "Enter the phone number of the person to contact",
        "email": "Enter the e-mail address of the person to contact",
    }


def test_messages_are_in_the_visitors_language(lang):
    message = validate(ORDER, {}, lang).errors["email"]
    assert message == gettext_for(lang)(fields()["email"].missing)
    if lang != "fr":
        assert message != fields()["email"].missing


def test_what_was_typed_is_kept_when_it_is_wrong():
    checked = validate(ORDER, {**VALID, "email": "eva.meier@"}, "de")
    assert checked.typed["email"] == "eva.meier@" and "email" not in checked.cleaned
    assert checked.errors["email"].startswith("Geben Sie eine vollständige E-Mail-Adresse ein")


@pytest.mark.parametrize("value", ["anna.muster@example.ch", "a+b@sub.muster.ch", "x@müller.ch", "O'Neil@example.co.uk"])
def test_email_addresses_accepted(value):
    assert not errors_for("email", value)


@pytest.mark.parametrize("value", ["anna", "anna@", "a@b", "a b@c.ch", "a@b.ch,c@d.ch", "a@b.ch\nBcc: x@y.ch",
                                   "<a@b.ch>", "a@b..ch", "a@-.ch"])
def test_email_addresses_refused(value):
    assert errors_for("email", value)


@pytest.mark.parametrize("value", ["+41 44 123 45 67", "044 123 45 67", "0041 44 123 45 67", "+41 (0)44 123 45 67",
                                   "079/123.45.67", "+49 30 1234567", "+33 1 23 45 67 89"])
def test_phone_numbers_accepted(value):
    assert not errors_for("phone", value)


@pytest.mark.parametrize("value", ["123", "abc", "+41 44 123 45 67 ext. 3", "44 123 45 67", "+0 44 123 45 67",
                                   "+41 44 123 45 67 89 01 23 45"])
def test_phone_numbers_refused_with_an_example(value):
    assert errors_for("phone", value) == {"phone": "Enter a Swiss or international phone number, for example +41 44 123 45 67."}


@pytest.mark.parametrize("value", ["123", "100.234.5", "12-34/5", "100 200 300", "7"])
def test_member_numbers_in_any_funds_format_accepted(value):
    assert not errors_for("member_number", value)


@pytest.mark.parametrize("value", ["12a", ".123", "123.", "1" * 31, "№ 123"])
def test_member_numbers_refused(value):
    assert errors_for("member_number", value)


@pytest.mark.parametrize("value", ["Muster\tAG", "Muster\x00AG", "Muster\u202eGA", "Muster\u2028AG", "Muster\x85AG"])
def test_characters_that_would_break_a_message_are_refused(value):
    assert errors_for("company", value) == {"company": "Remove invisible special characters, such as tabs."}


def test_a_single_line_field_refuses_line_breaks():
    assert errors_for("company", "Muster\nAG") == {"company": "Enter this text on a single line."}


def test_too_long_a_text_says_how_long_it_may_be():
    assert errors_for("company", "M" * 121) == {"company": "Shorten this text to 120 characters or fewer."}


def test_a_list_field_takes_one_item_per_line_from_text_or_a_list():
    request = request_for(("deactivate-old-logins",))
    for typed in ("Anna Muster\r\n\r\n  Marco Rossi  \n", ["Anna Muster", "", "Marco Rossi"]):
        checked = validate(request, {**VALID, "logins_to_deactivate": typed}, "it")
        assert checked.cleaned["logins_to_deactivate"] == ("Anna Muster", "Marco Rossi")
    assert validate(request, VALID, "en").errors == {"logins_to_deactivate": "Enter at least one login to deactivate"}
    too_many = validate(request, {**VALID, "logins_to_deactivate": [f"Login {n}" for n in range(21)]}, "en")
    assert too_many.errors == {"logins_to_deactivate": "Enter 20 lines or fewer."}
    too_long = validate(request, {**VALID, "logins_to_deactivate": ["ok", "x" * 201]}, "en")
    assert too_long.errors == {"logins_to_deactivate": "Shorten line 2 to 200 characters or fewer."}


def test_an_optional_field_may_stay_empty():
    request = request_for(("code-to-fiduciary",))
    checked = validate(request, {"fiduciary_contact": ""}, "fr")
    assert "fiduciary_contact" not in checked.errors and "fiduciary_name" in checked.errors


def test_every_message_has_a_translation(lang):
    gettext = gettext_for(lang)
    for message in MESSAGES.values():
        assert gettext(message) % {"max": 1, "line": 1}
