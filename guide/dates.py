"""Dates as written in each language (STYLE.md): 31.12.2026, or 31 December 2026 in English."""
from __future__ import annotations

import datetime

_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


def format_date(date: datetime.date, lang: str) -> str:
    if lang == "en":
        return f"{date.day} {_ENGLISH_MONTHS[date.month - 1]} {date.year}"
    return f"{date.day:02d}.{date.month:02d}.{date.year}"
