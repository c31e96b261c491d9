"""People across articles: variants of one name meet, relatives stay apart, and
the result does not depend on the order of the articles or the number of workers."""

from __future__ import annotations

import pytest

from articles.extraction import Extraction, PersonFound, parse_article
from articles.ingest import Options, PeopleIndex, ingest_extracted, ingest_sources
from articles.models import Article, Person, PersonAlias
from articles.sources import Source
from tests import factories

pytestmark = pytest.mark.django_db


def said(title: str, *names: str, aliases: tuple[str, ...] = ()):
    source = Source(label=f"{title}.txt", parsed=parse_article(f"{title}\n\nSomeone spoke."), ingested_from=f"{title}.txt")
    people = [PersonFound(name=name, mentions=1, aliases=list(aliases)) for name in names]
    return source, Extraction(people=people)


VARIANTS = [
    ("One", "Donald J. Trump"),
    ("Two", "Donald Trump"),
    ("Three", "Donald John Trump"),
    ("Four", "Donald Trump Jr."),
    ("Five", "Kim Jong Un"),
    ("Six", "Kim Jong-un"),
    ("Seven", "Bashar al-Assad"),
    ("Eight", "Bashar Assad"),
    ("Nine", "Steve Mnuchin"),
    ("Ten", "Steven Mnuchin"),
]


@pytest.mark.parametrize("order", [1, -1], ids=["in order", "reversed"])
def test_it_makes_one_person_of_the_variants_of_a_name_and_another_of_the_son(order):
    ingest_extracted([said(title, name) for title, name in VARIANTS[::order]], options=Options(batch_size=3))

    people = sorted(Person.objects.values_list("name", flat=True))
    assert len(people) == 5, people
    assert "Donald Trump Jr." in people
    son = Person.objects.get(name="Donald Trump Jr.")
    assert list(Article.objects.filter(person_mentions__person=son).values_list("title", flat=True)) == ["Four"]


def test_it_gives_a_bare_surname_to_the_relative_the_corpus_names_most_or_the_one_the_honorific_says():
    ingest_extracted(
        [said("One", "Donald Trump"), said("Two", "Donald Trump"), said("Three", "Melania Trump")]
    )
    donald, melania = Person.objects.get(name="Donald Trump"), Person.objects.get(name="Melania Trump")

    ingest_extracted([said("Four", "Trump"), said("Five", "Trump", aliases=("Mrs. Trump",))])

    assert Article.objects.get(title="Four").person_mentions.get().person == donald
    assert Article.objects.get(title="Five").person_mentions.get().person == melania


def test_it_does_not_guess_between_people_a_name_fits_equally():
    factories.person("George W. Bush")
    factories.person("George H. W. Bush")

    index = PeopleIndex.load()

    assert index.explain(PersonFound(name="George Bush")) == (None, "several people fit")
    pk, reason = index.explain(PersonFound(name="George Walker Bush"))
    assert Person.objects.get(pk=pk).name == "George W. Bush"
    assert reason == "same surname and first name, middle name written as its initial (George W. Bush)"


def test_it_follows_an_editors_alias_even_for_a_bare_surname():
    factories.person("Donald Trump")
    melania = factories.person("Melania Trump")
    PersonAlias.objects.create(person=melania, name="FLOTUS Trump", origin="editor")
    PersonAlias.objects.create(person=melania, name="Trump", normalised="trump", origin="editor")

    assert PeopleIndex.load().resolve(PersonFound(name="Trump")) == melania.pk


def test_it_reaches_the_same_people_with_two_workers_as_with_one(nlp):
    texts = [
        "Talks in Oslo\n\nVladimir V. Putin met Norwegian officials in Oslo on Monday.",
        "Talks in Bergen\n\nVladimir Putin met Norwegian officials in Bergen on Tuesday.",
        "Talks in Moscow\n\nPresident Vladimir Putin said on Wednesday that the talks went well.",
    ]

    def run(workers: int) -> list[str]:
        Article.objects.all().delete()
        Person.objects.all().delete()
        sources = [Source(label=f"{n}.txt", parsed=parse_article(t), ingested_from=f"{n}.txt") for n, t in enumerate(texts)]
        ingest_sources(sources, nlp, Options(workers=workers, batch_size=1))
        return sorted(Person.objects.values_list("name", flat=True))

    one, two = run(1), run(2)

    assert one == two
    assert len([name for name in one if "Putin" in name]) == 1, one
