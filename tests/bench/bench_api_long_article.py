"""Size and speed of one long article's API detail (a script, not a test).

    createdb -h 127.0.0.1 -U postgres api_long
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/api_long .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/api_long \\
        .venv/bin/python tests/bench/bench_api_long_article.py --paragraphs 10000

Loads (once; idempotent) one article of `--paragraphs` paragraphs, each a
sentence quoting one of 40 people who are mentioned where they speak, with
two countries, written in bulk (no spaCy). Then fetches /api/articles/<slug>
through Django's test client (the whole request: queries and JSON) 10 times
and prints the answer's size, its number of quotes, and p50 and p95 in ms.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

REPEATS = 10
SPEAKERS = 40


def load(paragraphs: int) -> str:
    from django.db import transaction

    from articles.models import Article, Country, CountryMention, Person, PersonMention, Quote

    slug = f"long-briefing-{paragraphs}"
    if Article.objects.filter(slug=slug).exists():
        return slug
    people = [Person.objects.get_or_create(name=f"Long Speaker {n}", defaults={"slug": f"long-speaker-{n}"})[0]
              for n in range(SPEAKERS)]
    texts = [f'"This is point number {n} of the briefing," Speaker{n % SPEAKERS} said.' for n in range(paragraphs)]
    body = "\n\n".join(texts)
    with transaction.atomic():
        article = Article.objects.create(
            title=f"A briefing of {paragraphs:,} paragraphs", slug=slug, body=body, published=date(2020, 1, 1),
            source="Bench Wire", content_hash=hashlib.sha256(body.encode()).hexdigest(),
        )
        quotes, spans, offset = [], {p.pk: [] for p in people}, 0
        for n, text in enumerate(texts):
            said = text[1 : text.index('," ') + 1]
            quotes.append(Quote(article=article, text=said, speaker=people[n % SPEAKERS], paragraph=n,
                                start=offset + 1, end=offset + 1 + len(said), speaker_as_written=f"Speaker{n % SPEAKERS}"))
            at = offset + text.index("Speaker")
            spans[people[n % SPEAKERS].pk].append([at, at + len(f"Speaker{n % SPEAKERS}")])
            offset += len(text) + 2
        Quote.objects.bulk_create(quotes, batch_size=2000)
        PersonMention.objects.bulk_create(
            PersonMention(article=article, person=p, count=len(spans[p.pk]), spans=spans[p.pk],
                          first_offset=spans[p.pk][0][0] if spans[p.pk] else None)
            for p in people
        )
        CountryMention.objects.bulk_create(
            CountryMention(article=article, country=c, count=1) for c in Country.objects.filter(code__in=["RU", "US"])
        )
    return slug


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=10_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    slug = load(args.paragraphs)
    client = Client(HTTP_HOST="localhost")
    url = f"/api/articles/{slug}"
    first = client.get(url)
    assert first.status_code == 200, first.content[:300]
    answer = first.json()
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{connection.vendor}, article of {args.paragraphs:,} paragraphs, {len(answer['body']):,} characters of body")
    print(
        f"{url}: {len(first.content):,} bytes, {len(answer['quotes']):,} quotes embedded"
        f" (quote_count {answer.get('quote_count', 'absent')}), p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    main()
