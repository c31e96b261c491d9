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

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError, ValidationError

from articles import keyset
from articles.forms import ArticleFilterForm, QuoteFilterForm, clean_text
from articles.keyset import Key
from articles.models import Article, Country, CountryMention, Person, PersonMention, PersonRedirect, Quote

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
CODE_PATTERN = r"^[A-Za-z]{2}$"

api = NinjaAPI(
    title="Diplomatic News Browser API",
    version="1",
    description=(
        "Read-only access to the articles, people, countries and quotes of the Diplomatic News Browser. "
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
    endpoints = {name: reverse(f"api:{name}") for name in ("articles", "people", "countries", "quotes")}
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


def listing(request, queryset, keys: tuple[Key, ...], paging: Paging, serialise) -> dict:
    rows, next_cursor = keyset.page(queryset, keys, paging.cursor, paging.limit)
    next_url = None
    if next_cursor:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": [serialise(request, row) for row in rows], "next_cursor": next_cursor, "next": next_url}


def reject_notices(form) -> None:
    """A filter the page would drop with a notice is an error here."""
    if notices := form.notices():
        raise HttpError(400, " ".join(notices))


PLACEHOLDER = "zz0placeholder0zz"


def url(request, name: str, arg: str) -> str:
    """The absolute URL of the page or endpoint `name` for `arg` (a slug or a
    code). A list names hundreds of people, countries and articles: each
    name is reversed once per request and the argument put in its place, as
    reversing every link took a third of the request's time."""
    cache = request.__dict__.setdefault("_url_templates", {})
    if name not in cache:
        cache[name] = request.build_absolute_uri(reverse(name, args=[PLACEHOLDER]))
    return cache[name].replace(PLACEHOLDER, iri_to_uri(arg))


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


def person_ref(request, person) -> dict:
    return {
        "slug": person.slug,
        "name": person.name,
        "api_url": url(request, "api:person", person.slug),
        "html_url": url(request, "articles:person", person.slug),
    }


def country_ref(request, country) -> dict:
    return {
        "code": country.code,
        "name": country.name,
        "api_url": url(request, "api:country", country.code.lower()),
        "html_url": url(request, "articles:country", country.code.lower()),
    }


class Month(Schema):
    month: str = Field(description="YYYY-MM")
    articles: int


def months(timeline) -> list[dict]:
    return [{"month": day.strftime("%Y-%m"), "articles": n} for day, n in timeline]


# Articles.


class ArticleFilters(Schema):
    q: str | None = Field(None, description="Words to search for (the pages' search syntax).")
    person: list[str] = Field([], description="A person's slug; repeat for articles naming all of them.")
    country: list[str] = Field([], description="An ISO alpha-2 code; repeat for articles about all of them.")
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


class QuoteInArticle(Schema):
    id: int
    text: str
    partial: bool = Field(description="A fragment inside the narrator's sentence, not a full quotation.")
    speaker: PersonRef | None
    speaker_as_written: str
    paragraph: int = Field(description="Index of the paragraph in `body` (paragraphs are separated by a blank line).")
    start: int | None = Field(description="Character offset in `body`.")
    end: int | None


class ArticleDetail(ArticleOut):
    body: str
    caption: str
    credit: str
    people: list[PersonMentionOut]
    countries: list[CountryMentionOut]
    quotes: list[QuoteInArticle]


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
        "people": [person_ref(request, m.person) for m in article.active_people],
        "countries": [country_ref(request, m.country) for m in article.active_countries],
    }


def articles_of(person=None, country=None):
    """A person's or a country's articles, through the search form's filters
    (so they follow whatever rule the search page follows)."""
    return ArticleFilterForm().articles([person] if person else [], [country] if country else [])


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
    """One article with its text, every person and country it mentions (with
    offsets into `body`) and its quotes."""
    article = Article.objects.defer("search_vector").filter(slug=slug).first()
    if article is None:
        raise Http404("No article with that slug.")
    people = article.person_mentions.active().select_related("person").order_by("-count", "person__name")
    countries = article.country_mentions.active().select_related("country").order_by("-count", "country__name")
    quotes = article.quotes.active().select_related("speaker").order_by("paragraph", "start", "id")
    return {
        **article_fields(request, article),
        "body": article.body,
        "caption": article.caption,
        "credit": article.credit,
        "people": [{**mention_fields(m), "person": person_ref(request, m.person)} for m in people],
        "countries": [{**mention_fields(m), "country": country_ref(request, m.country)} for m in countries],
        "quotes": [quote_fields(request, quote) for quote in quotes],
    }


def mention_fields(mention) -> dict:
    return {"count": mention.count, "first_offset": mention.first_offset, "spans": mention.spans or []}


def quote_fields(request, quote) -> dict:
    return {
        "id": quote.id,
        "text": quote.text,
        "partial": quote.partial,
        "speaker": person_ref(request, quote.speaker) if quote.speaker else None,
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


class NameSearch(Schema):
    q: str | None = Field(None, description="Part of a name (or an alias).")


# Most mentioned first. (Ordering on a count reads every count; there are
# thousands of people, not millions, and the pages do the same.)
PERSON_KEYS = (Key("article_count", descending=True), Key("name", kind=str), Key("id"))


def person_out(request, person) -> dict:
    return {
        **person_ref(request, person),
        "article_count": person.article_count,
        "quote_count": person.quote_count,
    }


@api.get("/people", response={200: Page[PersonOut], **ERRORS}, url_name="people", tags=["people"])
def list_people(request: HttpRequest, search: Query[NameSearch], paging: Query[Paging]):
    """People mentioned in at least one article, most mentioned first."""
    people = Person.objects.mentioned().with_counts().search(clean_text(search.q)).only("name", "slug")
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


COUNTRY_KEYS = (Key("article_count", descending=True), Key("name", kind=str), Key("id"))


def country_out(request, country) -> dict:
    return {**country_ref(request, country), "alpha3": country.alpha3, "article_count": country.article_count}


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
    }


# Quotes.


class QuoteFilters(Schema):
    q: str | None = Field(None, description="Words in the quote or the speaker's name.")
    speaker: str | None = Field(None, description="The speaker's slug.")
    country: str | None = Field(None, description="ISO alpha-2 code of a country the quote's article is about.")
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


def quote_out(request, quote) -> dict:
    article = quote.article
    return {
        **quote_fields(request, quote),
        "published": quote.published,
        "article": {
            "slug": article.slug,
            "title": article.title,
            "published": article.published,
            "source": article.source,
            "url": article.url,
            "api_url": url(request, "api:article", article.slug),
            "html_url": url(request, "articles:article", article.slug),
        },
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
