"""The ingestion service: editors win, re-extraction, atomicity, people across
articles, and what a batch costs in queries."""

from __future__ import annotations

import multiprocessing
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.extraction import CountryFound, Extraction, PersonFound, QuoteFound, parse_article
from articles.ingest import Options, content_hash, ingest_extracted, ingest_sources, reextract
from articles.models import Article, CountryMention, Origin, Person, PersonAlias, PersonMention, Quote, Status
from articles.sources import Source
from tests import factories

pytestmark = pytest.mark.django_db

SOCHI = """Lavrov meets Pompeo in Sochi

Russian Foreign Minister Sergey Lavrov met US Secretary of State Mike Pompeo in Sochi on Tuesday.

"We see that there are suspicions and prejudices," Lavrov said.

Pompeo said the United States would keep talking to Russia.
"""
LAVROV_SAID = "We see that there are suspicions and prejudices,"


def ingest_file(tmp_path: Path, text: str, *options: str) -> str:
    path = tmp_path / "sochi.txt"
    path.write_text(text)
    out = StringIO()
    call_command("ingest", str(path), "--workers", "1", *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def reextract_all() -> str:
    out = StringIO()
    call_command("ingest", "--reextract", "--workers", "1", stdout=out, stderr=StringIO())
    return out.getvalue()


def source(text: str, label: str = "test.txt") -> Source:
    return Source(label=label, parsed=parse_article(text), ingested_from=label)


def test_it_keeps_every_editor_correction_and_rejection_through_reextract(tmp_path):
    ingest_file(tmp_path, SOCHI)
    article = Article.objects.get()
    pompeo = Person.objects.get(name="Mike Pompeo")
    lavrov = Person.objects.get(name="Sergey Lavrov")
    # An editor rejects Pompeo's mention and Russia's, gives the quote to Pompeo, adds France.
    article.person_mentions.filter(person=pompeo).update(status=Status.REJECTED)
    article.country_mentions.filter(country__code="RU").update(status=Status.REJECTED)
    article.quotes.filter(text=LAVROV_SAID).update(speaker=pompeo, origin=Origin.EDITOR)
    factories.country_mention(article, "FR", spans=[], origin=Origin.EDITOR)
    # A machine row the extraction will not find again.
    stale = factories.person_mention(article, factories.person("Nobody Here"), spans=[])

    out = reextract_all()

    assert "1 re-extracted" in out
    assert article.person_mentions.get(person=pompeo).status == Status.REJECTED
    assert article.person_mentions.get(person=lavrov).status == Status.ACTIVE
    assert article.country_mentions.get(country__code="RU").status == Status.REJECTED
    assert article.country_mentions.get(country__code="FR").origin == Origin.EDITOR
    assert not PersonMention.objects.filter(pk=stale.pk).exists()
    said = article.quotes.get(text=LAVROV_SAID)
    assert (said.speaker, said.origin) == (pompeo, Origin.EDITOR)
    assert article.quotes.count() == 1


def test_it_does_not_recreate_a_rejected_quote_when_the_text_changes_around_it(tmp_path):
    ingest_file(tmp_path, SOCHI)
    Quote.objects.update(status=Status.REJECTED)

    out = ingest_file(tmp_path, SOCHI.replace("on Tuesday", "on Tuesday afternoon"))

    assert "1 updated" in out
    assert list(Quote.objects.values_list("text", "status")) == [(LAVROV_SAID, Status.REJECTED)]


def test_it_removes_nothing_an_editor_added_when_the_text_changes(tmp_path):
    ingest_file(tmp_path, SOCHI)
    article = Article.objects.get()
    added = factories.quote(article, "keep talking", factories.person("Mike Pompeo Jr"), origin=Origin.EDITOR)

    ingest_file(tmp_path, SOCHI.replace("Pompeo said the United States", "Pompeo said America"))

    assert Quote.objects.filter(pk=added.pk, origin=Origin.EDITOR).exists()


def test_it_reextracts_with_the_function_the_admin_calls(tmp_path, nlp):
    ingest_file(tmp_path, SOCHI)
    PersonMention.objects.update(count=99)

    summary = reextract(Article.objects.all(), nlp)

    assert (summary.reextracted, summary.failed) == (1, 0)
    assert not PersonMention.objects.filter(count=99).exists()


def test_it_leaves_no_row_of_an_article_that_fails_midway_and_goes_on_with_the_next():
    failing = Extraction(
        people=[PersonFound(name="Failing Person", aliases=["Failing"], mentions=1, spans=[(0, 7)])],
        countries=[CountryFound(code="NO", mentions=1, spans=[(11, 15)])],
        # Written last, and refused by the database: a paragraph index cannot be negative.
        quotes=[QuoteFound("Oslo", "Failing Person", "Failing", False, -1, 11, 15)],
    )
    fine = Extraction(people=[PersonFound(name="Fine Person", mentions=1, spans=[(0, 4)])])

    summary = ingest_extracted(
        [
            (source("First article\n\nFailing in Oslo today.", "first.txt"), failing),
            (source("Second article\n\nFine, thank you.", "second.txt"), fine),
        ]
    )

    assert (summary.created, summary.failed) == (1, 1)
    assert summary.errors[0].startswith("first.txt: not saved")
    assert list(Article.objects.values_list("title", flat=True)) == ["Second article"]
    assert list(Person.objects.values_list("name", flat=True)) == ["Fine Person"]
    assert not PersonAlias.objects.filter(name="Failing").exists()
    assert not CountryMention.objects.exists() and not Quote.objects.exists()


def test_it_links_a_bare_surname_to_the_one_known_person_and_learns_the_spelling():
    lavrov = factories.person("Sergey Lavrov")
    factories.person("Ivanka Trump")
    factories.person("Donald Trump")

    summary = ingest_extracted(
        [
            (source("Lavrov in Oslo\n\nLavrov and Trump spoke."), Extraction(
                people=[PersonFound(name="Lavrov", mentions=1), PersonFound(name="Trump", mentions=1)]
            )),
        ]
    )

    assert summary.created == 1
    mentioned = dict(Article.objects.get().person_mentions.values_list("person__name", "person"))
    assert mentioned["Sergey Lavrov"] == lavrov.pk
    assert PersonAlias.objects.get(name="Lavrov").person == lavrov
    # Two known Trumps: the bare surname is neither of them.
    assert "Trump" in mentioned and Person.objects.filter(name__endswith="Trump").count() == 3


def test_it_knows_a_person_created_by_one_article_in_the_next_one_of_the_same_run():
    pairs = [
        (source("One\n\nMaria Zakharova spoke."), Extraction(people=[PersonFound(name="Maria Zakharova", mentions=1)])),
        (source("Two\n\nZakharova spoke again."), Extraction(people=[PersonFound(name="Zakharova", mentions=1)])),
    ]

    ingest_extracted(pairs, options=Options(batch_size=2))

    assert list(Person.objects.values_list("name", flat=True)) == ["Maria Zakharova"]
    assert PersonMention.objects.filter(person__name="Maria Zakharova").count() == 2


def test_it_links_a_bare_surname_to_the_full_name_learnt_after_the_surname_alone():
    def said(text: str, *names: str):
        return source(text, label=f"{text[:5]}.txt"), Extraction(people=[PersonFound(name=n, mentions=1) for n in names])

    ingest_extracted([said("One\n\nObama spoke.", "Obama")])
    ingest_extracted([said("Two\n\nBarack Obama spoke.", "Barack Obama")])
    ingest_extracted([said("Three\n\nObama spoke again.", "Obama")])

    barack = Person.objects.get(name="Barack Obama")
    third = Article.objects.get(title="Three")
    assert list(third.person_mentions.values_list("person", flat=True)) == [barack.pk]
    # The surname-only person the first run made is merged into him at the end
    # of the run that learnt the full name: the same people as in one run.
    assert list(Person.objects.values_list("name", flat=True)) == ["Barack Obama"]
    first = Article.objects.get(title="One")
    assert list(first.person_mentions.values_list("person", flat=True)) == [barack.pk]


def test_it_stops_after_the_current_batch_when_asked_to():
    pairs = [
        (source(f"Article {n}\n\nText number {n}."), Extraction())
        for n in range(5)
    ]

    summary = ingest_extracted(pairs, options=Options(batch_size=2, should_stop=lambda: True))

    assert summary.interrupted and summary.created == 2
    assert Article.objects.count() == 2


def test_it_stops_its_extraction_workers_when_the_run_stops_early(nlp):
    sources = [source(f"Talks number {n}\n\nMaria Zakharova spoke in Oslo for the {n}th time.") for n in range(4)]

    summary = ingest_sources(sources, nlp, Options(workers=2, batch_size=1, should_stop=lambda: True))

    assert summary.interrupted and (summary.created, summary.failed) == (1, 0)
    assert Article.objects.count() == 1
    assert multiprocessing.active_children() == []


def test_it_reports_an_article_the_rules_fail_on_and_stores_the_others_with_two_workers(nlp, monkeypatch):
    from articles.extraction import pipeline

    analyse = pipeline.analyse

    def failing_on_bad_news(doc, parsed, *args):
        if parsed.title == "Bad news":
            raise RuntimeError("no rule for this")
        return analyse(doc, parsed, *args)

    monkeypatch.setattr(pipeline, "analyse", failing_on_bad_news)  # the workers are forked after this
    sources = [source("Good news\n\nLavrov spoke.", "good.txt"), source("Bad news\n\nPompeo spoke.", "bad.txt")]

    summary = ingest_sources(sources, nlp, Options(workers=2, batch_size=1))

    assert (summary.created, summary.failed) == (1, 1)
    assert summary.errors == ["bad.txt: extraction failed: RuntimeError: no rule for this"]
    assert list(Article.objects.values_list("title", flat=True)) == ["Good news"]


def test_it_leaves_the_vocabulary_the_size_it_was_however_many_new_words_it_reads(nlp):
    strings = len(nlp.vocab.strings)

    ingest_sources([source("Zorblaxian envoy visits Quenfitt\n\nEnvoy Vrelk Morvanth met Xulqa Trindle in Quenfitt.")], nlp)

    assert Article.objects.count() == 1
    assert len(nlp.vocab.strings) == strings


def test_it_hashes_what_the_reader_sees_not_the_file_layout():
    assert content_hash(parse_article("Title\n\nBody.\n")) == content_hash(parse_article("\r\nTitle\r\n\r\n\r\nBody.  \r\n"))
    assert content_hash(parse_article("Title\n\nBody.")) != content_hash(parse_article("Title\n\nBody!"))


def many_mentions(number: int) -> Extraction:
    return Extraction(
        people=[PersonFound(name=f"Person{number} Number{i}", aliases=[f"Number{i} of {number}"], mentions=2, spans=[(0, 5)]) for i in range(5)],
        countries=[CountryFound(code=code, mentions=1, spans=[(0, 5)]) for code in ("RU", "US", "FR")],
        quotes=[QuoteFound(f"quote {i}", f"Person{number} Number0", "he", False, 0, i * 10, i * 10 + 5) for i in range(3)],
    )


def test_it_stores_a_batch_in_a_number_of_queries_that_does_not_grow_with_its_mentions(django_assert_num_queries):
    pairs = [(source(f"Article {n}\n\n" + "Words here. " * 10), many_mentions(n)) for n in range(2)]
    # Set-up, once per run: people, aliases and articles per person for the
    # resolver (3), country ids (1), organisations and their aliases for theirs
    # (2), load_lookups (4). Then the hashes already stored (1); the batch: SAVEPOINT,
    # stored articles it could match (1), their rows (none to fetch); per article:
    # SAVEPOINT, article slugs (first article only), INSERT article, INSERT its
    # history row, INSERT people, INSERT aliases, INSERT person mentions, INSERT
    # country mentions, INSERT quotes, RELEASE SAVEPOINT; then the batch's derived
    # data, once: the dates its mentions, quotes and event reports carry (5
    # UPDATEs), its search document (PostgreSQL: 1 UPDATE of the vectors;
    # SQLite: the FTS5 rows and the two tables of names, 3) and the article counts
    # of the people, countries and organisations it names (3); then RELEASE SAVEPOINT.
    from django.db import connection

    derived = 5 + (1 if connection.vendor == "postgresql" else 3) + 3
    with django_assert_num_queries(10 + 1 + 3 + 1 + 2 * 9 + derived):
        summary = ingest_extracted(pairs)

    assert summary.created == 2
    assert PersonMention.objects.count() == 10 and CountryMention.objects.count() == 6 and Quote.objects.count() == 6
