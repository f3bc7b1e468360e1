"""Any input at all: the engine and the validation answer with their own errors or messages,
never an exception. Hypothesis's core is native code, so these run on CPython only; the
deterministic samples in test_robustness.py cover the same ground inside Pyodide."""
from hypothesis import given, settings
from hypothesis import strategies as st

from guide.engine import step
from guide.requests import request_kinds
from guide.tree import Question

from .test_robustness import check_answers_give_their_step_or_name_the_first_wrong_one, check_any_values_give_messages


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["yes", "no", "dont-know", "regain-access",
                                                                   "new-code", "older", "member"])), max_size=6))
def test_any_answers_give_a_step_or_a_guide_error(flow, answers):
    check_answers_give_their_step_or_name_the_first_wrong_one(flow, answers)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_answers_along_the_tree_reach_the_step_they_lead_to(flow, data):
    """Walks the tree, each answer one of the options of the question reached, and stops
    anywhere: every such route is a step, its node the one the last option leads to."""
    node, answers = flow.start_question, []
    while isinstance(node, Question) and data.draw(st.booleans(), label="go on"):
        option = data.draw(st.sampled_from(node.options), label=node.id)
        answers.append(option.id)
        node = flow.node(option.next)
    reached = step(flow, answers)
    assert reached.answers == tuple(answers) and reached.node == node
    assert reached.is_outcome == (not isinstance(node, Question))


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(sorted(request_kinds())), text=st.text(max_size=400), lang=st.sampled_from(["fr", "de", "it", "en"]))
def test_any_input_gives_messages_never_an_exception(kind, text, lang):
    check_any_values_give_messages(kind, text, lang)
