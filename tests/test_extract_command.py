import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Person, Quote

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "000_e16e98646cb8484a.txt"

pytestmark = pytest.mark.django_db


def run_extract(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("extract", *args, stdout=out, stderr=err)
        failed = None
    except CommandError as error:
        failed = error
    return out.getvalue(), err.getvalue(), failed


def test_it_prints_one_json_object_per_file(tmp_path, nlp):
    second = tmp_path / "second.txt"
    second.write_text('Talks in Paris\n\n"We are ready," Emmanuel Macron said in Paris.\n', encoding="utf-8")
    out, err, failed = run_extract(str(SAMPLE), str(second), "--json")
    lines = out.splitlines()
    assert failed is None and err == ""
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert list(first) == ["source", "title", "published", "people", "countries", "organisations", "quotes", "events"]
    assert first["source"] == str(SAMPLE)
    assert first["published"] == "2019-05-14"
    assert json.loads(lines[1])["quotes"] == [
        {"text": "We are ready,", "speaker": "Emmanuel Macron", "speaker_kind": "person",
         "speaker_as_written": "Emmanuel Macron", "speaker_organisation": None, "speaker_country": None,
         "partial": False, "paragraph": 0}
    ]


def test_it_gives_people_countries_and_quotes_in_the_documented_shape(nlp):
    record = json.loads(run_extract(str(SAMPLE), "--json")[0])
    pompeo = next(p for p in record["people"] if p["name"] == "Mike Pompeo")
    assert set(pompeo) == {"name", "mentions", "aliases"}
    assert "Mr Pompeo" in pompeo["aliases"]
    russia = next(c for c in record["countries"] if c["code"] == "RU")
    assert set(russia) == {"code", "name", "mentions"}
    assert russia["name"].startswith("Russia")
    assert russia["mentions"] > 10
    assert set(record["quotes"][0]) == {
        "text", "speaker", "speaker_kind", "speaker_as_written", "speaker_organisation", "speaker_country",
        "partial", "paragraph",
    }


def test_it_lists_organisations_and_organisation_speakers_in_json(tmp_path, nlp):
    story = tmp_path / "kremlin.txt"
    story.write_text(
        'Talks resume\n\n"We will respond in kind," the Kremlin said on Monday.\n\n'
        '"We are watching closely," NATO said in a statement.\n',
        encoding="utf-8",
    )
    record = json.loads(run_extract(str(story), "--json")[0])
    kremlin = next(o for o in record["organisations"] if o["name"] == "Kremlin")
    assert kremlin == {"name": "Kremlin", "kind": "government", "country": "RU", "mentions": 1, "aliases": []}
    assert [(q["speaker"], q["speaker_kind"], q["speaker_as_written"]) for q in record["quotes"]] == [
        ("Kremlin", "organisation", "the Kremlin"),
        ("NATO", "organisation", "NATO"),
    ]


def test_it_gives_events_in_the_shape_of_the_issue(nlp):
    record = json.loads(run_extract(str(SAMPLE), "--json")[0])
    sochi = next(e for e in record["events"] if e["place"] and e["place"]["name"] == "Sochi")
    assert set(sochi) == {
        "kind", "status", "countries", "actors", "targets", "people", "bodies", "place", "date", "date_precision",
        "cameo", "plover", "evidence",
    }
    assert (sochi["kind"], sochi["status"], sochi["date"], sochi["countries"]) == ("visit", "happened", "2019-05-14", ["RU", "US"])
    assert sochi["place"] == {"name": "Sochi", "country": "RU"}
    lead = next(e for e in sochi["evidence"] if e["paragraph"] == 0)
    assert lead["sentence"].startswith("The US will not tolerate Russian meddling")
    assert set(lead) == {"paragraph", "sentence", "part", "start", "end"}


def test_it_prints_readably_without_json(nlp):
    out = run_extract(str(SAMPLE))[0]
    assert "Mike Pompeo" in out
    assert "Sergey Lavrov (partial): \u201cto rebuild the channel of communications\u201d" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out.splitlines()[0])


def test_it_reports_unreadable_files_goes_on_and_fails_at_the_end(tmp_path, nlp):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    missing = tmp_path / "missing.txt"
    out, err, failed = run_extract(str(missing), str(empty), str(binary), str(SAMPLE), "--json")
    assert len(out.splitlines()) == 1
    errors = err.splitlines()
    assert len(errors) == 3
    assert errors[0] == f"{missing}: no such file or directory"
    assert errors[1] == f"{empty}: empty: no article text"
    assert errors[2].startswith(str(binary)) and "binary" in errors[2]
    assert failed is not None


def test_it_writes_nothing_to_the_database(nlp):
    run_extract(str(SAMPLE), "--json")
    assert (Article.objects.count(), Person.objects.count(), Quote.objects.count()) == (0, 0, 0)


def test_it_reads_what_ingest_reads_a_windows_1252_file_and_json_lines(tmp_path, nlp):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Talks in Sochi\n\n\u201cWe talk,\u201d Sergey Lavrov said in Sochi.".encode("cp1252"))
    lines = tmp_path / "two.jsonl"
    lines.write_text(
        json.dumps({"title": "One", "content": "Mike Pompeo arrived in Sochi."}) + "\n"
        + json.dumps({"title": "Two", "content": "Sergey Lavrov left Moscow."}) + "\n",
        encoding="utf-8",
    )
    out, err, failed = run_extract(str(legacy), str(lines), "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert failed is None
    assert [r["title"] for r in records] == ["Talks in Sochi", "One", "Two"]
    assert [r["source"] for r in records[1:]] == [f"{lines}:1", f"{lines}:2"]
    assert "read as Windows-1252" in err
