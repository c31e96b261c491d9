"""The public pages. Each view parses the request with a form, asks the
QuerySets beside the models (articles/models/), paginates and renders; query
counts are fixed whatever the number of rows (tests pin them)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from articles.charts import Series, balance_series, monthly_chart

from articles.forms import ArticleFilterForm, EventFilterForm, QuoteFilterForm, SearchForm
from articles.models import (
    Article,
    Country,
    Event,
    EventKind,
    Organisation,
    Person,
    PersonRedirect,
    Quote,
    ArticleQuerySet,
    RankedThenNewest,
    articles_per_month,
    events_per_month,
)
from articles.parts import requested_part
from articles.search_index import is_postgresql

ARTICLES_PER_PAGE = 20
PEOPLE_PER_PAGE = 50
QUOTES_PER_PAGE = 30
ON_DETAIL_PAGES = 10
# Searches rank, and facets and "named with" lists count over, at most this
# many of the newest articles of a set: ranking reads each article's search
# vector, and a person in 12,000 articles would otherwise cost seconds.
# (A multiple of ARTICLES_PER_PAGE, so no page straddles the ranked part.)
SAMPLE = 1000
# A country's page quotes from this many of its newest articles.
QUOTES_FROM_NEWEST = 100
EVENTS_PER_PAGE = 30


def paginate(request, queryset, per_page: int, notices: list[str], count=None):
    """The requested page; a page that is not a number gives the first page
    with a notice, one past the end gives the last. `count`, when the caller
    knows it already, spares a COUNT query."""
    number = request.GET.get("page", "1")
    if not number.isdigit():
        notices.append("The page number was not a number: showing the first page.")
        number = 1  # Paginator.get_page would read "-1" as a number past the end, and show the last page
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(number)


def month_links(url_name: str, *params: tuple[str, str]):
    """A chart's link for a month: the list at `url_name` filtered by `params`
    and the month's first and last day."""
    base = reverse(url_name)

    def href(first: date, last: date) -> str:
        return f"{base}?{urlencode([*params, ('from', first.isoformat()), ('to', last.isoformat())])}"

    return href


def wants_share(request) -> bool:
    """?timeline=share opens a page's chart on shares of all coverage (a link
    can say so); the page's toggle switches without a reload."""
    return request.GET.get("timeline") == "share"


def home(request):
    # "In the news": who and what the latest articles name most. Counting over
    # the whole corpus would cost a full pass over every mention on each visit
    # (hundreds of milliseconds on a large corpus), and the all-time list is
    # one click away on the people and countries pages.
    newest = list(Article.objects.newest_first().values_list("pk", flat=True)[:SAMPLE])
    return render(
        request,
        "articles/home.html",
        {
            "form": ArticleFilterForm(),
            "latest": Article.objects.filter(pk__in=newest[:10]).for_listing().with_entities().newest_first(),
            "sample": SAMPLE,
            "top_people": Person.objects.most_named_in(newest, limit=10),
            "top_countries": Country.objects.most_named_in(newest, limit=12),
        },
    )


def article_list(request):
    form = ArticleFilterForm(request.GET)
    people, countries, organisations = form.resolve()
    query, sort = form.value("q", ""), form.chosen_sort()
    articles = form.articles(people, countries, organisations)
    notices = form.notices()
    if query:
        # The total and the newest matches (ranked, and counted in the facets) from one pass over the matches.
        total, rows = articles.count_and_newest_rows(SAMPLE)
        newest_ids, outlets = [pk for pk, _ in rows], Article.objects.outlets_of(source for _, source in rows)
    else:
        # Without words, counting is cheap and the date index gives the newest at once.
        total, newest_ids = None, articles.newest_first().values("pk")[:SAMPLE]
        outlets = None

    def shown(queryset):
        return queryset.for_listing().with_headline(query).with_entities()

    if query:
        # A page is picked by id before its snippets are made (see RankedThenNewest).
        ranked_ids = newest_ids if sort == "best" else []
        then = ArticleQuerySet.oldest_first if sort == "oldest" else ArticleQuerySet.newest_first
        listing = RankedThenNewest(articles, ranked_ids, query, decorate=shown, then=then)
        if sort == "best" and total > len(newest_ids):
            notices.append(
                f"Over {SAMPLE:,} articles match: the {SAMPLE:,} newest are ranked best match first, "
                "older ones follow newest first. Add words or filters to narrow them."
            )
    else:
        # Newest first, undated last (article_newest_idx on PostgreSQL, migration 0010).
        listing = shown(articles.oldest_first() if sort == "oldest" else articles.newest_first())
    page = paginate(request, listing, ARTICLES_PER_PAGE, notices, count=total)
    suggestion = None
    if query and page.paginator.count == 0:
        suggestion = Person.objects.closest(query) or Country.objects.closest(query)
    sources = form.value("source", [])  # several outlets widen: the facet is not offered then
    return render(
        request,
        "articles/article_list.html",
        {
            "form": form,
            "query": query,
            "sort": sort,
            "sorts": form.SORTS if query else form.SORTS[1:],
            "page": page,
            "people": people,
            "countries": countries,
            "organisations": organisations,
            "sources": sources,
            "notices": notices,
            "suggestion": suggestion,
            "sample": SAMPLE,
            "facet_people": Person.objects.most_named_in(newest_ids, limit=12, exclude=people),
            "facet_countries": Country.objects.most_named_in(newest_ids, limit=12, exclude=countries),
            "facet_sources": [] if sources else outlets if outlets is not None else Article.objects.outlets(newest_ids),
        },
    )


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    notices = []
    part = requested_part(request.GET.get("part", ""), article.body, notices)
    people = list(article.person_mentions.active().select_related("person").order_by("-count", "person__name"))
    countries = list(article.country_mentions.active().select_related("country").order_by("-count", "country__name"))
    organisations = list(
        article.organisation_mentions.active().select_related("organisation").order_by("-count", "organisation__name")
    )
    quotes = list(
        article.quotes.active()
        .filter(paragraph__range=part.paragraphs)
        .select_related("speaker", "speaker_organisation", "speaker_country")
        .order_by("paragraph", "start", "id")
    )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "people": people,
            "countries": countries,
            "organisations": organisations,
            "quotes": quotes,
            "part": part,
            "notices": notices,
        },
    )


def person_list(request):
    form = SearchForm(request.GET)
    query = form.value("q", "")
    people = Person.objects.mentioned().with_counts()
    people = people.search(query) if query else people.order_by("-article_count", "name")
    notices = form.notices()
    page = paginate(request, people, PEOPLE_PER_PAGE, notices)
    return render(
        request, "articles/person_list.html", {"form": form, "query": query, "page": page, "notices": notices}
    )


def organisation_list(request):
    form = SearchForm(request.GET)
    query = form.value("q", "")
    organisations = Organisation.objects.most_mentioned().select_related("country").search(query)
    notices = form.notices()
    page = paginate(request, organisations, PEOPLE_PER_PAGE, notices)
    return render(
        request, "articles/organisation_list.html", {"form": form, "query": query, "page": page, "notices": notices}
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.with_counts().select_related("country"), slug=slug)
    said = Quote.objects.active().filter(speaker_organisation=organisation)
    return _entity_page(
        request,
        organisation,
        "articles/organisation_detail.html",
        aliases=[a.name for a in organisation.aliases.all() if a.name != organisation.name],
        quotes=said.filter(partial=False).with_article().newest_first()[:ON_DETAIL_PAGES],
        quote_count=organisation.quote_count,
        # "Dmitry Peskov, Kremlin spokesman": the people quoted speaking for it.
        spokespeople=Person.objects.speaking_for(organisation)[:ON_DETAIL_PAGES],
    )


def person_detail(request, slug):
    person = Person.objects.public().with_counts().filter(slug=slug).first()
    if person is None:
        moved = PersonRedirect.objects.select_related("person").filter(old_slug=slug).first()
        if moved is None:
            raise Http404("No person with that address.")
        return redirect(moved.person, permanent=True)
    encounters = Event.objects.active().involving(person).encounters()
    return _entity_page(
        request,
        person,
        "articles/person_detail.html",
        aliases=[a.name for a in person.aliases.all() if a.name != person.name],
        quotes=Quote.objects.active().filter(speaker=person).with_article().newest_first()[:ON_DETAIL_PAGES],
        # "Meetings and visits": whom they met, where and when.
        encounters=encounters.for_listing().newest_first()[:ON_DETAIL_PAGES],
        encounter_count=encounters.count(),
    )


def _entity_page(request, entity, template: str, **context):
    """A person's, a country's or an organisation's page: its newest articles,
    the people and countries most often named with it, and its articles month
    by month (each month a link to them)."""
    mentions = entity.mentions.active()
    # Read once, as a list: both lists below count over them, and given a
    # subquery PostgreSQL misjudged its size and scanned every mention row.
    newest = [row["article_id"] for row in mentions.newest_article_ids(SAMPLE)]
    kind = type(entity).__name__.lower()

    def named_with(model):
        return model.objects.most_named_in(newest, ON_DETAIL_PAGES, exclude=[entity] if isinstance(entity, model) else [])

    key = entity.code.lower() if kind == "country" else entity.slug
    timeline = monthly_chart(
        [Series(dict(mentions.timeline()), "article")],
        articles_per_month(),
        label=entity.name,
        whole="article",
        href=month_links("articles:article_list", (kind, key)),
        share_first=wants_share(request),
    )
    return render(
        request,
        template,
        {
            kind: entity,
            "entity": entity,
            "articles": Article.objects.newest_of(mentions, ON_DETAIL_PAGES),
            "sample": SAMPLE,
            "related_people": named_with(Person),
            "related_countries": named_with(Country),
            "timeline": timeline,
            **context,
        },
    )


def country_list(request):
    form = SearchForm(request.GET)
    query = form.value("q", "")
    countries = Country.objects.most_mentioned().search(query)
    return render(
        request,
        "articles/country_list.html",
        {"form": form, "query": query, "countries": countries, "notices": form.notices()},
    )


def country_detail(request, code):
    if code != code.lower():
        return redirect("articles:country", code.lower(), permanent=True)
    country = get_object_or_404(Country.objects.with_counts(), code=code.upper())
    newest = country.mentions.active().newest_article_ids(QUOTES_FROM_NEWEST)
    return _entity_page(
        request,
        country,
        "articles/country_detail.html",
        quotes=Quote.objects.active().in_articles(newest).with_article().newest_first()[:ON_DETAIL_PAGES],
        # "Relations": the partners in its events, with cooperation against conflict.
        partners=Event.objects.active().partners_of(country, ON_DETAIL_PAGES),
    )


def quote_list(request):
    form = QuoteFilterForm(request.GET)
    quotes = form.quotes()
    notices = form.notices()
    page = paginate(request, quotes.newest_first(), QUOTES_PER_PAGE, notices)
    return render(
        request,
        "articles/quote_list.html",
        {
            "form": form,
            "query": form.value("q", ""),
            "page": page,
            "speaker": form.speaker,
            "organisation": form.organisation,
            "country": form.country,
            "fragments": form.value("fragments"),
            "notices": notices,
        },
    )


def event_list(request):
    form = EventFilterForm(request.GET)
    events = form.events()
    notices = form.notices()
    page = paginate(request, events.for_listing().newest_first(), EVENTS_PER_PAGE, notices)
    countries = form.countries
    pair = countries if len(countries) == 2 else None
    return render(
        request,
        "articles/event_list.html",
        {
            "form": form,
            "page": page,
            "countries": countries,
            # Not form.article in the template: a form's field of that name comes first there.
            "article": form.article,
            "person": form.person,
            "pair": pair,
            "notices": notices,
            "kinds": EventKind.choices,
        },
    )


def event_detail(request, pk):
    event = get_object_or_404(Event.objects.active().for_listing(), pk=pk)
    reports = event.reports.active().in_reading_order()
    return render(
        request,
        "articles/event_detail.html",
        {"event": event, "reports": list(reports), "bodies": list(event.bodies.all())},
    )


def country_pair(request, code, other):
    """Relations between two countries over time: cooperation against conflict
    by month, the events between them, the people most involved, and the
    articles that name both."""
    if code != code.lower() or other != other.lower():
        return redirect("articles:country_pair", code.lower(), other.lower(), permanent=True)
    found = Country.objects.pair(code, other)
    if found is None:
        raise Http404("No such pair of countries.")
    first, second = found
    events = Event.objects.active().between(first, second)
    articles = Article.objects.mentioning(first).mentioning(second)
    pair = [("country", first.code.lower()), ("country", second.code.lower())]
    balance = events.monthly_balance()
    chart = monthly_chart(
        balance_series(balance),
        events_per_month(),
        label=f"{first.name} and {second.name}",
        whole="event",
        href=month_links("articles:event_list", *pair),
        share_first=wants_share(request),
    )
    return render(
        request,
        "articles/country_pair.html",
        {
            "first": first,
            "second": second,
            "balance": balance,
            "chart": chart,
            "events": events.for_listing().newest_first()[:ON_DETAIL_PAGES * 2],
            "event_count": events.count(),
            "people": Person.objects.most_involved_in(events)[:ON_DETAIL_PAGES],
            "articles": articles.for_listing().newest_first()[:ON_DETAIL_PAGES],
        },
    )
