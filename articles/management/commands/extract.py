"""Print what extraction finds in article files, without writing to the database."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.extraction import Extraction, ParsedArticle, extract_many, load_nlp
from articles.lookups import load_lookups
from articles.management.database import require_migrated
from articles.models import Country
from articles.sources import read_sources


class Command(BaseCommand):
    help = (
        "Extract people, countries, organisations, attributed quotes and diplomatic events from article files and "
        "print them; one JSON object per article and line with --json. Writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="article files, directories of .txt files, or JSON Lines (as ingest reads them)"
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per article, one per line")

    def handle(self, *args, **options):
        # The same reader as ingest: what one accepts (encodings, JSONL, limits), the other does too.
        readable, failures = [], 0
        for source in read_sources(options["paths"], settings.INGEST_MAX_FILE_BYTES):
            if source.notice:
                self.stderr.write(f"{source.label}: {source.notice}")
            if source.error:
                failures += 1
                self.stderr.write(f"{source.label}: {source.error}")
            else:
                readable.append((source.label, source.parsed))
        if readable:
            require_migrated()
            lookups = load_lookups()
            names = dict(Country.objects.values_list("code", "name"))
            extractions = extract_many((parsed for _, parsed in readable), load_nlp(), lookups)
            for (label, parsed), extraction in zip(readable, extractions):
                record = as_record(label, parsed, extraction, names)
                self.stdout.write(json.dumps(record, ensure_ascii=False) if options["json"] else readably(record))
        if failures:
            raise CommandError(f"{failures} of {failures + len(readable)} inputs could not be read")


def as_record(source: str, parsed: ParsedArticle, extraction: Extraction, country_names: dict[str, str]) -> dict:
    return {
        "source": source,
        "title": parsed.title,
        "published": parsed.published.isoformat() if parsed.published else None,
        "people": [
            {"name": person.name, "mentions": person.mentions, "aliases": person.aliases}
            for person in extraction.people
        ],
        "countries": [
            {"code": country.code, "name": country_names.get(country.code, country.code), "mentions": country.mentions}
            for country in extraction.countries
        ],
        "organisations": [
            {
                "name": organisation.name,
                "kind": organisation.kind,
                "country": organisation.country,
                "mentions": organisation.mentions,
                "aliases": organisation.aliases,
            }
            for organisation in extraction.organisations
        ],
        "quotes": [
            {
                "text": quote.text,
                "speaker": quote.speaker,
                "speaker_kind": quote.speaker_kind,
                "speaker_as_written": quote.speaker_as_written,
                "speaker_organisation": quote.speaker_organisation,
                "speaker_country": quote.speaker_country,
                "partial": quote.partial,
                "paragraph": quote.paragraph,
            }
            for quote in extraction.quotes
        ],
        "events": [event_record(event) for event in extraction.events],
    }


def event_record(event) -> dict:
    return {
        "kind": event.kind,
        "status": event.status,
        "countries": event.countries,
        "actors": event.actors,
        "targets": event.targets,
        "people": event.people,
        "bodies": event.bodies,
        "place": event.place,
        "date": event.date,
        "date_precision": event.date_precision,
        "cameo": event.cameo,
        "plover": event.plover,
        "evidence": [
            {"paragraph": e.paragraph, "sentence": e.sentence, "part": e.part, "start": e.start, "end": e.end}
            for e in event.evidence
        ],
    }


def readably(record: dict) -> str:
    lines = [f"{record['source']}: {record['title']} ({record['published'] or 'no date'})", "  People:"]
    lines += [
        f"    {p['name']} ×{p['mentions']}" + (f" (also {', '.join(p['aliases'])})" if p["aliases"] else "")
        for p in record["people"]
    ]
    lines.append("  Countries:")
    lines += [f"    {c['code']} {c['name']} ×{c['mentions']}" for c in record["countries"]]
    lines.append("  Organisations:")
    lines += [
        f"    {o['name']} ({o['kind']}{', ' + o['country'] if o['country'] else ''}) ×{o['mentions']}"
        for o in record.get("organisations", [])
    ]
    lines.append("  Quotes:")
    for quote in record["quotes"]:
        speaker = quote["speaker"] or (f"[{quote['speaker_as_written']}]" if quote["speaker_as_written"] else "unknown")
        kind = " (partial)" if quote["partial"] else ""
        lines.append(f"    ¶{quote['paragraph']} {speaker}{kind}: \u201c{quote['text']}\u201d")
    lines.append("  Events:")
    for event in record.get("events", []):
        place = f" in {event['place']['name']}" if event["place"] else ""
        lines.append(
            f"    {event['kind']} ({event['status']}) {'/'.join(event['countries'])}{place} {event['date'] or 'undated'}"
            f" [{', '.join(event['people'])}] ×{len(event['evidence'])}"
        )
    return "\n".join(lines) + "\n"
