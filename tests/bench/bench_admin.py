"""Benchmark: the editors' desk on a large database. Prints numbers, asserts nothing.

    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsapp_bench_admin \\
        .venv/bin/python tests/bench/bench_admin.py --articles 20000

Fills the database (once) with synthetic articles, people, mentions and quotes,
then times each admin list (plain, searched, filtered) through the Django test
client as a signed-in editor, and a merge of two busy people. Median of --runs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from articles import search_index  # noqa: E402
from articles.merging import merge_people  # noqa: E402
from articles.models import Article, Country, Person, PersonAlias, PersonMention, Quote  # noqa: E402

FIRST = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas"]
LAST = ["Ivanova", "Kowalski", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka", "Umar"]


def fill(n_articles: int) -> None:
    have = Article.objects.count()
    if have >= n_articles:
        return
    n_people = max(n_articles // 4, 10)
    with transaction.atomic():
        existing = Person.objects.count()
        people = Person.objects.bulk_create(
            [
                Person(name=f"{FIRST[i % 10]} {LAST[(i // 10) % 10]} {i}", slug=f"bench-person-{i}")
                for i in range(existing, n_people)
            ]
        )
        PersonAlias.objects.bulk_create(
            [PersonAlias(person=p, name=f"Minister {p.name}", normalised=f"minister {p.name}".lower()) for p in people]
        )
        people = list(Person.objects.order_by("pk"))
        countries = list(Country.objects.order_by("pk"))
        start = date(2015, 1, 1)
        articles = Article.objects.bulk_create(
            [
                Article(
                    title=f"Talks number {i} on trade and security",
                    slug=f"bench-article-{i}",
                    body=f"Delegates met on day {i}.\n\n\"We agreed on nothing,\" one said.\n\nTalks go on.",
                    published=start + timedelta(days=i % 3000),
                    source=f"Wire {i % 7}",
                    content_hash=hashlib.sha256(f"bench {i}".encode()).hexdigest(),
                )
                for i in range(have, n_articles)
            ],
            batch_size=2000,
        )
        mentions, country_mentions, quotes = [], [], []
        for i, article in enumerate(articles, start=have):
            for k in range(3):
                mentions.append(PersonMention(article=article, person=people[(i * 3 + k) % len(people)], count=k + 1))
            country_mentions.append(
                Article.country_mentions.rel.related_model(article=article, country=countries[i % len(countries)])
            )
            quotes.append(Quote(article=article, text="We agreed on nothing,", speaker=people[(i * 3) % len(people)],
                                start=27, end=48, paragraph=1))
        PersonMention.objects.bulk_create(mentions, batch_size=5000, ignore_conflicts=True)
        Article.country_mentions.rel.related_model.objects.bulk_create(country_mentions, batch_size=5000)
        Quote.objects.bulk_create(quotes, batch_size=5000)
    if connection.vendor == "postgresql":
        search_index.refresh(Article.objects.values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(client: Client, url: str, params: dict, runs: int) -> tuple[float, float, int, int]:
    """Median total ms, median ms spent in SQL, queries, rows matched."""
    client.get(url, params)  # warm caches (content types, permissions)
    times, sql_times = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    matched = response.context["cl"].result_count
    return statistics.median(times), statistics.median(sql_times), len(queries.captured_queries), matched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()  # the test client then reports the rendered context
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(args.articles)
    print(f"database: {connection.vendor}; filled in {time.perf_counter() - started:.1f} s")
    print(
        f"rows: {Article.objects.count()} articles, {Person.objects.count()} people, "
        f"{PersonMention.objects.count()} person mentions, {Quote.objects.count()} quotes"
    )
    from django.contrib.auth.models import Group, User

    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    pages = [
        ("articles", "/admin/articles/article/", {}),
        ("articles, searched", "/admin/articles/article/", {"q": "trade security"}),
        ("articles, one source and year", "/admin/articles/article/", {"source": "Wire 3", "published__year": "2018"}),
        ("people with counts", "/admin/articles/person/", {}),
        ("people, searched", "/admin/articles/person/", {"q": "Petrov"}),
        ("people by article count", "/admin/articles/person/", {"o": "-3"}),
        ("person mentions", "/admin/articles/personmention/", {}),
        ("person mentions, rejected", "/admin/articles/personmention/", {"status__exact": "rejected"}),
        ("quotes", "/admin/articles/quote/", {}),
        ("quotes, searched", "/admin/articles/quote/", {"q": "nothing"}),
    ]
    print(f"{'page':34} {'median ms':>10} {'in SQL':>8} {'queries':>8} {'rows matched':>13}")
    for label, url, params in pages:
        ms, sql_ms, queries, matched = timed(client, url, params, args.runs)
        print(f"{label:34} {ms:10.1f} {sql_ms:8.1f} {queries:8d} {matched:13d}")
    for merged in (1, 20, 200):
        survivor, *others = list(Person.objects.order_by("pk")[: merged + 1])
        held = PersonMention.objects.filter(person__in=others).count() + Quote.objects.filter(speaker__in=others).count()
        with transaction.atomic():
            started = time.perf_counter()
            merge_people(survivor, others, editor)
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)  # keep the benchmark data as it was
        print(f"merge of {merged} people holding {held} mentions and quotes: {elapsed:.0f} ms (rolled back)")


if __name__ == "__main__":
    main()
