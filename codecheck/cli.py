"""The operator's tool: ``python -m codecheck COMMAND`` (``--help`` for each command).

Codes to revoke or mark used are read from a file or standard input, one per line, never from
the command line: arguments end up in shell histories and process lists. Nothing printed here
quotes a code. Exit status: 0 done, 1 nothing changed because of rejected lines, 2 the command
could not run (usage, settings, unreadable file).
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from codecheck.demo import DEMO_CODES, DEMO_UNKNOWN, NotADemoRegistry, install_demo
from codecheck.keyedhash import SecretError
from codecheck.notices import KINDS, Notice, NoticeError, new_notice
from codecheck.operations import (
    MalformedFile,
    Report,
    change_status,
    counts,
    import_export,
    numbered_lines,
    purge_before,
    purge_cutoff,
)
from codecheck.registry import Registry, open_registry, open_store
from codecheck.settings import Settings, SettingsError
from codecheck.siteconfig import SiteConfigError
from codecheck.store import SchemaError, StoreUnavailable, StoredStatus


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codecheck",
        description="Manage the registry of connect access codes, and run the check API.",
        epilog="Settings come from CODECHECK_* environment variables (see codecheck/README.md).",
    )
    parser.add_argument("--db", type=Path, help="the registry (default: $CODECHECK_DB or var/codecheck.sqlite3)")
    parser.add_argument(
        "--secret-file", type=Path, help="the key file (default: $CODECHECK_SECRET_FILE or var/codecheck.secret)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = commands.add_parser("import", help="import a CSV export of issued codes, in one transaction")
    imp.add_argument("file", type=Path, help="CSV with the columns code, issued_on, status")
    imp.add_argument("--skip-rejected", action="store_true", help="import the good lines even if some are rejected")
    imp.add_argument("--dry-run", action="store_true", help="check the file and report, change nothing")

    for name, verb in (("revoke", "revoke"), ("mark-used", "mark as used")):
        command = commands.add_parser(name, help=f"{verb} codes read one per line from FILE or standard input")
        command.add_argument("file", nargs="?", type=Path, help="file with one code per line (default: standard input)")

    prg = commands.add_parser("purge", help="delete codes whose validity ended long ago")
    prg.add_argument("--older-than-days", type=int, default=365, help="days since the last valid day (default 365)")
    prg.add_argument("--dry-run", action="store_true", help="only count them")

    commands.add_parser("stats", help="count the codes by status")

    commands.add_parser("migrate", help="create or upgrade the registry's schema (every start does it too)")

    demo = commands.add_parser("demo", help="write the demo codes (one per answer) into the registry")
    demo.add_argument("--force", action="store_true", help="even if the registry holds other codes")

    report = commands.add_parser("feedback-report",
                                 help='write the "Is this page useful?" report: feedback.html and feedback.csv')
    report.add_argument("--since", type=_day, help="first day counted, YYYY-MM-DD (default: the first answer)")
    report.add_argument("--until", type=_day, help="last day counted, YYYY-MM-DD (default: the last answer)")
    report.add_argument("--lang", default="fr", help="the report's language: fr (default), de, it or en")
    report.add_argument("--out", type=Path, default=Path("var/reports"), help="the folder (default var/reports)")
    report.add_argument("--pages", type=Path,
                        help="the build's list of pages (default: $CODECHECK_FEEDBACK_PAGES or site/_feedback/pages.json)")

    notice = commands.add_parser("notice", help="post, list or end a notice shown on every page of the site")
    notice_commands = notice.add_subparsers(dest="notice_command", required=True, metavar="ACTION")
    add = notice_commands.add_parser(
        "add", help="post a notice: a text in every language of the site, shown from --start to --end",
        description="Times are Swiss time (YYYY-MM-DD HH:MM). A text is plain text; with --link, the "
                    "words in [brackets] link to that section of the help articles in each language.")
    add.add_argument("--kind", required=True, choices=KINDS, help="disruption (connect or a service is down) "
                     "or information (a planned change)")
    add.add_argument("--start", type=_swiss_time, help="first moment shown (default: now)")
    add.add_argument("--end", required=True, type=_swiss_time, help="the moment it disappears")
    add.add_argument("--link", help="a section of the help articles, e.g. situations/no-active-login.md#order-a-new-code")
    for lang, name in _site_languages().items():
        add.add_argument(f"--{lang}", metavar="TEXT", help=f"the text in {name}")
    listing = notice_commands.add_parser("list", help="the notices not ended yet (with --all: every one)")
    listing.add_argument("--all", action="store_true", help="the ended ones too")
    end = notice_commands.add_parser("end", help="end a notice now (it leaves every page within a minute)")
    end.add_argument("id", type=int, help="the notice's number (notice list)")

    serve = commands.add_parser("serve", help="run the API alone with uvicorn (one worker)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8001)
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date of the form YYYY-MM-DD: {text!r}") from None


SWISS_TIME = ZoneInfo("Europe/Zurich")


def _site_languages() -> dict[str, str]:
    try:
        return Settings.from_env().languages()
    except (SettingsError, SiteConfigError):
        return {}   # reported when the command runs


def _swiss_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time of the form YYYY-MM-DD HH:MM: {text!r}") from None
    if moment.tzinfo is not None:
        raise argparse.ArgumentTypeError(f"give the time in Swiss time, without an offset: {text!r}")
    return moment.replace(tzinfo=SWISS_TIME)


def _shown(moment: datetime) -> str:
    return moment.astimezone(SWISS_TIME).strftime("%Y-%m-%d %H:%M")


def _print_notice(notice: Notice, now: datetime) -> None:
    state = "current" if notice.is_current(now) else "ended" if notice.ends_at <= now else "coming"
    print(f"#{notice.id} {notice.kind} ({state}) {_shown(notice.starts_at)} to {_shown(notice.ends_at)} "
          f"(Swiss time){'  link: ' + notice.link if notice.link else ''}")
    for lang, text in notice.texts.items():
        print(f"  {lang}: {text}")


def _notice(settings: Settings, args: argparse.Namespace) -> int:
    now = datetime.fromtimestamp(settings.clock(), timezone.utc)
    store = open_store(settings)
    try:
        store.migrate()
        if args.notice_command == "add":
            languages = settings.languages()
            try:
                notice = new_notice(args.kind, args.start or now, args.end,
                                    {lang: getattr(args, lang, None) for lang in languages}, args.link, languages, now)
            except NoticeError as error:
                print(f"Not posted: {error}.", file=sys.stderr)
                return 1
            posted = store.add_notice(notice, now)
            print("Posted (shown on every page within a minute from its start):")
            _print_notice(posted, now)
            return 0
        if args.notice_command == "list":
            notices = store.notices(None if args.all else now)
            for notice in notices:
                _print_notice(notice, now)
            if not notices:
                print("No notice." if args.all else "No current or coming notice.")
            return 0
        ended = store.end_notice(args.id, now)
        if ended is None:
            print(f"There is no notice #{args.id} (notice list --all).", file=sys.stderr)
            return 1
        print("Ended (it leaves every page within a minute):")
        _print_notice(ended, now)
        return 0
    finally:
        store.close()


def _feedback_report(settings: Settings, args: argparse.Namespace) -> int:
    from codecheck.feedback import FeedbackPages, PagesUnavailable
    from codecheck.feedback_report import report_languages, write_report

    if args.lang not in report_languages():
        print(f"--lang must be one of {', '.join(report_languages())}, not {args.lang!r}", file=sys.stderr)
        return 2
    if args.since and args.until and args.since > args.until:
        print("--since must not be after --until", file=sys.stderr)
        return 2
    try:
        pages = FeedbackPages(args.pages or settings.feedback_pages).current()
    except PagesUnavailable as error:
        print(f"no list of pages at {error} (build the site first): pages are shown by their address",
              file=sys.stderr)
        pages = None
    store = open_store(settings)
    try:
        store.migrate()
        html_path, csv_path, report = write_report(store, pages, args.out, args.lang, args.since, args.until)
    finally:
        store.close()
    print(f"answers: {report.yes + report.no} ({report.yes} yes, {report.no} no), pages: {len(report.pages)}; "
          f"{html_path}, {csv_path}")
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    changes = {}
    if args.db:
        changes["db_path"] = args.db
    if args.secret_file:
        changes["secret_file"] = args.secret_file
    return dataclasses.replace(settings, **changes)


def _print_rejected(report: Report) -> None:
    for rejected in report.rejected:
        print(rejected, file=sys.stderr)


def _read_codes(path: Path | None) -> Iterable[tuple[int, str]]:
    if path is not None:
        return list(numbered_lines(path.read_text(encoding="utf-8-sig")))
    if sys.stdin.isatty():
        typed: list[tuple[int, str]] = []
        while code := getpass.getpass(f"Code {len(typed) + 1} (empty to finish): "):
            typed.append((len(typed) + 1, code))
        return typed
    return list(numbered_lines(sys.stdin.read()))


def _import(registry: Registry, args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        report = import_export(registry, data, skip_rejected=args.skip_rejected, dry_run=args.dry_run)
    except MalformedFile as error:
        print(f"Nothing imported: {error}", file=sys.stderr)
        return 2
    _print_rejected(report)
    sums = f"{report.added} new, {report.updated} updated, {report.unchanged} unchanged"
    if report.applied:
        print(f"Imported: {sums}; {len(report.rejected)} lines rejected.")
        return 0
    if args.dry_run and not report.rejected:
        print(f"Dry run, nothing imported: it would be {sums}.")
        return 0
    print(f"Nothing imported: {len(report.rejected)} lines rejected (would be {sums}).")
    return 1


def _change(registry: Registry, args: argparse.Namespace, target: StoredStatus) -> int:
    try:
        lines = _read_codes(args.file)
    except (OSError, UnicodeDecodeError) as error:
        print(f"cannot read the codes: {error}", file=sys.stderr)
        return 2
    report = change_status(registry, lines, target)
    _print_rejected(report)
    if not report.applied:
        print(f"Nothing changed: {len(report.rejected)} lines rejected.")
        return 1
    print(f"{target.value.capitalize()}: {report.updated} codes; {report.unchanged} were {target.value} already.")
    return 0


def _purge(registry: Registry, args: argparse.Namespace) -> int:
    if args.older_than_days < 0:
        print("--older-than-days must not be negative", file=sys.stderr)
        return 2
    cutoff = purge_cutoff(registry, args.older_than_days)
    number = purge_before(registry, cutoff, dry_run=args.dry_run)
    verb = "Would delete" if args.dry_run else "Deleted"
    print(f"{verb} {number} codes issued before {cutoff.isoformat()}.")
    return 0


def _stats(registry: Registry) -> int:
    c = counts(registry)
    print(f"codes:   {c.total}")
    print(f"valid:   {c.issued_since}")
    print(f"expired: {c.issued - c.issued_since}")
    print(f"used:    {c.used}")
    print(f"revoked: {c.revoked}")
    if c.oldest_issue and c.newest_issue:
        print(f"issued between {c.oldest_issue.isoformat()} and {c.newest_issue.isoformat()}")
    return 0


def _demo(registry: Registry, args: argparse.Namespace, settings: Settings) -> int:
    try:
        install_demo(registry, force=args.force)
    except NotADemoRegistry as error:
        print(f"Not written: {error} (use --force to add the demo codes anyway).", file=sys.stderr)
        return 1
    print(f"Demo codes in {settings.db_path}:")
    for demo in DEMO_CODES:
        print(f"  {demo.code}  {demo.answer}")
    print(f"  {DEMO_UNKNOWN}  unknown (not registered)")
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from codecheck.app import create_app

    # proxy_headers off: X-Forwarded-For is read by the API itself, from CODECHECK_TRUSTED_PROXIES only.
    uvicorn.run(create_app(settings), host=args.host, port=args.port, workers=1, proxy_headers=False)
    return 0


def _migrate(settings: Settings) -> int:
    store = open_store(settings)
    try:
        before = store.schema_version()
        applied = store.migrate()
    finally:
        store.close()
    if applied:
        print(f"Schema upgraded from version {before} to {applied[-1]}.")
    else:
        print(f"Schema up to date (version {before}).")
    return 0


# What a bad setting, site config or key file raises at start: reported in one line, status 2.
STARTUP_ERRORS = (SettingsError, SiteConfigError, SecretError, StoreUnavailable, SchemaError)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
        if args.command == "serve":
            return _serve(settings, args)
        if args.command == "migrate":
            return _migrate(settings)
        if args.command == "feedback-report":
            return _feedback_report(settings, args)
        if args.command == "notice":
            return _notice(settings, args)
        registry = open_registry(settings)
    except STARTUP_ERRORS as error:
        print(f"codecheck: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "import":
            return _import(registry, args)
        if args.command == "revoke":
            return _change(registry, args, StoredStatus.REVOKED)
        if args.command == "mark-used":
            return _change(registry, args, StoredStatus.USED)
        if args.command == "purge":
            return _purge(registry, args)
        if args.command == "stats":
            return _stats(registry)
        return _demo(registry, args, settings)
    finally:
        registry.close()
