"""Requests rendered from the package's templates: the e-mail (subject, body, mailto link)
and the letter (sender, the fund's address, date, subject, body, signatures, enclosures)."""
import datetime
from urllib.parse import parse_qs, urlsplit

import jinja2
import pytest

from guide.dates import format_date
from guide.render import Email, Letter, environment, initial_values, render_message
from guide.requests import request_for
from guide.engine import step
from .conftest import TRANSLATED

SENDER = {"company": "Muster AG", "company_address": "Bahnhofstrasse 1\n8001 Zürich", "member_number": "100.234.5",
          "contact_person": "Eva Meier", "phone": "+41 44 555 66 77", "email": "eva.meier@muster.ch"}


def test_an_order_goes_by_email_with_every_detail(texts):
    email = render_message(request_for(("order-access-code",)), SENDER, texts)
    assert isinstance(email, Email) and email.to == texts.fund.email
    assert email.subject.endswith("– Muster AG")
    for value in ("Muster AG", "100.234.5", "Eva Meier", "+41 44 555 66 77", "eva.meier@muster.ch"):
        assert value in email.body
    assert "[" not in email.body


def test_the_mailto_link_carries_the_message_exactly(texts):
    email = render_message(request_for(("order-access-code", "deactivate-old-logins")),
                           {**SENDER, "logins_to_deactivate": ("Anna Muster & Co", "Marco Rossi?")}, texts)
    link = urlsplit(email.mailto)
    assert link.scheme == "mailto" and link.path == texts.fund.email
    query = parse_qs(link.query, keep_blank_values=True)
    assert query == {"subject": [email.subject], "body": [email.body.replace("\n", "\r\n")]}


def test_two_kinds_go_together_in_one_message(texts):
    request = request_for(("order-access-code", "deactivate-old-logins"))
    email = render_message(request, {**SENDER, "logins_to_deactivate": ("Anna Muster",)}, texts)
    assert " / " in email.subject
    assert email.body.count(texts.plain(request.kinds[0].text)) == 1
    assert f"{texts.plain(request.kinds[1].text)}\n- Anna Muster\n" in email.body


def test_an_empty_field_shows_as_its_label_in_brackets(texts):
    email = render_message(request_for(("order-access-code",)), {}, texts)
    assert f"[{texts.plain('Entreprise')}]" in email.subject


def test_a_letter_to_create_logins_is_signed_by_each_signatory(texts, today):
    values = {**SENDER, "users_and_permissions": ("Anna Muster, anna@muster.ch, +41 79 123 45 67, salaires",),
              "signatories": ("Hans Muster, président", "Lea Muster, directrice")}
    letter = render_message(request_for(("fund-creates-logins",)), values, texts, today)
    assert isinstance(letter, Letter)
    text = letter.text
    assert text.startswith("Muster AG\nBahnhofstrasse 1\n8001 Zürich\n")
    assert "\n".join(texts.fund.postal_address) in text
    assert format_date(today, texts.lang) in text
    assert text.count("______________________________\n") == 2
    assert "______________________________\nLea Muster, directrice\n" in text
    assert "- Anna Muster, anna@muster.ch, +41 79 123 45 67, salaires\n" in text
    assert text.index(texts.plain("Demande de création de logins connect")) < text.index("Anna Muster")


def test_the_letter_for_the_fiduciary_lists_the_power_of_attorney_as_enclosure(texts, today):
    values = {**SENDER, "fiduciary_name": "Treuhand Beispiel GmbH", "fiduciary_contact": "",
              "fiduciary_address": "Seestrasse 5\n6003 Luzern", "signers": ("Hans Muster, président",)}
    letter = render_message(request_for(("code-to-fiduciary",)), values, texts, today)
    attachment = texts.plain("Procuration en faveur de la fiduciaire ou du représentant")
    assert letter.text.rstrip().endswith(f"- {attachment}")
    assert "Seestrasse 5\n6003 Luzern" in letter.text
    assert texts.plain("Personne de contact à la fiduciaire") not in letter.text   # optional, left empty


def test_a_letter_without_a_date_shows_where_to_write_it(texts):
    letter = render_message(request_for(("fund-creates-logins",)), SENDER, texts)
    assert f"[{texts.plain('Date')}]" in letter.text


@pytest.mark.parametrize("lang, expected", [("fr", "05.03.2027"), ("de", "05.03.2027"), ("it", "05.03.2027"),
                                            ("en", "5 March 2027")])
def test_dates_are_written_as_in_each_language(lang, expected):
    assert format_date(datetime.date(2027, 3, 5), lang) == expected


@pytest.mark.parametrize("lang", TRANSLATED, indirect=True)
def test_messages_have_no_french_left_in_other_languages(texts, today):
    for kinds in (("order-access-code", "deactivate-old-logins"), ("code-to-fiduciary",), ("contact-support",)):
        message = render_message(request_for(kinds), {}, texts, today)
        text = message.body if isinstance(message, Email) else message.text
        for french in ("Madame", "Objet", "Nos coordonnées", "salutations", "Entreprise", "Annexe"):
            assert french not in text


def test_support_is_prefilled_with_the_problem_and_the_answers_given(flow, texts):
    reached = step(flow, ["technical-problem", "adding-a-user"])
    values = initial_values(reached.node, texts, reached.answered)
    description = values["description"]
    assert description.startswith(texts.plain(reached.node.description))
    assert texts.plain("Lors de la saisie d'un utilisateur") in description
    assert initial_values(flow.outcomes["order-new-code"], texts) == {}


def test_templates_load_from_the_package_and_unknown_ones_are_reported():
    env = environment("fr")
    assert env.get_template("letter.txt.j2")
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("nope.txt.j2")
