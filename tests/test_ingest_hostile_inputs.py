"""One bad input never sinks an ingest run: it gets one line naming it and why,
every other input is stored, and the exit status says something failed."""

from __future__ import annotations

import json
import os
from io import StringIO
from pathlib import Path

import pytest
import spacy
from django.core.management import CommandError, call_command
from spacy.language import Language

from articles.extraction.pipeline import UNUSED_COMPONENTS, _configured_model
from articles.ingest import Options, ingest_sources
from articles.models import Article
from articles.sources import read_sources

pytestmark = pytest.mark.django_db

GOOD = "Talks in Oslo\n\nTheresa May met Donald Tusk in Oslo on Monday.\n"
GOOD_TOO = "Talks in Rome\n\nAngela Merkel arrived in Rome on Friday.\n"


def run_ingest(*paths, workers: int = 1) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *map(str, paths), "--workers", str(workers), stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def good_files(tmp_path) -> tuple[Path, Path]:
    first, second = tmp_path / "a-good.txt", tmp_path / "z-good.txt"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD_TOO, encoding="utf-8")
    return first, second


def titles() -> set[str]:
    return set(Article.objects.values_list("title", flat=True))


@pytest.mark.parametrize("workers", [1, 2])
def test_it_refuses_a_json_line_nested_too_deeply_in_one_line_and_stores_the_rest(tmp_path, good_files, workers):
    deep = tmp_path / "deep.jsonl"
    deep.write_text(
        json.dumps({"title": "Fine", "content": "Diplomats met in Oslo."}) + "\n"
        + '{"title":"d","content":"x","e":' + "[" * 100_000 + "]" * 100_000 + "}\n",
        encoding="utf-8",
    )

    status, out, err = run_ingest(good_files[0], deep, good_files[1], workers=workers)

    assert status == 1
    assert err.strip() == f"{deep}:2: JSON nested too deeply to read (a thousand levels or more)"
    assert titles() == {"Talks in Oslo", "Talks in Rome", "Fine"}
    assert "3 created" in out and "1 failed" in out


def test_it_stores_a_json_line_with_a_lone_surrogate_with_a_replacement_character_and_a_notice(tmp_path, good_files):
    broken = tmp_path / "surrogate.jsonl"
    broken.write_text('{"title":"Talks in Bern","content":"x \\ud800 y met in Bern.\\u0000","id":"a\\udc00"}\n', encoding="utf-8")

    status, out, err = run_ingest(good_files[0], broken, good_files[1])

    assert status == 0
    [line] = err.strip().splitlines()
    assert line.startswith(f"notice: {broken}:1: escapes that are not text (a lone surrogate")
    stored = Article.objects.get(title="Talks in Bern")
    assert stored.body == "x \ufffd y met in Bern.\ufffd" and stored.external_id == "a\ufffd"
    assert titles() == {"Talks in Oslo", "Talks in Rome", "Talks in Bern"}


@pytest.mark.parametrize("workers", [1, 2])
def test_it_refuses_an_article_longer_than_the_model_reads_in_one_line_and_stores_the_rest(tmp_path, good_files, workers):
    long = tmp_path / "long.txt"
    long.write_text("Long\n\n" + "word " * 200_001, encoding="utf-8")

    status, out, err = run_ingest(good_files[0], long, good_files[1], workers=workers)

    assert status == 1
    [line] = err.strip().splitlines()
    assert line.startswith(f"{long}: extraction failed: the article is 1,000,0")
    assert "over the 1,000,000 the language model reads at once" in line
    assert titles() == {"Talks in Oslo", "Talks in Rome"}


# A pipeline that fails the way spaCy's workers can: an exception from a component,
# or the process dying outright (as when the kernel kills it for its memory).
@Language.component("test_fail_on_marker")
def fail_on_marker(doc):
    if "RAISE-IN-SPACY" in doc.text:
        raise ValueError("a component failed")
    if "KILL-THE-WORKER" in doc.text and os.getpid() != PARENT[0]:
        os._exit(9)
    return doc


PARENT = [os.getpid()]


@pytest.fixture(scope="module")
def failing_nlp():
    nlp = spacy.load(_configured_model(), exclude=list(UNUSED_COMPONENTS))
    nlp.add_pipe("test_fail_on_marker", first=True)
    return nlp


def ingest_directory(directory: Path, nlp, workers: int):
    errors = []
    summary = ingest_sources(
        read_sources([directory], 10**6), nlp, Options(workers=workers, batch_size=4, on_error=errors.append)
    )
    return summary, errors


@pytest.mark.parametrize("workers", [1, 2])
def test_it_counts_an_exception_inside_spacy_as_that_articles_failure(tmp_path, failing_nlp, workers):
    for number in range(6):
        (tmp_path / f"{number}.txt").write_text(f"Talks number {number}\n\nDiplomats met in Oslo on Monday.\n")
    (tmp_path / "3.txt").write_text("Bad talks\n\nRAISE-IN-SPACY in Oslo.\n")

    summary, errors = ingest_directory(tmp_path, failing_nlp, workers)

    assert errors == [f"{tmp_path / '3.txt'}: extraction failed: ValueError: a component failed"]
    assert (summary.created, summary.failed) == (5, 1)
    assert Article.objects.count() == 5


def test_it_counts_a_worker_process_dying_as_that_articles_failure_and_goes_on(tmp_path, failing_nlp):
    PARENT[0] = os.getpid()
    for number in range(12):
        (tmp_path / f"{number:02}.txt").write_text(f"Talks number {number}\n\nDiplomats met in Oslo on Monday.\n")
    (tmp_path / "05.txt").write_text("Fatal talks\n\nKILL-THE-WORKER in Oslo.\n")

    summary, errors = ingest_directory(tmp_path, failing_nlp, workers=2)

    assert errors == [
        f"{tmp_path / '05.txt'}: extraction failed: the extraction process died on this article "
        "(out of memory, or a crash inside spaCy)"
    ]
    assert (summary.created, summary.failed) == (11, 1)
    assert Article.objects.count() == 11


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_it_reads_a_file_whose_byte_order_mark_names_its_encoding(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    path.write_bytes("\ufeffTalks in Zürich\n\nTheresa May met Donald Tusk in Zürich.\n".encode(encoding if encoding != "utf-16-be" else "utf-16-be"))

    status, out, err = run_ingest(path)

    assert (status, err) == (0, "")
    assert Article.objects.get().body == "Theresa May met Donald Tusk in Zürich."


def test_it_refuses_a_file_with_a_utf16_mark_that_is_not_utf16_in_one_line(tmp_path, good_files):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xff\xfeT\x00a\x00\x00\xdc")  # ends in half a surrogate pair

    status, out, err = run_ingest(good_files[0], path)

    assert status == 1
    assert err.strip() == f"{path}: starts with a UTF-16 byte-order mark but is not UTF-16 (bad data at byte 6)"


def test_it_names_each_symbolic_link_loop_and_dangling_link_in_a_directory_on_one_line(tmp_path, good_files):
    directory = tmp_path / "links"
    (directory / "sub").mkdir(parents=True)
    (directory / "real.txt").write_text(GOOD, encoding="utf-8")
    (directory / "loop.txt").symlink_to("loop.txt")
    (directory / "dangling.txt").symlink_to("gone.txt")
    (directory / "sub" / "up").symlink_to("..")  # a loop of directories: not followed

    status, out, err = run_ingest(directory)

    assert status == 1
    assert err.strip().splitlines() == [
        f"{directory / 'dangling.txt'}: dangling symbolic link (to gone.txt, which does not exist): skipped",
        f"{directory / 'loop.txt'}: symbolic link loop: skipped",
    ]
    assert titles() == {"Talks in Oslo"}


def test_it_names_a_symbolic_link_loop_given_as_a_path(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to("loop.txt")
    status, out, err = run_ingest(loop)
    assert status == 1 and err.strip() == f"{loop}: symbolic link loop: skipped"
