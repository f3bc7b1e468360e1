"""A prepared message is true for every visitor who reaches it, and carries all they fill in.

- What a request's text says of the sender (guide/requests.toml `presumes`: "no-administrator",
  "code-expired", ...) was told by an answer on every path of the guide to an outcome that sends
  it (flow.toml `tells`): the paths of guide/paths.txt, walked one by one.
- Every field of "What to prepare", filled in, is in the message, its mailto link and the letter
  that the visitor gets; on the static page (no form) each has its [place] in the message and in
  the mailto link, so that whatever the visitor fills in by hand has its line.
- Every outcome that orders a code says, in every language, that the code comes by post only,
  never by e-mail or phone, and declares it as the fund's condition (seed fact 14).
"""
import html
import re
from importlib import resources
from urllib.parse import parse_qs, urlsplit

import pytest

from guide.browser import BrowserGuide
from guide.engine import outcome_paths, step
from guide.render import render_message, request_of
from guide.requests import request_kinds
from guide.step_html import outcome_page
from guide.tree import Flow, load_flow, parse_flow

FLOW = load_flow()
REQUEST_PATHS = [(answers, outcome) for answers, outcome in outcome_paths(FLOW)
                 if request_of(FLOW.outcomes[outcome]) is not None]
REQUEST_OUTCOMES = sorted({outcome for _, outcome in REQUEST_PATHS})


def untold(flow: Flow) -> list[str]:
    """Each path whose message says something of the sender that no answer on the way told."""
    problems = []
    for answers, outcome_id in outcome_paths(flow):
        request = request_of(flow.outcomes[outcome_id])
        if request is None:
            continue
        told = set().union(*(item.option.tells for item in step(flow, answers).answered))
        if request.presumes - told:
            problems.append(f"{'/'.join(answers)} -> {outcome_id}: says {sorted(request.presumes - told)}")
    return problems


@pytest.mark.parametrize("answers, outcome_id", REQUEST_PATHS, ids=["/".join(a) for a, _ in REQUEST_PATHS])
def test_what_the_message_says_of_the_sender_was_told_on_the_way(answers, outcome_id):
    reached = step(FLOW, answers)
    request = request_of(reached.node)
    told = set().union(*(item.option.tells for item in reached.answered))
    assert request.presumes <= told, (
        f"{'/'.join(answers)} -> {outcome_id}: the message says {sorted(request.presumes - told)} of the "
        f"sender, which no answer on the way told")


def test_the_walk_finds_a_path_that_skips_the_question_a_message_relies_on():
    """The guide before issue 19: "Obtenir un nouveau code" went straight to how the code should
    come, and the order said "we have no active administrator" to visitors never asked."""
    source = resources.files("guide").joinpath("flow.toml").read_text(encoding="utf-8")
    skipping = source.replace('next = "admin-for-new-code"', 'next = "code-delivery"', 1)
    assert skipping != source
    assert untold(parse_flow(skipping)) == ["new-code/by-post -> order-new-code: says ['no-administrator']",
                                            "new-code/by-email-or-phone -> code-by-post-only: says ['no-administrator']"]
    assert untold(parse_flow(source)) == []


# --- every field filled in, everywhere the visitor takes the message ----------------------------

def filled(field) -> str:
    """A value for the field that its rules accept, and that no other field shares."""
    mark = field.id.replace("_", "-")
    return {"email": f"zq.{mark}@example.ch", "phone": "+41 44 555 66 77", "member-number": "100.234.5",
            "lines": f"Zq {mark} one\nZq {mark} two", "list": f"Zq {mark} A\nZq {mark} B"}.get(field.type, f"Zq {mark}")


def shown_text(page: str, element_id: str) -> str:
    return html.unescape(page.split(f'id="{element_id}">', 1)[1].split("</div>", 1)[0])


@pytest.fixture(scope="module")
def guide(fund):
    return BrowserGuide(fund)


@pytest.mark.parametrize("outcome_id", REQUEST_OUTCOMES)
def test_every_field_filled_in_is_in_the_message_the_mailto_link_and_the_letter(guide, texts, outcome_id):
    request = request_of(FLOW.outcomes[outcome_id])
    values = {spec.id: filled(spec) for spec in request.fields}
    answer = guide.submit(texts.lang, f"outcomes/{outcome_id}/", values, "2026-11-27")
    assert answer["status"] == "ok", answer.get("html", "")[:500]
    page = answer["html"]
    if request.channel == "email":
        taken = {"message": shown_text(page, "guide-message-text")}
        link = html.unescape(re.search(r'href="(mailto:[^"]*)" data-guide-mailto', page).group(1))
        taken["mailto"] = parse_qs(urlsplit(link).query)["body"][0].replace("\r\n", "\n")
    else:
        taken = {"letter": shown_text(page, "guide-letter-text")}
    for where, text in taken.items():
        for spec in request.fields:
            for line in values[spec.id].split("\n"):
                assert line in text, f"{outcome_id} ({texts.lang}): {spec.id} is not in the {where}"


@pytest.mark.parametrize("outcome_id", REQUEST_OUTCOMES)
def test_the_static_page_has_a_place_for_every_field_to_prepare(texts, outcome_id):
    """Without JavaScript the visitor completes the shown message by hand: each field listed
    under "What to prepare", optional ones too, has its [place] in it and in its mailto link."""
    outcome = FLOW.outcomes[outcome_id]
    request = request_of(outcome)
    page = outcome_page(outcome, texts).html
    prepared = [html.unescape(item) for item in re.findall(r'<li><strong>(.*?)</strong>', page.split('id="guide-prepare"')[1])]
    assert prepared[:len(request.fields)] == [texts.plain(spec.label) for spec in request.fields]
    shown = page.split('<div class="guide-message">', 1)[1].split("</div>", 1)[0]
    bodies = {"message": html.unescape(re.sub(r"<[^>]+>", "\n", shown))}
    if request.channel == "email":
        link = html.unescape(re.search(r'<a class="md-button" href="(mailto:[^"]*)"', page).group(1))
        bodies["mailto"] = parse_qs(urlsplit(link).query)["body"][0]
    for spec in request.fields:
        if spec.id == "description":        # support outcomes come with the problem described
            continue
        for where, body in bodies.items():
            assert "[" + texts.plain(spec.label) in body, f"{outcome_id} ({texts.lang}): no place for {spec.id} in the {where}"


def test_an_optional_field_left_empty_in_the_form_stays_out_of_the_message(texts):
    request = request_of(FLOW.outcomes["sms-code-not-arriving"])
    values = {spec.id: filled(spec) for spec in request.fields} | {"member_number": ""}
    body = render_message(request, values, texts).body
    assert texts.plain(request.field("member_number").label) not in body
    assert "[" not in body


# --- post only, on every branch that orders a code ----------------------------------------------

# A kind that orders a code: its French text asks for "un nouveau code d'accès".
ORDERS_A_CODE = {"order-access-code", "replace-expired-code", "code-to-fiduciary"}
POST_ONLY = {"fr": ("uniquement par la poste", "jamais par e-mail ni par téléphone"),
             "de": ("nur per Post", "nie per E-Mail oder Telefon"),
             "it": ("solo per posta", "mai per e-mail né per telefono"),
             "en": ("by post only", "never by e-mail or phone")}
CODE_OUTCOMES = sorted(outcome.id for outcome in FLOW.outcomes.values() if set(outcome.requests) & ORDERS_A_CODE)


def test_the_kinds_that_order_a_code_are_known():
    assert ORDERS_A_CODE == {kind.id for kind in request_kinds().values() if "un nouveau code d'accès" in kind.text}


@pytest.mark.parametrize("outcome_id", CODE_OUTCOMES)
def test_every_outcome_that_orders_a_code_says_post_only(texts, outcome_id):
    outcome = FLOW.outcomes[outcome_id]
    assert any(condition.fact == 14 for condition in outcome.conditions), f"{outcome_id}: fact 14 not declared"
    page = " ".join(" ".join(texts.plain(text) for text in (outcome.title, *outcome.do_now, outcome.why,
                                                             outcome.what_next)).split())
    for phrase in POST_ONLY[texts.lang]:
        assert phrase in page, f"{outcome_id} ({texts.lang}) does not say {phrase!r}"


def test_the_fiduciary_branch_says_post_only_before_the_visitor_chooses_who_gets_the_code(texts):
    hint = texts.plain(FLOW.questions["code-recipient"].hint)
    assert all(phrase in hint for phrase in POST_ONLY[texts.lang])
