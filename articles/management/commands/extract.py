"""Print what extraction finds in article files, without writing to the database."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.extraction import Extraction, ParsedArticle, extract_many, load_nlp, parse_article
from articles.lookups import load_lookups
from articles.management.database import require_migrated
from articles.models import Country


class Command(BaseCommand):
    help = (
        "Extract people, countries, attributed quotes and diplomatic events from article files and print them; "
        "one JSON object per file and line with --json. Writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="article text files (UTF-8)")
        parser.add_argument("--json", action="store_true", help="one JSON object per file, one per line")

    def handle(self, *args, **options):
        readable, failures = [], 0
        for path in options["paths"]:
            try:
                readable.append((path, parse_article(read_article(Path(path)))))
            except OSError as error:
                failures += 1
                self.stderr.write(f"{path}: {error.strerror or error}")
            except ValueError as error:
                failures += 1
                self.stderr.write(f"{path}: {error}")
        if readable:
            require_migrated()
            lookups = load_lookups()
            names = dict(Country.objects.values_list("code", "name"))
            extractions = extract_many((parsed for _, parsed in readable), load_nlp(), lookups)
            for (path, parsed), extraction in zip(readable, extractions):
                record = as_record(path, parsed, extraction, names)
                self.stdout.write(json.dumps(record, ensure_ascii=False) if options["json"] else readably(record))
        if failures:
            raise CommandError(f"{failures} of {len(options['paths'])} files could not be read")


def read_article(path: Path) -> str:
    """The text of an article file, or ValueError saying why it is not one."""
    if path.is_dir():
        raise ValueError("is a directory, not an article file")
    data = path.read_bytes()
    if b"\x00" in data:
        raise ValueError("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    if not text.strip():
        raise ValueError("empty file")
    return text


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
        "quotes": [
            {
                "text": quote.text,
                "speaker": quote.speaker,
                "speaker_as_written": quote.speaker_as_written,
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
