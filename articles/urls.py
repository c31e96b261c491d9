from django.urls import path

from articles import exports, feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("countries/<str:code>/<str:other>/", views.country_pair, name="country_pair"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("quotes/", views.quote_list, name="quote_list"),
    # Data out: each list as CSV (its whole filtered result) and as an Atom feed.
    path("articles.csv", exports.articles_csv, name="articles_csv"),
    path("people.csv", exports.people_csv, name="people_csv"),
    path("countries.csv", exports.countries_csv, name="countries_csv"),
    path("quotes.csv", exports.quotes_csv, name="quotes_csv"),
    path("organisations.csv", exports.organisations_csv, name="organisations_csv"),
    path("events.csv", exports.events_csv, name="events_csv"),
    path("people/<slug:slug>/articles.csv", exports.person_articles_csv, name="person_articles_csv"),
    path("countries/<str:code>/articles.csv", exports.country_articles_csv, name="country_articles_csv"),
    path("organisations/<slug:slug>/articles.csv", exports.organisation_articles_csv, name="organisation_articles_csv"),
    path("articles.atom", feeds.SearchFeed(), name="articles_feed"),
    path("people/<slug:slug>/articles.atom", feeds.PersonFeed(), name="person_feed"),
    path("countries/<str:code>/articles.atom", feeds.CountryFeed(), name="country_feed"),
    path("organisations/<slug:slug>/articles.atom", feeds.OrganisationFeed(), name="organisation_feed"),
]
