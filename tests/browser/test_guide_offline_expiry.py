"""The code checker's offline answer: overrides/assets/javascripts/guide/offline-expiry.js asks
the guide's Python in the worker for a code's last valid day, by the API's rule
(guide/access_code.py), from the date on the letter."""
import datetime

import pytest

from guide import access_code

pytestmark = pytest.mark.browser

ASK = """async ([script, cases]) => {
  const module = await import(new URL(`../assets/javascripts/guide/${script}`, location.href).href);
  await module.prepareOfflineExpiry();
  const answers = [];
  for (const [issued, today] of cases) answers.push(await module.expiryFromIssueDate(issued, today));
  answers.push(await module.expiryFromIssueDate("2026-01-01"));   // today, in the visitor's calendar
  return answers;
}"""


def test_the_checker_page_gets_the_expiry_from_the_worker(page, live_server, site_config, site_dir):
    validity = site_config.fund.code_validity_days
    # The module's content-hashed name (sitebuild/fingerprint.py).
    (script,) = (site_dir / "de" / "assets" / "javascripts" / "guide").glob("offline-expiry.*.js")
    page.goto(f"{live_server.url}/de/check-code/")
    cases = [("2026-03-01", "2026-07-29"), ("2026-03-01", "2026-07-30"), ("2026-03-02", "2026-03-01"),
             ("01.03.2026", "2026-03-01")]
    *answers, today_answer = page.evaluate(ASK, [script.name, cases])
    assert answers[0] == {"status": "valid", "expires_on": "2026-07-29", "days_left": 0, "validity_days": validity}
    assert answers[1] == {"status": "expired", "expires_on": "2026-07-29", "days_left": None, "validity_days": validity}
    assert answers[2] == {"status": "future-date"} and answers[3] == {"status": "invalid-date"}
    issued = datetime.date(2026, 1, 1)
    today = datetime.date.fromisoformat(page.evaluate(
        "(() => { const d = new Date(); return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate())).toISOString().slice(0, 10); })()"))
    expected = access_code.days_left(issued, validity, today)
    assert today_answer["status"] == ("valid" if expected >= 0 else "expired")
    assert today_answer["expires_on"] == access_code.expires_on(issued, validity).isoformat()
