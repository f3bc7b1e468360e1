"""Every e-mail and letter the guide prepares ends with its reference line (guide/reference.py):
the outcome, the visitor's language and the outcome's address in the fund's language, the same
words in every language, nothing the visitor typed; on the static page and in the browser's
"check your answers", for every outcome and language. Runs on CPython and inside Pyodide."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from guide import mailto, reference, urls
from guide.browser import BrowserGuide
from guide.render import request_of
from guide.step_html import outcome_page, step_page
from guide.engine import reachable_steps

from .htmlpages import read

LINE = re.compile(r"Ref\. connect-help: (?P<outcome>[a-z0-9-]+) \((?P<lang>[a-z]{2,3})\) (?P<url>\S+)")
SENDER = {"company": "Muster AG", "company_address": "Bahnhofstrasse 1\n8001 Zürich", "member_number": "100.234.5",
          "contact_person": "Eva Meier", "phone": "+41 44 555 66 77", "email": "eva.meier@muster.ch",
          "logins_to_deactivate": "Anna Muster\nMarco Rossi", "fiduciary_name": "Treuhand Beispiel GmbH",
          "fiduciary_contact": "Peter Treu", "fiduciary_address": "Seestrasse 5\n6003 Luzern",
          "signatories": "Hans Muster, Präsident\nLea Muster", "signers": "Hans Muster, Präsident",
          "users_and_permissions": "Anna Muster, anna@muster.ch, +41 79 123 45 67, Lohndeklaration",
          "description": "The SMS code never arrives on the phone of our payroll clerk."}
TODAY = "2026-11-27"


def expected(site_address, outcome_id: str, lang: str) -> str:
    return f"Ref. connect-help: {outcome_id} ({lang}) {site_address.root_url}fr/guide/outcomes/{outcome_id}/"


def request_outcomes(flow):
    return [outcome for outcome in flow.outcomes.values() if request_of(outcome) is not None]


def message_text(html: str) -> str:
    """The e-mail's body or the letter's text as the page shows it (one block of text)."""
    block = re.search(r'id="guide-(?:message|letter)-text">(.*?)</div>', html, re.S)
    assert block, "no message on the page"
    return unescape(block[1])


def mailto_body(html: str) -> str | None:
    link = next((link["href"] for link in read(html).links if link["href"].startswith("mailto:") and "?" in link["href"]),
                None)
    query = parse_qs(urlsplit(link).query) if link else {}
    return query["body"][0].replace("\r\n", "\n") if "body" in query else None


def test_the_static_page_of_every_request_ends_its_message_with_the_reference(flow, texts, site_address):
    for outcome in request_outcomes(flow):
        html = outcome_page(outcome, texts).html
        line = expected(site_address, outcome.id, texts.lang)
        paragraphs = re.findall(r"<p>(.*?)</p>", html.split('class="guide-message"', 1)[1].split("</section>", 1)[0], re.S)
        assert unescape(paragraphs[-1]) == line, outcome.id
        if request_of(outcome).channel == "email":
            assert mailto_body(html).rstrip("\n").endswith("\n\n" + line), outcome.id


def test_a_step_on_the_way_gives_the_same_reference_as_the_outcome_s_own_page(flow, texts, site_address):
    seen = set()
    for step in reachable_steps(flow):
        if step.is_outcome and request_of(step.node) is not None and step.node.id not in seen:
            seen.add(step.node.id)
            html = step_page(step, texts).html
            assert unescape(html).count(expected(site_address, step.node.id, texts.lang)) == 1, step.answers
    assert seen == {outcome.id for outcome in request_outcomes(flow)}


def test_check_your_answers_ends_every_email_and_letter_with_the_reference(flow, fund, texts, site_address):
    guide = BrowserGuide(fund, site=site_address)
    for outcome in request_outcomes(flow):
        path = "".join(part + "/" for part in urls.outcome_location(outcome.id)[1:])
        answer = guide.submit(texts.lang, path, SENDER, TODAY)
        assert answer["status"] == "ok", (outcome.id, answer)
        text = message_text(answer["html"]).rstrip("\n")
        line = expected(site_address, outcome.id, texts.lang)
        assert text.endswith("\n\n" + line), outcome.id
        found = LINE.fullmatch(text.rsplit("\n", 1)[1])
        assert found and found["outcome"] == outcome.id and found["lang"] == texts.lang
        # Nothing the visitor typed is in it.
        for value in SENDER.values():
            for piece in value.split("\n"):
                assert piece not in line
        if request_of(outcome).channel == "email":
            body = mailto_body(answer["html"])
            assert body is not None, f"{outcome.id}: the reference pushed the mailto link over {mailto.MAX_LENGTH}"
            assert body.rstrip("\n").endswith(line)


def test_the_line_says_the_same_in_every_language_but_the_language(flow, texts, site_address):
    outcome = request_outcomes(flow)[0]
    line = unescape(outcome_page(outcome, texts).html).split("Ref. connect-help: ", 1)[1].split("<", 1)[0]
    assert line == f"{outcome.id} ({texts.lang}) {site_address.root_url}fr/guide/outcomes/{outcome.id}/"


def test_each_line_holds_its_own_outcome_s_keys_and_no_other_s(flow, site_address, lang):
    ids = list(flow.outcomes)
    for outcome_id in ids:
        line = expected(site_address, outcome_id, lang)
        address_in_lang = site_address.url(urls.outcome_location(outcome_id), lang)
        for other in ids:
            keys = reference.keys(other)
            in_line = [key for key in keys if key in line]
            assert (bool(in_line) == (other == outcome_id)), (outcome_id, other, in_line)
            assert (keys[-1] in address_in_lang) == (other == outcome_id)
