"""The properties of test_code_rules.py, on inputs drawn by Hypothesis. Hypothesis's core is
native code: these run on CPython only; test_code_rules.py checks the same properties inside
Pyodide on inputs drawn from a fixed seed."""

from __future__ import annotations

import string
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from .test_code_rules import (
    ALNUM,
    SEPARATORS,
    check_a_code_is_only_a_to_z_and_digits_or_refused,
    check_full_width_is_the_same_code,
    check_normalise_is_idempotent,
    check_spaces_dashes_and_case_do_not_matter,
    check_valid_exactly_up_to_the_last_day,
)

codes = st.text(alphabet=ALNUM, min_size=12, max_size=12)
separators = st.sampled_from(SEPARATORS)
# Code-like text (letters of either case, digits, separators) as often as any text at all, so
# that both accepted and refused input come up.
code_like = st.text(alphabet=ALNUM + string.ascii_lowercase + "".join(SEPARATORS), min_size=10, max_size=20)
typed_text = st.one_of(st.text(max_size=80), code_like)


@given(st.text(max_size=80))
@example("e\u200d\u0301")  # dropping a format character brings a letter and its accent together
@example("A\u0308\u200b\u0301")
def test_normalise_is_idempotent(typed: str) -> None:
    check_normalise_is_idempotent(typed)


@given(typed_text)
def test_a_code_is_only_a_to_z_and_digits_or_refused(typed: str) -> None:
    check_a_code_is_only_a_to_z_and_digits_or_refused(typed)


@given(codes, st.lists(st.tuples(st.integers(0, 11), separators), max_size=6), st.lists(st.booleans(), min_size=12, max_size=12))
def test_spaces_dashes_and_case_do_not_matter(code: str, inserts, lower) -> None:
    check_spaces_dashes_and_case_do_not_matter(code, inserts, lower)


@given(codes)
def test_full_width_is_the_same_code(code: str) -> None:
    check_full_width_is_the_same_code(code)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 1000), st.integers(-400, 1400))
def test_valid_exactly_up_to_the_last_day(issued: date, validity: int, offset: int) -> None:
    check_valid_exactly_up_to_the_last_day(issued, validity, offset)
