"""What the browser's worker asks of the guide (guide/browser.py): the static pages again, the
request form with its errors, "check your answers" with the ready e-mail or letter, the
code's expiry for the checker; and never an exception. Runs on CPython and inside Pyodide."""
import dataclasses
import datetime
import inspect
import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from guide import access_code, mailto, urls
from guide.browser import MESSAGES, BrowserGuide, place
from guide.step_html import all_pages
from guide.render import Email, reference_of, render_message, request_of
from guide.validation import validate

from .htmlpages import read
from guide.i18n import languages

from .conftest import TRANSLATED

SENDER = {"company": "Muster AG", "company_address": "Bahnhofstrasse 1\n8001 Zürich", "member_number": "100.234.5",
          "contact_person": "Eva Meier", "phone": "+41 44 555 66 77", "email": "eva.meier@muster.ch",
          "logins_to_deactivate": "Anna Muster\nMarco Rossi", "fiduciary_name": "Treuhand Beispiel GmbH",
          "fiduciary_address": "Seestrasse 5\n6003 Luzern", "signatories": "Hans Muster, Präsident\nLea Muster",
          "signers": "Hans Muster, Präsident\nLea Muster",
          "users_and_permissions": "Anna Muster, anna@muster.ch, +41 79 123 45 67, Lohndeklaration",
          "description": "The SMS code never arrives."}
TODAY = "2026-11-27"


@pytest.fixture(scope="module")
def guide(fund, site_address):
    return BrowserGuide(fund, site=site_address)


def path_of(location: tuple[str, ...]) -> str:
    return "".join(part + "/" for part in location[1:])


def request_paths(flow):
    """One address per request kind combination (and support), as the visitor reaches it."""
    seen = {}
    for outcome in flow.outcomes.values():
        request = request_of(outcome)
        if request is not None:
            seen.setdefault(tuple(kind.id for kind in request.kinds), path_of(urls.outcome_location(outcome.id)))
    return sorted(seen.values())


def test_every_step_is_the_static_page_itself(guide, flow, texts):
    for page in all_pages(flow, texts):
        if page.location == urls.unknown_step_location():
            continue
        answer = guide.step(texts.lang, path_of(page.location))
        assert answer["status"] == "ok", page.location
        assert answer["html"] == page.html and answer["title"] == page.title
        assert (answer["node"], answer["outcome"]) == (page.node, page.outcome)
        assert answer["request"] == ('class="guide-request ' in page.html)


@pytest.mark.parametrize("path", ["nope/", "goal/", "regain-access/no/yes/more/", "outcomes/", "outcomes/nope/",
                                  "unknown-step/", "regain-access", "regain-access//no/", "/regain-access/",
                                  "outcomes/order-new-code/x/"])
def test_an_address_without_a_static_page_is_left_to_the_server(guide, path):
    assert guide.step("fr", path) == {"status": "not-found"}
    assert guide.form("fr", path, {})["status"] == "not-found"


def test_the_form_has_a_labelled_field_per_field_of_the_request(guide, flow, texts):
    for path in request_paths(flow):
        found = place(flow, texts, path)
        html = guide.form(texts.lang, path, {})["html"]
        for spec in found.request.fields:
            assert f'<label class="guide-label" for="guide-field-{spec.id}">{texts.html(spec.label)}' in html
            assert f'name="{spec.id}"' in html
        assert 'method="dialog"' in html and "guide-error-summary" not in html
        assert len(read(html).h1) == 0


def test_the_form_keeps_what_was_typed_as_text_and_escaped(guide):
    typed = {"company": '<script>alert("x")</script> & Co', "logins_to_deactivate": "\nAnna\nMarco",
             "not_a_field": "dropped", "email": 42}
    html = guide.form("de", "regain-access/no/yes/", typed)["html"]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html and "<script>" not in html
    assert ">\n\nAnna\nMarco</textarea>" in html          # HTML drops the first line break only
    assert "dropped" not in html and 'name="email" type="email" value=""' in html


def test_a_support_form_starts_with_the_problem_and_the_answers_given(guide, flow, texts):
    html = guide.form(texts.lang, "technical-problem/sms-code/", None)["html"]
    outcome = flow.outcomes["sms-code-not-arriving"]
    assert texts.plain(outcome.description).split("\n")[0][:40] in html.replace("&#39;", "'")


def test_errors_are_summarised_at_the_top_and_shown_at_each_field(guide, texts):
    typed = {"company": "Muster\tAG", "email": "eva.meier@", "phone": "123", "member_number": "12a",
             "contact_person": "E" * 101}
    answer = guide.submit(texts.lang, "outcomes/order-new-code/", typed, TODAY)
    assert answer["status"] == "invalid"
    html = answer["html"]
    reader = read(html)
    summary = [link for link in reader.links if link["href"].startswith("#guide-field-")]
    assert [link["href"] for link in summary] == [f"#guide-field-{name}" for name in
                                                  ("company", "member_number", "contact_person", "phone", "email")]
    expected = validate(place(guide.flow, texts, "outcomes/order-new-code/").request, typed, texts.lang).errors
    for name, message in expected.items():
        assert f'id="guide-field-{name}-error"' in html
        assert re.search(rf'id="guide-field-{name}"[^>]*aria-describedby="[^"]*guide-field-{name}-error"[^>]*'
                         r'aria-invalid="true"', html), name
        assert str(message).replace("'", "&#39;") in html
    assert 'value="Muster\tAG"' in html and 'value="eva.meier@"' in html
    assert answer["title"] == texts.plain("Erreur : %(title)s", title=texts.plain(guide.flow.outcomes["order-new-code"].title))


def test_check_your_answers_shows_each_answer_with_a_change_link_and_the_ready_email(guide, flow, texts):
    answer = guide.submit(texts.lang, "regain-access/no/yes/", SENDER, TODAY)
    assert answer["status"] == "ok" and answer["outcome"] == "order-code-and-deactivate-old-logins"
    html = answer["html"]
    reader = read(html)
    assert reader.h1 == [texts.plain("Vérifiez votre demande")] and answer["title"] == reader.h1[0]
    found = place(flow, texts, "regain-access/no/yes/")
    changes = [link["href"] for link in reader.links if link["text"].startswith(texts.gettext("Modifier"))]
    assert changes == [f"#guide-field-{spec.id}" for spec in found.request.fields]
    email = render_message(found.request, validate(found.request, SENDER, texts.lang).cleaned, texts,
                           reference=reference_of(found.outcome, texts))
    link = next(link["href"] for link in reader.links if link["href"].startswith("mailto:"))
    assert link == mailto.mailto(email.to, email.subject, email.body) and mailto.fits(link)
    query = parse_qs(urlsplit(link).query)
    assert query["body"] == [mailto.crlf(email.body)] and query["subject"] == [email.subject]
    assert "- Anna Muster\n- Marco Rossi\n" in html
    assert 'id="guide-message-text">' + email.body.replace("'", "&#39;").split("\n")[0] in html


def test_a_message_too_long_for_a_mailto_link_asks_to_copy_it(guide, texts):
    typed = {**SENDER, "description": "\n".join(["A rather long description of what went wrong."] * 38)}
    answer = guide.submit(texts.lang, "technical-problem/sms-code/", typed, TODAY)
    assert answer["status"] == "ok"
    link = next(link["href"] for link in read(answer["html"]).links if link["href"].startswith("mailto:"))
    assert "body=" not in link and "subject=" in link
    assert texts.gettext("Copier le message") in answer["html"] and 'class="admonition warning"' in answer["html"]


def test_the_letter_has_the_date_the_signatures_and_the_attachments(guide, texts):
    answer = guide.submit(texts.lang, "outcomes/code-sent-to-fiduciary/", SENDER, TODAY)
    assert answer["status"] == "ok"
    html = answer["html"]
    assert "mailto:" + texts.fund.email + "?" not in html and "data-guide-print" in html
    letter = html.split('id="guide-letter-text">', 1)[1].split("</div>", 1)[0]
    assert letter.startswith("Muster AG\nBahnhofstrasse 1\n8001 Zürich\n\n\n" + "\n".join(texts.fund.postal_address))
    from guide.dates import format_date
    assert format_date(datetime.date(2026, 11, 27), texts.lang) in letter
    assert "______________________________\nHans Muster, Präsident\n" in letter
    attachment = texts.plain("Procuration en faveur de la fiduciaire ou du représentant")
    assert attachment.replace("'", "&#39;") in letter and attachment.replace("'", "&#39;") in html.split(letter)[0]


@pytest.mark.parametrize("lang", TRANSLATED, indirect=True)
def test_no_french_is_left_in_the_form_or_the_check_page(guide, flow, texts):
    french = ("Remplissez", "Il y a un problème", "Vérifiez", "Continuer", "Imprimer", "Copier", "Erreur",
              "programme de messagerie", "Non indiqué", "Au plus")
    for path in request_paths(flow):
        pages = [guide.form(texts.lang, path, {})["html"], guide.submit(texts.lang, path, {}, TODAY)["html"],
                 guide.submit(texts.lang, path, SENDER, TODAY)["html"]]
        for html in pages:
            visible = " ".join(read(html).text) + " ".join(re.findall(r'data-guide-[a-z-]+="([^"]*)"', html))
            assert not [word for word in french if word in visible], path


@pytest.mark.parametrize("issued, today, expected", [
    ("2026-03-01", "2026-07-29", {"status": "valid", "expires_on": "2026-07-29", "days_left": 0}),
    ("2026-03-01", "2026-07-30", {"status": "expired", "expires_on": "2026-07-29", "days_left": None}),
    ("2026-03-01", "2026-03-01", {"status": "valid", "expires_on": "2026-07-29", "days_left": 150}),
    ("2026-03-02", "2026-03-01", {"status": "future-date"}),
    ("1.3.2026", "2026-03-01", {"status": "invalid-date"}),
    ("2026-02-30", "2026-03-01", {"status": "invalid-date"}),
    (None, "2026-03-01", {"status": "invalid-date"}),
])
def test_the_codes_expiry_follows_the_rule_of_the_api(guide, issued, today, expected):
    answer = guide.expiry(issued, today)
    assert {key: answer[key] for key in expected} == expected
    if answer["status"] == "valid":
        day = datetime.date.fromisoformat
        assert answer["days_left"] == access_code.days_left(day(issued), guide.fund.code_validity_days, day(today))


def test_a_message_the_guide_cannot_answer_is_an_error_not_an_exception(guide):
    assert guide.handle({"name": "nope"}) == {"status": "error", "reason": "unknown-message"}
    assert guide.handle(["step"]) == {"status": "error", "reason": "unknown-message"}
    assert guide.handle({"name": "step", "args": {"lang": "xx", "path": ""}})["reason"] == "bad-arguments"
    assert guide.handle({"name": "step", "args": {"path": ""}})["reason"] == "bad-arguments"
    assert guide.handle({"name": "step", "args": ["fr"]})["reason"] == "bad-arguments"
    assert guide.handle({"name": "submit", "args": {"lang": "fr", "path": "outcomes/order-new-code/",
                                                      "values": "not a mapping"}})["status"] == "invalid"
    assert json.loads(guide.handle_json("{not json")) == {"status": "error", "reason": "unknown-message"}
    answer = json.loads(guide.handle_json(json.dumps({"name": "step", "args": {"lang": "it", "path": ""}})))
    assert answer["status"] == "ok" and answer["node"] == "goal"


@pytest.mark.parametrize(("message", "detail"), [
    ({"name": "step", "args": {"lang": "fr", "paht": ""}}, "unknown argument: paht"),
    ({"name": "step", "args": {"lang": "fr", "path": "", "extra": 1}}, "unknown argument: extra"),
    ({"name": "step", "args": {"lang": "fr"}}, "missing argument: path"),
    ({"name": "expiry", "args": {"issued_on": "2026-03-01"}}, "missing argument: today"),
    ({"name": "warm-up"}, "missing argument: lang"),
    ({"name": "step", "args": {"lang": "fr", "path": 3}}, "wrong type: path"),
    ({"name": "step", "args": {"lang": ["fr"], "path": ""}}, "wrong type: lang"),
    ({"name": "submit", "args": {"lang": "fr", "path": "outcomes/order-new-code/", "today": 20261127}}, "wrong type: today"),
    ({"name": "expiry", "args": {"issued_on": None, "today": "2026-03-01"}}, "wrong type: issued_on"),
    ({"name": "form", "args": "fr"}, "the arguments are not an object"),
    ({"name": "step", "args": {"lang": "es", "path": ""}}, "lang is not one of " + ", ".join(languages())),
])
def test_bad_arguments_are_refused_before_the_call_and_named(guide, message, detail):
    assert guide.handle(message) == {"status": "error", "reason": "bad-arguments", "detail": detail}
    assert json.loads(guide.handle_json(json.dumps(message)))["detail"] == detail


def test_a_name_that_is_not_text_is_an_unknown_message(guide):
    assert guide.handle({"name": ["step"], "args": {}}) == {"status": "error", "reason": "unknown-message"}
    assert guide.handle({"name": None}) == {"status": "error", "reason": "unknown-message"}


def test_every_message_takes_the_arguments_of_its_method(guide):
    """MESSAGES, which `handle` checks arguments against, says what the methods take."""
    for name, (method, arguments) in MESSAGES.items():
        parameters = inspect.signature(getattr(guide, method)).parameters
        assert list(parameters) == list(arguments), name
        for argument, (required, _) in arguments.items():
            assert required == (parameters[argument].default is inspect.Parameter.empty), (name, argument)
    # Every call that the page makes, with the arguments it sends, gets an answer of its method.
    calls = {"warm-up": {"lang": "de"}, "step": {"lang": "de", "path": ""},
             "form": {"lang": "de", "path": "outcomes/order-new-code/", "values": {}},
             "submit": {"lang": "de", "path": "outcomes/order-new-code/", "values": SENDER, "today": TODAY},
             "expiry": {"issued_on": "2026-03-01", "today": TODAY}}
    assert sorted(calls) == sorted(MESSAGES)
    for name, args in calls.items():
        assert guide.handle({"name": name, "args": args})["status"] in {"ok", "expired"}, name


def test_a_bug_in_a_handler_is_an_internal_error_with_its_type(fund, capsys):
    # A fund made without siteconfig's checks: no German name (KeyError while rendering),
    # no validity (TypeError while counting: the arguments are right, so no "bad-arguments").
    broken = BrowserGuide(dataclasses.replace(fund, names={"fr": fund.name("fr")}, code_validity_days=None))
    answer = broken.handle({"name": "step", "args": {"lang": "de", "path": ""}})
    assert answer["status"] == "error" and answer["reason"] == "internal" and answer["type"] == "KeyError"
    assert "de" in answer["message"]
    assert "Traceback" in capsys.readouterr().err
    answer = json.loads(broken.handle_json(json.dumps({"name": "expiry", "args": {"issued_on": "2026-03-01",
                                                                                     "today": TODAY}})))
    assert answer["status"] == "error" and answer["reason"] == "internal" and answer["type"] == "TypeError"
    assert "TypeError" in capsys.readouterr().err
    # The same guide answers what does not touch the broken details.
    assert broken.handle({"name": "step", "args": {"lang": "fr", "path": ""}})["status"] == "ok"


def test_the_guide_loads_from_the_runtime_manifest(fund, site_address):
    from .conftest import FUND_CONFIG, SITE_CONFIG

    guide = BrowserGuide.from_json(json.dumps({"wheels": [], "fund": FUND_CONFIG, "site": SITE_CONFIG}))
    assert guide.fund == fund and guide.site == site_address and guide.warm_up("en") == {"status": "ok"}


# --- mailto links (guide/mailto.py) -------------------------------------------------------------

def encode_uri_component(text: str) -> str:
    """JavaScript's encodeURIComponent, written out from its specification (ECMA-262)."""
    unreserved = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
    return "".join(ch if ch in unreserved else "".join(f"%{byte:02X}" for byte in ch.encode("utf-8")) for ch in text)


@pytest.mark.parametrize("text", ["Muster AG & Co", "Grüsse – 100%?", "a+b=c;d/e:f@g#h", "line\nnext\r\nlast",
                                  "(it's) ~*!", "emoji 😀 and CJK 漢字"])
def test_mailto_encodes_as_encode_uri_component_with_crlf_line_breaks(text):
    link = mailto.mailto("connect@example.ch", text, text)
    crlf = re.sub(r"\r\n|\n", "\r\n", text)
    assert link == f"mailto:connect@example.ch?subject={encode_uri_component(crlf)}&body={encode_uri_component(crlf)}"
    assert unquote(link.split("body=")[1]) == crlf


def test_a_long_message_does_not_fit():
    assert mailto.fits("mailto:a@b.ch?subject=x&body=" + "y" * 1700)
    assert not mailto.fits("mailto:a@b.ch?subject=x&body=" + "y" * 1800)
