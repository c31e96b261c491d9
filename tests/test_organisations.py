"""Organisations at the database: stored once per organisation across articles,
quotes spoken by an organisation or a government, the organisation pages and
filters, and the real model on a short text."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.extraction import CountryFound, Extraction, OrganisationFound, PersonFound, QuoteFound
from articles.ingest import ingest_extracted, ingest_sources
from articles.models import Organisation, OrganisationAlias, OrganisationMention, Quote, SpeakerKind
from tests import factories as f
from tests.test_ingest import source

pytestmark = pytest.mark.django_db

TEXT = (
    "Talks on Monday\n\n"
    '"We regret it," the Kremlin said.\n\n'
    '"It was useful," Kremlin spokesman Dmitry Peskov said.\n\n'
    '"No comment," Moscow said, calling it a "provocation".'
)


def extraction(kremlin_alias: str = "the Kremlin") -> Extraction:
    body = TEXT.split("\n\n", 1)[1]

    def at(words: str) -> tuple[int, int]:
        start = body.index(words)
        return start, start + len(words)

    return Extraction(
        people=[PersonFound("Dmitry Peskov", mentions=1, spans=[at("Dmitry Peskov")])],
        countries=[CountryFound("RU", mentions=1, spans=[at("Moscow")])],
        organisations=[OrganisationFound("Kremlin", "government", "RU", [kremlin_alias], 2, [at("Kremlin said")])],
        quotes=[
            QuoteFound("We regret it,", "Kremlin", "the Kremlin", False, 0, *at("We regret it,"),
                       speaker_kind="organisation", speaker_organisation="Kremlin", speaker_country="RU"),
            QuoteFound("It was useful,", "Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", False, 1, *at("It was useful,"),
                       speaker_kind="person", speaker_organisation="Kremlin", speaker_country="RU"),
            QuoteFound("No comment,", "Russia", "Moscow", False, 2, *at("No comment,"),
                       speaker_kind="country", speaker_country="RU"),
            QuoteFound("provocation", "Russia", "Moscow", True, 2, *at("provocation"),
                       speaker_kind="country", speaker_country="RU"),
        ],
    )


def test_it_stores_who_speaks_a_person_an_organisation_or_a_government():
    summary = ingest_extracted([(source(TEXT), extraction())])
    assert summary.created == 1

    kremlin = Organisation.objects.get()
    assert (kremlin.name, kremlin.kind, kremlin.country.code) == ("Kremlin", "government", "RU")
    assert list(kremlin.aliases.values_list("name", flat=True)) == ["the Kremlin"]
    assert OrganisationMention.objects.get().count == 2
    said = {q.text: q for q in Quote.objects.select_related("speaker", "speaker_organisation", "speaker_country")}
    assert (said["We regret it,"].speaker_kind, said["We regret it,"].who) == (SpeakerKind.ORGANISATION, kremlin)
    assert said["It was useful,"].who.name == "Dmitry Peskov" and said["It was useful,"].speaker_organisation == kremlin
    assert said["No comment,"].who.code == "RU" and said["No comment,"].speaker_kind == SpeakerKind.COUNTRY


def test_it_keeps_one_organisation_across_articles_and_learns_new_spellings():
    ingest_extracted([(source(TEXT), extraction())])
    ingest_extracted([(source(TEXT.replace("Monday", "Tuesday"), label="b.txt"), extraction("Kremlin officials"))])
    assert Organisation.objects.count() == 1
    assert set(OrganisationAlias.objects.values_list("name", flat=True)) == {"the Kremlin", "Kremlin officials"}
    assert OrganisationMention.objects.count() == 2


def test_it_shows_an_organisation_page_with_its_quotes_and_who_speaks_for_it(client):
    ingest_extracted([(source(TEXT), extraction())])
    kremlin = Organisation.objects.get()

    page = client.get(kremlin.get_absolute_url())

    html = page.content.decode()
    assert page.status_code == 200
    assert "We regret it" in html and "Dmitry Peskov" in html
    assert [p.name for p in page.context["spokespeople"]] == ["Dmitry Peskov"]
    listing = client.get(reverse("articles:organisation_list")).content.decode()
    assert "Kremlin" in listing and "Government or ministry" in listing


def test_it_filters_articles_and_quotes_by_organisation_and_leads_with_full_quotations(client):
    ingest_extracted([(source(TEXT), extraction())])
    other = f.article("Unrelated", "Nothing here.")
    kremlin = Organisation.objects.get()

    articles = client.get(reverse("articles:article_list"), {"organisation": kremlin.slug})
    assert [a.title for a in articles.context["page"].object_list] == ["Talks on Monday"]
    assert other.title not in articles.content.decode()

    full = client.get(reverse("articles:quote_list"))
    assert "provocation" not in [q.text for q in full.context["page"].object_list]
    with_fragments = client.get(reverse("articles:quote_list"), {"fragments": "on"})
    assert "provocation" in [q.text for q in with_fragments.context["page"].object_list]
    by_kremlin = client.get(reverse("articles:quote_list"), {"organisation": kremlin.slug})
    assert sorted(q.text for q in by_kremlin.context["page"].object_list) == ["It was useful,", "We regret it,"]


def test_it_costs_the_same_queries_for_a_busy_organisation(client, django_assert_num_queries):
    ingest_extracted([(source(TEXT), extraction())])
    kremlin = Organisation.objects.get()
    for n in range(2):
        if n:
            for k in range(15):
                ingest_extracted([(source(TEXT.replace("Monday", f"day {k}"), label=f"{k}.txt"), extraction())])
        # the organisation with its counts; its newest articles; the ids of
        # its newest 1,000 (counted over by the next two); named with
        # (people, countries); the timeline; all articles per month; its
        # quotes; who speaks for it; aliases; the footer's totals
        cache.clear()
        with django_assert_num_queries(11):
            assert client.get(kremlin.get_absolute_url()).status_code == 200


def test_it_stores_the_kremlin_as_a_speaking_organisation_from_real_text(nlp):
    text = "Kremlin rejects claims\n\n" + '"These accusations are absurd," the Kremlin said on Monday.'
    ingest_sources([source(text)], nlp)
    quote = Quote.objects.select_related("speaker_organisation").get()
    assert quote.speaker_kind == SpeakerKind.ORGANISATION
    assert quote.speaker_organisation.name == "Kremlin" and quote.speaker_organisation.country.code == "RU"


def test_an_organisation_has_its_feed_its_articles_csv_and_a_csv_of_the_list_and_quotes_say_who_speaks(client):
    import csv
    import io

    import feedparser

    ingest_extracted([(source(TEXT), extraction())])
    cache.clear()
    kremlin = Organisation.objects.get(name="Kremlin")

    page = client.get(kremlin.get_absolute_url()).content.decode()
    feed_url = reverse("articles:organisation_feed", args=[kremlin.slug])
    csv_url = reverse("articles:organisation_articles_csv", args=[kremlin.slug])
    assert f'rel="alternate" type="application/atom+xml"' in page and feed_url in page and csv_url in page
    feed = feedparser.parse(client.get(feed_url).content)
    assert not feed.bozo and [entry.title for entry in feed.entries] == ["Talks on Monday"]
    articles = list(csv.DictReader(io.StringIO(b"".join(client.get(csv_url).streaming_content).decode("utf-8-sig"))))
    assert [row["title"] for row in articles] == ["Talks on Monday"]

    listing = client.get(reverse("articles:organisation_list")).content.decode()
    assert 'href="/organisations.csv" download' in listing
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get("/organisations.csv").streaming_content).decode("utf-8-sig"))))
    assert [(row["name"], row["country"], row["articles"]) for row in rows] == [("Kremlin", "Russia", "1")]

    quotes = list(csv.DictReader(io.StringIO(
        b"".join(client.get("/quotes.csv", {"fragments": "on"}).streaming_content).decode("utf-8-sig")
    )))
    assert {row["quote"]: row["speaker"] for row in quotes} == {
        "We regret it,": "Kremlin", "It was useful,": "Dmitry Peskov", "No comment,": "Russia", "provocation": "Russia",
    }
    assert client.get("/organisations/no-such-body/articles.atom").status_code == 404
