"""What the language tests share: the catalogues, and a finder of English UI text left in a page."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
RTL = {"ar"}
# The project's apps: what makemessages reads (with the templates) and where the code records events.
APPS = [
    "accounts",
    "capabilities",
    "cmcoord",
    "contacts",
    "deconfliction",
    "guidelines",
    "maps",
    "operations",
    "reports",
    "requests",
]
# Words that are the same in the language of the page: names of the field and of things (HCT, MCDA, CSV...).
# An English msgid whose translation equals it is never reported (the catalogue says it is the right word);
# these are the same words where they come from data rather than from the catalogue.
SAME_IN_EVERY_LANGUAGE = {"HCT", "HC", "MCDA", "CMCoord", "OCHA", "OK", "CSV", "vCard", "Excel (XLSX)", "#"}


def catalogue_path(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


@cache
def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(catalogue_path(language)))


def entry_key(entry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _placeholder_pattern(text: str) -> str:
    """A msgid as a regular expression: each placeholder stands for any text."""
    parts = re.split(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}", text)
    return ".+?".join(re.escape(re.sub(r"\s+", " ", p)) for p in parts)


@cache
def english_ui_pattern(language: str) -> re.Pattern:
    """Matches a whole piece of visible text that is an English msgid this language translates differently."""
    patterns = set()
    for entry in catalogue(language):
        if entry.obsolete or not entry.msgid:
            continue
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for source in sources:
            # Markup inside a blocktranslate splits into several text pieces: compare piece by piece.
            for piece in re.split(r"<[^>]+>", source):
                piece = " ".join(piece.split())
                if len(piece) < 2 or not re.search(r"[A-Za-z]{2}", piece) or piece in SAME_IN_EVERY_LANGUAGE:
                    continue
                if any(piece in " ".join(t.split()) for t in translations):
                    continue  # the same word in this language (a name, an acronym)
                literal = re.sub(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}", "", piece)
                starts_open = re.match(r"\s*(%\(|\{)", piece)
                if starts_open and len(re.findall(r"[A-Za-z]", literal)) < 12:
                    continue  # mostly placeholders ("%(date)s by %(person)s"): it would match any text
                patterns.add(_placeholder_pattern(piece))
    return re.compile("^(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")$")


class _Visible(HTMLParser):
    """Collects the text a person sees or hears: text nodes and the attributes read aloud or shown.

    What a page marks translate="no" is content kept in the language it was written in (a notification
    stored in its recipient's language at the time): not the page's UI text.
    """

    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base"}

    ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "data-label"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.kept = []  # the open elements; True for those marked translate="no"
        self.pieces: list[str] = []
        self.html_attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.kept.append(dict(attrs).get("translate") == "no")
        if tag in ("script", "style", "title"):
            self.skip += 1
        if tag == "html":
            self.html_attrs = {k: v or "" for k, v in attrs}
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.pieces.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.pieces.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.kept:
            self.kept.pop()
        if tag in ("script", "style", "title") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and not any(self.kept) and data.strip():
            self.pieces.append(data)


def visible_text(html: str) -> tuple[dict, list[str]]:
    """(attributes of <html>, the pieces of visible text, whitespace collapsed)."""
    parser = _Visible()
    parser.feed(html)
    return parser.html_attrs, [" ".join(p.split()) for p in parser.pieces if p.strip()]


def english_left(text_pieces: list[str], language: str, allowed: set[str] = frozenset()) -> list[str]:
    """The pieces that are English UI text in a page meant to be in `language`."""
    pattern = english_ui_pattern(language)
    found = []
    for piece in text_pieces:
        candidate = piece.strip(" .,:;·—–-…*()")
        if candidate in allowed or candidate in SAME_IN_EVERY_LANGUAGE:
            continue
        if pattern.match(piece) or pattern.match(candidate):
            found.append(piece)
    return found
