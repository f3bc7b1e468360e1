"""Driving the decision guide in Chromium as a visitor does: answers clicked by their label in
the page's language, forms filled field by field. Shared by tests/browser/test_guide_*.py."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from guide.render import request_of
from guide.texts import Texts
from guide.tree import load_flow
from tests.guide.conftest import load_stories

READY = "html[data-guide-runtime=ready]"
# Pyodide's start takes a few seconds here, far more on a busy machine.
START_TIMEOUT_MS = 120_000

# What a visitor types, per field of requests.toml.
TYPED = {
    "company": "Muster AG", "company_address": "Bahnhofstrasse 1\n8001 Zürich", "member_number": "100.234.5",
    "contact_person": "Eva Meier", "phone": "+41 44 555 66 77", "email": "eva.meier@muster.ch",
    "logins_to_deactivate": "Anna Muster, anna.muster@example.ch",
    "users_and_permissions": "Anna Muster, anna@muster.ch, +41 79 123 45 67, salary declarations",
    "signatories": "Hans Muster, chairman\nLea Muster, director",
    "signers": "Hans Muster, chairman\nLea Muster, director",
    "fiduciary_name": "Treuhand Beispiel GmbH", "fiduciary_contact": "Paul Beispiel",
    "fiduciary_address": "Seestrasse 5\n6003 Luzern",
}

FLOW = load_flow()
STORIES = [(story, answers) for story in load_stories() for answers in story["answers"]]


def story_id(story: dict, answers: list[str]) -> str:
    return f"story{story['number']}:{'/'.join(answers)}"


def texts_for(site_config, lang: str) -> Texts:
    return Texts(lang, site_config.fund)


def connection(save_data: bool, effective_type: str) -> str:
    """What the page sees of the connection: as a browser with its data saver on, or on 2G."""
    return f"""
Object.defineProperty(Navigator.prototype, "connection", {{configurable: true, get: () => ({{
  saveData: {str(save_data).lower()}, effectiveType: "{effective_type}", downlink: 0.25, rtt: 1800,
  addEventListener() {{}}, removeEventListener() {{}},
}})}});
"""


def has_request(outcome_id: str) -> bool:
    return request_of(FLOW.outcomes[outcome_id]) is not None


class GuideTab:
    """One browser tab on the guide in one language."""

    def __init__(self, page, base_url: str, texts: Texts, javascript: bool = True):
        self.page, self.base_url, self.texts, self.javascript = page, base_url, texts, javascript

    @property
    def lang(self) -> str:
        return self.texts.lang

    def url(self, answers=()) -> str:
        return f"{self.base_url}/{self.lang}/guide/" + "".join(f"{answer}/" for answer in answers)

    def open(self, path: str = "") -> None:
        self.page.goto(f"{self.base_url}/{self.lang}/guide/{path}")
        if self.javascript:
            self.page.wait_for_selector(READY, state="attached", timeout=START_TIMEOUT_MS)
            # Gone after a page load: proves that later steps came without one.
            self.page.evaluate("window.__sameDocument = true")

    def same_document(self) -> bool:
        return self.page.evaluate("window.__sameDocument === true")

    def shown_answers(self) -> str | None:
        return self.page.evaluate("document.querySelector('article .guide')?.dataset.guideAnswers ?? null")

    def wait_for_answers(self, answers) -> None:
        # Polled by Playwright across the page load a static step makes, not by the page's
        # animation frames (which a loaded machine can starve: a JS-off story once hung 120 s).
        expect(self.page.locator("article .guide")).to_have_attribute(
            "data-guide-answers", "/".join(answers), timeout=START_TIMEOUT_MS)

    def start_again(self) -> None:
        """Back to the first question, by the page's own links."""
        if self.shown_answers() == "" and self.page.locator(".guide[data-guide-node=goal]").count():
            return
        self.page.locator(".guide-start-again a").first.click()
        self.page.wait_for_selector(".guide[data-guide-node=goal]")

    def answer(self, answers) -> None:
        """Clicks each answer by its label, from the current question on."""
        given = [part for part in (self.shown_answers() or "").split("/") if part]
        for answer in answers:
            question = FLOW.questions[self.page.locator(".guide").get_attribute("data-guide-node")]
            label = " ".join(self.texts.plain(question.option(answer).label).split())
            self.page.locator(".guide-options").get_by_role("link", name=label, exact=True).click()
            given.append(answer)
            self.wait_for_answers(given)

    def h1(self) -> str:
        return " ".join(self.page.locator("article h1").first.inner_text().split())

    def fill_form(self, values: dict[str, str]) -> list[str]:
        """Types into every field of the request form; the names of the fields filled."""
        names = self.page.locator("form[data-guide-form] [name]").evaluate_all("els => els.map(e => e.name)")
        for name in names:
            if name in values:
                self.page.fill(f"form[data-guide-form] [name='{name}']", values[name])
        return names

    def continue_(self) -> None:
        self.page.locator("form[data-guide-form] button[type=submit]").click()

    def submit_expecting_check(self) -> None:
        self.continue_()
        self.page.wait_for_selector("article .guide-check")

    def submit_expecting_errors(self) -> None:
        self.continue_()
        self.page.wait_for_selector("[data-guide-error-summary]")

    def focused(self) -> str:
        return self.page.evaluate("document.activeElement?.outerHTML ?? ''")

    def mailto(self) -> str:
        return self.page.locator("a[data-guide-mailto]").get_attribute("href")

    def message_text(self) -> str:
        return self.page.locator("#guide-message-text, #guide-letter-text").first.text_content()


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
