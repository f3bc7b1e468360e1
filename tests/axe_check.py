"""axe (WCAG 2.1 A and AA) for the browser tests, run on a page at rest.

The theme fades some controls in and out (the "back to top" button appears as the page scrolls
when focus moves to an error summary). axe measured mid-fade sees half-transparent text and
reports a contrast failure that no visitor sees once the fade ends, so we wait for every
finite CSS animation and transition to finish first. Endless ones (a loading indicator) are
left running: they would never settle.
"""
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


def axe_results(page, context=None, options=WCAG_21_AA):
    settle(page)
    return Axe().run(page, context=context, options=options)


def axe_violations(page, context=None, options=WCAG_21_AA) -> list[str]:
    """One line per violated rule with its first three targets; empty when axe finds nothing."""
    results = axe_results(page, context=context, options=options)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
