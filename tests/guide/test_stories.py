"""The visitor stories of scenarios.md and of the deciding facts: each reaches its outcome, in every language, both
through the engine and by following the static pages' links as a visitor without JavaScript."""
import pytest

from guide import urls
from guide.engine import step
from guide.step_html import all_pages
from guide.render import render_message, request_of
from guide.validation import validate

from .conftest import load_stories
from .htmlpages import follow, read

STORIES = [(story, answers) for story in load_stories() for answers in story["answers"]]
IDS = [f"story{story['number']}:{'/'.join(answers)}" for story, answers in STORIES]


def test_every_story_of_scenarios_md_is_encoded():
    numbers = {story["number"] for story in load_stories()}
    assert numbers >= set(range(1, 11))
    # A story beyond scenarios.md stands for a deciding fact (tests/guide/fact-map.toml).
    assert all(story.get("fact") for story in load_stories() if story["number"] > 10)


@pytest.mark.parametrize("story, answers", STORIES, ids=IDS)
def test_the_engine_takes_the_story_to_its_outcome(flow, story, answers):
    reached = step(flow, answers)
    assert reached.is_outcome and reached.node.id == story["outcome"], story["says"]


@pytest.fixture(scope="module")
def site(flow, texts):
    return {page.location: page for page in all_pages(flow, texts)}


@pytest.mark.parametrize("story, answers", STORIES, ids=IDS)
def test_a_visitor_following_the_links_reaches_the_outcome(flow, texts, site, story, answers):
    location = urls.step_location(())
    for answer in answers:
        page = site[location]
        question = flow.questions[page.node]
        label = " ".join(texts.plain(question.option(answer).label).split())
        chosen = [link for link in read(page.html).links if "guide-option" in link["class"] and link["text"] == label]
        assert len(chosen) == 1, f"no single link {label!r} on {page.src_uri}"
        location, _ = follow(location, chosen[0]["href"])
    page = site[location]
    assert page.outcome == story["outcome"]
    assert read(page.html).h1 == [texts.plain(flow.outcomes[story["outcome"]].title)]


def test_story_3_lists_both_logins_for_deactivation(flow, fund, texts):
    story = next(story for story in load_stories() if story["number"] == 3)
    outcome = flow.outcomes[story["outcome"]]
    request = request_of(outcome)
    values = {"company": "Muster AG", "member_number": "100.234", "contact_person": "Eva Meier",
              "phone": "+41 44 555 66 77", "email": "eva.meier@muster.ch",
              "logins_to_deactivate": "\n".join(story["logins_to_deactivate"])}
    checked = validate(request, values, texts.lang)
    assert checked.ok, checked.errors
    assert checked.cleaned["logins_to_deactivate"] == tuple(story["logins_to_deactivate"])
    email = render_message(request, checked.cleaned, texts)
    for login in story["logins_to_deactivate"]:
        assert f"- {login}\n" in email.body
