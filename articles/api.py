"""The read-only JSON API under /api/: the pages' data for programs.

Built on django-ninja: the OpenAPI schema (/api/openapi.json) and the docs
page (/api/docs) come from the type hints below, so they cannot drift from
the code. Filters are parsed by the pages' own forms (articles.forms) and
answered by the same QuerySet methods, so the API finds what the pages find.

Differences from the pages, on purpose:
- A filter the pages would ignore with a notice (an unknown person, a bad
  date) is a 400 here with that notice as the message: a program should
  hear that its request was not what it meant.
- Lists are newest first (people and countries: most mentioned first) and
  paginated by cursor (articles.keyset), so a client can walk 30,000 results
  at the cost of the first page.

Adding a resource: an output Schema, a tuple of keyset Keys, and one
function per endpoint calling `listing()` (see the countries below).
"""

from __future__ import annotations

import datetime
import logging
from typing import Generic, TypeVar

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError, ValidationError

from articles import keyset
from articles.forms import ArticleFilterForm, EventFilterForm, QuoteFilterForm, clean_text
from articles.keyset import Key
from articles.models import (
    Article,
    Country,
    CountryMention,
    DatePrecision,
    Event,
    EventKind,
    EventPhase,
    EventReport,
    Organisation,
    OrganisationKind,
    Person,
    PersonMention,
    PersonRedirect,
    Role,
    SpeakerKind,
    first_and_total,
)

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# The most quotes, events, people, countries and organisations one article's
# detail embeds (the first in their order, with the total and, for quotes and
# events, a link to the whole list): an article of 10,000 paragraphs made an
# answer of megabytes and seconds of its quotes alone.
IN_ARTICLE = 200
# People shown speaking for an organisation, or most involved in a pair's events (the pages show as many).
ON_DETAIL = 10
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
CODE_PATTERN = r"^[A-Za-z]{2}$"

api = NinjaAPI(
    title="Diplomatic News Browser API",
    version="1",
    description=(
        "Read-only access to the articles, people, organisations, countries, quotes and diplomatic events of "
        "the Diplomatic News Browser, and the relations of two countries. "
        "No key is needed. Lists are paginated by cursor: pass a response's `next_cursor` as `cursor` to get "
        "the next page (`next` is that URL). Errors are JSON: `{\"message\": \"...\"}` with a 4xx status."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# Errors: always JSON with a message, never Django's HTML pages.


class Message(Schema):
    message: str


ERRORS = {400: Message, 404: Message}


@api.exception_handler(ValidationError)
def invalid_request(request, error: ValidationError):
    problems = []
    for item in error.errors:
        where = ".".join(str(part) for part in item.get("loc", ())[1:]) or "request"
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return api.create_response(request, {"message": "; ".join(problems) or "Invalid request."}, status=400)


@api.exception_handler(keyset.BadCursor)
def bad_cursor(request, error):
    return api.create_response(
        request, {"message": "The cursor is not one this API gave out: start again without it."}, status=400
    )


@api.exception_handler(HttpError)
def refused(request, error: HttpError):
    return api.create_response(request, {"message": str(error)}, status=error.status_code)


@api.exception_handler(Exception)
def failed(request, error):
    # A bug, not the client's fault: logged with its traceback, and still JSON.
    logger.exception("API request failed: %s", request.get_full_path())
    return api.create_response(request, {"message": "The server failed to answer this request."}, status=500)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"message": str(error) or "Not found."}, status=404)


def api_index(request):
    """/api/ itself: where to start (ninja's own root page is HTML)."""
    names = ("articles", "people", "organisations", "countries", "quotes", "events")
    endpoints = {name: reverse(f"api:{name}") for name in names}
    return api.create_response(
        request,
        {
            "docs": request.build_absolute_uri(reverse("api:openapi-view")),
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            **{name: request.build_absolute_uri(url) for name, url in endpoints.items()},
        },
        status=200,
    )


def api_not_found(request, rest=""):
    """Any other address under /api/ (mounted last in the URLconf)."""
    return api.create_response(request, {"message": "No such API endpoint: see /api/docs."}, status=404)


# Pagination.

T = TypeVar("T")


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last page.")
    next: str | None = Field(None, description="The URL of the next page; null on the last page.")


class Paging(Schema):
    cursor: str | None = Field(None, max_length=keyset.MAX_CURSOR_LENGTH, description="From `next_cursor`.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


def listing(request, queryset, keys: tuple[Key, ...], paging: Paging, serialise, path=None, query=None) -> dict:
    """A page of `queryset` in the order of `keys`, and the link to the next:
    this request's address with the cursor, or `path` with `query` (a page of
    another list embedded here)."""
    rows, next_cursor = keyset.page(queryset, keys, paging.cursor, paging.limit)
    next_url = None
    if next_cursor:
        query = (request.GET if query is None else query).copy()
        query["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{path or request.path}?{query.urlencode()}")
    return {"items": [serialise(request, row) for row in rows], "next_cursor": next_cursor, "next": next_url}


def reject_notices(form) -> None:
    """A filter the page would drop with a notice is an error here."""
    if notices := form.notices():
        raise HttpError(400, " ".join(notices))


PLACEHOLDER = "zz0placeholder0zz"
NUMBER_PLACEHOLDER = 987_654_321_987_654_321  # for an id in an <int:...> path


def url(request, name: str, arg: str | int) -> str:
    """The absolute URL of the page or endpoint `name` for `arg` (a slug, a
    code or an id). A list names hundreds of people, countries and articles:
    each name is reversed once per request and the argument put in its place,
    as reversing every link took a third of the request's time."""
    numeric = isinstance(arg, int)
    placeholder = str(NUMBER_PLACEHOLDER) if numeric else PLACEHOLDER
    cache = request.__dict__.setdefault("_url_templates", {})
    if name not in cache:
        cache[name] = request.build_absolute_uri(reverse(name, args=[placeholder]))
    return cache[name].replace(placeholder, str(arg) if numeric else iri_to_uri(arg))


# References from one resource to another.


class PersonRef(Schema):
    slug: str
    name: str
    api_url: str
    html_url: str


class CountryRef(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2, upper case.")
    name: str
    api_url: str
    html_url: str


class OrganisationRef(Schema):
    slug: str
    name: str
    api_url: str
    html_url: str


def entity_ref(request, entity) -> dict:
    """A person, an organisation (by slug) or a country (by code) as the API
    refers to it: its key, name and the addresses of its endpoint and page."""
    kind = entity._meta.model_name
    if kind == "country":
        key, ref = entity.code.lower(), {"code": entity.code}
    else:
        key, ref = entity.slug, {"slug": entity.slug}
    return {
        **ref,
        "name": entity.name,
        "api_url": url(request, f"api:{kind}", key),
        "html_url": url(request, f"articles:{kind}", key),
    }


class Month(Schema):
    month: str = Field(description="YYYY-MM")
    articles: int


def months(timeline) -> list[dict]:
    return [{"month": day.strftime("%Y-%m"), "articles": n} for day, n in timeline]


def list_url(request, name: str, **params) -> str:
    """The absolute URL of the list endpoint `name` filtered by `params`."""
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return request.build_absolute_uri(reverse(f"api:{name}")) + f"?{query.urlencode()}"


# Events: what a list item, an article's detail and a country pair show of one.


class PlaceOut(Schema):
    name: str = Field(description="The place as written: a city, a venue or a country.")
    country: CountryRef | None = Field(description="The country the place is in, when known.")


class EventSide(Schema):
    country: CountryRef
    role: Role = Field(
        description="actor: acts on the other (the visitor, the sanctioner, the critic); target: receives it "
        "(the host, the sanctioned, the criticised); side: one side of talks, a call or an agreement."
    )


class EventOut(Schema):
    id: int
    kind: EventKind = Field(
        description="meeting, visit, call, agreement (cooperation); sanction, expulsion, criticism (conflict)."
    )
    status: EventPhase = Field(description="happened, planned, or cancelled (called off, postponed, refused).")
    date: datetime.date | None = Field(
        description="When it took place, at `date_precision` (the first day of the month or year); null when no "
        "text says."
    )
    date_precision: DatePrecision | None = Field(description="day, month or year; null when `date` is.")
    anchor: datetime.date | None = Field(
        description="The day lists are ordered by: `date` when known, else the date of the first article "
        "reporting it."
    )
    place: PlaceOut | None
    cameo: str = Field(description="CAMEO event code (e.g. 042 make a visit); empty when not coded.")
    plover: str = Field(description="PLOVER event type (e.g. CONSULT, SANCTION); empty when not coded.")
    countries: list[EventSide] = Field(description="The countries taking part, each with its role.")
    people: list[PersonRef] = Field(description="The people taking part.")
    bodies: list[OrganisationRef] = Field(
        description="The international bodies and other organisations taking part (UN, EU, NATO, G20...)."
    )
    report_count: int = Field(description="How many sentences, across all articles, report it.")
    api_url: str
    html_url: str


class ReportInArticle(Schema):
    part: str = Field(description="Where in the article the sentence is: title, standfirst, caption or body.")
    paragraph: int | None = Field(description="Index of the paragraph in `body` (body sentences only).")
    sentence: str
    start: int = Field(description="Character offset of the sentence in its part's text.")
    end: int


class EventInArticle(EventOut):
    reports: list[ReportInArticle] = Field(description="The sentences of this article that report it.")


def events_for_listing(events, article=None):
    """Active events with their sides, people, place and bodies (and, given
    an article, their reports in it as `here`): four queries for any page,
    five with the article."""
    events = events.active().for_listing().prefetch_related(
        Prefetch("bodies", queryset=Organisation.objects.only("name", "slug"))
    )
    if article is not None:
        here = EventReport.objects.active().filter(article=article).order_by("part", "start")
        events = events.prefetch_related(Prefetch("reports", queryset=here, to_attr="here"))
    return events.newest_first()


def event_out(request, event) -> dict:
    place = None
    if event.place_name or event.place_country_id:
        country = event.place_country
        place = {"name": event.place_name or country.name, "country": entity_ref(request, country) if country else None}
    return {
        "id": event.pk,
        "kind": event.kind,
        "status": event.phase,
        "date": event.date,
        "date_precision": (event.date_precision or None) if event.date else None,
        "anchor": event.anchor,
        "place": place,
        "cameo": event.cameo,
        "plover": event.plover,
        "countries": [{"country": entity_ref(request, s.country), "role": s.role} for s in event.sides.all()],
        "people": [entity_ref(request, person) for person in event.people.all()],
        "bodies": [entity_ref(request, body) for body in event.bodies.all()],
        "report_count": event.report_count,
        "api_url": url(request, "api:event", event.pk),
        "html_url": url(request, "articles:event", event.pk),
    }


def report_fields(report) -> dict:
    return {
        "part": report.part,
        "paragraph": report.paragraph,
        "sentence": report.sentence,
        "start": report.start,
        "end": report.end,
    }


# Articles.


class ArticleFilters(Schema):
    q: str | None = Field(None, description="Words to search for (the pages' search syntax).")
    person: list[str] = Field([], description="A person's slug; repeat for articles naming all of them.")
    country: list[str] = Field([], description="An ISO alpha-2 code; repeat for articles about all of them.")
    organisation: list[str] = Field(
        [], description="An organisation's slug; repeat for articles naming all of them."
    )
    from_: datetime.date | None = Field(None, alias="from", description="Published on or after (YYYY-MM-DD).")
    to: datetime.date | None = Field(None, description="Published on or before (YYYY-MM-DD).")
    source: str | None = Field(None, description="The outlet, exactly as in an article's `source`.")


class ArticleOut(Schema):
    id: int
    slug: str
    title: str
    published: datetime.date | None
    source: str = Field(description="The outlet.")
    url: str = Field(description="The article at its outlet, when known.")
    standfirst: str
    api_url: str
    html_url: str
    people: list[PersonRef] = Field(description="The most mentioned people (up to six; see the article for all).")
    countries: list[CountryRef] = Field(description="The most mentioned countries (up to six).")


class MentionOut(Schema):
    count: int
    first_offset: int | None = Field(description="Character offset of the first mention in `body`.")
    spans: list[list[int]] = Field(description="[start, end) of each mention in `body`.")


class PersonMentionOut(MentionOut):
    person: PersonRef


class CountryMentionOut(MentionOut):
    country: CountryRef


class OrganisationMentionOut(MentionOut):
    organisation: OrganisationRef


class QuoteInArticle(Schema):
    id: int
    text: str
    partial: bool = Field(description="A fragment inside the narrator's sentence, not a full quotation.")
    speaker: PersonRef | None = Field(description="The person who said it, when known.")
    speaker_kind: SpeakerKind | None = Field(
        description="Who speaks: a person, an organisation (\"the Kremlin said\") or a country as its government "
        "(\"Moscow said\"); null when nobody is known."
    )
    speaker_organisation: OrganisationRef | None = Field(
        description="The organisation that speaks, or that the person speaks for (\"Kremlin spokesman Dmitry Peskov\")."
    )
    speaker_country: CountryRef | None = Field(description="The country whose government speaks, or the speaker's.")
    speaker_as_written: str
    paragraph: int = Field(description="Index of the paragraph in `body` (paragraphs are separated by a blank line).")
    start: int | None = Field(description="Character offset in `body`.")
    end: int | None


class ArticleDetail(ArticleOut):
    body: str
    caption: str
    credit: str
    people: list[PersonMentionOut] = Field(
        description=f"The people it names, most mentioned first: at most {IN_ARTICLE} (see `people_count`)."
    )
    people_count: int = Field(description="How many people it names in all.")
    countries: list[CountryMentionOut] = Field(
        description=f"The countries it names, most mentioned first: at most {IN_ARTICLE} (see `countries_count`)."
    )
    countries_count: int
    organisations: list[OrganisationMentionOut] = Field(
        description=f"The organisations it names, most mentioned first: at most {IN_ARTICLE}."
    )
    organisations_count: int
    quotes: list[QuoteInArticle] = Field(
        description=f"Its quotes in reading order (fragments too): the first {IN_ARTICLE}. `quote_count` says how "
        "many there are and `quotes_url` lists them all."
    )
    quote_count: int
    quotes_url: str = Field(description="All its quotes in the API (/api/quotes?article=...), page by page.")
    events: list[EventInArticle] = Field(
        description=f"The diplomatic events it reports, newest first, each with its sentences in this article: "
        f"the first {IN_ARTICLE}. `event_count` says how many and `events_url` lists them all."
    )
    event_count: int
    events_url: str = Field(description="All the events it reports in the API (/api/events?article=...).")


# Newest first, undated last (the pages' order), off article_published_idx.
ARTICLE_KEYS = (
    Key("published", descending=True, nullable=True, kind=datetime.date, index_nulls_first=True),
    Key("id", descending=True),
)


def article_fields(request, article) -> dict:
    return {
        "id": article.id,
        "slug": article.slug,
        "title": article.title,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "standfirst": article.standfirst,
        "api_url": url(request, "api:article", article.slug),
        "html_url": url(request, "articles:article", article.slug),
    }


def article_out(request, article) -> dict:
    return {
        **article_fields(request, article),
        "people": [entity_ref(request, m.person) for m in article.active_people],
        "countries": [entity_ref(request, m.country) for m in article.active_countries],
    }


def articles_of(person=None, country=None, organisation=None):
    """A person's, a country's or an organisation's articles, through the search
    form's filters (so they follow whatever rule the search page follows)."""
    return ArticleFilterForm().articles(
        [person] if person else [], [country] if country else [], [organisation] if organisation else []
    )


def filtered_articles(params):
    """The articles a query string asks for, parsed by the search page's form
    (a QueryDict), with the form (for its notices) and the people and
    countries it names."""
    form = ArticleFilterForm(params)
    people, countries, organisations = form.resolve()
    articles = form.articles(people, countries, organisations)
    if source := clean_text(params.get("source", ""))[:200]:
        articles = articles.filter(source=source)
    return form, people, countries, articles


@api.get("/articles", response={200: Page[ArticleOut], **ERRORS}, url_name="articles", tags=["articles"])
def list_articles(request: HttpRequest, filters: Query[ArticleFilters], paging: Query[Paging]):
    """Articles matching the filters, newest first (undated ones last)."""
    form, _, _, articles = filtered_articles(request.GET)
    reject_notices(form)
    # The list's columns (for_listing's, and the outlet's URL) and six people and countries each.
    queryset = articles.only("id", "title", "slug", "published", "source", "standfirst", "url").with_entities()
    return listing(request, queryset, ARTICLE_KEYS, paging, article_out)


@api.get("/articles/{slug}", response={200: ArticleDetail, **ERRORS}, url_name="article", tags=["articles"])
def get_article(request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=200)):
    """One article with its text, the people, countries and organisations it
    names (with offsets into `body`), its quotes and the events it reports.
    Each list embeds at most 200 items, the first in its order, beside the
    total; quotes and events link to their whole list, so a long article
    costs a bounded answer and nothing is out of reach."""
    article = Article.objects.defer("search_vector").filter(slug=slug).first()
    if article is None:
        raise Http404("No article with that slug.")
    # The same rows, in the same order, as the article's page.
    mentions = {
        kind: first_and_total(
            getattr(article, f"{kind}_mentions").active().select_related(kind).order_by("-count", f"{kind}__name"),
            IN_ARTICLE,
        )
        for kind in ("person", "country", "organisation")
    }
    quotes, quote_count = first_and_total(
        article.quotes.active()
        .select_related("speaker", "speaker_organisation", "speaker_country")
        .order_by("paragraph", "start", "id"),
        IN_ARTICLE,
    )
    events, event_count = first_and_total(events_for_listing(Event.objects.reported_in(article), article), IN_ARTICLE)
    def named(kind):
        return [{**mention_fields(m), kind: entity_ref(request, getattr(m, kind))} for m in mentions[kind][0]]

    return {
        **article_fields(request, article),
        "body": article.body,
        "caption": article.caption,
        "credit": article.credit,
        "people": named("person"),
        "people_count": mentions["person"][1],
        "countries": named("country"),
        "countries_count": mentions["country"][1],
        "organisations": named("organisation"),
        "organisations_count": mentions["organisation"][1],
        "quotes": [quote_fields(request, quote) for quote in quotes],
        "quote_count": quote_count,
        "quotes_url": list_url(request, "quotes", article=article.slug),
        "events": [{**event_out(request, event), "reports": [report_fields(r) for r in event.here]} for event in events],
        "event_count": event_count,
        "events_url": list_url(request, "events", article=article.slug),
    }


def mention_fields(mention) -> dict:
    return {"count": mention.count, "first_offset": mention.first_offset, "spans": mention.spans or []}


def quote_fields(request, quote) -> dict:
    return {
        "id": quote.id,
        "text": quote.text,
        "partial": quote.partial,
        "speaker": entity_ref(request, quote.speaker) if quote.speaker_id else None,
        "speaker_kind": quote.speaker_kind or None,
        "speaker_organisation": (
            entity_ref(request, quote.speaker_organisation) if quote.speaker_organisation_id else None
        ),
        "speaker_country": entity_ref(request, quote.speaker_country) if quote.speaker_country_id else None,
        "speaker_as_written": quote.speaker_as_written,
        "paragraph": quote.paragraph,
        "start": quote.start,
        "end": quote.end,
    }


# People.


class PersonOut(Schema):
    slug: str
    name: str
    article_count: int = Field(description="Articles that mention this person.")
    quote_count: int = Field(description="Quotes attributed to this person.")
    api_url: str
    html_url: str


class PersonDetail(PersonOut):
    aliases: list[str] = Field(description="Other spellings met in the articles.")
    timeline: list[Month] = Field(description="Articles mentioning this person, by month.")
    articles_url: str = Field(description="This person's articles in the API.")
    quotes_url: str = Field(description="This person's quotes in the API.")
    events_url: str = Field(description="The events this person takes part in, in the API.")


class NameSearch(Schema):
    q: str | None = Field(None, description="Part of a name (or an alias).")


# Most mentioned first, off the stored count's index (person_most_named_idx).
PERSON_KEYS = (Key("article_count", descending=True), Key("name", kind=str), Key("id"))


def person_out(request, person) -> dict:
    return {
        **entity_ref(request, person),
        "article_count": person.article_count,
        "quote_count": person.quote_count,
    }


@api.get("/people", response={200: Page[PersonOut], **ERRORS}, url_name="people", tags=["people"])
def list_people(request: HttpRequest, search: Query[NameSearch], paging: Query[Paging]):
    """People mentioned in at least one article, most mentioned first."""
    people = Person.objects.mentioned().with_counts().search(clean_text(search.q)).only("name", "slug", "article_count")
    return listing(request, people, PERSON_KEYS, paging, person_out)


@api.get("/people/{slug}", response={200: PersonDetail, **ERRORS}, url_name="person", tags=["people"])
def get_person(request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=200)):
    """One person: counts, the other spellings of the name, and a monthly
    timeline. A slug merged away answers with the person it was merged into."""
    person = Person.objects.public().with_counts().filter(slug=slug).first()
    if person is None:
        moved = PersonRedirect.objects.filter(old_slug=slug).values_list("person_id", flat=True).first()
        person = moved and Person.objects.public().with_counts().filter(pk=moved).first()
        if not person:
            raise Http404("No person with that slug.")
    api_url = request.build_absolute_uri(reverse("api:articles"))
    return {
        **person_out(request, person),
        "aliases": [a.name for a in person.aliases.all() if a.name != person.name],
        "timeline": months(PersonMention.objects.active().filter(person=person).timeline()),
        "articles_url": f"{api_url}?person={person.slug}",
        "quotes_url": request.build_absolute_uri(reverse("api:quotes")) + f"?speaker={person.slug}",
        "events_url": list_url(request, "events", person=person.slug),
    }


# Organisations.


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind = Field(
        description="government (or ministry), international (body), party, armed_group, company, news or other."
    )
    country: CountryRef | None = Field(description="The country it belongs to; null for NATO, the UN...")
    article_count: int = Field(description="Articles that name it.")
    quote_count: int = Field(description="Quotes it said, or someone speaking for it said (fragments too).")
    api_url: str
    html_url: str


class Spokesperson(Schema):
    person: PersonRef
    quotes: int = Field(description="How many of its quotes this person said for it.")


class OrganisationDetail(OrganisationOut):
    aliases: list[str] = Field(description="Other spellings met in the articles.")
    timeline: list[Month] = Field(description="Articles naming it, by month.")
    spokespeople: list[Spokesperson] = Field(
        description=f"The people quoted speaking for it, most quotes first (at most {ON_DETAIL})."
    )
    articles_url: str = Field(description="Its articles in the API.")
    quotes_url: str = Field(description="Its quotes in the API.")


class OrganisationFilters(Schema):
    q: str | None = Field(None, description="Part of a name (or an alias).")
    kind: OrganisationKind | None = Field(None, description="Only organisations of this kind.")
    country: str | None = Field(
        None, pattern=CODE_PATTERN, description="ISO alpha-2 code: only those belonging to this country."
    )


# Most mentioned first, as on the organisations page.
ORGANISATION_KEYS = (Key("article_count", descending=True), Key("name", kind=str), Key("id"))


def organisation_out(request, organisation) -> dict:
    country = organisation.country
    return {
        **entity_ref(request, organisation),
        "kind": organisation.kind,
        "country": entity_ref(request, country) if country else None,
        "article_count": organisation.article_count,
        "quote_count": organisation.quote_count,
    }


@api.get(
    "/organisations", response={200: Page[OrganisationOut], **ERRORS}, url_name="organisations", tags=["organisations"]
)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters], paging: Query[Paging]):
    """Organisations named in at least one article, most named first."""
    country = None
    if filters.country:
        country = Country.objects.filter(code=filters.country.upper()).first()
        if country is None:
            raise HttpError(400, f"No country with the code “{filters.country}”.")
    organisations = (
        Organisation.objects.most_mentioned()
        .select_related("country")
        .search(clean_text(filters.q))
        .of_kind(filters.kind)
        .of_country(country)
    )
    return listing(request, organisations, ORGANISATION_KEYS, paging, organisation_out)


@api.get(
    "/organisations/{slug}",
    response={200: OrganisationDetail, **ERRORS},
    url_name="organisation",
    tags=["organisations"],
)
def get_organisation(request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=200)):
    """One organisation: its kind and country, counts, other spellings, a
    monthly timeline and the people who speak for it (as its page shows)."""
    organisation = Organisation.objects.with_counts().select_related("country").filter(slug=slug).first()
    if organisation is None:
        raise Http404("No organisation with that slug.")
    speaking = Person.objects.speaking_for(organisation)[:ON_DETAIL]
    return {
        **organisation_out(request, organisation),
        "aliases": [a.name for a in organisation.aliases.all() if a.name != organisation.name],
        "timeline": months(organisation.mentions.active().timeline()),
        "spokespeople": [{"person": entity_ref(request, p), "quotes": p.n} for p in speaking],
        "articles_url": list_url(request, "articles", organisation=organisation.slug),
        "quotes_url": list_url(request, "quotes", organisation=organisation.slug),
    }


# Countries.


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2, upper case.")
    alpha3: str
    name: str
    article_count: int
    api_url: str
    html_url: str


class CountryAliasOut(Schema):
    name: str
    kind: str = Field(description="name, short, demonym, capital or institution.")


class CountryDetail(CountryOut):
    aliases: list[CountryAliasOut] = Field(description="Words that count as a mention of the country.")
    timeline: list[Month]
    articles_url: str
    events_url: str = Field(description="The events it takes part in, in the API.")


COUNTRY_KEYS = (Key("article_count", descending=True), Key("name", kind=str), Key("id"))


def country_out(request, country) -> dict:
    return {**entity_ref(request, country), "alpha3": country.alpha3, "article_count": country.article_count}


@api.get("/countries", response={200: Page[CountryOut], **ERRORS}, url_name="countries", tags=["countries"])
def list_countries(request: HttpRequest, search: Query[NameSearch], paging: Query[Paging]):
    """Countries mentioned in at least one article, most mentioned first."""
    countries = Country.objects.mentioned().with_counts().search(clean_text(search.q))
    return listing(request, countries, COUNTRY_KEYS, paging, country_out)


@api.get("/countries/{code}", response={200: CountryDetail, **ERRORS}, url_name="country", tags=["countries"])
def get_country(request: HttpRequest, code: str = Path(..., pattern=CODE_PATTERN)):
    """One country by its ISO alpha-2 code (either case)."""
    country = Country.objects.with_counts().filter(code=code.upper()).first()
    if country is None:
        raise Http404("No country with that code.")
    return {
        **country_out(request, country),
        "aliases": [{"name": a.name, "kind": a.kind} for a in country.aliases.order_by("kind", "name")],
        "timeline": months(CountryMention.objects.active().filter(country=country).timeline()),
        "articles_url": request.build_absolute_uri(reverse("api:articles")) + f"?country={country.code.lower()}",
        "events_url": list_url(request, "events", country=country.code.lower()),
    }


# Two countries' relations.


class BalanceMonth(Schema):
    month: str = Field(description="YYYY-MM")
    cooperation: int = Field(description="Meetings, visits, calls and agreements between them that month.")
    conflict: int = Field(description="Sanctions, expulsions and criticism between them that month.")


class InvolvedPerson(Schema):
    person: PersonRef
    events: int = Field(description="How many of the two countries' events this person takes part in.")
    side: CountryRef | None = Field(
        description="Which of the two this person stands for, inferred (a person's country is not stored): the "
        "one of the two that all of the person's events most often involve; null when they tie."
    )


class CountryPairOut(Schema):
    countries: list[CountryRef] = Field(description="The two countries, in the order asked.")
    balance: list[BalanceMonth] = Field(description="Each month with any event between them (by `anchor`).")
    event_count: int = Field(description="Events in which both take part.")
    events: Page[EventOut] = Field(
        description="The first page of their events, newest first; `next` continues in /api/events."
    )
    events_url: str = Field(description="All their events in the API (/api/events?country=..&country=..).")
    people: list[InvolvedPerson] = Field(
        description=f"The people taking part in most of their events (at most {ON_DETAIL}), with their side."
    )
    article_count: int = Field(description="Articles that name both.")
    articles_url: str = Field(description="Those articles in the API.")


@api.get(
    "/countries/{code}/{other}", response={200: CountryPairOut, **ERRORS}, url_name="country_pair", tags=["countries"]
)
def get_country_pair(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE_PATTERN),
    other: str = Path(..., pattern=CODE_PATTERN),
):
    """Relations between two countries over time, as their page shows them:
    cooperation against conflict by month, the events between them, the
    people most involved on each side, and the articles that name both."""
    pair = Country.objects.pair(code, other)
    if pair is None:
        raise Http404("No such pair of countries (two different ISO alpha-2 codes).")
    first, second = pair
    events = Event.objects.active().between(first, second)
    codes = [first.code.lower(), second.code.lower()]
    query = QueryDict(mutable=True)
    query.setlist("country", codes)
    page = listing(
        request,
        events_for_listing(events),
        EVENT_KEYS,
        Paging(),
        event_out,
        path=reverse("api:events"),
        query=query,
    )
    people = list(Person.objects.most_involved_in(events)[:ON_DETAIL])
    sides = Event.objects.active().sides_of(people, [first, second])
    by_id = {first.pk: first, second.pk: second}
    return {
        "countries": [entity_ref(request, first), entity_ref(request, second)],
        "balance": [
            {"month": month.strftime("%Y-%m"), "cooperation": up, "conflict": down}
            for month, up, down in events.monthly_balance()
        ],
        "event_count": events.count(),
        "events": page,
        "events_url": list_url(request, "events", country=codes),
        "people": [
            {
                "person": entity_ref(request, person),
                "events": person.n,
                "side": entity_ref(request, by_id[sides[person.pk]]) if sides[person.pk] else None,
            }
            for person in people
        ],
        "article_count": Article.objects.mentioning(first).mentioning(second).count(),
        "articles_url": list_url(request, "articles", country=codes),
    }


# Quotes.


class QuoteFilters(Schema):
    q: str | None = Field(None, description="Words in the quote or the speaker's name.")
    speaker: str | None = Field(None, description="The speaker's slug.")
    organisation: str | None = Field(
        None, description="An organisation's slug: what it said, or someone speaking for it said."
    )
    country: str | None = Field(None, description="ISO alpha-2 code of a country the quote's article is about.")
    article: str | None = Field(None, description="An article's slug: its quotes, in reading order.")
    from_: datetime.date | None = Field(None, alias="from", description="Article published on or after.")
    to: datetime.date | None = Field(None, description="Article published on or before.")
    partial: bool | None = Field(None, description="true: only fragments; false: only full quotations.")


class ArticleRef(Schema):
    slug: str
    title: str
    published: datetime.date | None
    source: str
    url: str
    api_url: str
    html_url: str


class QuoteOut(QuoteInArticle):
    published: datetime.date | None = Field(description="The article's date.")
    article: ArticleRef
    html_url: str


# Newest first, then in reading order within an article (quote_newest_idx).
QUOTE_KEYS = (
    Key("published", descending=True, nullable=True, kind=datetime.date),
    Key("article_id", descending=True),
    Key("paragraph"),
    Key("id"),
)


def article_ref(request, article) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "api_url": url(request, "api:article", article.slug),
        "html_url": url(request, "articles:article", article.slug),
    }


def quote_out(request, quote) -> dict:
    article = quote.article
    return {
        **quote_fields(request, quote),
        "published": quote.published,
        "article": article_ref(request, article),
        "html_url": url(request, "articles:article", article.slug) + f"#quote-{quote.pk}",
    }


def filtered_quotes(params):
    """The quotes a query string asks for, parsed by the quotes page's form
    and resolved as the page resolves them, with the notices of what was not
    understood (the page shows them; the API refuses the request)."""
    form = QuoteFilterForm(params)
    # The API lists fragments too unless asked (its `partial` parameter).
    quotes = form.quotes(fragments_by_default=True)
    return form.notices(), quotes


@api.get("/quotes", response={200: Page[QuoteOut], **ERRORS}, url_name="quotes", tags=["quotes"])
def list_quotes(request: HttpRequest, filters: Query[QuoteFilters], paging: Query[Paging]):
    """Quotes, newest article first and in reading order within an article."""
    notices, quotes = filtered_quotes(request.GET)
    if notices:
        raise HttpError(400, " ".join(notices))
    if filters.partial is not None:
        quotes = quotes.filter(partial=filters.partial)
    return listing(request, quotes, QUOTE_KEYS, paging, quote_out)


# Events.


class EventFilters(Schema):
    kind: EventKind | None = Field(None, description="Only events of this kind.")
    status: EventPhase | None = Field(None, description="Only events that happened, are planned or were cancelled.")
    country: list[str] = Field(
        [], description="An ISO alpha-2 code; repeat for events in which all take part (two: a pair's events)."
    )
    person: str | None = Field(None, description="A person's slug: the events this person takes part in.")
    article: str | None = Field(None, description="An article's slug: the events it reports.")
    from_: datetime.date | None = Field(None, alias="from", description="On or after (by `anchor`, YYYY-MM-DD).")
    to: datetime.date | None = Field(None, description="On or before (by `anchor`).")


class EventReportOut(ReportInArticle):
    id: int
    article: ArticleRef
    html_url: str = Field(description="The sentence's paragraph in the article's page.")


class EventDetail(EventOut):
    reports: list[EventReportOut] = Field(
        description="Every sentence that reports it, oldest article first, in reading order within each."
    )


# Newest first, undated last (the events page's order), off the anchor's index.
EVENT_KEYS = (
    Key("anchor", descending=True, nullable=True, kind=datetime.date, index_nulls_first=True),
    Key("id", descending=True),
)


def filtered_events(params):
    """The events a query string asks for, parsed by the events page's form
    (where the status is called `phase`); what the page would ignore with a
    notice is a 400 here."""
    data = params.copy()
    data.setlist("phase", params.getlist("status"))
    form = EventFilterForm(data)
    events = form.events()
    reject_notices(form)
    return events


@api.get("/events", response={200: Page[EventOut], **ERRORS}, url_name="events", tags=["events"])
def list_events(request: HttpRequest, filters: Query[EventFilters], paging: Query[Paging]):
    """Diplomatic events matching the filters, newest first (undated ones last)."""
    return listing(request, events_for_listing(filtered_events(request.GET)), EVENT_KEYS, paging, event_out)


@api.get("/events/{event_id}", response={200: EventDetail, **ERRORS}, url_name="event", tags=["events"])
def get_event(request: HttpRequest, event_id: int = Path(..., ge=1, le=2**62)):
    """One event: what, who (countries with their roles, people, bodies),
    where and when, and every sentence that reports it."""
    event = events_for_listing(Event.objects.filter(pk=event_id)).first()
    if event is None:
        raise Http404("No event with that id.")
    reports = event.reports.active().in_reading_order()
    return {
        **event_out(request, event),
        "reports": [
            {
                **report_fields(report),
                "id": report.pk,
                "article": article_ref(request, report.article),
                "html_url": request.build_absolute_uri(report.get_absolute_url()),
            }
            for report in reports
        ],
    }
