"""The declared tree of the guide (flow.toml): questions, their answers, and outcomes.

Loading checks the declaration, so that a typo by a content editor fails the build with a
message that names the place, instead of producing a broken page.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

from .requests import SLUG, request_kinds

OUTCOME_TYPES = ("self-service", "request", "support")


class FlowError(ValueError):
    """The declared tree is inconsistent."""


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    next: str
    tells: frozenset[str] = frozenset()   # what the answer says of the visitor (requests.toml `presumes`)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    hint: str | None
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)


@dataclass(frozen=True)
class ArticleLink:
    page: str       # path in docs/<lang>/, e.g. how-to/add-a-user.md
    anchor: str
    label: str


ADVICE = "advice"


@dataclass(frozen=True)
class Condition:
    """A condition an outcome states, and what it rests on: a fact of the fund's guide (its
    number in docs/seed-facts.yml), or nothing but our advice."""
    says: str               # the outcome's own words that state it (French source)
    fact: int | None        # None: advice

    @property
    def advice(self) -> bool:
        return self.fact is None


@dataclass(frozen=True)
class Outcome:
    id: str
    type: str
    title: str
    do_now: tuple[str, ...]
    why: str
    what_next: str
    read_more: tuple[ArticleLink, ...]
    requests: tuple[str, ...] = ()
    description: str | None = None     # support outcomes: prefills the message to support
    summary: str = ""                  # one sentence for search engines (the page's meta description)
    conditions: tuple[Condition, ...] = ()


Node = Question | Outcome


@dataclass(frozen=True)
class Flow:
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    summary: str = ""     # what the guide does, for search engines (its first page's description)

    def node(self, node_id: str) -> Node:
        return self.questions.get(node_id) or self.outcomes[node_id]

    @property
    def start_question(self) -> Question:
        return self.questions[self.start]


def _text(table: dict, key: str, where: str, *, required: bool = True) -> str | None:
    value = table.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise FlowError(f"{where}: `{key}` must be a non-empty text")
    return value


def _slug(value, where: str) -> str:
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise FlowError(f"{where}: {value!r} is not a slug (lower-case letters, digits, dashes)")
    return value


def _tells(option: dict, where: str) -> frozenset[str]:
    tells = option.get("tells", [])
    if not isinstance(tells, list):
        raise FlowError(f"{where}: `tells` must be a list")
    presumed = {tag for kind in request_kinds().values() for tag in kind.presumes}
    unknown = sorted(str(tag) for tag in tells if tag not in presumed)
    if unknown:
        raise FlowError(f"{where}: tells {', '.join(unknown)}, which no request presumes (requests.toml `presumes`)")
    return frozenset(tells)


def _question(question_id: str, table: dict) -> Question:
    where = f"questions.{question_id}"
    options = []
    for index, option in enumerate(table.get("options", [])):
        option_where = f"{where}.options[{index}]"
        options.append(Option(
            id=_slug(option.get("id"), option_where),
            label=_text(option, "label", option_where),
            next=_slug(option.get("next"), option_where),
            tells=_tells(option, option_where),
        ))
    if len(options) < 2:
        raise FlowError(f"{where}: a question needs at least two answers")
    ids = [option.id for option in options]
    if len(set(ids)) != len(ids):
        raise FlowError(f"{where}: two answers share an id")
    return Question(question_id, _text(table, "text", where), _text(table, "hint", where, required=False),
                    tuple(options))


def _article_link(link: dict, where: str) -> ArticleLink:
    article = _text(link, "article", where)
    page, _, anchor = article.partition("#")
    if not page.endswith(".md") or not anchor:
        raise FlowError(f"{where}: article {article!r} must be <page>.md#<anchor>")
    return ArticleLink(page, anchor, _text(link, "label", where))


def _said(text: str) -> str:
    """A text as a reader sees it, to find words in it: without bold marks, spaces folded."""
    return " ".join(text.replace("**", "").split())


def _conditions(table: dict, where: str) -> tuple[Condition, ...]:
    """The conditions the outcome states: each quotes the outcome's words, so that the list
    cannot drift from the text, and names the fact it rests on, or says it is advice."""
    declared = table.get("conditions")
    if not isinstance(declared, list) or not declared:
        raise FlowError(f"{where}: `conditions` must list the conditions the outcome states "
                        f"(each: says = its words, fact = a number of docs/seed-facts.yml or \"{ADVICE}\")")
    page = _said(" ".join((table.get("title", ""), table.get("summary", ""), *table.get("do_now", ()),
                           table.get("why", ""), table.get("what_next", ""))))
    conditions = []
    for index, condition in enumerate(declared):
        condition_where = f"{where}.conditions[{index}]"
        if not isinstance(condition, dict):
            raise FlowError(f"{condition_where}: a table {{ says = ..., fact = ... }}")
        says = _text(condition, "says", condition_where)
        if _said(says) not in page:
            raise FlowError(f"{condition_where}: the outcome does not say {says!r}")
        fact = condition.get("fact")
        if fact != ADVICE and not (isinstance(fact, int) and not isinstance(fact, bool) and fact > 0):
            raise FlowError(f"{condition_where}: fact must be the number of a fact of docs/seed-facts.yml "
                            f"or \"{ADVICE}\"")
        conditions.append(Condition(says, None if fact == ADVICE else fact))
    return tuple(conditions)


def _outcome(outcome_id: str, table: dict) -> Outcome:
    where = f"outcomes.{outcome_id}"
    kind = table.get("type")
    if kind not in OUTCOME_TYPES:
        raise FlowError(f"{where}: type must be one of {', '.join(OUTCOME_TYPES)}")
    do_now = table.get("do_now")
    if not do_now or not all(isinstance(step, str) and step.strip() for step in do_now):
        raise FlowError(f"{where}: `do_now` must list at least one step")
    requests = tuple(table.get("requests", ()))
    if (kind == "request") != bool(requests):
        raise FlowError(f"{where}: a request outcome, and only one, names its `requests`")
    unknown = [name for name in requests if name not in request_kinds()]
    if unknown:
        raise FlowError(f"{where}: unknown request kind {', '.join(unknown)} (see requests.toml)")
    description = _text(table, "description", where, required=kind == "support")
    if description and kind != "support":
        raise FlowError(f"{where}: only a support outcome has a `description`")
    return Outcome(
        id=outcome_id,
        type=kind,
        title=_text(table, "title", where),
        do_now=tuple(do_now),
        why=_text(table, "why", where),
        what_next=_text(table, "what_next", where),
        read_more=tuple(_article_link(link, f"{where}.read_more[{i}]")
                        for i, link in enumerate(table.get("read_more", ()))),
        requests=requests,
        description=description,
        summary=_text(table, "summary", where),
        conditions=_conditions(table, where),
    )


def parse_flow(source: str) -> Flow:
    """Build the tree from the text of a flow declaration."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise FlowError(f"flow.toml is not valid TOML: {error}") from None
    questions = {_slug(qid, "questions"): _question(qid, table) for qid, table in data.get("questions", {}).items()}
    outcomes = {_slug(oid, "outcomes"): _outcome(oid, table) for oid, table in data.get("outcomes", {}).items()}
    shared = questions.keys() & outcomes.keys()
    if shared:
        raise FlowError(f"a question and an outcome share the id {', '.join(sorted(shared))}")
    start = data.get("start")
    if start not in questions:
        raise FlowError(f"start: {start!r} is not a question")
    for question in questions.values():
        for option in question.options:
            if option.next not in questions and option.next not in outcomes:
                raise FlowError(f"questions.{question.id}: answer {option.id!r} leads to unknown {option.next!r}")
    flow = Flow(start, questions, outcomes, _text(data, "summary", "flow"))
    _check_no_cycle(flow)
    return flow


def _check_no_cycle(flow: Flow) -> None:
    """A question that leads back to itself would trap the visitor (and the page generator)."""
    done: set[str] = set()

    def visit(question_id: str, trail: tuple[str, ...]) -> None:
        if question_id in trail:
            raise FlowError("the questions form a cycle: " + " -> ".join(trail + (question_id,)))
        if question_id in done or question_id not in flow.questions:
            return
        for option in flow.questions[question_id].options:
            visit(option.next, trail + (question_id,))
        done.add(question_id)

    visit(flow.start, ())


@functools.cache
def load_flow() -> Flow:
    """The guide's tree, as declared in the package's flow.toml."""
    return parse_flow(resources.files(__package__).joinpath("flow.toml").read_text(encoding="utf-8"))
