"""The access code of the connect invitation letter: its form and its validity.

Pure functions, standard library only: the code-check API imports them on CPython and the
browser runs them on Pyodide (Python 3.11 to 3.14), so both sides apply the same rules.

Normalising what a visitor typed
--------------------------------
A code is printed as 12 letters and digits (e.g. ``UGYDEHEXESE6``). People retype it with
spaces or dashes, in lower case, or paste it from a PDF or an input method. ``normalise``:

1. applies Unicode NFKC, which folds *compatibility* variants into plain ASCII: full-width
   letters and digits from East-Asian input methods (``ＵＧＹＤ`` -> ``UGYD``), mathematical
   alphanumerics, ligatures, no-break and other odd spaces;
2. drops white space, dashes (every Unicode dash, and the minus sign) and invisible format
   characters (soft hyphen, zero-width space, byte order mark: PDFs and web pages carry them);
3. upper-cases ASCII letters only (``str.upper`` would turn ``ß`` into ``SS`` and the dotless
   ``ı`` into ``I``: such letters stay as they are and the code is refused).

Look-alike letters of *other scripts* (Cyrillic ``А``, Greek ``Ο``) are deliberately NOT
mapped to Latin ones: NFKC keeps them, the form check refuses them, and the visitor is told to
retype the code rather than being told that a code they believe correct is unknown. Nor are
``0``/``O`` or ``1``/``I`` merged: the fund's alphabet is not known here, and merging could make
two issued codes one. The checker page asks the visitor to look at these pairs instead.

The form
--------
The canonical code is ASCII upper-case letters and digits only, and it must match the fund's
code pattern in full (a Python regular expression, ``code_pattern`` in ``[fund]`` of
``site.toml``; default ``[A-Z0-9]{12}``). Typed text longer than ``MAX_TYPED_LENGTH`` is
refused before it is normalised.

Validity: the one rule for the last valid day
---------------------------------------------
A code issued on day D (the date printed on the letter) with a validity of N days is valid up
to and including day D + N, and expired from day D + N + 1 on. With N = 150: a letter dated
1 March 2026 gives a code valid through 29 July 2026. This is the sum a reader does by hand
("the letter's date plus 150 days"), and the generous reading of "valid 150 days": the day
of issue is not counted against the holder. ``days_left`` is the number of days from today to
that last day: 0 on the last valid day, negative once expired.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from functools import lru_cache

DEFAULT_CODE_PATTERN = "[A-Z0-9]{12}"
"""The form of a code once normalised: used when the site config sets no pattern."""

MAX_TYPED_LENGTH = 64
"""Typed text longer than this is refused as it is: room for a code with separators."""

_CANONICAL_ALPHABET = re.compile(r"[A-Z0-9]+", re.ASCII)
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Dashes outside the Unicode category Pd that people still type or paste as separators.
_OTHER_DASHES = frozenset("\u2212\u2043\ufe63\uff0d")  # minus sign, hyphen bullet, small/full-width hyphen-minus


def _is_separator(char: str) -> bool:
    if char.isspace() or char in _OTHER_DASHES:
        return True
    category = unicodedata.category(char)
    return category == "Pd" or category == "Cf"


def normalise(typed: str) -> str:
    """The code as the registry knows it, from what was typed (see the module docs).

    Idempotent. The result is not necessarily a well-formed code: check it with
    ``is_well_formed``, or use ``canonical_code`` for both steps.
    """
    folded = unicodedata.normalize("NFKC", typed)
    kept = "".join(char for char in folded if not _is_separator(char)).translate(_ASCII_UPPER)
    # Dropping a character can bring a base letter and a combining mark together: compose
    # once more so that normalising the result changes nothing.
    return unicodedata.normalize("NFKC", kept)


@lru_cache(maxsize=16)
def compile_code_pattern(pattern: str) -> re.Pattern[str]:
    """The fund's code pattern, compiled; ``re.error`` when it is not a regular expression."""
    return re.compile(pattern, re.ASCII)


def is_well_formed(code: str, pattern: str = DEFAULT_CODE_PATTERN) -> bool:
    """Whether ``code`` is a canonical code: A-Z and 0-9 only, matching ``pattern`` in full."""
    return (
        _CANONICAL_ALPHABET.fullmatch(code) is not None
        and compile_code_pattern(pattern).fullmatch(code) is not None
    )


def canonical_code(typed: str, pattern: str = DEFAULT_CODE_PATTERN) -> str | None:
    """The normalised code when what was typed has the form of a code, else None."""
    if len(typed) > MAX_TYPED_LENGTH:
        return None
    code = normalise(typed)
    return code if is_well_formed(code, pattern) else None


def expires_on(issued_on: date, validity_days: int) -> date:
    """The last day on which a code issued on ``issued_on`` is valid (D + N, inclusive)."""
    if validity_days < 0:
        raise ValueError("validity_days must not be negative")
    return issued_on + timedelta(days=validity_days)


def days_left(issued_on: date, validity_days: int, today: date) -> int:
    """Days from ``today`` to the last valid day: 0 on that day, negative once expired."""
    return (expires_on(issued_on, validity_days) - today).days


def validity(issued_on: date, validity_days: int, today: date) -> tuple[str, date, int | None]:
    """The answer for a code that is neither used nor revoked, as the API and the checker page's
    offline answer give it: ("valid", last day, days left) or ("expired", last day, None)."""
    last_day = expires_on(issued_on, validity_days)
    left = (last_day - today).days
    return ("valid", last_day, left) if left >= 0 else ("expired", last_day, None)


def is_valid_on(issued_on: date, validity_days: int, today: date) -> bool:
    """Whether the validity period of a code issued on ``issued_on`` includes ``today``."""
    return days_left(issued_on, validity_days, today) >= 0
