"""A whole journey on the live server, which sends the site's Content-Security-Policy (no
'unsafe-eval', no 'unsafe-inline'; Pyodide needs only 'wasm-unsafe-eval'): the worker and
the WebAssembly load under it, and the browser reports no violation, in the page or in the
worker."""
import re

import pytest

from server.headers import CONTENT_SECURITY_POLICY

from .guide_journeys import TYPED, GuideTab, texts_for

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (event) => window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`));
"""


def test_a_journey_under_the_sites_policy_breaks_no_rule(browser, live_server, site_config):
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY and "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    context = browser.new_context()
    problems, policies = [], {}
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        page.on("console", lambda message: problems.append(message.text)
                if "Content Security Policy" in message.text or message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("response", lambda response: policies.__setitem__(
            response.url, response.headers.get("content-security-policy")))
        tab = GuideTab(page, live_server.url, texts_for(site_config, "de"))
        tab.open()
        tab.answer(["fund-creates-logins"])
        tab.fill_form(TYPED)
        tab.submit_expecting_check()
        tab.start_again()
        tab.answer(["deactivate-a-login", "no"])
        tab.submit_expecting_errors()
        tab.fill_form(TYPED)
        tab.submit_expecting_check()
        page.get_by_role("link", name=tab.texts.gettext("Recommencer"), exact=True).click()
        page.wait_for_selector(".guide[data-guide-node=goal]")
        assert page.evaluate("window.__cspViolations") == []
        assert problems == []
        for name in (r"/de/guide/$", r"/guide/worker\.[0-9a-f]{10}\.js$", r"/pyodide\.asm\.wasm$", r"/pyodide\.mjs$"):
            served = {policy for url, policy in policies.items() if re.search(name, url)}
            assert served == {CONTENT_SECURITY_POLICY}, name
        assert tab.same_document()
    finally:
        context.close()
