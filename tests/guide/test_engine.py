"""The engine: from answers to the current step; unknown answers; changing an answer."""
import pytest
from guide.engine import AnswerAfterOutcome, NotOnPath, UnknownAnswer, change, start, step


def test_start_again_is_the_first_question_with_nothing_answered(flow):
    first = start(flow)
    assert first.node is flow.start_question and first.answered == () and not first.is_outcome


def test_answers_lead_to_the_next_question_then_to_an_outcome(flow):
    middle = step(flow, ["regain-access", "no"])
    assert middle.node.id == "old-logins"
    assert [item.question.id for item in middle.answered] == ["goal", "code-letter"]
    end = step(flow, ["regain-access", "no", "yes"])
    assert end.is_outcome and end.node.id == "order-code-and-deactivate-old-logins"
    assert end.answers == ("regain-access", "no", "yes")


def test_an_unknown_answer_is_reported_with_its_place_and_the_expected_answers(flow):
    with pytest.raises(UnknownAnswer) as raised:
        step(flow, ["regain-access", "maybe"])
    error = raised.value
    assert (error.position, error.question_id, error.answer) == (1, "code-letter", "maybe")
    assert "answer 2 ('maybe') is not an answer to question 'code-letter'" in str(error)
    assert "expected one of: yes, no, dont-know" in str(error)


def test_an_answer_after_an_outcome_is_refused(flow):
    with pytest.raises(AnswerAfterOutcome, match="comes after the outcome 'fund-creates-logins'"):
        step(flow, ["fund-creates-logins", "yes"])


def test_a_malformed_answer_is_an_unknown_answer_shown_short(flow):
    with pytest.raises(UnknownAnswer) as raised:
        step(flow, ["x" * 500])
    assert len(str(raised.value)) < 400
    with pytest.raises(UnknownAnswer):
        step(flow, [None])


def test_changing_an_answer_keeps_later_answers_that_still_apply(flow):
    answers = ["regain-access", "no", "yes"]
    changed = change(flow, answers, "code-letter", "dont-know")     # old-logins is asked again
    assert changed.answers == ("regain-access", "dont-know", "yes")
    assert changed.node.id == "order-code-and-deactivate-old-logins"


def test_changing_an_answer_drops_later_answers_that_no_longer_apply(flow):
    changed = change(flow, ["regain-access", "no", "yes"], "code-letter", "yes")
    assert changed.answers == ("regain-access", "yes") and changed.node.id == "code-age"
    changed = change(flow, ["administrator-leaving", "yes"], "goal", "add-a-colleague")
    assert changed.answers == ("add-a-colleague",) and changed.node.id == "admin-for-new-user"


def test_changing_an_answer_that_was_not_given_is_refused(flow):
    with pytest.raises(NotOnPath):
        change(flow, ["administrator-leaving"], "code-age", "older")
    with pytest.raises(UnknownAnswer):
        change(flow, ["administrator-leaving"], "goal", "nonsense")
