"""The public pages that show the longest stored article, timed one request at a time.
Prints numbers, asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsapp_load .venv/bin/python tests/bench/long_article.py
    (options: --repeat 20 --port 8766)

The reliability target: no public page takes more than 200 ms on an article of
10,000 paragraphs. Make one and ingest it first, for example

    python3 -c 'open("/tmp/long.txt", "w").write("A very long article\\n\\n" + "\\n\\n".join(
        "%d. Theresa May met Donald Tusk. \\"We will talk again,\\" she said." % i for i in range(10000)))'
    python manage.py ingest /tmp/long.txt

Serves the app with gunicorn and production settings (as load_pages.py does), asks each page
once to warm it, then --repeat times from one client, and prints the median, 95th percentile
and slowest time and the size of the answer. The pages: the article itself, its quotes on
the quote list, the person it names most and its first quoted speaker, the article in the
API, and a search that finds it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import ROOT, serve, stop  # noqa: E402


def pages() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
    import django

    django.setup()
    from django.db.models.functions import Length

    from articles.models import Article

    article = Article.objects.annotate(size=Length("body")).order_by("-size").first()
    if article is None:
        sys.exit("The database has no articles: ingest one first.")
    paragraphs = article.body.count("\n\n") + 1
    print(f"longest article: {article.slug} ({len(article.body):,} characters, about {paragraphs:,} paragraphs)")
    person = article.person_mentions.order_by("-count").select_related("person").first()
    quote = article.quotes.exclude(speaker=None).select_related("speaker").first()
    addresses = {
        "article": article.get_absolute_url(),
        "api article": f"/api/articles/{article.slug}",
        "search": f"/articles/?q={urllib.request.quote(article.title)}",
        "quotes": f"/quotes/?q={urllib.request.quote(article.title.split()[-1])}",
    }
    if person:
        addresses["person"] = person.person.get_absolute_url()
    if quote:
        addresses["speaker's quotes"] = f"/quotes/?speaker={quote.speaker.slug}"
    return addresses


def timed(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        size = len(response.read())
        if response.status != 200:
            sys.exit(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="requests per page after the warm-up (default 20)")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "load-test-only-not-a-secret-" + "x" * 40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    os.environ.update({key: environment[key] for key in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")})
    addresses = pages()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    server = serve(args.port, 1, environment)
    try:
        print(f"{'page':18} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'bytes':>10}  address")
        for name, path in addresses.items():
            url = f"http://127.0.0.1:{args.port}{path}"
            timed(url)
            times = []
            for _ in range(args.repeat):
                elapsed, size = timed(url)
                times.append(elapsed)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"{name:18} {statistics.median(times):10.1f} {p95:8.1f} {times[-1]:8.1f} {size:10,}  {path}")
    finally:
        stop(server)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
