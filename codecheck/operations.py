"""What the fund's operator does to the registry: import the export of issued codes, revoke
codes, mark codes used, purge codes that expired long ago, count them.

Every change is one transaction: when a line is rejected nothing changes (unless the import is
told to skip rejected lines), and the report lists each rejected line by its number. No
report, message or exception here quotes a code.

The export: CSV in UTF-8 (a byte order mark is fine), separated by commas, semicolons or tabs,
with a first line naming the columns ``code``, ``issued_on`` (or ``issue_date``, ``date``) and
``status``; other columns are ignored. Dates as 2026-03-01 or 01.03.2026. Status: ``issued``,
``used`` or ``revoked`` (whether an issued code is valid or expired follows from its date).

Importing a code that is already registered keeps the further of the two statuses (issued, then
used, then revoked: an old export cannot bring a revoked code back); a different issue date
for it is rejected.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from codecheck.registry import Registry
from codecheck.store import RegistryCounts, StoredCode, StoredStatus

_COLUMNS = {
    "code": "code",
    "access_code": "code",
    "issued_on": "issued_on",
    "issue_date": "issued_on",
    "issued": "issued_on",
    "date": "issued_on",
    "status": "status",
}
_SEPARATORS = (",", ";", "\t")


class MalformedFile(Exception):
    """The file as a whole cannot be read as an export; nothing was imported."""


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class Report:
    """What an operation did. ``applied`` is False when it changed nothing (rejected lines,
    or a dry run)."""

    applied: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    digest: bytes
    code: StoredCode


_BATCH = 5_000  # codes looked up and written together


class _Rollback(Exception):
    pass


def parse_date(text: str) -> date | None:
    text = text.strip()
    for form in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _header(first_line: str) -> tuple[str, dict[str, int]]:
    for separator in _SEPARATORS:
        names = next(csv.reader([first_line], delimiter=separator), [])
        columns: dict[str, int] = {}
        for index, name in enumerate(names):
            key = _COLUMNS.get(name.strip().lower().replace(" ", "_").replace("-", "_"))
            if key and key not in columns:
                columns[key] = index
        if len(columns) == 3:
            return separator, columns
    raise MalformedFile(
        "line 1 must name the columns code, issued_on and status (separated by commas or semicolons)"
    )


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise MalformedFile(f"line {line}: the file is not UTF-8 text (save the export as CSV UTF-8)") from None


def parse_export(data: bytes, registry: Registry) -> tuple[list[_Row], list[Rejected]]:
    """The rows of an export, each code already replaced by its keyed hash."""
    text = _text(data)
    if "\x00" in text:
        raise MalformedFile(f"line {text[: text.index(chr(0))].count(chr(10)) + 1}: the file holds a NUL byte")
    first_line = text.splitlines()[0] if text.strip() else ""
    separator, columns = _header(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    width = max(columns.values()) + 1
    today = registry.today()
    rows: list[_Row] = []
    rejected: list[Rejected] = []
    first_seen: dict[bytes, int] = {}
    try:
        next(reader)
        while True:
            line = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            if not any(value.strip() for value in fields):
                continue
            if len(fields) < width:
                rejected.append(Rejected(line, f"{len(fields)} columns where {width} are needed"))
                continue
            problem, row = _row(line, fields, columns, registry, today)
            if problem:
                rejected.append(Rejected(line, problem))
            elif row is not None:
                if row.digest in first_seen:
                    rejected.append(Rejected(line, f"the same code as line {first_seen[row.digest]}"))
                else:
                    first_seen[row.digest] = line
                    rows.append(row)
    except csv.Error as error:
        raise MalformedFile(f"line {reader.line_num}: not readable as CSV ({error})") from None
    return rows, rejected


def _row(
    line: int, fields: list[str], columns: dict[str, int], registry: Registry, today: date
) -> tuple[str | None, _Row | None]:
    code = registry.canonical(fields[columns["code"]])
    if code is None:
        return "the code does not have the form of an access code", None
    issued_on = parse_date(fields[columns["issued_on"]])
    if issued_on is None:
        return "the issue date is not a date like 2026-03-01 or 01.03.2026", None
    if issued_on > today:
        return f"the issue date {issued_on.isoformat()} is in the future", None
    try:
        status = StoredStatus(fields[columns["status"]].strip().lower())
    except ValueError:
        return "the status must be issued, used or revoked (valid and expired follow from the date)", None
    return None, _Row(line, registry.hasher.digest(code), StoredCode(issued_on, status))


def import_export(registry: Registry, data: bytes, *, skip_rejected: bool = False, dry_run: bool = False) -> Report:
    """Imports an export of issued codes in one transaction (see the module docs).
    Raises MalformedFile when the file as a whole is unreadable."""
    rows, rejected = parse_export(data, registry)
    report = Report(rejected=rejected)
    try:
        with registry.store.transaction() as writer:
            for start in range(0, len(rows), _BATCH):
                batch = rows[start : start + _BATCH]
                stored = writer.get_many([row.digest for row in batch])
                changes: list[tuple[bytes, StoredCode]] = []
                for row in batch:
                    existing = stored.get(row.digest)
                    if existing is None:
                        changes.append((row.digest, row.code))
                        report.added += 1
                    elif existing.issued_on != row.code.issued_on:
                        report.rejected.append(Rejected(row.line, "the code is registered with another issue date"))
                    elif row.code.status.rank > existing.status.rank:
                        changes.append((row.digest, row.code))
                        report.updated += 1
                    else:
                        report.unchanged += 1
                if changes and not dry_run:
                    writer.put_many(changes)
            if dry_run or (report.rejected and not skip_rejected):
                raise _Rollback
    except _Rollback:
        report.applied = False
    else:
        report.applied = True
    report.rejected.sort(key=lambda rejected: rejected.line)
    return report


def numbered_lines(text: str) -> Iterable[tuple[int, str]]:
    """The non-blank lines of ``text`` with their numbers (from 1)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def change_status(registry: Registry, lines: Iterable[tuple[int, str]], target: StoredStatus) -> Report:
    """Marks the codes on ``lines`` used, or revokes them, in one transaction; any rejected
    line (not a code, not registered, or revoked when marking used) changes nothing."""
    if target is StoredStatus.ISSUED:
        raise ValueError("a code cannot be set back to issued")
    report = Report()
    try:
        with registry.store.transaction() as writer:
            for line, typed in lines:
                code = registry.canonical(typed)
                if code is None:
                    report.rejected.append(Rejected(line, "not the form of an access code"))
                    continue
                digest = registry.hasher.digest(code)
                existing = writer.get(digest)
                if existing is None:
                    report.rejected.append(Rejected(line, "the code is not in the registry"))
                elif existing.status is target:
                    report.unchanged += 1
                elif existing.status.rank > target.rank:
                    report.rejected.append(Rejected(line, f"the code is {existing.status.value} already"))
                else:
                    writer.put(digest, StoredCode(existing.issued_on, target))
                    report.updated += 1
            if report.rejected:
                raise _Rollback
    except _Rollback:
        report.applied = False
    else:
        report.applied = True
    return report


def purge_cutoff(registry: Registry, older_than_days: int) -> date:
    """Codes issued before this day stopped being valid more than ``older_than_days`` ago."""
    return registry.oldest_valid_issue() - timedelta(days=older_than_days)


def purge(registry: Registry, older_than_days: int, *, dry_run: bool = False) -> int:
    """Deletes (or, dry, counts) the codes, of any status, whose last valid day is more than
    ``older_than_days`` days ago. The checker then calls them unknown."""
    return purge_before(registry, purge_cutoff(registry, older_than_days), dry_run=dry_run)


def purge_before(registry: Registry, cutoff: date, *, dry_run: bool = False) -> int:
    """Deletes (or, dry, counts) the codes issued before ``cutoff`` (see ``purge_cutoff``)."""
    if dry_run:
        return registry.store.count_issued_before(cutoff)
    return registry.store.delete_issued_before(cutoff)


def counts(registry: Registry) -> RegistryCounts:
    return registry.store.counts(issued_since=registry.oldest_valid_issue())
