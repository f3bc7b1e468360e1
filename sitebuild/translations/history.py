"""Since when a French text has its present form: the day of the commit that brought it to the
repository's main line (git, `--first-parent`: the day a merged branch landed), or today for a
change not committed yet. Where there is no history (a copy of the tree, an archive), today: the
day the build first shows the change, as mkdocs-git-revision-date-localized-plugin falls back to
the build's date. A shallow clone knows its oldest commit only: its day, then.

Asked only for texts whose translation lags: a site whose translations all follow the French
needs no git at all.
"""
from __future__ import annotations

import datetime
import functools
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

from sitebuild.translations.sections import normalise

# A file's whole text -> its normalised texts by key (sections by anchor, guide texts by place).
Parse = Callable[[str], Mapping[str, str]]


class FrenchHistory:
    def __init__(self, root: Path, today: datetime.date | None = None):
        self.root = root.resolve()
        self.today = today or datetime.date.today()

    def _git(self, *args: str) -> str | None:
        try:
            run = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return run.stdout if run.returncode == 0 else None

    @functools.cached_property
    def _has_history(self) -> bool:
        """The root is a git repository's top (not a folder inside another repository)."""
        top = self._git("rev-parse", "--show-toplevel")
        return top is not None and Path(top.strip()).resolve() == self.root

    @functools.cache
    def _commits(self, path: str) -> tuple[tuple[str, datetime.date], ...]:
        """The main line's commits that changed the file, newest first, with their days."""
        log = self._git("log", "--first-parent", "--format=%H %cs", "--", path) if self._has_history else None
        return tuple((sha, datetime.date.fromisoformat(day))
                     for sha, day in (line.split() for line in (log or "").splitlines() if line.strip()))

    @functools.cache
    def _parsed(self, sha: str, path: str, parse: Parse) -> Mapping[str, str]:
        text = self._git("show", f"{sha}:{path}")
        try:
            return {} if text is None else parse(text)
        except ValueError:        # a version that does not parse (TOML, a page's anchors) has no text
            return {}

    def since(self, path: str, parse: Parse, key: str, current: str) -> datetime.date:
        """The day the text at `key` of `path` (relative to the root) took the form `current`."""
        current = normalise(current)
        commits = self._commits(path)
        if not commits or self._parsed(commits[0][0], path, parse).get(key) != current:
            return self.today                      # no history, or changed since the last commit
        day = commits[0][1]
        for sha, older in commits[1:]:
            if self._parsed(sha, path, parse).get(key) != current:
                break
            day = older
        return day
