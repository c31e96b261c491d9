"""Atom feeds of the newest articles of a search, a person, a country or an organisation, so a
journalist can follow them in a feed reader. Each page links its feed with
<link rel="alternate"> in its head.

The filters are the pages' (the same forms and QuerySet methods); an entry
carries the article's date, title, outlet (as the author) and link, its
standfirst, and its people and countries as categories.
"""

from __future__ import annotations

from datetime import datetime, time, timezone

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.api import articles_of, filtered_articles
from articles.exports import find_country, find_organisation, find_person

ENTRIES = 50


class ArticleFeed(Feed):
    feed_type = Atom1Feed
    # Atom wants an author for every entry: the feed's stands in where an
    # article has no outlet.
    author_name = "Diplomatic News Browser"

    def title(self, obj) -> str:
        return f"{obj['title']} — Diplomatic News Browser"

    def link(self, obj) -> str:
        return obj["link"]

    def subtitle(self, obj) -> str:
        return f"The {ENTRIES} newest articles."

    def items(self, obj):
        return (
            obj["articles"]
            .only("id", "title", "slug", "published", "source", "standfirst", "created")
            .newest_first()
            .with_entities()[:ENTRIES]
        )

    def item_title(self, article) -> str:
        return article.title

    def item_description(self, article) -> str:
        return article.standfirst

    def item_author_name(self, article) -> str:
        return article.source or None

    def item_pubdate(self, article) -> datetime:
        # Articles carry a day, not a time: midnight UTC of that day. An
        # undated article is dated by its arrival here.
        if article.published is None:
            return article.created
        return datetime.combine(article.published, time.min, tzinfo=timezone.utc)

    def item_updateddate(self, article) -> datetime:
        return self.item_pubdate(article)

    def item_categories(self, article) -> list[str]:
        return [m.person.name for m in article.active_people] + [m.country.name for m in article.active_countries]


class SearchFeed(ArticleFeed):
    """The article search's newest results, with its words and filters."""

    def get_object(self, request):
        form, people, countries, articles = filtered_articles(request.GET)
        query = form.value("q", "")
        parts = [f"“{query[:80]}”"] if query else []
        parts += [person.name for person in people] + [country.name for country in countries]
        params = request.GET.copy()
        params.pop("page", None)
        link = reverse("articles:article_list") + (f"?{params.urlencode()}" if params else "")
        return {"title": "Articles" + (f": {', '.join(parts)}" if parts else ""), "link": link, "articles": articles}


class PersonFeed(ArticleFeed):
    def get_object(self, request, slug):
        person = find_person(slug)
        return {"title": person.name, "link": person.get_absolute_url(), "articles": articles_of(person=person)}


class CountryFeed(ArticleFeed):
    def get_object(self, request, code):
        country = find_country(code)
        return {"title": country.name, "link": country.get_absolute_url(), "articles": articles_of(country=country)}


class OrganisationFeed(ArticleFeed):
    def get_object(self, request, slug):
        organisation = find_organisation(slug)
        return {
            "title": organisation.name,
            "link": organisation.get_absolute_url(),
            "articles": articles_of(organisation=organisation),
        }
