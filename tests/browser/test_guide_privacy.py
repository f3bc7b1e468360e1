"""Nothing typed into a request form leaves the browser: every form of the guide is filled with
marker values, checked, shown as an e-mail or a letter, and no request (address, headers,
body), made by the page or by its worker, carries any marker; every request stays on the
site's own origin, and no cookie is set."""
import re

import pytest

from guide.engine import outcome_paths
from guide.render import request_of

from .guide_journeys import FLOW, GuideTab, texts_for

pytestmark = pytest.mark.browser

MARKER = "zqxmarker"
TYPED = {
    "company": "Zqxmarker Firma AG", "company_address": "Zqxmarkerweg 1\n8000 Zürich", "member_number": "918.273.645",
    "contact_person": "Zqxmarker Person", "phone": "+41 79 918 27 36", "email": "zqxmarker@example.ch",
    "logins_to_deactivate": "Zqxmarker Login", "users_and_permissions": "Zqxmarker User, all permissions",
    "signatories": "Zqxmarker Signatory", "signers": "Zqxmarker Signer", "fiduciary_name": "Zqxmarker Treuhand", "fiduciary_contact": "Zqxmarker Kontakt",
    "fiduciary_address": "Zqxmarkerstrasse 2\n6000 Luzern", "description": "Zqxmarker description of the problem",
}
DIGITS = ("918273645", "799182736")    # the member number and the phone, however written
# Each request outcome, by its shortest way through the guide.
PATHS = {}
for answers, outcome in sorted(outcome_paths(FLOW), key=lambda item: len(item[0])):
    if request_of(FLOW.outcomes[outcome]) is not None:
        PATHS.setdefault(outcome, answers)


def carries_a_marker(request) -> str | None:
    parts = [request.url, *(f"{name}: {value}" for name, value in request.all_headers().items())]
    body = request.post_data_buffer
    if body:
        parts.append(body.decode("latin-1"))
    text = "\n".join(parts)
    if MARKER in text.lower():
        return text
    digits = re.sub(r"\D", "", text)
    return text if any(number in digits for number in DIGITS) else None


def test_no_typed_value_leaves_the_browser(browser, live_server, site_config):
    context = browser.new_context()
    requests = []
    context.on("request", lambda request: requests.append(request))
    try:
        tab = GuideTab(context.new_page(), live_server.url, texts_for(site_config, "fr"))
        tab.open()
        assert len(PATHS) == 10
        for outcome, answers in PATHS.items():
            tab.start_again()
            tab.answer(answers)
            tab.fill_form({"email": "zqxmarker@", "company": "Zqxmarker\u202eGA"})   # refused first
            tab.submit_expecting_errors()
            tab.fill_form(TYPED)
            tab.submit_expecting_check()
            assert MARKER in tab.message_text().lower(), outcome
            if tab.page.locator("a[data-guide-mailto]").count():
                assert MARKER in tab.mailto().lower()
        tab.page.wait_for_load_state("networkidle")
        leaks = [hit for request in requests if (hit := carries_a_marker(request))]
        assert not leaks, leaks[:3]
        foreign = [request.url for request in requests if not request.url.startswith((live_server.url + "/", "data:", "blob:"))]
        assert not foreign, foreign
        assert any(re.search(r"/_runtime/pyodide/[0-9a-f]{16}/pyodide\.asm\.wasm$", request.url) for request in requests), \
            "the worker's requests are seen"
        assert context.cookies() == []
        assert tab.same_document()
        # The watch itself works: a request that does carry a marker is caught.
        tab.page.evaluate("fetch('/canary/' + 'zqx' + 'marker').catch(() => null)")
        tab.page.wait_for_load_state("networkidle")
        assert [request.url for request in requests if carries_a_marker(request)] == [f"{live_server.url}/canary/zqxmarker"]
    finally:
        context.close()
