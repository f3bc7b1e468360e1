"""Odd input, drawn from a fixed seed so that CPython and Pyodide run the same cases."""
import random
import string

from guide.engine import AnswerAfterOutcome, GuideError, UnknownAnswer, step
from guide.requests import request_for, request_kinds
from guide.validation import validate

ALPHABET = string.printable + "éàüß€\u00a0\u200b\u202e\u2028\x00\x7f\x85\ud7ff\uffff" + "\U0001f600"


def check_any_values_give_messages(kind, text, lang):
    request = request_for((kind,))
    checked = validate(request, {spec.id: text for spec in request.fields}, lang)
    assert all(isinstance(message, str) and message for message in checked.errors.values())
    assert set(checked.errors) | set(checked.cleaned) == {spec.id for spec in request.fields}
    for field_id, value in checked.cleaned.items():
        for line in ([value] if isinstance(value, str) else value):
            assert not any(ord(c) < 32 and c != "\n" for c in line)
            if not request.field(field_id).multiline:
                assert "\n" not in line


def check_answers_give_their_step_or_name_the_first_wrong_one(flow, answers):
    """Answers that follow the tree reach a step that keeps them all; any others give a
    GuideError that names the first answer off the tree, after a prefix that is a step."""
    try:
        reached = step(flow, answers)
    except GuideError as error:
        assert isinstance(error, (UnknownAnswer, AnswerAfterOutcome)), repr(error)
        assert 0 <= error.position < len(answers) and error.answer == answers[error.position]
        before = step(flow, answers[:error.position])   # the answers before it do follow the tree
        if isinstance(error, AnswerAfterOutcome):
            assert before.is_outcome and error.outcome_id == before.node.id
        else:
            assert not before.is_outcome and error.question_id == before.node.id
            assert before.node.option(answers[error.position]) is None
        assert str(error)
        return "refused"
    assert reached.answers == tuple(answers)
    return "reached"


def test_odd_values_give_messages_never_an_exception():
    draw = random.Random(20261127)
    for _ in range(300):
        text = "".join(draw.choice(ALPHABET) for _ in range(draw.randrange(0, 80)))
        check_any_values_give_messages(draw.choice(sorted(request_kinds())), text, draw.choice(["fr", "de", "it", "en"]))


def test_odd_answers_give_a_step_or_a_guide_error(flow):
    draw = random.Random(3)
    words = ["yes", "no", "dont-know", "regain-access", "new-code", "older", "member", "", "../", "goal", "é"]
    seen = set()
    for _ in range(500):
        answers = [draw.choice(words) for _ in range(draw.randrange(0, 6))]
        seen.add(check_answers_give_their_step_or_name_the_first_wrong_one(flow, answers))
    assert seen == {"reached", "refused"}
