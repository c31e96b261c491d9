"""Time extraction against spaCy alone on 200 AllSides articles.

    .venv/bin/python tests/bench/bench_extraction.py [--articles 200] [--batch-size 32] [--repeat N]

Both runs feed nlp.pipe the same texts with the same components; the ratio is
what the extractor's own rules add on top of spaCy (target: at most 1.25).
Not collected by pytest: it reads ../shared/corpus at run time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from articles.countrydata import alias_map  # noqa: E402
from articles.extraction import Lookups, extract_many, load_nlp, parse_article  # noqa: E402
from articles.extraction.pipeline import analyse, compose  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "corpus" / "allsides" / "diplomacy-txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=1, help="alternate the runs N times, keep the fastest")
    options = parser.parse_args()

    paths = sorted(ARTICLES.glob("*.txt"))[: options.articles]
    parsed = [parse_article(path.read_text(encoding="utf-8")) for path in paths]
    texts = [compose(article)[0] for article in parsed]
    nlp = load_nlp()
    lookups = Lookups(country_aliases=alias_map())
    words = sum(len(text.split()) for text in texts)
    print(f"{len(texts)} articles, {words} words, components: {', '.join(nlp.pipe_names)}")

    list(extract_many(parsed[:5], nlp, lookups, batch_size=options.batch_size))  # warm caches and tables

    # Runs alternate and the fastest of each counts, so that load from other work on
    # the machine hits both sides alike.
    spacy_alone = full = rules = float("inf")
    for _ in range(options.repeat):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=options.batch_size))
        spacy_alone = min(spacy_alone, time.perf_counter() - started)

        # The rules on their own, over the Docs just made.
        started = time.perf_counter()
        for doc, article in zip(docs, parsed):
            analyse(doc, article, lookups, nlp.tokenizer)
        rules = min(rules, time.perf_counter() - started)
        del docs

        started = time.perf_counter()
        extractions = list(extract_many(parsed, nlp, lookups, batch_size=options.batch_size))
        full = min(full, time.perf_counter() - started)

    people = sum(len(e.people) for e in extractions)
    quotes = sum(len(e.quotes) for e in extractions)
    print(f"nlp.pipe alone:  {spacy_alone:7.2f} s")
    print(f"full extraction: {full:7.2f} s  ({people} people, {quotes} quotes)")
    print(f"ratio:           {full / spacy_alone:7.3f}  (target <= 1.25)")
    print(f"rules alone:     {rules:7.2f} s  -> (spaCy + rules) / spaCy = {(spacy_alone + rules) / spacy_alone:.3f}")


if __name__ == "__main__":
    main()
