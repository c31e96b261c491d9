"""Who speaks across many real articles: the share of full quotations with no
speaker of any kind, and the most frequent speakers of each kind to read for
things that should never speak (diseases, pronouns, generic nouns, places).

    .venv/bin/python tests/eval/speakers_at_scale.py [--articles 2000] [--skip 0] [--top 40]

Reads ../shared/corpus/allsides/all-articles.jsonl.xz at run time (never copied into
the repository); not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from articles.countrydata import alias_map  # noqa: E402
from articles.extraction import Lookups, extract_many, load_nlp, parse_article  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "corpus" / "allsides" / "all-articles.jsonl.xz"


def articles(skip: int, count: int):
    with lzma.open(ARTICLES, "rt", encoding="utf-8") as lines:
        for line in islice(lines, skip, skip + count):
            record = json.loads(line)
            text = f"{record.get('title') or ''}\n\n{record.get('content') or ''}"
            yield parse_article(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--show", action="store_true", help="print each full quotation left without a speaker")
    options = parser.parse_args()
    nlp = load_nlp()
    lookups = Lookups(country_aliases=alias_map())
    full = unattributed = fragments = 0
    by_kind: dict[str, Counter] = {"person": Counter(), "organisation": Counter(), "country": Counter()}
    written_only: Counter = Counter()
    parsed_articles = list(articles(options.skip, options.articles))
    for parsed, extraction in zip(parsed_articles, extract_many(parsed_articles, nlp, lookups)):
        for quote in extraction.quotes:
            if quote.partial:
                fragments += 1
                continue
            full += 1
            if quote.speaker is None:
                unattributed += 1
                if options.show:
                    paragraphs = parsed.paragraphs
                    before = paragraphs[quote.paragraph - 1][-200:] if quote.paragraph else ""
                    print(f"NO SPEAKER {parsed.title[:50]!r} as written {quote.speaker_as_written!r}\n"
                          f"  before: {before!r}\n  paragraph: {paragraphs[quote.paragraph][:400]!r}")
                if quote.speaker_as_written:
                    written_only[quote.speaker_as_written.casefold()] += 1
            else:
                by_kind[quote.speaker_kind][quote.speaker] += 1
    print(f"{options.articles} articles from {options.skip}: {full} full quotations, {fragments} fragments")
    print(f"  full quotations with no speaker of any kind: {unattributed} ({unattributed / max(1, full):.1%})")
    for kind, counter in by_kind.items():
        total = sum(counter.values())
        print(f"  speaker {kind}: {total} quotes ({total / max(1, full):.1%}); most frequent:")
        print("    " + ", ".join(f"{name} {n}" for name, n in counter.most_common(options.top)))
    print("  descriptions kept as written, most frequent:")
    print("    " + ", ".join(f"{name} {n}" for name, n in written_only.most_common(options.top)))


if __name__ == "__main__":
    main()
