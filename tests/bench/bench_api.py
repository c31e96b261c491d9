"""Speed of the API's cursor pages, shallow and deep (a script, not a test).

    createdb -h 127.0.0.1 -U postgres api_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/api_bench \\
        .venv/bin/python tests/bench/bench_api.py --articles 40000

Loads (once; idempotent) `--articles` synthetic articles spread over six
years (one in twenty undated), each naming two of 300 people, one of 20
countries and quoting one person, written in bulk (no spaCy: only the shape
and size of the data matter here). Then times, through Django's test client
(the whole request: parsing, queries, JSON), 30 requests each of:
  - /api/articles, /api/quotes, /api/people: the first page, and a page
    about 90% of the way through the result (its cursor made from the row
    there), beside the same page fetched with OFFSET for comparison;
  - /api/articles?person=...: the most-mentioned person's first and deep page.
Prints p50 and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

REPEATS = 30
LIMIT = 20


def load(total: int) -> None:
    from django.db import connection, transaction

    from articles.models import Article, Country, CountryMention, Person, PersonMention, Quote

    have = Article.objects.count()
    if have >= total:
        return
    rng = random.Random(14)
    people = list(Person.objects.all()[:300])
    for number in range(len(people), 300):
        people.append(Person.objects.create(name=f"Bench Person {number}"))
    countries = list(Country.objects.order_by("code")[:20])
    start = date(2015, 1, 1)
    batch = 2000
    for first in range(have, total, batch):
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                Article(
                    title=f"Bench article {n}",
                    slug=f"bench-article-{n}",
                    body=f"Body of bench article {n}.\n\n\"A quote {n},\" someone said.",
                    published=None if n % 20 == 0 else start + timedelta(days=rng.randrange(6 * 365)),
                    source=f"Wire {n % 7}",
                    content_hash=hashlib.sha256(f"bench {n}".encode()).hexdigest(),
                )
                for n in range(first, min(first + batch, total))
            )
            mentions, places, quotes = [], [], []
            for article in articles:
                # A skewed choice: a few people are in many articles, as in the news.
                named = {people[min(int(rng.expovariate(1 / 30)), 299)] for _ in range(2)}
                mentions += [PersonMention(article=article, person=p, count=1) for p in named]
                places.append(CountryMention(article=article, country=rng.choice(countries), count=1))
                quotes.append(Quote(article=article, text=f"A quote {article.pk}", speaker=next(iter(named)), start=0, end=5))
            PersonMention.objects.bulk_create(mentions)
            CountryMention.objects.bulk_create(places)
            Quote.objects.bulk_create(quotes)
        print(f"loaded {min(first + batch, total)} articles", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def timed(client, url: str) -> list[float]:
    client.get(url)  # warm-up
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.content[:200])
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:62s} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=40000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from articles import api, keyset
    from articles.models import Article, Person, PersonMention, Quote

    load(args.articles)
    client = Client(HTTP_HOST="localhost")
    print(f"{connection.vendor}, {Article.objects.count():,} articles, {Quote.objects.count():,} quotes")

    def deep_cursor(queryset, keys, depth):
        row = queryset.order_by(*(k.order() for k in keys))[depth - 1 : depth].get()
        return keyset.encode(keys, row)

    def offset_page(queryset, keys, depth):
        return lambda: list(queryset.order_by(*(k.order() for k in keys))[depth : depth + LIMIT])

    star = Person.objects.with_counts().order_by("-article_count").first()
    lists = [
        ("/api/articles", Article.objects.all(), api.ARTICLE_KEYS, Article.objects.count()),
        ("/api/quotes", Quote.objects.active(), api.QUOTE_KEYS, Quote.objects.count()),
        ("/api/people", Person.objects.mentioned().with_counts(), api.PERSON_KEYS, Person.objects.mentioned().count()),
        (
            f"/api/articles?person={star.slug}",
            Article.objects.mentioning(star),
            api.ARTICLE_KEYS,
            PersonMention.objects.filter(person=star).count(),
        ),
    ]
    for url, queryset, keys, total in lists:
        depth = int(total * 0.9)
        joiner = "&" if "?" in url else "?"
        report(f"{url} first page", timed(client, f"{url}{joiner}limit={LIMIT}"))
        cursor = deep_cursor(queryset, keys, depth)
        report(f"{url} page at row {depth:,} (cursor)", timed(client, f"{url}{joiner}limit={LIMIT}&cursor={cursor}"))
        for label, fetch in (
            ("the same rows by cursor (query only)", lambda: keyset.page(queryset, keys, cursor, LIMIT)),
            (f"the same rows by OFFSET {depth:,} (query only)", offset_page(queryset, keys, depth)),
        ):
            fetch()
            times = []
            for _ in range(REPEATS):
                began = time.perf_counter()
                fetch()
                times.append((time.perf_counter() - began) * 1000)
            report(f"  {label}", times)


if __name__ == "__main__":
    main()
