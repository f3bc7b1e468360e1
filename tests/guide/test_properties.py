"""Any input at all: the engine and the validation answer with their own errors or messages,
never an exception. Hypothesis's core is native code, so these run on CPython only; the
deterministic samples in test_robustness.py cover the same ground inside Pyodide."""
from hypothesis import given, settings
from hypothesis import strategies as st

from guide.engine import GuideError, step
from guide.requests import request_kinds

from .test_robustness import check_any_values_give_messages


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["yes", "no", "dont-know", "regain-access",
                                                                   "new-code", "older", "member"])), max_size=6))
def test_any_answers_give_a_step_or_a_guide_error(flow, answers):
    try:
        reached = step(flow, answers)
    except GuideError:
        return
    assert reached.answers == tuple(answers)


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(sorted(request_kinds())), text=st.text(max_size=400), lang=st.sampled_from(["fr", "de", "it", "en"]))
def test_any_input_gives_messages_never_an_exception(kind, text, lang):
    check_any_values_give_messages(kind, text, lang)
