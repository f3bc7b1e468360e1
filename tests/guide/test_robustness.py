"""Odd input, drawn from a fixed seed so that CPython and Pyodide run the same cases."""
import random
import string

from guide.engine import GuideError, step
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


def test_odd_values_give_messages_never_an_exception():
    draw = random.Random(20261127)
    for _ in range(300):
        text = "".join(draw.choice(ALPHABET) for _ in range(draw.randrange(0, 80)))
        check_any_values_give_messages(draw.choice(sorted(request_kinds())), text, draw.choice(["fr", "de", "it", "en"]))


def test_odd_answers_give_a_step_or_a_guide_error(flow):
    draw = random.Random(3)
    words = ["yes", "no", "dont-know", "regain-access", "new-code", "older", "member", "", "../", "goal", "é"]
    for _ in range(500):
        answers = [draw.choice(words) for _ in range(draw.randrange(0, 6))]
        try:
            assert step(flow, answers).answers == tuple(answers)
        except GuideError:
            pass
