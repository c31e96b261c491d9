"""manage.py ingest end to end: real files, the real spaCy pipeline, the real database."""

from __future__ import annotations

import gzip
import json
import lzma
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, CountryMention, Person, PersonAlias, PersonMention, Quote

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SOCHI = """Lavrov meets Pompeo in Sochi

Russian Foreign Minister Sergey Lavrov met US Secretary of State Mike Pompeo in Sochi on Tuesday.

"We see that there are suspicions and prejudices," Lavrov said.

Pompeo said the United States would keep talking to Russia.
"""

BERLIN = """Lavrov arrives in Berlin

Lavrov arrived in Berlin on Friday for talks with German officials.

"Europe must listen," Lavrov told reporters.
"""


def ingest(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, args), "--workers", "1", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def ingest_failing(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("ingest", *map(str, args), "--workers", "1", stdout=out, stderr=err)
    assert raised.value.returncode == 1
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Person, PersonAlias, PersonMention, CountryMention, Quote)
    }


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def test_it_stores_the_seed_article_with_its_people_countries_and_quotes():
    out, err = ingest(SEEDS)

    assert "1 created" in out and err == ""
    article = Article.objects.get()
    assert article.title.startswith("US will not tolerate Russian meddling")
    assert article.content_hash and article.ingested_from.endswith(".txt")
    people = set(article.person_mentions.values_list("person__name", flat=True))
    assert {"Mike Pompeo", "Sergey Lavrov"} <= people
    assert set(article.country_mentions.values_list("country__code", flat=True)) >= {"RU", "US"}
    assert article.quotes.filter(speaker__name="Sergey Lavrov").exists()


def test_it_creates_nothing_new_when_the_same_files_come_twice(tmp_path):
    write(tmp_path, "sochi.txt", SOCHI)
    ingest(SEEDS, tmp_path)
    before = counts()

    out, _ = ingest(SEEDS, tmp_path)

    assert counts() == before
    assert "0 created, 0 updated, 2 unchanged, 0 failed" in out


def test_it_updates_the_article_and_its_rows_when_the_text_of_a_file_changes(tmp_path):
    path = write(tmp_path, "sochi.txt", SOCHI)
    ingest(path)
    article = Article.objects.get()

    write(tmp_path, "sochi.txt", SOCHI.replace("Mike Pompeo", "John Bolton").replace("Pompeo said", "Bolton said"))
    out, _ = ingest(path)

    assert "0 created, 1 updated" in out
    updated = Article.objects.get()
    assert updated.pk == article.pk and "John Bolton" in updated.body
    assert updated.content_hash != article.content_hash
    people = set(updated.person_mentions.values_list("person__name", flat=True))
    assert "John Bolton" in people and "Mike Pompeo" not in people


def test_it_links_a_surname_in_a_later_article_to_the_person_named_in_full_earlier(tmp_path):
    write(tmp_path, "1-sochi.txt", SOCHI)
    write(tmp_path, "2-berlin.txt", BERLIN)

    ingest(tmp_path)

    lavrov = Person.objects.get(name="Sergey Lavrov")
    berlin = Article.objects.get(title="Lavrov arrives in Berlin")
    assert list(berlin.person_mentions.values_list("person", flat=True)) == [lavrov.pk]
    assert berlin.quotes.get().speaker == lavrov
    assert not Person.objects.filter(name="Lavrov").exists()


def test_it_keeps_two_people_with_the_same_surname_apart(tmp_path):
    write(tmp_path, "1.txt", "Trump lands in Tokyo\n\nPresident Donald Trump landed in Tokyo on Saturday.\n")
    write(
        tmp_path,
        "2.txt",
        "A school visit in Japan\n\nThe president's daughter Ivanka Trump visited a school in Japan on Sunday. "
        "Trump spoke to pupils.\n",
    )

    ingest(tmp_path)

    donald, ivanka = Person.objects.get(name="Donald Trump"), Person.objects.get(name="Ivanka Trump")
    assert Article.objects.get(title="A school visit in Japan").person_mentions.get().person == ivanka
    assert donald != ivanka


def test_it_uses_an_alias_an_editor_added_for_later_articles(tmp_path):
    lavrov = Person.objects.create(name="Sergey Lavrov")
    PersonAlias.objects.create(person=lavrov, name="Sergei Lavrov", origin="editor")
    write(tmp_path, "a.txt", "Sergei Lavrov in Berlin\n\nSergei Lavrov arrived in Berlin on Friday for talks.\n")

    ingest(tmp_path)

    assert Person.objects.count() == 1
    assert Article.objects.get().person_mentions.get().person == lavrov


def test_it_reports_every_bad_input_on_one_line_and_still_stores_the_good_files(tmp_path, settings):
    settings.INGEST_MAX_FILE_BYTES = 2000
    good = write(tmp_path, "good.txt", SOCHI)
    empty = write(tmp_path, "empty.txt", "  \n\n")
    binary = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = write(tmp_path, "latin.txt", "Caf\xe9 talks in Paris\n\nMinisters met at a caf\xe9 in Paris on Monday.\n".encode("cp1252"))
    big = write(tmp_path, "big.txt", "Big\n\n" + "word " * 500)
    jsonl = write(
        tmp_path,
        "lines.jsonl",
        "\n".join(
            [
                json.dumps({"title": "Talks in Oslo", "content": "Diplomats met in Oslo, Norway on Monday.", "id": "oslo"}),
                "{not json",
                json.dumps({"title": "No text here"}),
            ]
        ),
    )
    missing = tmp_path / "missing.txt"

    out, err = ingest_failing(good, empty, binary, latin, big, jsonl, missing)

    lines = err.strip().splitlines()
    assert f"{empty}: empty" in err
    assert f"{binary}: binary file" in err
    assert f"notice: {latin}: not UTF-8" in err and "Windows-1252" in err
    assert f"{big}: file is" in err and "limit" in err
    assert f"{jsonl}:2: not valid JSON" in err
    assert f"{jsonl}:3: no article text" in err
    assert f"{missing}: no such file or directory" in err
    assert len(lines) == 7  # one line each: six failures and one notice
    assert "3 created" in out and "6 failed" in out
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Lavrov meets Pompeo in Sochi",
        "Café talks in Paris",
        "Talks in Oslo",
    }


@pytest.mark.parametrize("suffix, opener", [(".jsonl", open), (".jsonl.gz", gzip.open), (".jsonl.xz", lzma.open)])
def test_it_reads_json_lines_plain_and_compressed(tmp_path, suffix, opener):
    records = [
        {"id": "a1", "title": "Lavrov meets Pompeo in Sochi", "content": SOCHI.split("\n", 2)[2],
         "date": "2019-05-14", "source": "Test Wire", "url": "https://example.com/sochi"},
        {"id": "a2", "title": "Lavrov arrives in Berlin", "text": BERLIN.split("\n", 2)[2], "source": "Test Wire"},
    ]
    path = tmp_path / f"articles{suffix}"
    with opener(path, "wt", encoding="utf-8") as stream:
        stream.write("\n".join(json.dumps(record) for record in records) + "\n")

    out, err = ingest(path)

    assert "2 created" in out and err == ""
    sochi = Article.objects.get(external_id="a1")
    assert (sochi.title, sochi.source, sochi.url, str(sochi.published)) == (
        "Lavrov meets Pompeo in Sochi", "Test Wire", "https://example.com/sochi", "2019-05-14",
    )
    assert sochi.body.startswith("Russian Foreign Minister Sergey Lavrov met")
    assert Article.objects.get(external_id="a2").person_mentions.get().person.name == "Sergey Lavrov"


def test_it_stores_the_lines_before_a_corrupt_stretch_of_a_compressed_file_and_says_where_it_broke(tmp_path):
    path = tmp_path / "broken.jsonl.xz"
    good = json.dumps({"title": "Talks in Oslo", "content": "Diplomats met in Oslo, Norway on Monday."}) + "\n"
    compressed = lzma.compress((good * 2000).encode())
    path.write_bytes(compressed[: len(compressed) // 2])

    out, err = ingest_failing(path)

    assert f"{path}:" in err and "cannot read further" in err
    assert Article.objects.count() == 1 and "1 created" in out and "1 failed" in out


def test_it_gives_the_same_rows_with_two_worker_processes(tmp_path):
    write(tmp_path, "1-sochi.txt", SOCHI)
    write(tmp_path, "2-berlin.txt", BERLIN)
    out, err = StringIO(), StringIO()

    call_command("ingest", str(tmp_path), "--workers", "2", "--batch-size", "1", stdout=out, stderr=err)

    assert "2 created" in out.getvalue() and err.getvalue() == ""
    berlin = Article.objects.get(title="Lavrov arrives in Berlin")
    assert berlin.person_mentions.get().person.name == "Sergey Lavrov"
    assert Quote.objects.filter(speaker__name="Sergey Lavrov").count() == 2


def test_it_updates_a_json_lines_article_found_again_by_its_url_with_new_text(tmp_path):
    path = tmp_path / "a.jsonl"
    record = {"title": "Talks in Oslo", "content": "Diplomats met in Oslo on Monday.", "url": "https://example.com/oslo"}
    path.write_text(json.dumps(record))
    ingest(path)
    path.write_text(json.dumps({**record, "content": "Diplomats met in Oslo, Norway on Monday and Tuesday."}))

    out, _ = ingest(path)

    assert "0 created, 1 updated" in out
    assert Article.objects.get().body == "Diplomats met in Oslo, Norway on Monday and Tuesday."


def test_it_writes_nothing_on_a_dry_run(tmp_path):
    write(tmp_path, "sochi.txt", SOCHI)

    out, _ = ingest(tmp_path, "--dry-run")

    assert "Dry run, nothing written" in out and "1 created" in out
    assert counts()["Article"] == 0 and counts()["Person"] == 0


def test_it_stops_after_the_limit(tmp_path):
    write(tmp_path, "1.txt", SOCHI)
    write(tmp_path, "2.txt", BERLIN)

    ingest(tmp_path, "--limit", "1")

    assert list(Article.objects.values_list("title", flat=True)) == ["Lavrov meets Pompeo in Sochi"]


def test_it_refuses_to_run_without_a_path():
    with pytest.raises(CommandError, match="at least one PATH"):
        call_command("ingest", stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_it_asks_for_migrate_in_one_line_when_the_database_is_not_set_up(tmp_path, command):
    import os
    import subprocess
    import sys

    article = tmp_path / "article.txt"
    article.write_text("A title\n\nA paragraph about Moscow.\n", encoding="utf-8")
    environment = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    finished = subprocess.run(
        [sys.executable, "manage.py", command, str(article)],
        cwd=Path(__file__).resolve().parents[1], env=environment, capture_output=True, text=True, timeout=120,
    )
    assert finished.returncode != 0
    [line] = finished.stderr.strip().splitlines()
    assert line.startswith("CommandError: the database is not set up (")
    assert line.endswith("migrations not applied): run `python manage.py migrate` first")


def test_a_text_that_no_longer_names_someone_lowers_their_article_count(tmp_path):
    path = tmp_path / "a.jsonl"
    record = {"title": "Talks in Oslo", "content": "Sergey Lavrov met Mike Pompeo in Oslo on Monday.", "url": "https://example.com/oslo"}
    path.write_text(json.dumps(record))
    ingest(path)
    assert dict(Person.objects.values_list("name", "article_count")) == {"Sergey Lavrov": 1, "Mike Pompeo": 1}
    path.write_text(json.dumps({**record, "content": "Sergey Lavrov arrived in Oslo on Monday."}))

    ingest(path)

    assert dict(Person.objects.values_list("name", "article_count")) == {"Sergey Lavrov": 1, "Mike Pompeo": 0}
    assert list(Person.objects.mentioned().values_list("name", flat=True)) == ["Sergey Lavrov"]
