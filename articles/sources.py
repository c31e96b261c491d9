"""Read articles from disk for ingestion: .txt files, directories of them, and JSON
Lines streams (.jsonl, .jsonl.gz, .jsonl.xz).

Everything is streamed: a JSONL file is read a line at a time, so the corpus size
does not set the memory. A problem with one file or one line becomes a `Source`
carrying an error message (naming the file and line), never an exception, so
the run goes on with the rest.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import os
import json
import lzma
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from articles.extraction import ParsedArticle, parse_article

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.xz")
# Windows-1252 leaves these five bytes undefined: text containing them is not cp1252 either.
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# JSON may spell a lone half of a surrogate pair ("\ud800"): json.loads gives it back,
# but it is no character, and neither hashing (UTF-8) nor either database can take it.
# Nor can PostgreSQL store NUL ("\u0000").
NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
# A byte-order mark says which encoding a file is in: UTF-32's before UTF-16's, whose marks begin theirs.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Source:
    """One article as read from disk, or the reason it could not be read."""

    label: str  # where it came from, for messages: "seeds/a.txt" or "all.jsonl.xz:12"
    parsed: ParsedArticle | None = None
    external_id: str = ""
    ingested_from: str = ""
    # A .txt file keeps its identity by path: the same file with changed text updates its article.
    path_identity: str = ""
    error: str = ""
    notice: str = ""


def read_sources(paths: Iterable[str | Path], max_bytes: int) -> Iterator[Source]:
    for path in map(Path, paths):
        if path.is_dir():
            # Symbolic links to directories are not followed (rglob), so a link cannot make a loop of them.
            found = sorted(path.rglob("*.txt"))
            files = [p for p in found if p.is_file()]
            if not files:
                yield Source(label=str(path), error="no .txt files in this directory")
            for file in found:
                if file in files:
                    yield read_text_file(file, max_bytes)
                elif file.is_symlink():
                    yield Source(label=str(file), error=broken_link(file))
        elif not path.exists():
            yield Source(label=str(path), error=broken_link(path) if path.is_symlink() else "no such file or directory")
        elif path.name.endswith(JSONL_SUFFIXES):
            yield from read_jsonl(path, max_bytes)
        else:
            yield read_text_file(path, max_bytes)


def read_text_file(path: Path, max_bytes: int) -> Source:
    label = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Source(label=label, error=f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (INGEST_MAX_FILE_BYTES)")
        data = path.read_bytes()
    except OSError as error:
        return Source(label=label, error=f"cannot read: {error.strerror or error}")
    text, notice, error = decode(data)
    if error:
        return Source(label=label, error=error)
    absolute = str(path.resolve())
    return _parsed(Source(label=label, ingested_from=absolute, path_identity=absolute, notice=notice), text)


def broken_link(path: Path) -> str:
    """Why a symbolic link leads to no file: one that points at itself (or round
    a loop of links), or one whose target is not there."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop: skipped"
        return f"dangling symbolic link (to {os.readlink(path)}, which does not exist): skipped"
    return "symbolic link to something that is not a file: skipped"


def decode(data: bytes) -> tuple[str, str, str]:
    """(text, notice, error): the encoding a byte-order mark names, else UTF-8,
    then Windows-1252 with a notice."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                return "", "", f"starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()} (bad data at byte {error.start})"
            if "\x00" in text:
                return "", "", f"{encoding.upper()} text containing NUL characters, not an article"
            return text, "", ""
    if b"\x00" in data:
        return "", "", "binary file (contains NUL bytes), not an article"
    try:
        return data.decode("utf-8-sig"), "", ""
    except UnicodeDecodeError as error:
        position = error.start
    if CP1252_UNDEFINED.search(data):
        return "", "", f"neither UTF-8 (bad byte at offset {position}) nor Windows-1252"
    return data.decode("cp1252"), f"not UTF-8 (bad byte at offset {position}): read as Windows-1252", ""


def _parsed(source: Source, text: str) -> Source:
    if not text.strip():
        return replace(source, error="empty: no article text")
    parsed = parse_article(text)
    if not parsed.title or not parsed.paragraphs:
        return replace(source, error="no article text (a title and at least one paragraph are needed)")
    return replace(source, parsed=parsed)


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Source]:
    absolute = str(path.resolve())
    number = 0
    try:
        with _open_binary(path) as stream:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                label = f"{path}:{number}"
                if len(line) > max_bytes:
                    yield Source(label=label, error=f"line is {len(line):,} bytes, over the {max_bytes:,}-byte limit (INGEST_MAX_FILE_BYTES)")
                    continue
                yield _jsonl_article(label, f"{absolute}:{number}", line)
    except (OSError, EOFError, lzma.LZMAError) as error:
        yield Source(label=f"{path}:{number + 1}", error=f"cannot read further: {error}")


def _open_binary(path: Path):
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.name.endswith(".xz"):
        return lzma.open(path, "rb")
    return path.open("rb")


def _jsonl_article(label: str, ingested_from: str, line: bytes) -> Source:
    text, notice, error = decode(line)
    if error:
        return Source(label=label, error=error)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return Source(label=label, error=f"not valid JSON ({error.msg} at column {error.colno})")
    except RecursionError:  # json.loads recurses once per level of nesting
        return Source(label=label, error="JSON nested too deeply to read (a thousand levels or more)")
    if not isinstance(record, dict):
        return Source(label=label, error="not a JSON object")
    content = record.get("content") or record.get("text")
    if not isinstance(content, str) or not content.strip():
        return Source(label=label, error="no article text ('content' or 'text' missing or empty)")
    header = "".join(
        f"{key.capitalize()}: {_one_line(record.get(key))}\n" for key in ("title", "date", "source", "url") if _one_line(record.get(key))
    )
    text, external_id = f"{header}\n{content}" if header else content, _one_line(record.get("id"))[:200]
    if NOT_TEXT.search(text + external_id):
        # The rest of the article is good: keep it, with U+FFFD where the broken escape was.
        text, external_id = NOT_TEXT.sub("\ufffd", text), NOT_TEXT.sub("\ufffd", external_id)
        notice = "; ".join(filter(None, [notice, "escapes that are not text (a lone surrogate such as \\ud800, or \\u0000) replaced by \ufffd"]))
    source = Source(label=label, external_id=external_id, ingested_from=ingested_from, notice=notice)
    return _parsed(source, text)


def _one_line(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())
