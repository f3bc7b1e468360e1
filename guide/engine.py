"""Walks the tree: from the answers given so far to the current step.

Answers are the answer ids, in the order given (as in the page's address). Any sequence that
does not follow the tree is refused with an error that says where and why.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .tree import Flow, Node, Option, Outcome, Question


class GuideError(ValueError):
    """The answers do not lead to a step of the guide."""


class UnknownAnswer(GuideError):
    def __init__(self, position: int, question: Question, answer: object):
        self.position, self.question_id, self.answer = position, question.id, answer
        expected = ", ".join(option.id for option in question.options)
        super().__init__(f"answer {position + 1} ({_shown(answer)}) is not an answer to question "
                         f"{question.id!r}; expected one of: {expected}")


class AnswerAfterOutcome(GuideError):
    def __init__(self, position: int, outcome: Outcome, answer: object):
        self.position, self.outcome_id, self.answer = position, outcome.id, answer
        super().__init__(f"answer {position + 1} ({_shown(answer)}) comes after the outcome "
                         f"{outcome.id!r}, which asks no question")


class NotOnPath(GuideError):
    def __init__(self, question_id: str):
        self.question_id = question_id
        super().__init__(f"question {question_id!r} is not among the questions answered so far")


def _shown(answer: object) -> str:
    """An answer as it may appear in an error message: short, and printable."""
    text = repr(answer)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Answered:
    question: Question
    option: Option


@dataclass(frozen=True)
class Step:
    """Where the visitor is: a question to answer, or an outcome; and how they got there."""
    node: Node
    answered: tuple[Answered, ...]

    @property
    def answers(self) -> tuple[str, ...]:
        return tuple(item.option.id for item in self.answered)

    @property
    def is_outcome(self) -> bool:
        return isinstance(self.node, Outcome)


def step(flow: Flow, answers: Sequence[str]) -> Step:
    """The step reached by these answers, or a GuideError."""
    node: Node = flow.start_question
    answered: list[Answered] = []
    for position, answer in enumerate(answers):
        if isinstance(node, Outcome):
            raise AnswerAfterOutcome(position, node, answer)
        option = node.option(answer) if isinstance(answer, str) else None
        if option is None:
            raise UnknownAnswer(position, node, answer)
        answered.append(Answered(node, option))
        node = flow.node(option.next)
    return Step(node, tuple(answered))


def start(flow: Flow) -> Step:
    """Start again: the first question, nothing answered."""
    return step(flow, ())


def change(flow: Flow, answers: Sequence[str], question_id: str, answer: str) -> Step:
    """Give another answer to a question already answered.

    Later answers are kept where the new route asks the same question again, and dropped
    where it no longer does; the walk stops at the first question the new route has not had
    an answer for.
    """
    current = step(flow, answers)
    given = {item.question.id: item.option.id for item in current.answered}
    if question_id not in given:
        raise NotOnPath(question_id)
    question = flow.questions[question_id]
    if question.option(answer) is None:
        raise UnknownAnswer(list(given).index(question_id), question, answer)
    given[question_id] = answer
    node: Node = flow.start_question
    kept: list[str] = []
    while isinstance(node, Question) and node.id in given:
        kept.append(given[node.id])
        node = flow.node(node.option(given[node.id]).next)
    return step(flow, kept)


def reachable_steps(flow: Flow) -> Iterator[Step]:
    """Every step a visitor can reach, depth first, answers in the order shown."""
    pending = [step(flow, ())]
    while pending:
        current = pending.pop()
        yield current
        if isinstance(current.node, Question):
            pending.extend(step(flow, (*current.answers, option.id)) for option in reversed(current.node.options))


def outcome_paths(flow: Flow) -> Iterator[tuple[tuple[str, ...], str]]:
    """(answers, outcome id) for every path that ends at an outcome."""
    for reached in reachable_steps(flow):
        if reached.is_outcome:
            yield reached.answers, reached.node.id
