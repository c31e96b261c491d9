"""CSV of every list: each page's whole filtered result, not just the page
shown, for people who take the data to a spreadsheet.

Streamed: rows are written as the database hands them over (QuerySet
.iterator in chunks, each chunk's people and countries prefetched in two
queries), so 30,000 articles never sit in memory at once. The filters are
parsed exactly as the page parses them (the same forms and QuerySets), and
an unknown filter is ignored as the page ignores it.
"""

from __future__ import annotations

import csv
from datetime import date

from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse

from articles.api import articles_of, filtered_articles, filtered_quotes
from articles.forms import EventFilterForm, SearchForm
from articles.models import Country, CountryMention, Organisation, Person, PersonMention

CHUNK = 2000
# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP's list: tab and carriage return open one too in some programs).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NAMES_SEPARATOR = "; "


def cell(value) -> str | int:
    """A value as a spreadsheet should see it: dates ISO, None empty, and text
    that would start a formula prefixed with an apostrophe, which spreadsheets
    read as "this is text" and do not show."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    if isinstance(value, date):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """csv.writer writes to this and gets each row back as a string."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        # The byte-order mark tells Excel the file is UTF-8 (it guesses otherwise).
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Articles.

ARTICLE_HEADER = ["date", "title", "outlet", "url", "page", "people", "countries"]


def with_all_entities(articles):
    """Every active person and country of each article, most mentioned first
    (the lists show six; a file has room for all)."""
    return articles.prefetch_related(
        Prefetch(
            "person_mentions",
            queryset=PersonMention.objects.active()
            .select_related("person")
            .only("article_id", "count", "person__name")
            .order_by("-count", "person__name"),
            to_attr="all_people",
        ),
        Prefetch(
            "country_mentions",
            queryset=CountryMention.objects.active()
            .select_related("country")
            .only("article_id", "count", "country__name")
            .order_by("-count", "country__name"),
            to_attr="all_countries",
        ),
    )


def article_csv(request, articles, filename: str) -> StreamingHttpResponse:
    articles = with_all_entities(
        articles.only("id", "title", "slug", "published", "source", "url").newest_first()
    )
    rows = (
        [
            article.published,
            article.title,
            article.source,
            article.url,
            request.build_absolute_uri(article.get_absolute_url()),
            NAMES_SEPARATOR.join(m.person.name for m in article.all_people),
            NAMES_SEPARATOR.join(m.country.name for m in article.all_countries),
        ]
        for article in articles.iterator(chunk_size=CHUNK)
    )
    return csv_response(filename, ARTICLE_HEADER, rows)


def articles_csv(request):
    """The article search's result, with its words, people, countries and dates."""
    *_, articles = filtered_articles(request.GET)
    return article_csv(request, articles, "articles.csv")


def find_person(slug: str) -> Person:
    """The person at `slug`, or the one it was merged into (a saved link or a
    feed subscription outlives a merge)."""
    person = Person.objects.filter(slug=slug).first() or Person.objects.filter(redirects__old_slug=slug).first()
    if person is None:
        raise Http404("No person with that address.")
    return person


def person_articles_csv(request, slug):
    person = find_person(slug)
    return article_csv(request, articles_of(person=person), f"articles-{person.slug}.csv")


def find_country(code: str) -> Country:
    """The country of a two-letter code in an address, any case."""
    country = Country.objects.filter(code=code.upper()).first() if len(code) == 2 else None
    if country is None:
        raise Http404("No country with that code.")
    return country


def country_articles_csv(request, code):
    country = find_country(code)
    return article_csv(request, articles_of(country=country), f"articles-{country.code.lower()}.csv")


def find_organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No organisation with that address.")
    return organisation


def organisation_articles_csv(request, slug):
    organisation = find_organisation(slug)
    return article_csv(request, articles_of(organisation=organisation), f"articles-{organisation.slug}.csv")


# Quotes, people, countries, organisations.

QUOTE_HEADER = ["date", "speaker", "quote", "kind", "speaker_as_written", "article", "outlet", "url", "page"]


def quotes_csv(request):
    """The quotes page's result (words, speaker, country)."""
    _, quotes = filtered_quotes(request.GET)  # an unknown filter is ignored, as on the page
    rows = (
        [
            quote.published,
            str(quote.who) if quote.who else "",
            quote.text,
            "fragment" if quote.partial else "full",
            quote.speaker_as_written,
            quote.article.title,
            quote.article.source,
            quote.article.url,
            request.build_absolute_uri(quote.get_absolute_url()),
        ]
        for quote in quotes.newest_first().iterator(chunk_size=CHUNK)
    )
    return csv_response("quotes.csv", QUOTE_HEADER, rows)


def people_csv(request):
    """The people list (or its search), most mentioned first."""
    query = SearchForm(request.GET).value("q", "")
    people = Person.objects.mentioned().with_counts().only("name", "slug", "article_count")
    people = people.search(query) if query else people.order_by("-article_count", "name")
    rows = (
        [person.name, person.article_count, person.quote_count, request.build_absolute_uri(person.get_absolute_url())]
        for person in people.iterator(chunk_size=CHUNK)
    )
    return csv_response("people.csv", ["name", "articles", "quotes", "page"], rows)


def countries_csv(request):
    query = SearchForm(request.GET).value("q", "")
    countries = Country.objects.most_mentioned().search(query)
    rows = (
        [country.code, country.name, country.article_count, request.build_absolute_uri(country.get_absolute_url())]
        for country in countries.iterator(chunk_size=CHUNK)
    )
    return csv_response("countries.csv", ["code", "name", "articles", "page"], rows)


def organisations_csv(request):
    """The organisations list (or its search), most named first."""
    query = SearchForm(request.GET).value("q", "")
    organisations = Organisation.objects.mentioned().with_counts().select_related("country").search(query)
    rows = (
        [
            organisation.name,
            organisation.get_kind_display(),
            organisation.country.name if organisation.country else "",
            organisation.article_count,
            request.build_absolute_uri(organisation.get_absolute_url()),
        ]
        for organisation in organisations.order_by("-article_count", "name").iterator(chunk_size=CHUNK)
    )
    return csv_response("organisations.csv", ["name", "kind", "country", "articles", "page"], rows)


EVENT_HEADER = ["date", "precision", "kind", "status", "sides", "people", "place", "place_country", "reports", "page"]


def events_csv(request):
    """The events list's result (kind, status, countries, person, dates), newest first."""
    events = EventFilterForm(request.GET).events().for_listing().newest_first()  # unknown filters ignored, as on the page
    rows = (
        [
            event.date,
            event.date_precision,
            event.get_kind_display(),
            event.get_phase_display(),
            event.sides_text,
            NAMES_SEPARATOR.join(person.name for person in event.people.all()),
            event.place_name,
            event.place_country.name if event.place_country else "",
            event.report_count,
            request.build_absolute_uri(event.get_absolute_url()),
        ]
        for event in events.iterator(chunk_size=CHUNK)
    )
    return csv_response("events.csv", EVENT_HEADER, rows)
