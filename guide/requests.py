"""Requests to the fund (requests.toml): the kinds, the fields each needs, how it is sent.

A request outcome names one or more kinds; `request_for` joins them into one `Request`, sent
as one message: a letter if any kind needs a signed letter, otherwise an e-mail.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

CHANNELS = ("email", "letter")
FIELD_TYPES = ("text", "lines", "list", "email", "phone", "member-number")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class RequestDeclarationError(ValueError):
    """requests.toml is inconsistent."""


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    hint: str | None
    type: str
    max_length: int
    max_lines: int | None
    missing: str

    @property
    def multiline(self) -> bool:
        return self.type in ("lines", "list")


@dataclass(frozen=True)
class RequestKind:
    id: str
    channel: str
    subject: str
    text: str
    fields: tuple[str, ...]
    optional: frozenset[str]
    listed: tuple[str, ...]
    signed_by: str | None
    attachments: tuple[str, ...]
    presumes: frozenset[str] = frozenset()   # what `text` says of the sender (tags; flow.toml `tells`)


@dataclass(frozen=True)
class Request:
    """One message to the fund, asking for one or more kinds of request."""
    kinds: tuple[RequestKind, ...]
    fields: tuple[Field, ...]         # every field, once, in the order the kinds list them
    required: frozenset[str]          # required by at least one kind

    @property
    def channel(self) -> str:
        return "letter" if any(kind.channel == "letter" for kind in self.kinds) else "email"

    @property
    def signed_by(self) -> str | None:
        return next((kind.signed_by for kind in self.kinds if kind.signed_by), None)

    @property
    def attachments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for kind in self.kinds for a in kind.attachments))

    @property
    def presumes(self) -> frozenset[str]:
        return frozenset(tag for kind in self.kinds for tag in kind.presumes)

    @property
    def listed(self) -> frozenset[str]:
        return frozenset(field for kind in self.kinds for field in kind.listed)

    def field(self, field_id: str) -> Field:
        return next(field for field in self.fields if field.id == field_id)


def _declaration() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("requests.toml").read_text(encoding="utf-8"))


def _required(table: dict, key: str, where: str):
    if key not in table:
        raise RequestDeclarationError(f"{where}: `{key}` is missing")
    return table[key]


def _one_of(table: dict, key: str, allowed: tuple[str, ...], where: str) -> str:
    value = _required(table, key, where)
    if value not in allowed:
        raise RequestDeclarationError(f"{where}: {key} must be one of {', '.join(allowed)}")
    return value


def _tags(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(tag, str) and SLUG.fullmatch(tag) for tag in value):
        raise RequestDeclarationError(f"{where}: a list of slugs (lower-case letters, digits, dashes)")
    return tuple(value)


@functools.cache
def fields() -> dict[str, Field]:
    declared = {}
    for field_id, table in _declaration()["fields"].items():
        where = f"fields.{field_id}"
        kind = _one_of(table, "type", FIELD_TYPES, where)
        if kind in ("lines", "list") and "max_lines" not in table:
            raise RequestDeclarationError(f"{where}: a {kind} field needs `max_lines`")
        declared[field_id] = Field(
            id=field_id,
            label=_required(table, "label", where),
            hint=table.get("hint"),
            type=kind,
            max_length=int(_required(table, "max_length", where)),
            max_lines=table.get("max_lines"),
            missing=_required(table, "missing", where),
        )
    return declared


@functools.cache
def request_kinds() -> dict[str, RequestKind]:
    known_fields = fields()
    kinds = {}
    for kind_id, table in _declaration()["kinds"].items():
        where = f"kinds.{kind_id}"
        channel = _one_of(table, "channel", CHANNELS, where)
        kind = RequestKind(
            id=kind_id,
            channel=channel,
            subject=_required(table, "subject", where),
            text=_required(table, "text", where),
            fields=tuple(_required(table, "fields", where)),
            optional=frozenset(table.get("optional", ())),
            listed=tuple(table.get("listed", ())),
            signed_by=table.get("signed_by"),
            attachments=tuple(table.get("attachments", ())),
            presumes=frozenset(_tags(table.get("presumes", []), f"{where}.presumes")),
        )
        mentioned = set(kind.fields) | kind.optional | set(kind.listed) | {kind.signed_by} - {None}
        unknown = sorted(name for name in mentioned if name not in known_fields)
        if unknown:
            raise RequestDeclarationError(f"{where}: unknown field {', '.join(unknown)}")
        if not (kind.optional | set(kind.listed) | {kind.signed_by} - {None}) <= set(kind.fields):
            raise RequestDeclarationError(f"{where}: optional, listed and signed_by must be among `fields`")
        if kind.signed_by and (channel != "letter" or known_fields[kind.signed_by].type != "list"):
            raise RequestDeclarationError(f"{where}: only a letter is signed, by the lines of a list field")
        kinds[kind_id] = kind
    return kinds


@functools.cache
def request_for(kind_ids: tuple[str, ...]) -> Request:
    """The request that sends these kinds together."""
    if not kind_ids:
        raise ValueError("a request needs at least one kind")
    kinds = tuple(request_kinds()[kind_id] for kind_id in kind_ids)
    field_ids = list(dict.fromkeys(field for kind in kinds for field in kind.fields))
    required = frozenset(field for kind in kinds for field in kind.fields if field not in kind.optional)
    return Request(kinds, tuple(fields()[field_id] for field_id in field_ids), required)


SUPPORT_REQUEST = ("contact-support",)
