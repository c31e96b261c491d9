"""Print what extraction finds in article files, without writing to the database."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.extraction import Extraction, ParsedArticle, extract_many, load_nlp, parse_article
from articles.lookups import load_lookups
from articles.management.database import require_migrated
from articles.models import Country
from articles.sources import decode


class Command(BaseCommand):
    help = (
        "Extract people, countries and attributed quotes from article files and print them; "
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
    text, _, error = decode(path.read_bytes())  # as ingest reads it: UTF-8, a byte-order mark's encoding, Windows-1252
    if error:
        raise ValueError(error)
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
    return "\n".join(lines) + "\n"
