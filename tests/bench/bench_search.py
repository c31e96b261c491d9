"""Search and page speed on the allsides corpus in PostgreSQL (a script, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsapp_search \
        .venv/bin/python tests/bench/bench_search.py --real 1000 --gazetteer

Loading, both optional and idempotent (articles already stored are unchanged):
  --real N       the first N articles through the real `manage.py ingest` (spaCy);
  --gazetteer    every other article (or up to --limit), bulk-written with a cheap
                 dictionary extraction instead of spaCy: the people the real
                 ingest found and every country alias, matched as whole words,
                 and quotations in “...” credited to a person named in the same
                 paragraph; search vectors refreshed by the same SQL ingestion
                 uses. On 2 busy cores spaCy ingests about 1-2 articles a second,
                 so the 37,554 articles cannot all go through it in an evening;
                 this gives the pages a realistic size and shape of data.
Without either, it measures whatever the database holds (reuse a loaded one).

Measures, after one warm-up pass: for 50 realistic queries the time of
/articles/?q= (the whole page through Django's test client: form, count, page,
headlines, prefetches, facets, template), the page of the most-mentioned person
and of the most-mentioned country, the pair page of the two countries sharing the
most events and /events/ (50 requests each), the API's search /api/articles?q=
(the 50 queries); then the same queries as
count + first page of 20 through Article.objects.search() and through a plain
title/body icontains, in the same run. Prints p50/p95 and the ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "allsides" / "all-articles.jsonl.xz"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

QUERIES = [
    "Lavrov", "Pompeo", "Trump", "Putin", "Merkel", "Xi Jinping", "Kim Jong Un", "Netanyahu", "Erdogan",
    "Macron", "Theresa May", "Obama", "Hillary Clinton", "Tillerson", "Bolton", "Russia", "China",
    "North Korea", "Iran", "Syria", "Israel", "Ukraine", "Venezuela", "Saudi Arabia", "Mexico", "Cuba",
    "Afghanistan", "Brexit", "sanctions", "nuclear deal", "trade war", "tariffs", "climate change", "refugees",
    "NATO", "United Nations", "immigration", "election interference", '"nuclear deal"', '"trade war"',
    '"human rights"', "Iran -nuclear", "summit or talks", "ambassador", "embassy", "missile test", "ceasefire",
    "peace talks", "Paris agreement", "Crimea annexation",
]
CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
QUOTE_RE = re.compile(r"[“\"]([^”\"\n]{40,600})[”\"]")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(label: str, seconds: list[float]) -> tuple[float, float]:
    p50, p95 = statistics.median(seconds) * 1000, percentile(seconds, 0.95) * 1000
    print(f"  {label:<44} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   max {max(seconds) * 1000:8.1f} ms  (n={len(seconds)})")
    return p50, p95


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


# Loading ------------------------------------------------------------------------


def load_real(count: int, workers: int) -> None:
    from django.core.management import call_command

    print(f"Real ingest of the first {count} articles (spaCy, {workers} workers)...", flush=True)
    started = time.perf_counter()
    call_command("ingest", str(CORPUS), limit=count, workers=workers)
    print(f"  took {time.perf_counter() - started:.0f} s", flush=True)


class Gazetteer:
    """Whole-word matching of known people and country aliases."""

    def __init__(self):
        from articles.models import CountryAlias, Person, PersonAlias

        self.people: dict[str, str] = {}
        for name in Person.objects.values_list("name", flat=True):
            if " " in name:
                self.people[name] = name
        for alias, name in PersonAlias.objects.values_list("name", "person__name"):
            # Multi-word spellings only: a bare surname is too ambiguous without spaCy.
            if " " in alias and name in self.people and alias[:1].isupper():
                self.people.setdefault(alias, name)
        self.countries = {
            name: code for name, code in CountryAlias.objects.values_list("name", "country__code") if name[:1].isupper()
        }
        # One regex alternation of thousands of names is far too slow in
        # Python: index the names by their first capitalised word instead.
        self.by_first_word: dict[str, list[str]] = {}
        for name in sorted(set(self.people) | set(self.countries), key=len, reverse=True):
            first = CAPITALISED.match(name)
            if first:
                self.by_first_word.setdefault(first.group(0), []).append(name)

    def matches(self, body: str):
        position = 0
        for word in CAPITALISED.finditer(body):
            if word.start() < position or (word.start() and body[word.start() - 1].isalnum()):
                continue
            for name in self.by_first_word.get(word.group(0), ()):
                end = word.start() + len(name)
                if body.startswith(name, word.start()) and (end == len(body) or not body[end].isalnum()):
                    yield name, (word.start(), end)
                    position = end
                    break

    def extract(self, parsed):
        from articles.extraction.types import CountryFound, Extraction, PersonFound, QuoteFound

        body = parsed.body
        people: dict[str, PersonFound] = {}
        countries: dict[str, CountryFound] = {}
        for text, span in self.matches(body):
            if text in self.people:
                found = people.setdefault(self.people[text], PersonFound(name=self.people[text]))
                found.mentions += 1
                found.spans.append(span)
                if text != found.name and text not in found.aliases:
                    found.aliases.append(text)
            else:
                code = self.countries[text]
                found = countries.setdefault(code, CountryFound(code=code))
                found.mentions += 1
                found.spans.append(span)
                if text not in found.aliases:
                    found.aliases.append(text)
        quotes, starts = [], parsed.paragraph_starts()
        for index, paragraph in enumerate(parsed.paragraphs):
            for match in QUOTE_RE.finditer(paragraph):
                start = starts[index] + match.start(1)
                speaker = next(
                    (p.name for p in people.values() if any(starts[index] <= s < starts[index] + len(paragraph) for s, _ in p.spans)),
                    None,
                )
                quotes.append(
                    QuoteFound(match.group(1), speaker, speaker or "", False, index, start, start + len(match.group(1)))
                )
        return Extraction(people=list(people.values()), countries=list(countries.values()), quotes=quotes)


def load_gazetteer(limit: int | None, batch_size: int) -> None:
    """Bulk-writes articles with the gazetteer's mentions and quotes, then
    refreshes their search vectors the way ingestion does. It skips what
    articles.ingest adds per article (savepoints, history rows, merging with
    editors' rows: there are none in a fresh benchmark database), which is
    what makes the whole corpus loadable in minutes."""
    from django.conf import settings
    from django.db import transaction
    from django.utils.text import slugify

    from articles import search_index
    from articles.ingest import content_hash
    from articles.models import Article, Country, CountryMention, Person, PersonMention, Quote
    from articles.sources import read_sources

    gazetteer = Gazetteer()
    print(
        f"Gazetteer load ({len(gazetteer.people)} people spellings, {len(gazetteer.countries)} country aliases)...",
        flush=True,
    )
    person_ids = dict(Person.objects.values_list("name", "pk"))
    country_ids = dict(Country.objects.values_list("code", "pk"))
    hashes = set(Article.objects.values_list("content_hash", flat=True))
    urls = set(Article.objects.exclude(url="").values_list("url", flat=True))
    external = set(Article.objects.exclude(external_id="").values_list("source", "external_id"))
    slugs = set(Article.objects.values_list("slug", flat=True))
    max_bytes = getattr(settings, "INGEST_MAX_FILE_BYTES", 2_000_000)
    sources = (s for s in read_sources([CORPUS], max_bytes) if s.parsed is not None)
    if limit:
        sources = islice(sources, limit)
    started, created, skipped = time.perf_counter(), 0, 0

    def slug_for(title: str) -> str:
        base = (slugify(title) or "untitled")[:190].strip("-") or "untitled"
        slug, n = base, 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        return slug

    while batch := list(islice(sources, batch_size)):
        rows = []
        for source in batch:
            parsed, digest = source.parsed, content_hash(source.parsed)
            key = (parsed.source[:200], source.external_id)
            if digest in hashes or (parsed.url and parsed.url in urls) or (source.external_id and key in external):
                skipped += 1
                continue
            hashes.add(digest)
            urls.add(parsed.url)
            external.add(key)
            article = Article(
                title=parsed.title[:500], slug=slug_for(parsed.title), standfirst=parsed.standfirst, body=parsed.body,
                caption=parsed.caption, credit=parsed.credit[:300], published=parsed.published,
                source=parsed.source[:200], url=parsed.url[:1000], external_id=source.external_id,
                ingested_from=source.ingested_from[:1000], content_hash=digest,
            )
            rows.append((article, gazetteer.extract(parsed)))
        with transaction.atomic():
            Article.objects.bulk_create([article for article, _ in rows])
            PersonMention.objects.bulk_create(
                PersonMention(article=article, person_id=person_ids[found.name], count=found.mentions,
                              first_offset=found.first_offset, spans=[list(span) for span in found.spans])
                for article, extraction in rows for found in extraction.people
            )
            CountryMention.objects.bulk_create(
                CountryMention(article=article, country_id=country_ids[found.code], count=found.mentions,
                               first_offset=found.first_offset, spans=[list(span) for span in found.spans])
                for article, extraction in rows for found in extraction.countries
            )
            Quote.objects.bulk_create(
                Quote(article=article, text=q.text, speaker_id=person_ids.get(q.speaker),
                      speaker_as_written=q.speaker_as_written, paragraph=q.paragraph, start=q.start, end=q.end)
                for article, extraction in rows for q in extraction.quotes
            )
            search_index.refresh([article.pk for article, _ in rows])
        created += len(rows)
        elapsed = time.perf_counter() - started
        print(f"\r  {created:,} created, {skipped:,} already there, {created / elapsed:.0f} articles/s", end="", flush=True)
    print(f"\n  took {time.perf_counter() - started:.0f} s", flush=True)
    settle()


def settle() -> None:
    """VACUUM ANALYZE, as autovacuum would do soon after a bulk load: without
    the visibility map, counts that an index alone could answer read the
    table, and the planner has no statistics for the new rows."""
    from django.db import connection

    print("VACUUM ANALYZE...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# Measuring ----------------------------------------------------------------------


TARGETS_MS = {"pair page": 100, "events page": 100}


def busiest_pair() -> list[str] | None:
    """The two countries (lower-case codes) that share the most events, if any."""
    from django.db.models import Count, F

    from articles.models import EventCountry

    row = (
        EventCountry.objects.filter(event__sides__country__code__gt=F("country__code"))
        .values("country__code", "event__sides__country__code")
        .annotate(events=Count("event", distinct=True))
        .order_by("-events")
        .first()
    )
    return [row["country__code"].lower(), row["event__sides__country__code"].lower()] if row else None


def measure(rounds: int, compare: int) -> None:
    from django.db import connection
    from django.test import Client

    from articles.models import Article, Country, CountryMention, Person, PersonMention, Quote

    print(
        f"\nData: {Article.objects.count():,} articles, {Person.objects.count():,} people, "
        f"{PersonMention.objects.count():,} person mentions, {CountryMention.objects.count():,} country mentions, "
        f"{Quote.objects.count():,} quotes"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article WHERE search_vector IS NULL")
        print(f"Articles without a search vector: {cursor.fetchone()[0]}")
    print("Load average (1, 5, 15 min) at the start: %.2f %.2f %.2f on %d cores" % (*os.getloadavg(), os.cpu_count()))
    person = Person.objects.most_mentioned().first()
    country = Country.objects.most_mentioned().first()
    print(f"Most-mentioned person: {person} ({person.article_count} articles); "
          f"country: {country} ({country.article_count} articles)")
    pair = busiest_pair() or [c.code.lower() for c in Country.objects.most_mentioned()[:2]]
    pair_url = f"/countries/{pair[0]}/{pair[1]}/"
    print(f"Country pair with the most events: {pair_url}")

    client = Client(HTTP_HOST="localhost")

    def get(url, params=None):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)

    def search_orm(query):
        queryset = Article.objects.search(query)
        queryset.count()
        list(queryset[:20])

    def icontains_orm(query):
        plain = re.sub(r'["]|(^|\s)-|\bor\b', " ", query).strip()
        queryset = Article.objects.icontains(plain)
        queryset.count()
        list(queryset[:20])

    for query in QUERIES:  # warm-up: caches and connections as in a running site
        get("/articles/", {"q": query})
    get(person.get_absolute_url())
    get(country.get_absolute_url())
    get(pair_url)
    for query in QUERIES:
        get("/api/articles", {"q": query})

    results = {}
    print(f"\nTimings ({rounds} round(s); whole pages through the Django test client):")
    results["search page"] = report(
        "/articles/?q= (50 queries)",
        [timed(lambda: get("/articles/", {"q": q})) for _ in range(rounds) for q in QUERIES],
    )
    results["person page"] = report(
        f"{person.get_absolute_url()}", [timed(lambda: get(person.get_absolute_url())) for _ in range(50 * rounds)]
    )
    results["country page"] = report(
        f"{country.get_absolute_url()}", [timed(lambda: get(country.get_absolute_url())) for _ in range(50 * rounds)]
    )
    results["pair page"] = report(pair_url, [timed(lambda: get(pair_url)) for _ in range(50 * rounds)])
    results["events page"] = report("/events/", [timed(lambda: get("/events/")) for _ in range(50 * rounds)])
    results["API search"] = report(
        "/api/articles?q= (50 queries)",
        [timed(lambda: get("/api/articles", {"q": q})) for _ in range(rounds) for q in QUERIES],
    )
    compared = QUERIES[:: max(1, len(QUERIES) // compare)][:compare]
    print(f"\nSearch alone (count + first 20), {len(compared)} of the queries, same run:")
    fts = report("Article.objects.search (full text)", [timed(lambda: search_orm(q)) for _ in range(rounds) for q in compared])
    naive = report("title/body icontains", [timed(lambda: icontains_orm(q)) for _ in range(rounds) for q in compared])
    print(f"\n  icontains / full text: p50 {naive[0] / fts[0]:.1f}x   p95 {naive[1] / fts[1]:.1f}x")
    print("  Targets: p95 < 50 ms for the search, person and country pages and the API's search, < 100 ms for the "
          "pair and events pages; full text at least 10x faster than icontains.")
    verdicts = [
        f"{name} p95 {p95:.0f} ms {'OK' if p95 < TARGETS_MS.get(name, 50) else 'OVER'}" for name, (_, p95) in results.items()
    ]
    print("  " + "; ".join(verdicts))
    print("Load average at the end: %.2f %.2f %.2f" % os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--real", type=int, default=0, metavar="N", help="ingest the first N articles with spaCy first")
    parser.add_argument("--workers", type=int, default=2, help="spaCy processes for --real (default 2)")
    parser.add_argument("--gazetteer", action="store_true", help="ingest the rest with the dictionary extraction")
    parser.add_argument("--limit", type=int, help="with --gazetteer: stop after this many articles of the corpus")
    parser.add_argument("--batch-size", type=int, default=256, help="articles per transaction for --gazetteer")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the timed passes (default 1)")
    parser.add_argument(
        "--compare", type=int, default=10,
        help="how many of the queries (evenly spread) to run through both searches for the comparison; "
        "icontains takes ~4 s a query on the whole corpus (default: 10)",
    )
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database (the benchmark measures PostgreSQL search).", file=sys.stderr)
        return 2
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.real:
        load_real(args.real, args.workers)
    if args.gazetteer:
        load_gazetteer(args.limit, args.batch_size)
    elif args.real:
        settle()
    from articles.models import Article

    if not Article.objects.exists():
        print("The database holds no articles: load some with --real N and/or --gazetteer.", file=sys.stderr)
        return 2
    measure(args.rounds, args.compare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
