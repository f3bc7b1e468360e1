"""Where the French sources, the translations and their records are, below one repository root
(the tests point it at a copy of the tree)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_LANGUAGE = "fr"
# The guide's declarations of texts (flow.toml, requests.toml), relative to the root.
GUIDE_DECLARATIONS = ("guide/flow.toml", "guide/requests.toml")


@dataclass(frozen=True)
class Repository:
    root: Path = ROOT

    def docs(self, lang: str) -> Path:
        return self.root / "docs" / lang

    def record(self, lang: str) -> Path:
        return self.root / "locales" / lang / "translation-record.json"

    def guide_catalog(self, lang: str) -> Path:
        return self.catalog(lang, "guide.po")

    def catalog(self, lang: str, name: str) -> Path:
        """A catalog (guide.po, site.po) of a language."""
        return self.root / "locales" / lang / "LC_MESSAGES" / name

    def articles(self, lang: str) -> list[str]:
        """The articles of a language, as paths below docs/<lang>/ (situations/no-active-login.md)."""
        folder = self.docs(lang)
        return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.md")) if folder.is_dir() else []
