"""CSV of every list: the page's whole filtered result, streamed, with a
header row and formula injection neutralised; linked from each page."""

import csv
import io
from datetime import date

import pytest

from articles.exports import cell
from articles.models import Article
from tests import factories as f
from tests.factories import fresh_cache  # noqa: F401 (the footer's totals are cached)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.streaming, "a CSV is streamed, not built in memory"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def world():
    sochi, lavrov, said = f.lavrov_article(url="https://wire.example/sochi")
    paris = f.article(
        "=HYPERLINK(\"http://evil.example\")",
        'Sergey Lavrov arrived in Paris.\n\nHe said "@once more" in French.',
        published=date(2019, 6, 2),
        source="+Wire",
    )
    f.person_mention(paris, lavrov, as_written="Sergey Lavrov")
    f.country_mention(paris, "FR", as_written="Paris")
    fragment = f.quote(paris, "@once more", lavrov, partial=True)
    return {"sochi": sochi, "paris": paris, "lavrov": lavrov, "said": said, "fragment": fragment}


@pytest.mark.parametrize(
    "value, shown",
    [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Lavrov said", "Lavrov said"),
        ("a=b", "a=b"),
        (None, ""),
        (3, 3),
        (date(2019, 5, 14), "2019-05-14"),
    ],
)
def test_a_cell_that_would_start_a_formula_is_prefixed(value, shown):
    assert cell(value) == shown


def test_it_exports_every_article_of_a_search_with_people_and_countries(client, world):
    rows = read_csv(client.get("/articles.csv"))
    assert list(rows[0]) == ["date", "title", "outlet", "url", "page", "people", "countries"]
    assert [row["date"] for row in rows] == ["2019-06-02", "2019-05-14"]
    paris, sochi = rows
    assert paris["title"] == "'=HYPERLINK(\"http://evil.example\")" and paris["outlet"] == "'+Wire"
    assert sochi["url"] == "https://wire.example/sochi"
    assert sochi["page"] == f"http://testserver/articles/{world['sochi'].slug}/"
    assert sochi["people"] == "Mike Pompeo; Sergey Lavrov" and sochi["countries"] == "Russia; United States"


def test_it_exports_the_whole_result_not_one_page(client):
    for number in range(45):
        f.article(f"Talks {number}", "The talks went on.")
    assert len(read_csv(client.get("/articles.csv", {"q": "talks", "page": "2"}))) == 45


@pytest.mark.parametrize(
    "params, titles",
    [
        ({"country": "fr"}, ["paris"]),
        ({"person": "mike-pompeo"}, ["sochi"]),
        ({"to": "2019-05-31"}, ["sochi"]),
        ({"q": "Sochi"}, ["sochi"]),
        ({"person": "nobody"}, ["paris", "sochi"]),  # ignored, as the page ignores it
    ],
)
def test_it_exports_what_the_search_page_lists(client, world, params, titles):
    rows = read_csv(client.get("/articles.csv", params))
    assert [row["page"].rsplit("/", 2)[1] for row in rows] == [world[t].slug for t in titles]


def test_it_exports_a_persons_and_a_countrys_articles(client, world):
    assert len(read_csv(client.get("/people/sergey-lavrov/articles.csv"))) == 2
    assert len(read_csv(client.get("/people/mike-pompeo/articles.csv"))) == 1
    assert [r["outlet"] for r in read_csv(client.get("/countries/fr/articles.csv"))] == ["'+Wire"]
    assert client.get("/people/nobody/articles.csv").status_code == 404
    f.redirect("s-lavrov", world["lavrov"])
    assert len(read_csv(client.get("/people/s-lavrov/articles.csv"))) == 2  # a merged-away slug
    assert client.get("/countries/zz/articles.csv").status_code == 404
    assert client.get("/countries/zzz/articles.csv").status_code == 404


def test_it_exports_quotes_with_their_filters(client, world):
    rows = read_csv(client.get("/quotes.csv"))
    assert list(rows[0]) == ["date", "speaker", "quote", "kind", "speaker_as_written", "article", "outlet", "url", "page"]
    assert [(r["quote"], r["kind"]) for r in rows] == [
        ("'@once more", "fragment"),
        ("We see that there are suspicions and prejudices,", "full"),
    ]
    assert rows[1]["speaker"] == "Sergey Lavrov" and rows[1]["url"] == "https://wire.example/sochi"
    assert rows[1]["page"].endswith(f"#quote-{world['said'].pk}")
    assert [r["date"] for r in read_csv(client.get("/quotes.csv", {"country": "fr"}))] == ["2019-06-02"]
    assert len(read_csv(client.get("/quotes.csv", {"speaker": "mike-pompeo"}))) == 0


def test_it_exports_people_and_countries_lists(client, world):
    people = read_csv(client.get("/people.csv"))
    assert [(p["name"], p["articles"], p["quotes"]) for p in people] == [("Sergey Lavrov", "2", "2"), ("Mike Pompeo", "1", "0")]
    assert [p["name"] for p in read_csv(client.get("/people.csv", {"q": "pompeo"}))] == ["Mike Pompeo"]
    countries = read_csv(client.get("/countries.csv"))
    assert [(c["code"], c["articles"]) for c in countries] == [("FR", "1"), ("RU", "1"), ("US", "1")]
    assert [c["name"] for c in read_csv(client.get("/countries.csv", {"q": "france"}))] == ["France"]


@pytest.mark.parametrize(
    "page, link",
    [
        ("/articles/?q=talks&country=fr&page=2", 'href="/articles.csv?q=talks&amp;country=fr" download'),
        ("/people/sergey-lavrov/", 'href="/people/sergey-lavrov/articles.csv" download'),
        ("/countries/fr/", 'href="/countries/fr/articles.csv" download'),
        ("/quotes/?speaker=sergey-lavrov", 'href="/quotes.csv?speaker=sergey-lavrov" download'),
        ("/people/?q=lav", 'href="/people.csv?q=lav" download'),
        ("/countries/", 'href="/countries.csv" download'),
    ],
)
def test_each_list_links_its_csv(client, world, page, link):
    html = client.get(page).content.decode()
    assert link in html and ">Download CSV</a>" in html


def populate(total: int) -> None:
    """Grow the data to `total` articles, each with a person, a country and a quote."""
    for number in range(Article.objects.count(), total):
        article = f.article(f"Talks {number}", f"Envoy{number} Smith met Lavrov in Paris.", published=date(2019, 1, 1 + number % 28))
        f.person_mention(article, f.person(f"Envoy{number} Smith"))
        f.country_mention(article, "FR", as_written="Paris")
        f.quote(article, "met Lavrov", None)


@pytest.mark.parametrize(
    "url, queries",
    [
        ("/articles.csv?q=talks", 3),  # the articles, their people, their countries
        ("/countries/fr/articles.csv", 4),  # the country, then the same three
        ("/quotes.csv", 1),  # quotes joined to articles and speakers
        ("/people.csv", 1),
        ("/countries.csv", 1),
    ],
)
def test_an_export_costs_a_fixed_number_of_queries(client, django_assert_num_queries, url, queries):
    for total in (3, 30):
        populate(total)
        with django_assert_num_queries(queries):
            rows = read_csv(client.get(url))
        assert len(rows) == (1 if "countries.csv" in url else total)
