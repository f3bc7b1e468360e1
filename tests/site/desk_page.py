"""Reads the support desk out of a built page (/<lang>/support/): its groups and answers as the
markup gives them (sitebuild/templates/support_desk.html.j2), for the site and browser tests."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class DeskAnswer:
    id: str
    group: str                                          # the group's heading
    attrs: dict
    reply_lang: str = ""
    reply_text: str = ""                                # the reply shown without JavaScript
    links: dict = field(default_factory=dict)           # hreflang -> href of "the link in every language"
    versions: dict = field(default_factory=dict)        # lang -> the <template>'s attributes


class _DeskParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.answers: list[DeskAnswer] = []
        self.groups: list[str] = []
        self.in_heading = False
        self.in_reply = 0
        self.in_template = False
        self.answer: DeskAnswer | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2" and (attrs.get("id") or "").startswith("desk-group-"):
            self.in_heading = True
            self.groups.append("")
        elif tag == "details" and "data-answer" in attrs:
            self.answer = DeskAnswer(attrs["data-answer-id"], self.groups[-1], attrs)
            self.answers.append(self.answer)
        elif tag == "template" and self.answer:
            self.answer.versions[attrs["data-answer-lang"]] = attrs
            self.in_template = True
        elif self.answer and not self.in_template:
            if "data-answer-reply" in attrs:
                self.answer.reply_lang = attrs.get("lang", "")
                self.in_reply = 1
            elif self.in_reply and tag not in ("br",):
                self.in_reply += 1
            if tag == "a" and attrs.get("hreflang"):
                self.answer.links[attrs["hreflang"]] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_heading = False
        elif tag == "template":
            self.in_template = False
        elif tag == "details":
            self.answer = None
        elif self.in_reply and not self.in_template:
            self.in_reply -= 1

    def handle_data(self, data):
        if self.in_heading:
            self.groups[-1] += data
        elif self.in_reply and self.answer and not self.in_template:
            self.answer.reply_text += data


def desk_answers(page: Path) -> list[DeskAnswer]:
    parser = _DeskParser()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser.answers
