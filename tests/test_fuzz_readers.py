"""Any text or bytes give an article or a clear refusal, never an exception: the
article parser and the source readers under generated input (bounded, so it
runs in the normal suite; no database, no spaCy)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction import ParsedArticle, parse_article
from articles.ingest import content_hash
from articles.sources import Source, _jsonl_article, decode, read_sources

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like articles: header lines, captions, credits, quotes, dates, blank lines.
PIECES = st.sampled_from(
    [
        "Title: ", "Date: ", "Source: ", "URL: ", "\n", "\n\n", "\r\n", " ", "\u00a0", "\u2028", "\ufeff",
        '"', "\u201c", "\u201d", "'", " said.", "(AP Photo/Evan Vucci)", "REUTERS/Kevin Lamarque", "Photo: AFP",
        "toggle caption ", "JUST WATCHED", "Advertisement", "May 14, 2019", "14 May 2019", "2019-02-30",
        "Sergey Lavrov", "Mike Pompeo", "Moscow", ".", ":", "\x00", "\ud800",
    ]
)
ARTICLE_LIKE = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)


def storable(parsed: ParsedArticle) -> None:
    """What ingestion does next with a parsed article must work: hash it."""
    assert isinstance(parsed, ParsedArticle)
    assert all(isinstance(p, str) for p in parsed.paragraphs)
    assert parsed.body == "\n\n".join(parsed.paragraphs)


def well_formed(source: Source) -> None:
    assert isinstance(source, Source)
    assert (source.parsed is None) != (source.error == "")  # an article, or a reason: exactly one
    if source.error:
        assert "\n" not in source.error and source.error.strip()
    else:
        assert source.parsed.title and source.parsed.paragraphs
        content_hash(source.parsed).encode()  # UTF-8 through and through: no lone surrogate


@FUZZ
@given(st.one_of(st.text(), ARTICLE_LIKE))
def test_it_parses_any_text_into_an_article(text):
    storable(parse_article(text))


@FUZZ
@given(st.one_of(st.binary(max_size=400), ARTICLE_LIKE.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_it_decodes_any_bytes_or_says_why_not(data):
    text, notice, error = decode(data)
    assert isinstance(text, str) and isinstance(notice, str) and isinstance(error, str)
    assert not (text and error)
    if not error:
        assert "\x00" not in text
        text.encode()  # real characters only: no lone surrogate


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=400),
        ARTICLE_LIKE.map(lambda t: t.encode("utf-8", "surrogatepass")),
        ARTICLE_LIKE.map(lambda t: t.encode("utf-16", "surrogatepass")),
    )
)
def test_it_reads_any_file_into_an_article_or_one_line_saying_why_not(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "article.txt"
    path.write_bytes(data)
    [source] = list(read_sources([path], max_bytes=10_000))
    well_formed(source)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text() | ARTICLE_LIKE,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "title": JSON_VALUES, "content": st.one_of(ARTICLE_LIKE, JSON_VALUES), "text": JSON_VALUES,
        "date": JSON_VALUES, "source": JSON_VALUES, "url": JSON_VALUES, "id": JSON_VALUES,
    },
)


@FUZZ
@given(
    st.one_of(
        RECORDS.map(lambda record: json.dumps(record).encode()),  # \\ud800 and \\u0000 escapes included
        RECORDS.map(lambda record: json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")),
        JSON_VALUES.map(lambda value: json.dumps(value).encode()),
        st.binary(max_size=300),
        st.integers(1, 3000).map(lambda depth: b'{"content":' + b"[" * depth + b"]" * depth + b"}"),
    )
)
def test_it_reads_any_json_line_into_an_article_or_one_line_saying_why_not(line):
    well_formed(_jsonl_article("fuzz.jsonl:1", "/fuzz.jsonl:1", line))
