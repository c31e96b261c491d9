"""People and countries at corpus scale, as figures (a script, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/people_corpus \
        .venv/bin/python tests/bench/corpus_people.py --offset 0 --articles 2000 [--workers 2] [--show]

Takes N consecutive articles of ../shared/corpus/allsides/all-articles.jsonl.xz
from --offset, writes them to a temporary JSON Lines file, empties the database
and stores them with the real `manage.py ingest` (in a child process), then prints:

- the number of people records;
- for the 50 most-mentioned people (by articles), how many records look like the
  same human: the names.py rules (articles.extraction.names.same_person), the
  same first name and surname, casefolded, accents and particles aside, a bare
  surname that only one full name has, or the name with other words glued to it
  ("Mitch McConnell Addison", "Trump Donald John");
- the records among the 200 most-mentioned that do not look like a person, by
  checks independent of the extractor's own filter (see not_a_person_reason);
- country hits from the known false-hit patterns (ATF, BLM, Georgetown, "Chad"
  before a capitalised word, "New Jersey", "American Indian"), read at each
  stored span.
"""

from __future__ import annotations

import argparse
import lzma
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "allsides" / "all-articles.jsonl.xz"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import empty_database, setup  # noqa: E402

# (country code, what the span reads as a false hit)
FALSE_HITS = {
    "TF": lambda body, s, e: body[s:e] == "ATF",
    "BL": lambda body, s, e: body[s:e] == "BLM",
    "GY": lambda body, s, e: body[s:e].startswith("Georgetown"),
    "TD": lambda body, s, e: body[s:e] == "Chad" and re.match(r" [A-Z][a-z]", body[e : e + 3]) is not None,
    "JE": lambda body, s, e: body[max(0, s - 4) : s] == "New ",
    "IN": lambda body, s, e: body[s:e] == "Indian" and body[max(0, s - 9) : s] == "American ",
    "KY": lambda body, s, e: body[s:e].startswith("Georgetown"),
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
ORG_WORDS = {"haram", "news", "party", "university", "committee", "canal", "one", "era", "inc", "group", "times"}
UI_WORDS = {"email", "sign", "subscribe", "newsletter", "click", "share", "watch", "video", "read", "more"}


def write_slice(offset: int, count: int, path: Path) -> int:
    written = 0
    with lzma.open(CORPUS, "rt", encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        for line in islice(source, offset, offset + count):
            out.write(line)
            written += 1
    return written


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def first_and_surname(name: str) -> tuple[str, str] | None:
    words = [w for w in re.split(r"[\s]+", fold(name).replace(".", " ")) if w and w not in {"jr", "sr", "ii", "iii"}]
    if len(words) < 2:
        return None
    surname = re.sub(r"^(al|el|ad|as|ash|ar|at|az)-", "", words[-1])
    return words[0], surname


def looks_same(a: str, b: str, same_person, surnames: Counter | None = None) -> str | None:
    """a: a top-50 person's name; b: another record's. surnames: how many records
    with a full name have each surname (a bare surname is a split only when one
    full name has it)."""
    match = same_person(a, b)
    if match is not None:
        return match.reason
    from articles.extraction.names import family_name, parse

    wa, wb = fold(a).replace(".", " ").split(), fold(b).replace(".", " ").split()
    if len(wa) >= 2 and len(wb) == 1 and surnames is not None and wb[0] == family_name(a) and surnames[wb[0]] == 1:
        return "a bare surname, one full name has it"
    if len(wa) >= 2 and len(wb) > len(wa) and set(wa) <= set(wb) and not set(wb) & {"jr", "sr", "ii", "iii"}:
        return "the name with other words glued to it"
    pa, pb = first_and_surname(a), first_and_surname(b)
    if not (pa and pb and pa == pb):
        return None
    na, nb = parse(a), parse(b)
    if {na.suffix, nb.suffix} & {"jr", "sr"} and na.suffix != nb.suffix:
        return None  # father and son
    if na.middles and nb.middles and na.initials != nb.initials:
        return None  # George W. and George H. W.
    return "same first name and surname"


def not_a_person_reason(name: str) -> str | None:
    """Checks of what a name looks like, independent of the extractor's filters."""
    words = name.split()
    lowered = [fold(w).strip(".'\u2019") for w in words]
    if any(ch.isdigit() or ch in "#@/" for ch in name):
        return "digits or symbols"
    if len(words) > 1 and len(set(lowered)) < len(lowered):
        return "a word repeated"
    if any(re.search(r"[a-z][A-Z]", w) and not re.match(r"^(Mc|Mac|O'|D'|De|La|Le|Di|Van)", w) for w in words):
        return "glued words"
    if set(lowered) & WEEKDAYS:
        return "a weekday"
    if lowered and lowered[0] == "the":
        return "starts with The"
    if set(lowered) & ORG_WORDS:
        return "an organisation or place word"
    if len(set(lowered) & UI_WORDS) >= 1 and len(words) <= 3:
        return "interface words"
    if "-era" in name.casefold():
        return "an era"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="list the records counted")
    parser.add_argument("--no-ingest", action="store_true", help="report on the database as it is")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("corpus_people.py: set DATABASE_URL to a PostgreSQL database (it is emptied)")
    setup()
    if not options.no_ingest:
        empty_database()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"slice-{options.offset}-{options.articles}.jsonl"
            count = write_slice(options.offset, options.articles, path)
            print(f"ingesting {count} articles from offset {options.offset} with {options.workers} workers")
            started = time.monotonic()
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "ingest", str(path), "--workers", str(options.workers)],
                check=False,
                env=os.environ,
            )
            print(f"ingest took {time.monotonic() - started:.0f} s")
    report(options.show)


def report(show: bool) -> None:
    from django.db.models import Count, Sum

    from articles.extraction.names import same_person
    from articles.models import CountryMention, Person

    people = list(
        Person.objects.annotate(articles=Count("mentions", distinct=True), total=Sum("mentions__count"))
        .filter(articles__gt=0)
        .order_by("-articles", "-total", "name")
        .values_list("pk", "name", "articles")
    )
    print(f"people records: {Person.objects.count()} ({len(people)} with a mention)")

    from articles.extraction.names import family_name

    surnames = Counter(family_name(name) for _, name, _ in people if len(name.split()) > 1)
    split = 0
    extra_records = 0
    for pk, name, articles in people[:50]:
        twins = [(other, n, looks_same(name, other, same_person, surnames)) for opk, other, n in people if opk != pk]
        twins = [t for t in twins if t[2]]
        if twins:
            split += 1
            extra_records += len(twins)
        if show and twins:
            print(f"  {name} ({articles}): " + "; ".join(f"{o} ({n}, {why})" for o, n, why in twins))
    print(f"top 50 people: {split} have other records that look like the same human ({extra_records} records)")

    junk = [(name, articles, not_a_person_reason(name)) for _, name, articles in people[:200]]
    junk = [j for j in junk if j[2]]
    print(f"top 200 people: {len(junk)} records that do not look like a person")
    for name, articles, why in junk if show else []:
        print(f"  {name} ({articles}): {why}")
    one_word = [name for _, name, _ in people[:200] if len(name.split()) == 1]
    print(f"top 200 people: {len(one_word)} one-word names (to check by eye): {', '.join(one_word[:40])}")

    hits, articles = Counter(), {code: set() for code in FALSE_HITS}
    mentions = CountryMention.objects.filter(country__code__in=list(FALSE_HITS)).select_related("article", "country")
    for mention in mentions:
        body = mention.article.body
        for start, end in mention.spans:
            if FALSE_HITS[mention.country.code](body, start, end):
                hits[mention.country.code] += 1
                articles[mention.country.code].add(mention.article_id)
    total = sum(hits.values())
    detail = ", ".join(f"{code} {hits[code]} ({len(articles[code])} articles)" for code in sorted(FALSE_HITS))
    print(f"false country hits: {total} ({detail})")


if __name__ == "__main__":
    main()
