"""mailto: links that mail programs open as written (RFC 6068).

Line breaks are CRLF, percent-encoded; every other character is encoded as JavaScript's
encodeURIComponent does, so that the link reads the same wherever it is decoded. Mail programs
and browsers cut long links (some at about 2000 characters): a link longer than MAX_LENGTH
carries the address and subject only, and the visitor pastes the copied body.
"""
from __future__ import annotations

import re
from urllib.parse import quote

MAX_LENGTH = 1800
# encodeURIComponent leaves these unescaped (besides letters, digits and "-_.").
_UNESCAPED = "!~*'()"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _component(text: str) -> str:
    return quote(text, safe=_UNESCAPED)


def crlf(text: str) -> str:
    return _LINE_BREAK.sub("\r\n", text)


def mailto(to: str, subject: str, body: str | None = None) -> str:
    link = f"mailto:{quote(to, safe='@')}?subject={_component(crlf(subject))}"
    return link if body is None else f"{link}&body={_component(crlf(body))}"


def fits(link: str) -> bool:
    return len(link) <= MAX_LENGTH
