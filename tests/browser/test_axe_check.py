"""The axe runs of the browser tests (tests/axe_check.py) find what axe's default run finds: they
leave out axe's `preload` where nothing they run reads it."""
import pytest

from tests.axe_check import WCAG_21_AA, axe_results

pytestmark = pytest.mark.browser

# Turned a quarter in portrait: locked to landscape (WCAG 1.3.4), what css-orientation-lock reads
# in the style sheets axe's preload parses.
LOCKED = "@media (orientation: portrait) { main { transform: rotate(90deg); } }"
PAGE = ('<!doctype html><html lang="en"><head><title>Page</title><style>{style}</style></head>'
        '<body><main><h1>A page</h1><p style="color: #bbb">Pale text, a contrast to find.</p>{media}</main></body></html>')
ALL_RESULTS = ["violations", "incomplete", "passes", "inapplicable"]


def found(results) -> dict[str, list]:
    return {kind: sorted((rule["id"], sorted(map(str, (node["target"] for node in rule["nodes"]))))
                         for rule in results.response[kind]) for kind in ALL_RESULTS}


@pytest.mark.parametrize("media", ["", '<video controls muted src="clip.webm"></video>'])
@pytest.mark.parametrize("options", [WCAG_21_AA, {"resultTypes": ["violations"]}], ids=["wcag21aa", "default"])
def test_the_runs_find_what_a_run_with_preload_finds(page, options, media):
    page.set_content(PAGE.format(style=LOCKED, media=media))
    ours = axe_results(page, options={**options, "resultTypes": ALL_RESULTS})
    with_preload = axe_results(page, options={**options, "resultTypes": ALL_RESULTS, "preload": True})
    assert found(ours) == found(with_preload)
    assert "color-contrast" in {rule["id"] for rule in ours.response["violations"]}


@pytest.mark.parametrize("run_only", [{"type": "rule", "values": ["css-orientation-lock"]}, ["css-orientation-lock"]],
                         ids=["rule", "list"])
def test_a_run_that_names_css_orientation_lock_keeps_the_preload_and_finds_the_lock(page, run_only):
    page.set_content(PAGE.format(style=LOCKED, media=""))
    results = axe_results(page, options={"runOnly": run_only})
    assert [rule["id"] for rule in results.response["violations"]] == ["css-orientation-lock"]
