"""The public pages. Each view parses the request with a form, asks the
QuerySets beside the models (articles/models/), paginates and renders; query
counts are fixed whatever the number of rows (tests pin them)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from articles.forms import ArticleFilterForm, QuoteFilterForm, SearchForm
from articles.models import Article, ArticleQuerySet, Country, Person, PersonRedirect, Quote, RankedThenNewest

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


def paginate(request, queryset, per_page: int, notices: list[str], count=None):
    """The requested page; a page that is not a number gives the first page
    with a notice, one past the end gives the last. `count`, when the caller
    knows it already, spares a COUNT query."""
    number = request.GET.get("page", "1")
    if not number.isdigit():
        notices.append("The page number was not a number: showing the first page.")
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(number)


def home(request):
    return render(
        request,
        "articles/home.html",
        {
            "form": ArticleFilterForm(),
            "latest": Article.objects.for_listing().with_entities()[:10],
            "top_people": Person.objects.most_mentioned()[:10],
            "top_countries": Country.objects.most_mentioned()[:12],
        },
    )


def article_list(request):
    form = ArticleFilterForm(request.GET)
    people, countries = form.resolve()
    query, sort = form.value("q", ""), form.chosen_sort()
    articles = form.articles(people, countries)
    notices = form.notices()
    if query:
        # The total and the newest matches (ranked, and counted in the facets) from one pass over the matches.
        total, rows = articles.count_and_newest_rows(SAMPLE)
        newest_ids, outlets = [pk for pk, _ in rows], Article.objects.outlets_of(source for _, source in rows)
    else:
        # Without words, counting is cheap and the date index gives the newest at once.
        total, newest_ids = None, articles.order_by("-published", "-id").values("pk")[:SAMPLE]
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
        # Newest first straight off the date index (article_published_idx).
        listing = shown(articles.oldest_first() if sort == "oldest" else articles.order_by("-published", "-id"))
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
    people = list(article.person_mentions.active().select_related("person").order_by("-count", "person__name"))
    countries = list(article.country_mentions.active().select_related("country").order_by("-count", "country__name"))
    quotes = list(article.quotes.active().select_related("speaker").order_by("paragraph", "start", "id"))
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "people": people, "countries": countries, "quotes": quotes},
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


def person_detail(request, slug):
    person = Person.objects.with_counts().filter(slug=slug).first()
    if person is None:
        moved = PersonRedirect.objects.select_related("person").filter(old_slug=slug).first()
        if moved is None:
            raise Http404("No person with that address.")
        return redirect(moved.person, permanent=True)
    return _entity_page(
        request,
        person,
        "articles/person_detail.html",
        aliases=[a.name for a in person.aliases.all() if a.name != person.name],
        quotes=Quote.objects.active().filter(speaker=person).with_article().newest_first()[:ON_DETAIL_PAGES],
    )


def _entity_page(request, entity, template: str, **context):
    """A person's or a country's page: its newest articles, the people and
    countries most often named with it, and its articles month by month."""
    mentions = entity.mentions.active()
    newest = mentions.newest_article_ids(SAMPLE)
    kind = type(entity).__name__.lower()

    def named_with(model):
        return model.objects.most_named_in(newest, ON_DETAIL_PAGES, exclude=[entity] if isinstance(entity, model) else [])

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
            "timeline": mentions.timeline(),
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
    )


def quote_list(request):
    form = QuoteFilterForm(request.GET)
    query, notices = form.value("q", ""), []
    quotes = Quote.objects.active().with_article().search(query)
    speaker = country = None
    if slug := form.value("speaker"):
        speaker = Person.objects.filter(slug=slug).first()
        if speaker is None:
            notices.append(f"No person “{slug[:40]}”: that filter was ignored.")
        else:
            quotes = quotes.filter(speaker=speaker)
    if code := form.value("country"):
        country = Country.objects.filter(code=code).first()
        if country is None:
            notices.append(f"No country with the code “{code[:10]}”: that filter was ignored.")
        else:
            quotes = quotes.mentioning(country)
    notices = form.notices() + notices
    page = paginate(request, quotes.newest_first(), QUOTES_PER_PAGE, notices)
    return render(
        request,
        "articles/quote_list.html",
        {"form": form, "query": query, "page": page, "speaker": speaker, "country": country, "notices": notices},
    )
