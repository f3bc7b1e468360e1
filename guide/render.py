"""Renders the guide's templates (guide/templates): requests as an e-mail or a letter.

Templates are package data, loaded through importlib.resources, so the same files render in
the site build (CPython) and in the browser (Pyodide). Page templates are used by
guide.step_html. In the browser's wheel they are also there as Jinja2 compiled them
(compiled_templates/, written by sitebuild/runtime.py with `compile_templates`, then turned into
bytecode with the rest of the wheel): the browser imports them instead of compiling each one.
"""
from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import jinja2

from . import mailto
from .dates import format_date
from .engine import Answered
from .fund import Fund
from .i18n import N_, translations
from .reference import Reference, reference
from .requests import SUPPORT_REQUEST, Request, request_for
from .texts import Texts
from .tree import Outcome


class ResourceLoader(jinja2.BaseLoader):
    """Loads templates from the package's data, wherever the package is installed."""

    def get_source(self, environment, template):
        path = resources.files(__package__).joinpath("templates", *template.split("/"))
        try:
            source = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise jinja2.TemplateNotFound(template) from None
        return source, None, lambda: True


# Where the browser's wheel holds the templates as Python modules (Jinja2's ModuleLoader names).
COMPILED_TEMPLATES = "compiled_templates"


def _loader() -> jinja2.BaseLoader:
    compiled = resources.files(__package__).joinpath(COMPILED_TEMPLATES)
    if compiled.is_dir():
        return jinja2.ModuleLoader(str(compiled))
    return ResourceLoader()


@functools.cache
def environment(lang: str) -> jinja2.Environment:
    """The templates' environment for one language: gettext installed, HTML escaped."""
    env = jinja2.Environment(
        loader=_loader(),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    return env


def compile_templates() -> dict[str, str]:
    """Every template of the package as the Python module Jinja2 compiles it to, by the module's
    file name (ModuleLoader's): the same for every language (the catalog is looked up when the
    page renders), with the environment's own settings."""
    env = environment("fr")
    loader = ResourceLoader()
    folders, modules = [(resources.files(__package__).joinpath("templates"), "")], {}
    while folders:
        folder, prefix = folders.pop()
        for entry in folder.iterdir():
            name = prefix + entry.name
            if entry.is_dir():
                folders.append((entry, name + "/"))
                continue
            source, _, _ = loader.get_source(env, name)
            modules[jinja2.ModuleLoader.get_module_filename(name)] = env.compile(source, name, raw=True, defer_init=True)
    return dict(sorted(modules.items()))


def render(template: str, lang: str, **context) -> str:
    return environment(lang).get_template(template).render(**context)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        """A mailto: link that opens the visitor's own mail program with the message (RFC 6068,
        the same encoding as the browser's links; see guide/mailto.py)."""
        return mailto.mailto(self.to, self.subject, self.body)


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str


@dataclass(frozen=True)
class MessagePart:
    text: str
    lines: tuple[str, ...]


def request_of(outcome: Outcome) -> Request | None:
    """The message an outcome has the visitor send: a request, or a message to support."""
    if outcome.type == "request":
        return request_for(outcome.requests)
    if outcome.type == "support":
        return request_for(SUPPORT_REQUEST)
    return None


def reference_of(outcome: Outcome, texts: Texts) -> Reference | None:
    """The reference line of the outcome's message (guide.reference), where the site's address
    is known."""
    return reference(texts.site, outcome.id, texts.lang) if texts.site else None


def initial_values(outcome: Outcome, texts: Texts, answered: Sequence[Answered] = ()) -> dict[str, str]:
    """What a request's form starts with: for support, a description of the problem, with
    the visitor's answers so that support knows what was already tried."""
    if outcome.type != "support":
        return {}
    description = texts.plain(outcome.description)
    if answered:
        lines = [texts.plain(N_("Mes réponses dans le guide :"))]
        lines += [f"- {texts.plain(item.question.text)} {texts.plain(item.option.label)}" for item in answered]
        description += "\n\n" + "\n".join(lines)
    return {"description": description}


def render_message(request: Request, values: Mapping[str, object], texts: Texts,
                   today: datetime.date | None = None, *, template: bool = False,
                   reference: Reference | None = None) -> Email | Letter:
    """The e-mail or letter for a request, ending with its `reference` line (reference_of). A
    field without a value shows as [its label].

    `template`: the message that a visitor completes by hand (the static page, and its mailto
    link): every field without a value keeps its [place], an optional one marked as such, so
    that whatever the visitor fills in has its line. Otherwise (a form the visitor has filled)
    an optional field left empty stays out of the message."""
    fund: Fund = texts.fund

    def placeholder(field_id: str) -> str:
        label = texts.plain(request.field(field_id).label)
        if field_id not in request.required:
            label += " " + texts.plain(N_("(facultatif)"))
        return "[" + label + "]"

    def value(field_id: str) -> str:
        given = values.get(field_id)
        if isinstance(given, (list, tuple)):
            given = "\n".join(given)
        return str(given) if given else placeholder(field_id)

    def items(field_id: str) -> tuple[str, ...]:
        return tuple(value(field_id).split("\n"))

    def labelled(field_id: str) -> tuple[str, ...]:
        label = texts.plain(request.field(field_id).label)
        first, *more = items(field_id)
        return (texts.plain(N_("%(label)s : %(value)s"), label=label, value=first), *more)

    def shown(field_id: str) -> tuple[str, ...]:
        """A field's lines in the message: a list as bullets, anything else labelled."""
        if request.field(field_id).type == "list":
            return tuple(f"- {item}" for item in items(field_id))
        return labelled(field_id)

    def included(field_id: str) -> bool:
        return template or bool(values.get(field_id)) or field_id in request.required

    field_ids = {spec.id for spec in request.fields}
    parts = [MessagePart(texts.plain(kind.text),
                         tuple(line for field_id in kind.listed if included(field_id) for line in shown(field_id)))
             for kind in request.kinds]
    in_letterhead = {"company", "company_address"} if request.channel == "letter" else set()
    details = [line for spec in request.fields
               if spec.id not in request.listed and spec.id != request.signed_by and spec.id not in in_letterhead
               and included(spec.id)
               for line in labelled(spec.id)]
    subject = " / ".join(texts.plain(kind.subject) for kind in request.kinds)
    context = {
        "parts": parts,
        "details": details,
        "subject": subject,
        "company": value("company"),
        "contact_person": value("contact_person"),
        "reference": reference,
    }
    if request.channel == "email":
        return Email(
            to=fund.email,
            subject=render("email_subject.txt.j2", texts.lang, **context).strip(),
            body=render("email_body.txt.j2", texts.lang, **context).strip() + "\n",
        )
    context.update(
        sender=(value("company"), *(items("company_address") if "company_address" in field_ids else ())),
        fund_address=texts.postal_lines(),
        date=format_date(today, texts.lang) if today else "[" + texts.plain(N_("Date")) + "]",
        signatories=items(request.signed_by) if request.signed_by else (),
        attachments=tuple(texts.plain(attachment) for attachment in request.attachments),
    )
    return Letter(subject=subject, text=render("letter.txt.j2", texts.lang, **context).strip() + "\n")
