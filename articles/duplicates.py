"""Likely duplicates: pairs of people who are probably one human, each with the
evidence a reader can check ("same first name and surname, middle initial
dropped"). The editors' desk lists them and merges a pair in one step; nothing
here merges by itself."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count

from articles.models import Person, PersonMention

# Generational suffixes: "Donald Trump Jr." is his son, not a spelling of him.
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
PARTICLES = {"al", "el", "ad", "bin", "ibn", "de", "da", "di", "van", "von", "der", "le", "la"}
TITLES = {"mr", "mrs", "ms", "dr", "sir", "president", "senator", "sen", "rep", "gov", "prof"}
MAX_GROUP = 60  # a surname shared by more people than this is too common to pair blindly


@dataclass
class Pair:
    first: Person  # the more mentioned of the two
    second: Person
    evidence: list[str]
    together: int = 0  # articles naming both

    @property
    def articles(self) -> int:
        return self.first.article_count + self.second.article_count


def words(name: str) -> list[str]:
    """Lower-case words of a name without accents, dots, titles or particles;
    hyphens and apostrophes split words ("Jong-un" is "jong un")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    tokens = [t for t in re.split(r"[\s\-‐'’.]+", text) if t]
    return [t for t in tokens if t not in TITLES and t not in PARTICLES]


def evidence_for(a: str, b: str) -> list[str]:
    """Why two names may be one human, or [] when they are not (different
    first names, one a Jr., different initials)."""
    wa, wb = words(a), words(b)
    suffix_a, suffix_b = {w for w in wa if w in SUFFIXES}, {w for w in wb if w in SUFFIXES}
    if suffix_a != suffix_b:
        return []  # a father and his son, or two namesakes
    wa, wb = [w for w in wa if w not in SUFFIXES], [w for w in wb if w not in SUFFIXES]
    if not wa or not wb or wa[-1] != wb[-1]:
        return []
    if wa == wb:
        return ["the same name but for spacing, hyphens, accents, particles or case"]
    if len(wa) == 1 or len(wb) == 1:
        return ["a surname alone beside a full name with that surname"]
    first_a, first_b = wa[0], wb[0]
    if first_a != first_b:
        shorter, longer = sorted((first_a, first_b), key=len)
        if len(shorter) == 1 and longer.startswith(shorter):
            reasons = ["a first initial matching the first name"]
        elif len(shorter) >= 3 and longer.startswith(shorter):
            reasons = [f"“{shorter}” as a short form of “{longer}”"]
        else:
            return []
    else:
        reasons = ["the same first name and surname"]
    middle_a, middle_b = wa[1:-1], wb[1:-1]
    if middle_a != middle_b:
        if not middle_a or not middle_b:
            reasons.append("a middle name or initial dropped")
        elif all(x == y or x[0] == y[0] and (len(x) == 1 or len(y) == 1) for x, y in zip(middle_a, middle_b)):
            reasons.append("a middle initial for the middle name")
        else:
            return []
    return reasons


def likely_duplicates(limit: int = 200) -> list[Pair]:
    """The likely duplicates among the people readers see, the most mentioned
    pairs first: one query for the people, two for the articles naming both."""
    people = list(Person.objects.mentioned().with_counts().only("pk", "name", "slug", "article_count"))
    by_surname: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        w = [x for x in words(person.name) if x not in SUFFIXES]
        if w:
            by_surname[w[-1]].append(person)
    pairs = []
    for group in by_surname.values():
        if len(group) < 2 or len(group) > MAX_GROUP:
            continue
        for a, b in combinations(group, 2):
            evidence = evidence_for(a.name, b.name)
            if not evidence:
                continue
            if evidence[0].startswith("a surname alone") and sum(len(words(p.name)) > 1 for p in group) != 1:
                continue  # which of several full names it is, nothing here tells
            first, second = sorted((a, b), key=lambda p: (-p.article_count, p.pk))
            pairs.append(Pair(first, second, evidence))
    pairs.sort(key=lambda pair: (-pair.articles, pair.first.name))
    pairs = pairs[:limit]
    _count_together(pairs)
    return pairs


def _count_together(pairs: list[Pair]) -> None:
    """How many articles name both people of each pair: the articles naming
    two or more of them, then who each of those names."""
    ids = {p.pk for pair in pairs for p in (pair.first, pair.second)}
    if not ids:
        return
    rows = (
        PersonMention.objects.active()
        .filter(person_id__in=ids)
        .values("article_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("article_id", flat=True)
    )
    shared = defaultdict(set)
    for article_id, person_id in PersonMention.objects.active().filter(
        person_id__in=ids, article_id__in=rows
    ).values_list("article_id", "person_id"):
        shared[person_id].add(article_id)
    for pair in pairs:
        pair.together = len(shared[pair.first.pk] & shared[pair.second.pk])
