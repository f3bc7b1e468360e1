"""axe (WCAG 2.1 A and AA) for the browser tests, run on a page at rest.

The theme fades some controls in and out (the "back to top" button appears as the page scrolls
when focus moves to an error summary). axe measured mid-fade sees half-transparent text and
reports a contrast failure that no visitor sees once the fade ends, so we wait for every
finite CSS animation and transition to finish first. Endless ones (a loading indicator) are
left running: they would never settle.
"""
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}

_SETTLE = """async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (let round = 0; round < 5; round++) {
    await frame();  // let a pending scroll or class change start its transition first
    const finite = document.getAnimations().filter(
      (a) => a.playState === "running" && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
    if (!finite.length) return;
    // At most 2 s a round: a paused animation would never finish.
    const pause = new Promise((done) => setTimeout(done, 2000));
    await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => null))), pause]);
  }
}"""


def settle(page) -> None:
    """Wait until no finite animation or transition is running on the page."""
    page.evaluate(_SETTLE)


_AXE = Axe()


def preload_axe(browser_context) -> None:
    """axe-core in every page the context opens, from its first script: a sweep over many pages
    then sends the 0.5 MB script to the browser once, not once per page."""
    browser_context.add_init_script(_AXE.axe_script)


# axe's `preload` (on unless told) fetches and parses every style sheet of the page again and
# waits for its audio and video: a fifth of axe's time on our pages. Two rules read what it loads:
# css-orientation-lock, experimental in axe-core (run only where named), and no-autoplay-audio,
# which reads the media only where there are some. So a run that names no rule is made without
# it on a page with no audio, video or frame (what axe finds is the same: tests/browser/test_axe_check.py).
_NEEDS_PRELOAD = "() => !!document.querySelector('audio, video, iframe, frame, object, embed')"


def _without_needless_preload(page, options: dict) -> dict:
    run_only = options.get("runOnly") or {}
    # (axe also takes runOnly as a bare list of tags or rules: counted as naming rules.)
    names_rules = bool(options.get("rules")) or not isinstance(run_only, dict) \
        or run_only.get("type", "tag") not in ("tag", "tags") or "experimental" in run_only.get("values", ())
    if "preload" in options or names_rules or page.evaluate(_NEEDS_PRELOAD):
        return options
    return {**options, "preload": False}


def axe_results(page, context=None, options=WCAG_21_AA):
    settle(page)
    options = _without_needless_preload(page, options)
    if page.evaluate("typeof window.axe === 'undefined'"):
        return _AXE.run(page, context=context, options=options)      # injects axe-core, then runs it
    arguments = _AXE._format_script_args(context=context, options=options)
    return AxeResults(page.evaluate(f"axe.run({arguments})"))


def axe_violations(page, context=None, options=WCAG_21_AA) -> list[str]:
    """One line per violated rule with its first three targets; empty when axe finds nothing."""
    results = axe_results(page, context=context, options=options)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
