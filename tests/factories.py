"""Plain functions that make rows for tests.

Each takes keyword overrides and returns the saved object. Offsets are worked
out from the text where the caller does not give them, so a test can say
"Lavrov is mentioned here" and get spans that point at the word in the body.
Countries are reference data loaded by migration 0002: use country("RU").
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import date

import pytest
from django.core.cache import cache

from articles.models import (
    Article,
    Country,
    CountryMention,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    PersonRedirect,
    Quote,
    Status,
    unique_slug,
)

_sequence = itertools.count(1)


@pytest.fixture
def fresh_cache():
    """Empties the cache around a test (the footer's totals are cached); import
    it into a test module and use it, or mark it autouse there."""
    cache.clear()
    yield
    cache.clear()


def article(title: str | None = None, body: str | None = None, **fields) -> Article:
    """An article; `paragraphs` (a list) may be given instead of `body`."""
    number = next(_sequence)
    title = title or f"Article number {number}"
    if body is None:
        paragraphs = fields.pop("paragraphs", None) or [f"Paragraph one of article {number}.", "Paragraph two."]
        body = "\n\n".join(paragraphs)
    values = {
        "title": title,
        "body": body,
        "published": date(2019, 5, 14),
        "source": "Test Wire",
        "content_hash": hashlib.sha256(f"{number}\n{title}\n{body}".encode()).hexdigest(),
    }
    values.update(fields)
    if "slug" not in values:
        values["slug"] = unique_slug(Article, title)
    return Article.objects.create(**values)


def person(name: str = "Sergey Lavrov", aliases: tuple[str, ...] = (), **fields) -> Person:
    created = Person.objects.create(name=name, **fields)
    for alias in aliases:
        PersonAlias.objects.create(person=created, name=alias)
    return created


def country(code: str) -> Country:
    return Country.objects.get(code=code.upper())


def spans_of(text: str, needle: str) -> list[list[int]]:
    """[start, end] of every occurrence of `needle` in `text`."""
    spans, start = [], text.find(needle)
    while needle and start != -1:
        spans.append([start, start + len(needle)])
        start = text.find(needle, start + len(needle))
    return spans


def person_mention(of: Article, who: Person, as_written: str | None = None, **fields) -> PersonMention:
    """Mentions `who` in `of`, with spans at every occurrence of `as_written`
    (default: the person's name) unless spans are given."""
    return _mention(PersonMention, of, person=who, as_written=as_written or who.name, **fields)


def country_mention(of: Article, where: Country | str, as_written: str | None = None, **fields) -> CountryMention:
    if isinstance(where, str):
        where = country(where)
    return _mention(CountryMention, of, country=where, as_written=as_written or where.name, **fields)


def _mention(model, of: Article, as_written: str, **fields):
    spans = fields.pop("spans", None)
    if spans is None:
        spans = spans_of(of.body, as_written)
    values = {
        "count": max(len(spans), 1),
        "spans": spans,
        "first_offset": spans[0][0] if spans else None,
        "origin": Origin.MACHINE,
        "status": Status.ACTIVE,
    }
    values.update(fields)
    return model.objects.create(article=of, **values)


def quote(of: Article, text: str, speaker: Person | None = None, **fields) -> Quote:
    """A quote; when `text` occurs in the body its start, end and paragraph are
    found there, else they stay empty (paragraph 0)."""
    values = {"speaker": speaker, "origin": Origin.MACHINE, "status": Status.ACTIVE}
    start = of.body.find(text)
    if start != -1 and "start" not in fields:
        values.update(start=start, end=start + len(text), paragraph=of.body[:start].count("\n\n"))
    if speaker is not None:
        values["speaker_as_written"] = speaker.name
    values.update(fields)
    return Quote.objects.create(article=of, text=text, **values)


def redirect(old_slug: str, to: Person) -> PersonRedirect:
    return PersonRedirect.objects.create(old_slug=old_slug, person=to)


def lavrov_article(**fields) -> tuple[Article, Person, Quote]:
    """A small realistic article: Lavrov and Pompeo in Sochi, Russia and the
    United States mentioned, one quote by Lavrov."""
    paragraphs = [
        "Russian Foreign Minister Sergey Lavrov met Mike Pompeo in Sochi, Russia on Tuesday.",
        '"We see that there are suspicions and prejudices," Lavrov said.',
        "Pompeo said the United States would keep talking.",
    ]
    body = "\n\n".join(paragraphs)
    created = article(fields.pop("title", "Pompeo meets Lavrov in Sochi"), body, **fields)
    lavrov = Person.objects.filter(name="Sergey Lavrov").first() or person("Sergey Lavrov", aliases=("Lavrov",))
    pompeo = Person.objects.filter(name="Mike Pompeo").first() or person("Mike Pompeo", aliases=("Pompeo",))
    person_mention(created, lavrov, spans=spans_of(body, "Sergey Lavrov") + [[body.find("Lavrov said"), body.find("Lavrov said") + 6]])
    person_mention(created, pompeo, spans=[[body.find("Mike Pompeo"), body.find("Mike Pompeo") + 11]] + [[body.rfind("Pompeo said"), body.rfind("Pompeo said") + 6]])
    russia = body.find("Russia on")
    country_mention(created, "RU", spans=[[russia, russia + 6]])
    country_mention(created, "US", spans=spans_of(body, "United States"))
    said = quote(created, "We see that there are suspicions and prejudices,", lavrov)
    return created, lavrov, said
