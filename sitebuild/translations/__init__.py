"""Translations that stay true: which French text each translation follows, and what lags.

French is the source of every text. For the other languages:

    articles (docs/<lang>/)   per page and section anchor, the French section it was translated
                              from: locales/<lang>/article-record.json (record.py), written by
                              `python -m sitebuild.translations record`, never by hand
    guide texts (guide.po)    gettext's own record: an entry's msgid is the French it follows; when
                              a French text changes, `make catalogs-update` carries the previous
                              translation to the new text by the text's place (flow.toml,
                              requests.toml), marked fuzzy with the previous French (`#|`), and
                              the build uses it (guide_catalog.py)

status.py compares them with the French of today: current, stale (the French changed since),
missing (the French has a section or text the translation lacks), orphan (the translation has a
section the French no longer has), and since when the French has its present form (history.py,
from git). The build shows a notice where a translation lags (sitebuild/sources/lagging_articles.py,
guide/translation.py); report.py and the command line (__main__.py) tell editors and translators
what to update.
"""
