"""guide/paths.txt, the checked-in list of every path through the guide, is current."""
from guide.engine import outcome_paths
from guide.tree import load_flow
from sitebuild import guide_paths


def test_paths_txt_is_up_to_date():
    assert guide_paths.checked_in_paths() == guide_paths.paths_text(load_flow()), "guide/paths.txt is stale: run `make paths`"
    assert guide_paths.main(["--check"]) == 0


def test_paths_txt_lists_one_line_per_path():
    lines = [line for line in guide_paths.checked_in_paths().splitlines() if not line.startswith("#")]
    assert len(lines) == len(set(lines)) == len(list(outcome_paths(load_flow())))
    assert "new-code/no/by-email-or-phone -> code-by-post-only" in lines
