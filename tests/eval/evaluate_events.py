"""Score event extraction against the PLOVER gold sentences and print the figures.

    .venv/bin/python tests/eval/evaluate_events.py [--show] [--only PREFIX]

Not a test module (pytest does not collect it): it reads
../shared/corpus/events/plover-gsr at run time, which never enters the repository.

Scoring as the corpus README states it: per article, predictions are matched one to
one with gold events, best match first. A prediction matches a gold event when its
kind is the gold kind or in `kinds_ok`, its status is the same, and its countries
cover the gold's (two of them when gold has two or more, the one otherwise).
Recall counts required gold events matched; precision counts predictions matching
any gold event (required or not). Over matched pairs: date right at the gold's
precision (a more precise prediction is right), place right (same country or same
name), people right (every gold person's surname among the predicted names).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from articles.countrydata import alias_map  # noqa: E402
from articles.extraction import Lookups, extract_many, load_nlp, parse_article  # noqa: E402

GOLD = ROOT.parent / "shared" / "corpus" / "events" / "plover-gsr"


def matches(predicted: dict, gold: dict) -> bool:
    if predicted["kind"] != gold["kind"] and predicted["kind"] not in gold.get("kinds_ok", []):
        return False
    if predicted["status"] != gold["status"]:
        return False
    wanted, found = set(gold["countries"]), set(predicted["countries"])
    need = 2 if len(wanted) >= 2 else len(wanted)
    return len(wanted & found) >= need


def quality(predicted: dict, gold: dict) -> int:
    """How well a matching prediction fits, to match best first."""
    return len(set(gold["countries"]) & set(predicted["countries"])) * 4 - len(set(predicted["countries"]) - set(gold["countries"]))


def date_right(predicted: dict, gold: dict) -> bool:
    if gold.get("date") is None:
        return predicted.get("date") is None
    return bool(predicted.get("date")) and predicted["date"].startswith(gold["date"])


def place_right(predicted: dict, gold: dict) -> bool:
    want, got = gold.get("place"), predicted.get("place")
    if not want or not got:
        return False
    return (want.get("country") and want["country"] == got.get("country")) or want.get("name") == got.get("name")


def people_right(predicted: dict, gold: dict) -> bool:
    names = " ".join(predicted.get("people", []))
    return all(person.split()[-1] in names for person in gold.get("people", []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print each miss and each wrong prediction")
    parser.add_argument("--only", default="", help="score only the ids starting with this")
    options = parser.parse_args()

    golds = sorted((GOLD / "gold").glob(f"{options.only}*.events.json"))
    records = [json.loads(path.read_text(encoding="utf-8")) for path in golds]
    parsed = [parse_article((GOLD / "text" / record["file"]).read_text(encoding="utf-8")) for record in records]
    nlp = load_nlp()
    lookups = Lookups(country_aliases=alias_map())

    required = found_required = predictions = right_predictions = 0
    pairs = []
    by_kind: dict[str, list[int]] = {}
    for record, article, extraction in zip(records, parsed, extract_many(parsed, nlp, lookups)):
        predicted = [_as_dict(event) for event in extraction.events]
        gold = record["events"]
        candidates = sorted(
            ((quality(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold) if matches(p, g)),
            reverse=True,
        )
        used_p, used_g, matched = set(), set(), {}
        for _, i, j in candidates:
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
                matched[j] = i
        for j, g in enumerate(gold):
            counts = by_kind.setdefault(g["kind"], [0, 0, 0, 0])
            if g.get("required", True):
                required += 1
                counts[0] += 1
                if j in matched:
                    found_required += 1
                    counts[1] += 1
                elif options.show:
                    print(f"MISSED  {record['file']}: {g['kind']} {g['status']} {g['countries']}  | {article.body[:150]}")
            if j in matched:
                pairs.append((predicted[matched[j]], g))
                if options.show and g.get("place") and not place_right(predicted[matched[j]], g):
                    print(f"PLACE   {record['file']}: {predicted[matched[j]]['place']} for {g['place']}")
        predictions += len(predicted)
        right_predictions += len(used_p)
        for i, p in enumerate(predicted):
            counts = by_kind.setdefault(p["kind"], [0, 0, 0, 0])
            counts[2] += 1
            counts[3] += i in used_p
            if i not in used_p and options.show:
                print(f"WRONG   {record['file']}: {p['kind']} {p['status']} {p['countries']}  | {article.body[:150]}")

    recall = found_required / required if required else 0.0
    precision = right_predictions / predictions if predictions else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    print(f"{len(records)} sentences, {required} required gold events, {predictions} predicted")
    print(f"recall    {recall:.3f}  ({found_required}/{required} required events found)")
    print(f"precision {precision:.3f}  ({right_predictions}/{predictions} predictions match a gold event)")
    print(f"F1        {f1:.3f}")
    dated = [(p, g) for p, g in pairs]
    placed = [(p, g) for p, g in pairs if g.get("place")]
    peopled = [(p, g) for p, g in pairs if g.get("people")]
    if dated:
        print(f"date right   {sum(date_right(p, g) for p, g in dated) / len(dated):.3f}  (over {len(dated)} matched pairs; gold dates here are all null)")
    if placed:
        print(f"place right  {sum(place_right(p, g) for p, g in placed) / len(placed):.3f}  (over {len(placed)} matched pairs with a gold place)")
    if peopled:
        print(f"people right {sum(people_right(p, g) for p, g in peopled) / len(peopled):.3f}  (over {len(peopled)} matched pairs with gold people)")
    print("by kind: required found/required, predictions right/predicted")
    for kind, (req, hit, pred, ok) in sorted(by_kind.items()):
        print(f"  {kind:10} {hit:3}/{req:<3}  {ok:3}/{pred:<3}")


def _as_dict(event) -> dict:
    return {
        "kind": event.kind,
        "status": event.status,
        "countries": event.countries,
        "people": event.people,
        "place": event.place,
        "date": event.date,
    }


if __name__ == "__main__":
    main()
