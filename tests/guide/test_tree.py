"""The declared tree: its shape, and the errors a content editor gets for a broken one."""
import re

import pytest

from guide import urls
from guide.tree import SLUG, FlowError, Outcome, Question, parse_flow


def test_ids_are_language_neutral_slugs(flow):
    for question in flow.questions.values():
        assert SLUG.fullmatch(question.id)
        assert all(SLUG.fullmatch(option.id) for option in question.options)
    assert all(SLUG.fullmatch(outcome_id) for outcome_id in flow.outcomes)


def test_first_answers_do_not_take_the_reserved_folders(flow):
    assert not {option.id for option in flow.start_question.options} & urls.RESERVED


def test_questions_offer_a_choice_and_outcomes_say_what_to_do(flow):
    for question in flow.questions.values():
        assert len(question.options) >= 2, question.id
        assert question.text.endswith("?"), question.id     # one question, one sentence
    for outcome in flow.outcomes.values():
        assert outcome.do_now and outcome.why and outcome.what_next, outcome.id
        assert 0 < len(outcome.summary) <= 160, f"{outcome.id}: its summary is its page's meta description"
        assert outcome.read_more, f"{outcome.id} links to no article"


def test_questions_where_a_visitor_may_not_know_offer_i_dont_know(flow):
    for question_id in ("admin-for-successor", "admin-for-deactivation", "admin-for-new-user",
                        "admin-for-fiduciary", "code-letter", "code-age", "old-logins"):
        assert flow.questions[question_id].option("dont-know"), question_id


def test_request_and_support_outcomes(flow):
    kinds = {outcome.id: outcome.type for outcome in flow.outcomes.values()}
    assert set(kinds.values()) == {"self-service", "request", "support"}
    requested = {kind for outcome in flow.outcomes.values() for kind in outcome.requests}
    assert requested == {"order-access-code", "replace-expired-code", "deactivate-old-logins", "fund-creates-logins",
                         "code-to-fiduciary"}


VALID = """
start = "q"
summary = "S"
[questions.q]
text = "Q ?"
[[questions.q.options]]
id = "a"
label = "A"
next = "done"
[[questions.q.options]]
id = "b"
label = "B"
next = "done"
[outcomes.done]
type = "self-service"
title = "T"
summary = "S"
do_now = ["D"]
why = "W"
what_next = "N"
conditions = [{ says = "D", fact = 6 }]
"""


def test_a_minimal_flow_loads():
    flow = parse_flow(VALID)
    assert isinstance(flow.node("q"), Question) and isinstance(flow.node("done"), Outcome)


@pytest.mark.parametrize("change, message", [
    (('next = "done"\n[[questions.q.options]]\nid = "b"', 'next = "nowhere"\n[[questions.q.options]]\nid = "b"'),
     "leads to unknown 'nowhere'"),
    (('id = "b"', 'id = "a"'), "two answers share an id"),
    (('id = "b"', 'id = "B b"'), "is not a slug"),
    (('start = "q"', 'start = "done"'), "is not a question"),
    (('text = "Q ?"', 'text = ""'), "`text` must be a non-empty text"),
    (('type = "self-service"', 'type = "magic"'), "type must be one of"),
    (('type = "self-service"', 'type = "request"'), "names its `requests`"),
    (('type = "self-service"', 'type = "request"\nrequests = ["teleport"]'), "unknown request kind teleport"),
    (('do_now = ["D"]', 'do_now = []'), "at least one step"),
    (('why = "W"', 'why = "W"\nread_more = [{ article = "faq.md", label = "L" }]'), "must be <page>.md#<anchor>"),
    (('conditions = [{ says = "D", fact = 6 }]', 'conditions = [{ says = "D", fact = 6 }]\n[outcomes.q]\ntype = "self-service"\ntitle = "T"\nsummary = "S"\ndo_now = ["D"]\nwhy = "W"\nwhat_next = "N"\nconditions = [{ says = "D", fact = 6 }]'),
     "share the id q"),
    (('start = "q"', 'start = "q'), "not valid TOML"),
    (('conditions = [{ says = "D", fact = 6 }]', ''), "outcomes.done: `conditions` must list the conditions"),
    (('says = "D"', 'says = "Z"'), "outcomes.done.conditions[0]: the outcome does not say 'Z'"),
    (('fact = 6', 'fact = "the seed"'), 'outcomes.done.conditions[0]: fact must be the number of a fact'),
    (('fact = 6', 'fact = 0'), 'outcomes.done.conditions[0]: fact must be the number of a fact'),
    (('next = "done"\n[[questions.q.options]]\nid = "b"', 'next = "done"\ntells = ["no-such-thing"]\n[[questions.q.options]]\nid = "b"'),
     "questions.q.options[0]: tells no-such-thing, which no request presumes"),
    (('title = "T"\nsummary = "S"', 'title = "T"'), "outcomes.done: `summary` must be a non-empty text"),
    (('start = "q"\nsummary = "S"', 'start = "q"'), "flow: `summary` must be a non-empty text"),
])
def test_a_broken_flow_is_refused_with_the_place_named(change, message):
    old, new = change
    assert old in VALID
    with pytest.raises(FlowError, match=re.escape(message)):
        parse_flow(VALID.replace(old, new, 1))


def test_a_cycle_is_refused():
    cyclic = VALID.replace('id = "b"\nlabel = "B"\nnext = "done"', 'id = "b"\nlabel = "B"\nnext = "q"')
    with pytest.raises(FlowError, match="cycle: q -> q"):
        parse_flow(cyclic)


def test_a_condition_rests_on_a_fact_or_is_advice_and_quotes_the_outcome_in_its_words():
    flow = parse_flow(VALID.replace('conditions = [{ says = "D", fact = 6 }]',
                                    'do_now = ["We **advise** you"]\nconditions = [{ says = "We advise", fact = "advice" }]')
                      .replace('do_now = ["D"]\n', ''))
    (condition,) = flow.outcomes["done"].conditions
    assert condition.advice and condition.fact is None
    assert parse_flow(VALID).outcomes["done"].conditions[0].fact == 6
