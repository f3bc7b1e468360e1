"""`python -m sitebuild.translations`: what lags the French, and recording a translation current.

    report [--out var/reports] [--lang fr]   the table; translations.html and .csv (make translations)
    check                                    the table; exit status 1 while anything lags
                                             (make translations-check)
    record LANG [PAGE [SECTION ...]]         records translations as current (in
                                             locales/LANG/translation-record.json): a section of an
                                             article ('#' for the page's start), every section of
                                             a page, or with PAGE `guide` the guide's texts below
                                             the places given (outcomes.order-new-code), or all;
                                             with PAGE `site` or `guide-interface` the interface
                                             strings of site.po or guide.po of the keys or files
                                             given (the report's), or all
    record LANG                              every section, guide text and interface string of a
                                             language
    record --all                             everything, every language
    update-catalogs GUIDE_POT SITE_POT       the guide's and the site's catalogs brought up to the
                                             extracted texts, previous translations carried by
                                             place (make catalogs-update)

Exit status 2 for a wrong argument (an unknown language, page, section or place).
"""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

import siteconfig
from sitebuild.translations import guide_catalog, interface_strings, sections
from sitebuild.translations.interface_strings import DOMAINS, Domain
from sitebuild.translations.paths import SOURCE_LANGUAGE, Repository
from sitebuild.translations.record import TranslationRecord
from sitebuild.translations.status import GUIDE, site_status

REPORTS = Path("var") / "reports"
LAGGING_TEXTS = "sections, guide texts and interface strings"
INTERFACES = {domain.page: domain for domain in DOMAINS}    # site, guide-interface


class Refused(ValueError):
    """A wrong argument: the message says which."""


def _languages() -> list[str]:
    return [lang for lang in siteconfig.load().language_codes if lang != SOURCE_LANGUAGE]


def _sections(path: Path) -> dict[str, str]:
    return sections.by_anchor(path.read_text(encoding="utf-8")) if path.is_file() else {}


def record_article(repo: Repository, record: TranslationRecord, lang: str, page: str, anchors: list[str] | None,
                   today: datetime.date) -> list[str]:
    """Records sections of an article (all it has in both languages where `anchors` is None,
    forgetting the others); the lines to print."""
    french, translated = _sections(repo.docs(SOURCE_LANGUAGE) / page), _sections(repo.docs(lang) / page)
    if not french and not translated and page not in record.pages():
        raise Refused(f"no article {page} in docs/{SOURCE_LANGUAGE}/ or docs/{lang}/")
    for anchor in anchors or ():
        if anchor not in french:
            raise Refused(f"{page} has no section {anchor!r} in French (sections: {', '.join(french)})")
        if anchor not in translated:
            raise Refused(f"{lang} {page}#{anchor} is not translated yet: translate it, then record it")
    lines = []
    for anchor in anchors or [anchor for anchor in french if anchor in translated]:
        changed = record.record(page, anchor, french[anchor], today)
        lines.append(f"{lang} {page} {anchor}: {'recorded' if changed else 'current already'}")
    if anchors is None:
        record.keep_only(page, set(french) & set(translated))
        lines += [f"{lang} {page} {anchor}: missing, translate it first" for anchor in french if anchor not in translated]
        lines += [f"{lang} {page} {anchor}: no longer in French, remove it from the translation"
                  for anchor in translated if anchor not in french]
    return lines


def _under(place: str, prefix: str) -> bool:
    return place == prefix or place.startswith((prefix + ".", prefix + "["))


def record_guide(repo: Repository, record: TranslationRecord, lang: str, prefixes: list[str] | None,
                 today: datetime.date) -> list[str]:
    """Records the guide's texts below these places (all where None, forgetting texts no longer
    there); their entries in guide.po lose the fuzzy flag. The lines to print."""
    french = {place: text for place, (_, text) in guide_catalog.french_texts(repo).items()}
    for prefix in prefixes or ():
        if not any(_under(place, prefix) for place in french):
            raise Refused(f"no guide text at {prefix!r} (places as in guide.po's #. comments: outcomes.<id>.why, ...)")
    chosen = [place for place in french if not prefixes or any(_under(place, prefix) for prefix in prefixes)]
    catalog_path = repo.guide_catalog(lang)
    translated = guide_catalog.entries_by_text(guide_catalog.read_catalog(catalog_path, lang))
    ready = [place for place in chosen if (message := translated.get(french[place])) is not None and message.string]
    guide_catalog.mark_current(catalog_path, lang, ready)
    lines = []
    for place in ready:
        changed = record.record(GUIDE, place, sections.normalise(french[place]), today)
        lines.append(f"{lang} {GUIDE} {place}: {'recorded' if changed else 'current already'}")
    lines += [f"{lang} {GUIDE} {place}: missing, translate it first" for place in chosen if place not in ready]
    if not prefixes:
        record.keep_only(GUIDE, set(ready))
    return lines


def record_interface(repo: Repository, record: TranslationRecord, lang: str, domain: Domain,
                     wanted: list[str] | None, today: datetime.date) -> list[str]:
    """Records a catalog's interface strings of these keys or files (all where None, forgetting
    strings no longer there); their entries lose the fuzzy flag. The lines to print."""
    strings = interface_strings.french_strings(repo, domain)
    for given in wanted or ():
        if given not in strings and not any(given in string.files for string in strings.values()):
            raise Refused(f"no {domain.page} string {given!r} (a key as the report gives it, or a file such as "
                          f"{next(iter(domain.shown_on))})")
    chosen = {key: string for key, string in strings.items()
              if not wanted or key in wanted or set(wanted) & set(string.files)}
    catalog_path = repo.catalog(lang, domain.catalog)
    translated = interface_strings.translated(interface_strings.read_catalog(catalog_path, lang))
    ready = {key: string for key, string in chosen.items() if string.french in translated}
    interface_strings.mark_current(catalog_path, lang, [string.french for string in ready.values()])
    lines = []
    for key, string in ready.items():
        changed = record.record(domain.page, key, string.french, today)
        lines.append(f"{lang} {domain.page} {key}: {'recorded' if changed else 'current already'} ({string.files[0]})")
    lines += [f"{lang} {domain.page} {key}: missing, translate it first ({string.files[0]})"
              for key, string in chosen.items() if key not in ready]
    if not wanted:
        record.keep_only(domain.page, set(ready))
    return lines


def record_language(repo: Repository, record: TranslationRecord, lang: str, today: datetime.date) -> list[str]:
    pages = sorted(set(repo.articles(SOURCE_LANGUAGE)) | set(repo.articles(lang))
                   | {page for page in record.pages() if page not in (GUIDE, *INTERFACES)})
    lines = [line for page in pages for line in record_article(repo, record, lang, page, None, today)]
    lines += record_guide(repo, record, lang, None, today)
    return lines + [line for domain in DOMAINS for line in record_interface(repo, record, lang, domain, None, today)]


def _record(args: argparse.Namespace, repo: Repository) -> int:
    today = datetime.date.today()
    languages = _languages()
    if args.all:
        if args.lang:
            raise Refused("--all records every language: give no language")
        chosen = languages
    elif not args.lang:
        raise Refused("say which language to record (or --all)")
    elif args.lang not in languages:
        raise Refused(f"{args.lang!r} is not a translated language of site.toml ({', '.join(languages)})")
    else:
        chosen = [args.lang]
    lines = []
    for lang in chosen:
        record = TranslationRecord(repo.record(lang))
        if not args.page:
            lines += record_language(repo, record, lang, today)
        elif args.page == GUIDE:
            lines += record_guide(repo, record, lang, args.sections or None, today)
        elif args.page in INTERFACES:
            lines += record_interface(repo, record, lang, INTERFACES[args.page], args.sections or None, today)
        else:
            lines += record_article(repo, record, lang, args.page, args.sections or None, today)
        record.save()
    changed = [line for line in lines if "current already" not in line]
    print("\n".join(changed) if changed else "Nothing to record: every translation given was current already.")
    return 0


def _report(args: argparse.Namespace, repo: Repository) -> int:
    from sitebuild.build import site_url
    from sitebuild.translations.report import render_table, write_report

    config = siteconfig.load()
    if args.lang not in config.language_codes:
        raise Refused(f"--lang must be one of {', '.join(config.language_codes)}, not {args.lang!r}")
    status = site_status(config.language_codes, repo)
    names = {code: meta.name for code, meta in config.languages.items()}
    html_path, csv_path, lines = write_report(status, args.out, site_url(), args.lang, names, repo)
    print(render_table(lines) if lines else "Every translation follows the French.", end="" if lines else "\n")
    print(f"{len(lines)} {LAGGING_TEXTS} lag the French. Written: {html_path}, {csv_path}")
    return 0


def _check(args: argparse.Namespace, repo: Repository) -> int:
    from sitebuild.translations.report import render_table, report_lines

    status = site_status(siteconfig.load().language_codes, repo)
    lines = report_lines(status, "", repo)
    if not lines:
        print("Every translation follows the French.")
        return 0
    print(render_table(lines), end="")
    print(f"{len(lines)} {LAGGING_TEXTS} lag the French: `make translations` for the report, "
          "docs/README.md for what to do.", file=sys.stderr)
    return 1


def _update_catalogs(args: argparse.Namespace, repo: Repository) -> int:
    for lang in _languages():
        record = TranslationRecord(repo.record(lang))
        # The templates afresh for each language: an update takes their messages.
        template = interface_strings.read_template(args.guide_pot)
        places, strings = guide_catalog.update(repo.guide_catalog(lang), template, lang, record)
        if places:
            print(f"{lang}: the previous translation kept, fuzzy, for {len(places)} changed French texts: "
                  f"{', '.join(places)}")
        if args.site_pot is not None:
            strings += interface_strings.update(repo.catalog(lang, interface_strings.SITE.catalog),
                                                interface_strings.read_template(args.site_pot), lang, record)
        if strings:
            print(f"{lang}: the previous translation kept, fuzzy, for {len(strings)} changed French interface "
                  f"strings: {' | '.join(strings)}")
        record.save()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.translations", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="the table, var/reports/translations.html and .csv")
    report.add_argument("--out", type=Path, default=REPORTS)
    report.add_argument("--lang", default=SOURCE_LANGUAGE, help="the report's language (default fr)")
    commands.add_parser("check", help="exit status 1 while a translation lags the French")
    record = commands.add_parser("record", help="record translations as current")
    record.add_argument("lang", nargs="?", help="a translated language (de, it, en)")
    record.add_argument("page", nargs="?",
                        help="an article (situations/no-active-login.md), `guide`, `site` or `guide-interface`")
    record.add_argument("sections", nargs="*",
                        help="anchors ('#': the page's start), the guide's places, or interface strings' keys or files")
    record.add_argument("--all", action="store_true", help="every section, guide text and interface string of every language")
    update = commands.add_parser("update-catalogs", help="bring the catalogs up to the extracted texts")
    update.add_argument("guide_pot", type=Path, help="var/catalogs/guide.pot")
    update.add_argument("site_pot", type=Path, nargs="?", help="var/catalogs/site.pot")
    args = parser.parse_args(argv)
    repo = Repository()
    run = {"report": _report, "check": _check, "record": _record, "update-catalogs": _update_catalogs}[args.command]
    try:
        return run(args, repo)
    except (Refused, siteconfig.ConfigError) as error:
        print(error, file=sys.stderr)
        return 2
