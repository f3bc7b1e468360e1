"""The HTML of every page of the guide, in one language: questions, outcomes, and the page
for an address that leads nowhere. The site build wraps these into MkDocs pages; the
browser can render the same pages to move from step to step without a reload.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from . import urls
from .engine import Answered, Step, reachable_steps
from .i18n import N_
from .render import Email, initial_values, reference_of, render, render_message, request_of
from .texts import Texts
from .translation import STEP, Notice, notice
from .tree import Flow, Outcome, Question
from .urls import Location


@dataclass(frozen=True)
class Page:
    location: Location
    title: str
    html: str
    node: str | None = None         # the question shown (page meta guide_node)
    outcome: str | None = None      # the outcome shown (page meta guide_outcome)
    searchable: bool = False        # one searchable page per outcome: its own address
    indexable: bool = False         # for search engines: the guide's first page and the outcomes'
    description: str | None = None  # of an indexable page, for search engines (flow.toml `summary`)

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.location)


@dataclass(frozen=True)
class AnswerRow:
    question: Markup
    answer: Markup
    change_href: str


def _answer_rows(texts: Texts, here: Location, answered: Sequence[Answered]) -> list[AnswerRow]:
    """"Your answers": each answer, with a link back to its question (later answers dropped)."""
    return [AnswerRow(texts.html(item.question.text), texts.html(item.option.label),
                      urls.href(here, urls.step_location([a.option.id for a in answered[:index]])))
            for index, item in enumerate(answered)]


def _paragraphs(text: str) -> list[list[str]]:
    """A message's text as paragraphs of lines, to show it on a page as it will be sent."""
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    return [[line.rstrip() for line in block.strip("\n").split("\n")] for block in blocks if block.strip()]


def _outcome_context(outcome: Outcome, texts: Texts, here: Location, answered: Sequence[Answered]) -> dict:
    context = {
        "outcome": outcome,
        "read_more": [(urls.href(here, urls.article_location(link.page), link.anchor), texts.html(link.label))
                      for link in outcome.read_more],
        "request": None,
    }
    request = request_of(outcome)
    if request is not None:
        message = render_message(request, initial_values(outcome, texts, answered), texts, template=True,
                                 reference=reference_of(outcome, texts))
        context.update(
            request=request,
            message=message,
            message_paragraphs=_paragraphs(message.body if isinstance(message, Email) else message.text),
        )
    return context


def _notice(texts: Texts, node: Question | Outcome, here: Location, is_start: bool = False) -> Notice | None:
    """The notice of a step whose translation lags the French (guide.translation), or None."""
    lag = texts.lags.of(node, is_start) if texts.lags else None
    return notice(STEP, lag, texts.lang, here) if lag else None


def step_page(step: Step, texts: Texts, flow_summary: str = "") -> Page:
    """The page of a step reached by answers: a question, or an outcome on the way.
    `flow_summary` (the flow's `summary`) describes the guide's first page to search engines."""
    here = urls.step_location(step.answers)
    common = {
        "texts": texts,
        "answers_path": "/".join(step.answers),
        "answered": _answer_rows(texts, here, step.answered),
        "back_href": urls.href(here, urls.step_location(step.answers[:-1])) if step.answered else None,
        "start_href": urls.href(here, urls.step_location(())),
    }
    if step.is_outcome:
        outcome = step.node
        html = render("pages/outcome.html.j2", texts.lang, **common, notice=_notice(texts, outcome, here),
                      **_outcome_context(outcome, texts, here, step.answered),
                      permalink_href=urls.href(here, urls.outcome_location(outcome.id)))
        return Page(here, texts.plain(outcome.title), html, outcome=outcome.id)
    question = step.node
    html = render("pages/question.html.j2", texts.lang, **common, question=question,
                  is_start=not step.answered, notice=_notice(texts, question, here, is_start=not step.answered),
                  options=[(texts.html(option.label), urls.href(here, urls.step_location((*step.answers, option.id))))
                           for option in question.options])
    if step.answered:
        return Page(here, texts.plain(question.text), html, node=question.id)
    # The guide's first page: the way in that search engines may show.
    return Page(here, texts.plain(question.text), html, node=question.id, indexable=True,
                description=texts.plain(flow_summary) if flow_summary else None)


def outcome_page(outcome: Outcome, texts: Texts) -> Page:
    """An outcome at its own address, whatever the way to it: the page support staff send."""
    here = urls.outcome_location(outcome.id)
    html = render("pages/outcome.html.j2", texts.lang, texts=texts, answers_path="", answered=[],
                  notice=_notice(texts, outcome, here),
                  back_href=None, start_href=urls.href(here, urls.step_location(())), permalink_href=None,
                  **_outcome_context(outcome, texts, here, ()))
    return Page(here, texts.plain(outcome.title), html, outcome=outcome.id, searchable=True, indexable=True,
                description=texts.plain(outcome.summary))


def unknown_step_page(texts: Texts, start_href: str | None = None) -> Page:
    """Shown for an address below guide/ that is no step. The server may show it at any such
    address: pass an absolute `start_href` then, as a relative one would not hold."""
    here = urls.unknown_step_location()
    start_href = start_href or urls.href(here, urls.step_location(()))
    title = texts.plain(N_("Cette étape du guide n'existe pas"))
    return Page(here, title, render("pages/unknown_step.html.j2", texts.lang, texts=texts, start_href=start_href))


def all_pages(flow: Flow, texts: Texts, unknown_step_start_href: str | None = None) -> Iterator[Page]:
    """Every page of the guide in one language."""
    for step in reachable_steps(flow):
        yield step_page(step, texts, flow.summary)
    for outcome in flow.outcomes.values():
        yield outcome_page(outcome, texts)
    yield unknown_step_page(texts, unknown_step_start_href)
