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


CORPUS_OF_ONE_HUMAN = [
    ("Rally", "Obama"),  # an article that never names him in full
    ("Speech", "Barack Obama"),
    ("Budget", "Barack Obama"),
    ("Typo", "Barak Obama"),
    ("Debate", "Joseph R. Biden Jr."),
    ("Visit", "Joe Biden"),
    ("Tour", "Joe Biden"),
    ("Son", "Donald Trump Jr."),
    ("Father", "Donald Trump"),
    ("Father again", "Donald Trump"),
]


@pytest.mark.parametrize("order", [1, -1], ids=["in order", "reversed"])
@pytest.mark.parametrize("batch_size", [1, 64])
def test_it_ends_with_one_record_per_human_whatever_the_order_of_the_articles(order, batch_size):
    summary = ingest_extracted(
        [said(title, name) for title, name in CORPUS_OF_ONE_HUMAN[::order]], options=Options(batch_size=batch_size)
    )

    people = sorted(Person.objects.values_list("name", flat=True))
    # A record named after the first spelling met takes the one most articles use.
    assert people == ["Barack Obama", "Donald Trump", "Donald Trump Jr.", "Joe Biden"], (people, summary.merged)
    biden = Person.objects.get(name="Joe Biden")
    assert Article.objects.filter(person_mentions__person=biden).count() == 3
    obama = Person.objects.get(name="Barack Obama")
    titles = Article.objects.filter(person_mentions__person=obama).values_list("title", flat=True)
    assert sorted(titles) == ["Budget", "Rally", "Speech", "Typo"]
    son = Person.objects.get(name="Donald Trump Jr.")
    assert list(Article.objects.filter(person_mentions__person=son).values_list("title", flat=True)) == ["Son"]


def test_it_says_why_it_merged_a_record_stored_before_the_full_name_was_known():
    ingest_extracted([said("Rally", "Obama")])
    assert list(Person.objects.values_list("name", flat=True)) == ["Obama"]

    summary = ingest_extracted([said("Speech", "Barack Obama"), said("Budget", "Barack Obama")])

    assert summary.merged == ["Obama → Barack Obama: the surname of Barack Obama"]
    assert list(Person.objects.values_list("name", flat=True)) == ["Barack Obama"]
    assert "1 people records merged or renamed" in summary.line()


def test_it_never_merges_away_a_record_an_editor_made_or_changed():
    from django.contrib.auth.models import User

    editor = User.objects.create_user("editor")
    ingest_extracted([said("Rally", "Obama")])
    lone = Person.objects.get(name="Obama")
    lone._history_user = editor  # an editor kept this record apart on purpose
    lone.save()

    ingest_extracted([said("Speech", "Barack Obama"), said("Budget", "Barack Obama")])

    assert sorted(Person.objects.values_list("name", flat=True)) == ["Barack Obama", "Obama"]


def test_it_renames_a_record_made_under_a_slip_and_keeps_the_slip_as_an_alias():
    ingest_extracted([said("Typo", "Hilary Clinton"), said("One", "Hillary Clinton"), said("Two", "Hillary Clinton")])

    person = Person.objects.get()
    assert person.name == "Hillary Clinton"
    assert list(person.aliases.values_list("name", flat=True)) == ["Hilary Clinton"]
    assert person.redirects.filter(old_slug="hilary-clinton").exists()


def test_it_keeps_apart_two_people_a_bare_surname_fits_equally():
    ingest_extracted([said("Rally", "Clinton"), said("One", "Bill Clinton"), said("Two", "Hillary Clinton")])

    assert sorted(Person.objects.values_list("name", flat=True)) == ["Bill Clinton", "Clinton", "Hillary Clinton"]


def test_it_gives_a_bare_surname_several_people_fit_to_the_record_of_that_word():
    ingest_extracted([said("Rally", "Clinton"), said("One", "Bill Clinton"), said("Two", "Hillary Clinton")])

    ingest_extracted([said("Dinner", "Clinton")])  # and not a second record "Clinton"

    lone = Person.objects.get(name="Clinton")
    assert sorted(Article.objects.filter(person_mentions__person=lone).values_list("title", flat=True)) == ["Dinner", "Rally"]


@pytest.mark.parametrize("order", [1, -1], ids=["in order", "reversed"])
def test_it_gives_a_name_with_headline_words_glued_to_it_to_the_person_it_holds(order):
    pairs = [
        *[said(f"Hillary {n}", "Hillary Clinton") for n in range(3)],
        *[said(f"Comey {n}", "James Comey") for n in range(3)],
        *[said(f"Father {n}", "Donald Trump") for n in range(4)],
        *[said(f"Son {n}", "Donald Trump Jr.") for n in range(3)],
        said("Glued", "Hillary Clinton Campaign"),
        said("Headline", "Sanctimonious James Comey"),
        said("Son again", "Donald Trump Jr. Fusion"),
        # One article names an Andrew Ross: too little to say a longer name holds him.
        said("Economist", "Andrew Ross"),
        said("Columnist", "Andrew Ross Sorkin"),
    ]
    summary = ingest_extracted(pairs[::order], options=Options(batch_size=1))

    people = sorted(Person.objects.values_list("name", flat=True))
    expected = ["Andrew Ross", "Andrew Ross Sorkin", "Donald Trump", "Donald Trump Jr.", "Hillary Clinton", "James Comey"]
    assert people == expected, (people, summary.merged)
    hillary = Person.objects.get(name="Hillary Clinton")
    assert "Glued" in Article.objects.filter(person_mentions__person=hillary).values_list("title", flat=True)
    son = Person.objects.get(name="Donald Trump Jr.")
    assert "Son again" in Article.objects.filter(person_mentions__person=son).values_list("title", flat=True)
    reason = PeopleIndex.load().explain(PersonFound(name="Sanctimonious James Comey"))[1]
    assert reason in ("a known spelling", "the name of James Comey with other words glued to it")


@pytest.mark.parametrize("order", [1, -1], ids=["in order", "reversed"])
def test_it_gives_a_well_known_name_with_an_s_put_on_it_to_that_person(order):
    pairs = [
        *[said(f"Pence {n}", "Mike Pence") for n in range(3)],
        said("Plural", "Mike Pences"),
        # One article names a Bill Evan: too little to take "Bill Evans" for him.
        said("Evan", "Bill Evan"),
        said("Evans", "Bill Evans"),
    ]
    summary = ingest_extracted(pairs[::order], options=Options(batch_size=1))

    people = sorted(Person.objects.values_list("name", flat=True))
    assert people == ["Bill Evan", "Bill Evans", "Mike Pence"], (people, summary.merged)
    pence = Person.objects.get(name="Mike Pence")
    assert "Plural" in Article.objects.filter(person_mentions__person=pence).values_list("title", flat=True)
