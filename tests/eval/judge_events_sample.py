"""Print the events extracted from a reproducible sample of real diplomacy articles,
for judging by hand against their texts (the figures are in events_real_articles.md).

    .venv/bin/python tests/eval/judge_events_sample.py --set dev|dev2|heldout|heldout2 [--show-evidence]

The samples are the AllSides diplomacy articles of ../shared/corpus/allsides/, shuffled
with random.Random(13) in the order of diplomacy-txt-metadata.tsv: dev is rows 0-29,
dev2 rows 30-59, heldout rows 60-89, heldout2 rows 90-119. Each article is read with its metadata date as
the publication date (the .txt files carry none). Not collected by pytest; nothing of
the corpus enters the repository.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from articles.countrydata import alias_map  # noqa: E402
from articles.extraction import Lookups, extract_many, load_nlp, parse_article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "allsides"
SETS = {"dev": slice(0, 30), "dev2": slice(30, 60), "heldout": slice(60, 90), "heldout2": slice(90, 120)}


def sample(name: str) -> list[dict]:
    with open(CORPUS / "diplomacy-txt-metadata.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    random.Random(13).shuffle(rows)
    return rows[SETS[name]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--show-evidence", action="store_true")
    options = parser.parse_args()
    rows = sample(options.set)
    texts = [f"Date: {row['date']}\n\n" + (CORPUS / "diplomacy-txt" / f"{row['ID']}.txt").read_text(encoding="utf-8")
             for row in rows]
    extractions = extract_many([parse_article(text) for text in texts], load_nlp(), Lookups(country_aliases=alias_map()))
    total = 0
    for row, extraction in zip(rows, extractions):
        if not extraction.events:
            continue
        print(f"== {row['ID']} {row['date'] or 'no date'} | {row['title'][:90]}")
        for event in extraction.events:
            total += 1
            place = f"{event.place['name']} ({event.place['country']})" if event.place else "-"
            sides = f"{'/'.join(event.actors)} -> {'/'.join(event.targets)}" if event.actors or event.targets else "/".join(event.countries)
            print(f"  {event.kind:10} {event.status:9} {sides:14} bodies={','.join(event.bodies) or '-'} place={place} date={event.date or '-'}")
            if options.show_evidence:
                for evidence in event.evidence:
                    print(f"      {evidence.part}: {evidence.sentence[:200]}")
    print(f"{len(rows)} articles, {total} events")


if __name__ == "__main__":
    main()
