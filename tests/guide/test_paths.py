"""Every way through the guide: reachable, finite, each ending at an outcome."""
from guide.engine import outcome_paths, reachable_steps
from guide.tree import Question


def test_every_question_and_every_outcome_is_reachable(flow):
    reached = {step.node.id for step in reachable_steps(flow)}
    assert reached == set(flow.questions) | set(flow.outcomes)


def test_every_path_ends_at_an_outcome_without_a_dead_end_or_a_loop(flow):
    steps = list(reachable_steps(flow))
    for step in steps:
        if isinstance(step.node, Question):
            assert step.node.options, f"dead end at {step.node.id}"
        ids = [item.question.id for item in step.answered]
        assert len(ids) == len(set(ids)), f"question asked twice on {step.answers}"
    leaves = {step.answers for step in steps if step.is_outcome}
    assert leaves == {answers for answers, _ in outcome_paths(flow)}
    assert len(steps) < 200, "the tree has grown: check that no question repeats itself"
