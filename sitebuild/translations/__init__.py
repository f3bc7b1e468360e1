"""Translations that stay true: which French text each translation follows, and what lags.

French is the source of every text. For each other language, locales/<lang>/translation-record.json
(record.py) holds, per article section (by its anchor), per guide text (by its place in
flow.toml or requests.toml) and per interface string of site.po and guide.po (by its French's
fingerprint), the French its translation follows; `python -m sitebuild.translations record`
writes it, never a person. When a guide text's French changes, `make catalogs-update` keeps its
previous translation in guide.po, by place, flagged fuzzy, and the build uses it
(guide_catalog.py): a visitor reads the previous translation with a notice, never French. An
interface string keeps its translation by its place in its file (interface_strings.py).

status.py compares the record with the French of today: current, stale (the French changed
since), missing (the French has a section or text the translation lacks), orphan (the translation
has a section the French no longer has), and since when the French has its present form
(history.py, from git). The build shows a notice where a translation lags
(sitebuild/sources/lagging_articles.py, guide/translation.py); report.py and the command line
(cli.py) tell editors and translators what to update.
"""
