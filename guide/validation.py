"""The rules for what a visitor types into a request, one rule per field type.

The browser runs this same module on Pyodide: no rule is written twice. Messages say what to
do, in the visitor's language; what was typed is handed back untouched so the form can show
it again.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import N_, gettext_for
from .requests import Field, Request

# Characters that would break an e-mail header, a mailto link or a printed letter, or hide
# what a line says: control characters, line and paragraph separators, bidi overrides, and
# the invisible zero-width space, word joiner and byte order mark (pasted from PDFs and web
# pages, they split words and addresses where nobody sees it). Zero-width (non-)joiners stay:
# some scripts and emoji need them.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
                     "\u200b\u2060\ufeff")
_REFUSED_CATEGORIES = {"Cc", "Cs", "Co", "Zl", "Zp"}

_EMAIL_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN_LABEL = r"[^\W_](?:[^\W_]|-){0,61}"
EMAIL = re.compile(rf"{_EMAIL_LOCAL}@(?:{_DOMAIN_LABEL}\.)+[^\W\d_]{{2,63}}")
PHONE_CHARACTERS = re.compile(r"[\d +()./-]+")
PHONE_INTERNATIONAL = re.compile(r"(?:\+|00)[1-9]\d{6,14}")     # E.164: 15 digits at most
PHONE_SWISS = re.compile(r"0[1-9]\d{8}")
# A Swiss number written internationally has the same 9 digits after +41 as after the 0.
PHONE_SWISS_ABROAD = re.compile(r"(?:\+|00)41[1-9]\d{8}")
# Each fund formats its member number its own way: digits, separated as the fund likes.
MEMBER_NUMBER = re.compile(r"\d(?:[\d ./-]*\d)?")

MESSAGES = {
    "too-long": N_("Raccourcissez ce texte à %(max)s caractères au plus."),
    "one-line": N_("Saisissez ce texte sur une seule ligne."),
    "invisible": N_("Retirez les caractères spéciaux invisibles, par exemple les tabulations."),
    "email": N_("Saisissez une adresse e-mail complète, par exemple nom@entreprise.ch."),
    "phone": N_("Saisissez un numéro de téléphone suisse ou international, par exemple +41 44 123 45 67."),
    "member-number": N_("Saisissez le numéro d'affilié en chiffres ; les points, tirets, barres obliques et espaces sont permis."),
    "too-many-lines": N_("Indiquez %(max)s lignes au plus."),
    "line-too-long": N_("Raccourcissez la ligne %(line)s à %(max)s caractères au plus."),
}


@dataclass(frozen=True)
class Validation:
    typed: dict[str, str]                          # what was typed, as typed (to show the form again)
    cleaned: dict[str, str | tuple[str, ...]]      # the fields without error, ready for the message
    errors: dict[str, str]                         # field id -> what to do, in the visitor's language

    @property
    def ok(self) -> bool:
        return not self.errors


class _Invalid(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(str(item) for item in value)
    return str(value)


def _refused(character: str) -> bool:
    return character in _BIDI_CONTROLS or unicodedata.category(character) in _REFUSED_CATEGORIES


def _check_characters(text: str, *, multiline: bool) -> None:
    for character in text:
        if character == "\n":
            if not multiline:
                raise _Invalid("one-line")
        elif _refused(character):
            raise _Invalid("invisible")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def _clean(spec: Field, text: str) -> str | tuple[str, ...]:
    """The value to put into a message, or _Invalid."""
    _check_characters(text, multiline=spec.multiline)
    if spec.type == "list":
        items = [line for line in _lines(text) if line]
        if len(items) > spec.max_lines:
            raise _Invalid("too-many-lines", max=spec.max_lines)
        for number, item in enumerate(items, start=1):
            if len(item) > spec.max_length:
                raise _Invalid("line-too-long", line=number, max=spec.max_length)
        return tuple(items)
    if spec.type == "lines":
        lines = _lines(text)
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if len(lines) > spec.max_lines:
            raise _Invalid("too-many-lines", max=spec.max_lines)
        value = "\n".join(lines)
    else:
        value = text.strip()
    if len(value) > spec.max_length:
        raise _Invalid("too-long", max=spec.max_length)
    if not value:
        return value        # empty: required or not, the caller decides
    if spec.type == "email" and not EMAIL.fullmatch(value):
        raise _Invalid("email")
    if spec.type == "phone":
        digits = re.sub(r"[ ()./-]", "", value.replace("(0)", ""))
        swiss_abroad = digits.startswith(("+41", "0041"))
        if not PHONE_CHARACTERS.fullmatch(value) or not (
                (PHONE_SWISS_ABROAD if swiss_abroad else PHONE_INTERNATIONAL).fullmatch(digits)
                or PHONE_SWISS.fullmatch(digits)):
            raise _Invalid("phone")
    if spec.type == "member-number" and not MEMBER_NUMBER.fullmatch(value):
        raise _Invalid("member-number")
    return value


def validate(request: Request, values: Mapping[str, object], lang: str) -> Validation:
    """Check what was typed for each field of the request; messages in `lang`."""
    gettext = gettext_for(lang)
    typed, cleaned, errors = {}, {}, {}
    for spec in request.fields:
        typed[spec.id] = _as_text(values.get(spec.id))
        normalised = unicodedata.normalize("NFC", typed[spec.id].replace("\r\n", "\n").replace("\r", "\n"))
        try:
            value = _clean(spec, normalised)
        except _Invalid as invalid:
            errors[spec.id] = gettext(MESSAGES[invalid.key]) % invalid.params
            continue
        if not value and spec.id in request.required:
            errors[spec.id] = gettext(spec.missing)
        else:
            cleaned[spec.id] = value
    return Validation(typed, cleaned, errors)
