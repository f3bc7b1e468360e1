"""The pure rules of guide/access_code.py: normalising, the form, the validity period.

The browser runs these rules on Pyodide: this module runs on CPython and inside Pyodide
(tests/pyodide/run_tests.mjs). Its properties are checked here on inputs drawn from a fixed
seed, so that both runs check the same cases; test_code_rules_properties.py checks the same
properties with Hypothesis (CPython only: Hypothesis's core is native code)."""

from __future__ import annotations

import random
import re
import string
from datetime import date, timedelta

import pytest

from guide.access_code import (
    DEFAULT_CODE_PATTERN,
    MAX_TYPED_LENGTH,
    canonical_code,
    days_left,
    expires_on,
    is_valid_on,
    is_well_formed,
    normalise,
)

ALNUM = string.ascii_uppercase + string.digits
SEPARATORS = [" ", "-", "\t", "\u00a0", "\u2013", "\u2014", "\u2212", "\u200b", "\u00ad", "\u3000"]
# Odd characters for the drawn samples: separators, format characters, combining marks, other
# scripts' look-alikes, full-width and styled letters, letters that str.upper would change.
ODD = ("".join(SEPARATORS) + "\u200d\u0301\u0308\ufeff\u202f\u2028_.ЕΕßıÄé€\x00\x7f"
       "ＡＢ１２ｚ𝐔𝟔ﬁ①")
SAMPLES = 400


def drawn_texts(seed: int, count: int = SAMPLES) -> list[str]:
    """Texts of up to 80 characters: code-like ones (letters, digits, separators) and odd ones."""
    draw = random.Random(seed)
    texts = []
    for index in range(count):
        alphabet = ALNUM + ALNUM.lower() + (ODD if index % 2 else "- ")
        texts.append("".join(draw.choice(alphabet) for _ in range(draw.choice([12, 12, 14, 16, draw.randrange(0, 81)]))))
    return texts


def check_normalise_is_idempotent(typed: str) -> None:
    once = normalise(typed)
    assert normalise(once) == once


def check_a_code_is_only_a_to_z_and_digits_or_refused(typed: str) -> None:
    code = canonical_code(typed)
    if code is None:
        # Refused: too long as typed, or not of the form once normalised.
        assert len(typed) > MAX_TYPED_LENGTH or not is_well_formed(normalise(typed))
    else:
        assert re.fullmatch(DEFAULT_CODE_PATTERN, code, re.ASCII)
        assert code == normalise(typed) and canonical_code(code) == code


def check_spaces_dashes_and_case_do_not_matter(code: str, inserts, lower) -> None:
    typed = list("".join(ch.lower() if low else ch for ch, low in zip(code, lower)))
    for position, separator in sorted(inserts, reverse=True):
        typed.insert(position, separator)
    assert canonical_code(" " + "".join(typed) + " ") == code


def check_full_width_is_the_same_code(code: str) -> None:
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code)
    assert canonical_code(full_width) == code


def check_valid_exactly_up_to_the_last_day(issued: date, validity: int, offset: int) -> None:
    today = issued + timedelta(days=offset)
    assert is_valid_on(issued, validity, today) == (today <= expires_on(issued, validity))
    assert days_left(issued, validity, today) == validity - offset


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("UGYDEHEXESE6", "UGYDEHEXESE6"),
        ("  ugyd ehex ese6 ", "UGYDEHEXESE6"),
        ("UGYD-EHEX-ESE6", "UGYDEHEXESE6"),
        ("ugyd\u2013ehex\u2014ese6", "UGYDEHEXESE6"),  # en and em dashes from a word processor
        ("ＵＧＹＤＥＨＥＸＥＳＥ６", "UGYDEHEXESE6"),  # full width, from an input method
        ("UGYD\u00a0EHEX\u202fESE6", "UGYDEHEXESE6"),  # no-break spaces
        ("\ufeffUGYD\u200bEHEX\u00adESE6", "UGYDEHEXESE6"),  # BOM, zero-width space, soft hyphen
        ("𝐔𝐆𝐘𝐃𝐄𝐇𝐄𝐗𝐄𝐒𝐄𝟔", "UGYDEHEXESE6"),  # mathematical bold, pasted from styled text
    ],
)
def test_normalising_accepts_what_people_type_or_paste(typed: str, expected: str) -> None:
    assert canonical_code(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "UGYDEHEXESE",  # 11
        "UGYDEHEXESE66",  # 13
        "UGYD_EHEX_ESE6",  # underscores are not separators
        "UGYD.EHEX.ESE6",
        "UGYDEHEXESЕ6",  # Cyrillic Е: a look-alike of another script is refused, not mapped
        "UGYDEHEXESΕ6",  # Greek Epsilon
        "ßßßßßßßßßßßß",  # str.upper would make SS of it
        "ıııııııııııı",  # dotless i: str.upper would make I of it
        "ÄÖÜÄÖÜÄÖÜÄÖÜ",
        "UGYDEHEXESE6" + " " * MAX_TYPED_LENGTH,  # too long as typed, even if only spaces
    ],
)
def test_refuses_what_is_not_a_code(typed: str) -> None:
    assert canonical_code(typed) is None


def test_fund_pattern_narrows_the_form() -> None:
    assert canonical_code("ABCD1234", "[A-Z]{4}[0-9]{4}") == "ABCD1234"
    assert canonical_code("abcd-1234", "[A-Z]{4}[0-9]{4}") == "ABCD1234"
    assert canonical_code("1234ABCD", "[A-Z]{4}[0-9]{4}") is None
    # The pattern is matched in full, and the alphabet stays A-Z and 0-9 whatever it says.
    assert not is_well_formed("ABCD12345", "[A-Z]{4}[0-9]{4}")
    assert not is_well_formed("abcd1234", "(?i)[a-z]{4}[0-9]{4}")


@pytest.mark.parametrize("typed", [
    "e\u200d\u0301",  # dropping a format character brings a letter and its accent together
    "A\u0308\u200b\u0301",
])
def test_normalise_is_idempotent_where_dropping_brings_marks_together(typed: str) -> None:
    check_normalise_is_idempotent(typed)


def test_normalise_is_idempotent_on_drawn_texts() -> None:
    for typed in drawn_texts(1):
        check_normalise_is_idempotent(typed)


def test_a_code_is_only_a_to_z_and_digits_or_refused_on_drawn_texts() -> None:
    accepted = 0
    for typed in drawn_texts(2):
        check_a_code_is_only_a_to_z_and_digits_or_refused(typed)
        accepted += canonical_code(typed) is not None
    assert 0 < accepted < SAMPLES, "the samples must hold codes and non-codes"


def test_spaces_dashes_and_case_do_not_matter_on_drawn_codes() -> None:
    draw = random.Random(3)
    for _ in range(SAMPLES):
        code = "".join(draw.choice(ALNUM) for _ in range(12))
        inserts = [(draw.randrange(12), draw.choice(SEPARATORS)) for _ in range(draw.randrange(7))]
        check_spaces_dashes_and_case_do_not_matter(code, inserts, [draw.random() < 0.5 for _ in range(12)])


def test_full_width_is_the_same_code_on_drawn_codes() -> None:
    draw = random.Random(4)
    for _ in range(SAMPLES):
        check_full_width_is_the_same_code("".join(draw.choice(ALNUM) for _ in range(12)))


def test_last_valid_day_is_the_issue_date_plus_the_validity_days() -> None:
    issued = date(2026, 3, 1)
    assert expires_on(issued, 150) == date(2026, 7, 29)  # the example on the checker page
    assert days_left(issued, 150, issued) == 150
    assert days_left(issued, 150, date(2026, 7, 28)) == 1
    assert days_left(issued, 150, date(2026, 7, 29)) == 0
    assert is_valid_on(issued, 150, date(2026, 7, 29))
    assert not is_valid_on(issued, 150, date(2026, 7, 30))
    assert days_left(issued, 150, date(2026, 7, 30)) == -1


def test_validity_across_a_leap_day_and_a_year_end() -> None:
    assert expires_on(date(2027, 12, 1), 150) == date(2028, 4, 29)  # 2028 has a 29 February
    assert expires_on(date(2026, 10, 1), 150) == date(2027, 2, 28)


def test_valid_exactly_up_to_the_last_day_on_drawn_dates() -> None:
    draw = random.Random(5)
    for _ in range(SAMPLES):
        issued = date(2000, 1, 1) + timedelta(days=draw.randrange((date(2090, 1, 1) - date(2000, 1, 1)).days + 1))
        validity = draw.randint(1, 1000)
        # Around the last valid day as often as anywhere else.
        offset = draw.choice([draw.randint(-400, 1400), validity + draw.randint(-2, 2)])
        check_valid_exactly_up_to_the_last_day(issued, validity, offset)


def test_negative_validity_is_an_error() -> None:
    with pytest.raises(ValueError):
        expires_on(date(2026, 1, 1), -1)
