"""Split an article file into title, standfirst, caption, credit, date and body.

Pure Python: no spaCy, no database.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from articles.extraction.types import ParsedArticle

HEADER_KEYS = {"title", "date", "source", "url"}
HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z]+):\s*(?P<value>.*)$")

# Whole lines that scrapers and translation widgets leave behind.
BOILERPLATE = re.compile(
    r"^(?:powered by automated translation|advertisement|read more\b.*|read the rest( here)?\.?"
    r"|click here\b.*|sign up\b.*|share this( article)?:?|share on (?:facebook|twitter)"
    r"|related:?.{0,80}|continue reading\.?.*|image copyright.*|image caption.*|getty images"
    r"|enlarge this image|toggle caption|skip advertisement"
    # A video widget's line: "JUST WATCHED <headline> Replay More Videos ... MUST WATCH <headline> 01:29".
    r"|(?-i:JUST WATCHED)\b.*)\s*$",
    re.IGNORECASE,
)

AGENCIES = r"(?:REUTERS|Reuters|AFP|AP Photo|AP|Getty Images|EPA|EPA-EFE|Bloomberg|Xinhua|TASS|Sputnik|Shutterstock|Pool)"
# "Pavel Golovkin/Pool via REUTERS", "Ed Jones/AFP/Getty Images", "(AP Photo/Evan Vucci)",
# "Photo: AFP", "REUTERS/Kevin Lamarque".
CREDIT_TAIL = re.compile(
    r"(?:^|(?<=[.!?)\]])\s+|\s+(?=\())(?P<credit>\(?(?:Photo(?:graph)?s?:?\s*|Image:?\s*|Credit:?\s*)?"
    r"(?:[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3}\s*/\s*[^.]{0,60}"
    r"|[^.]{0,40}\b" + AGENCIES + r"\b[^.]{0,40})\)?)\s*$"
)
TOGGLE_CAPTION = re.compile(r"^(?:enlarge this image\s+)?toggle caption\s+(?P<credit>.*)$", re.IGNORECASE)

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DATE_MDY = re.compile(rf"\b(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b")
DATE_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\.?,?\s+(?P<year>(?:19|20)\d\d)\b")
DATE_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")


def parse_article(text: str) -> ParsedArticle:
    """The parts of an article file: an optional `Key: value` header block, the
    title line, an optional standfirst and photo caption, then the body."""
    lines = [line.strip() for line in _clean(text).split("\n")]
    header, lines = _header(lines)
    paragraphs = [line for line in lines if line and not BOILERPLATE.match(line)]
    title = header.get("title") or (paragraphs.pop(0) if paragraphs else "")
    paragraphs = [p for p in paragraphs if p != title] if title else paragraphs
    standfirst, caption, credit, paragraphs = _front_matter(paragraphs)
    published = _parse_date(header.get("date", "")) or _find_date(caption) or _find_date(standfirst)
    return ParsedArticle(
        title=title,
        standfirst=standfirst,
        caption=caption,
        credit=credit,
        published=published,
        source=header.get("source", ""),
        url=header.get("url", ""),
        paragraphs=tuple(paragraphs),
    )


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    return HOVER_CARD.sub(_without_hover_card, text) if " MORE" in text else text


# A news site's pop-up card scraped into the sentence after a name: the full name again,
# the surname run into the first of its recent headlines, more headlines, then "MORE":
# "Sen. John Cornyn John CornynGOP senators balk at … | Senate GOP waves … MORE (R-Texas) told".
HOVER_CARD = re.compile(
    r"(?P<surname>[A-Z][\w'\u2019-]+) (?P<card>(?:[A-Z(][\w'\u2019.()-]* ){0,4}(?P=surname)"
    r"(?=[A-Z\d'\u2018\u2019\"\u201c])[^\n]{0,600}? MORE)\b"
)


def _without_hover_card(match: re.Match) -> str:
    return match.group("surname")


def _header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A leading block of known `Key: value` lines ended by a blank line."""
    while lines and not lines[0]:
        lines = lines[1:]
    header = {}
    for position, line in enumerate(lines):
        if not line:
            return (header, lines[position + 1 :]) if header else ({}, lines)
        match = HEADER_LINE.match(line)
        if not match or match["key"].lower() not in HEADER_KEYS:
            return {}, lines
        header[match["key"].lower()] = match["value"].strip()
    return {}, lines


def _front_matter(paragraphs: list[str]) -> tuple[str, str, str, list[str]]:
    """Standfirst and caption come before the body; a caption is known by its
    credit, a standfirst by standing before a caption or by having no final stop."""
    standfirst = caption = credit = ""
    for position in range(min(3, len(paragraphs))):
        split = _split_caption(paragraphs[position])
        if split:
            caption, credit = split
            before = paragraphs[:position]
            if len(before) == 1:
                standfirst = before[0]
            body = paragraphs[position + 1 :] if len(before) <= 1 else before + paragraphs[position + 1 :]
            return standfirst, caption, credit, body
    if len(paragraphs) > 1 and _looks_like_standfirst(paragraphs[0]):
        return paragraphs[0], "", "", paragraphs[1:]
    return "", "", "", paragraphs


def _split_caption(paragraph: str) -> tuple[str, str] | None:
    toggle = TOGGLE_CAPTION.match(paragraph)
    if toggle:
        return "", toggle["credit"].strip()
    if len(paragraph) > 600:
        return None
    match = CREDIT_TAIL.search(paragraph)
    if not match or '"' in match["credit"] or "\u201c" in match["credit"]:
        return None
    caption = paragraph[: match.start("credit")].strip()
    return caption, match["credit"].strip().strip("()").strip()


def _looks_like_standfirst(paragraph: str) -> bool:
    return len(paragraph) < 300 and not paragraph.rstrip().endswith((".", '"', "\u201d", "?", "!", ":", "'"))


def _find_date(text: str) -> date | None:
    for pattern in (DATE_MDY, DATE_DMY):
        match = pattern.search(text)
        if match:
            found = _to_date(match["year"], match["month"], match["day"])
            if found:
                return found
    return None


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    match = DATE_ISO.search(value)
    if match:
        return _to_date(match["year"], match["month"], match["day"])
    return _find_date(value)


def _to_date(year: str, month: str, day: str) -> date | None:
    try:
        month_number = int(month) if month.isdigit() else datetime.strptime(month[:3], "%b").month
        return date(int(year), month_number, int(day))
    except ValueError:
        return None
