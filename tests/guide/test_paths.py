"""Every way through the guide: reachable, finite, each ending at an outcome; paths.txt fresh."""
from guide import paths
from guide.tree import Question


def test_every_question_and_every_outcome_is_reachable(flow):
    reached = {step.node.id for step in paths.reachable_steps(flow)}
    assert reached == set(flow.questions) | set(flow.outcomes)


def test_every_path_ends_at_an_outcome_without_a_dead_end_or_a_loop(flow):
    steps = list(paths.reachable_steps(flow))
    for step in steps:
        if isinstance(step.node, Question):
            assert step.node.options, f"dead end at {step.node.id}"
        ids = [item.question.id for item in step.answered]
        assert len(ids) == len(set(ids)), f"question asked twice on {step.answers}"
    leaves = {step.answers for step in steps if step.is_outcome}
    assert leaves == {answers for answers, _ in paths.outcome_paths(flow)}
    assert len(steps) < 200, "the tree has grown: check that no question repeats itself"


def test_paths_txt_is_up_to_date(flow):
    assert paths.checked_in_paths() == paths.paths_text(flow), "guide/paths.txt is stale: run `python -m guide.paths`"
    assert paths.main(["--check"]) == 0


def test_paths_txt_lists_one_line_per_path(flow):
    lines = [line for line in paths.checked_in_paths().splitlines() if not line.startswith("#")]
    assert len(lines) == len(set(lines)) == len(list(paths.outcome_paths(flow)))
    assert "new-code/by-email-or-phone -> code-by-post-only" in lines
