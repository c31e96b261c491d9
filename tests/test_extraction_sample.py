"""The sample article's expectations from the issue, with the real model."""

from datetime import date
from pathlib import Path

import pytest

from articles.extraction import extract, parse_article

from tests.extraction_helpers import lookups_for_tests

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "000_e16e98646cb8484a.txt"


@pytest.fixture(scope="module")
def parsed():
    return parse_article(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extraction(parsed, nlp):
    return extract(parsed, nlp, lookups_for_tests())


@pytest.fixture(scope="module")
def extraction_knowing_putin(parsed, nlp):
    return extract(parsed, nlp, lookups_for_tests({"vladimir putin": "Vladimir Putin", "putin": "Vladimir Putin"}))


def speakers_of(extraction, speaker):
    return [quote.text for quote in extraction.quotes if quote.speaker == speaker]


def test_it_dates_the_sample_from_its_caption(parsed):
    assert parsed.published == date(2019, 5, 14)


def test_it_records_the_photographer_as_the_credit(parsed):
    assert parsed.credit == "Pavel Golovkin/Pool via REUTERS"


def test_it_finds_exactly_the_people_of_the_sample(extraction):
    assert sorted(person.name for person in extraction.people) == [
        "Dmitry Peskov",
        "Donald Trump",
        "Mike Pompeo",
        "Nicolas Maduro",
        "Putin",
        "Sergei Ryabkov",
        "Sergei Skripal",
        "Sergey Lavrov",
        "Vladimir Yermakov",
    ]


def test_it_names_putin_in_full_once_he_is_known(extraction_knowing_putin):
    names = [person.name for person in extraction_knowing_putin.people]
    assert "Vladimir Putin" in names
    assert "Putin" not in names


def test_it_links_every_spelling_of_pompeo_to_one_person(extraction):
    pompeo = next(person for person in extraction.people if person.name == "Mike Pompeo")
    assert {"Pompeo", "Mr Pompeo"} <= set(pompeo.aliases)
    assert pompeo.mentions >= 11


def test_it_finds_the_countries_of_the_sample(extraction):
    codes = {country.code for country in extraction.countries} - {"BE"}
    assert codes == {"US", "RU", "UA", "GB", "IR", "SY", "VE", "JP", "AR"}


def test_it_finds_fourteen_quotations(extraction):
    assert len(extraction.quotes) == 14


def test_it_gives_lavrov_his_four_quotes(extraction):
    lavrov = speakers_of(extraction, "Sergey Lavrov")
    assert len(lavrov) == 4
    assert lavrov[1].startswith("This hinders both your security")  # runs over a paragraph break
    assert lavrov[2].startswith("We are ready to do that")
    assert "to rebuild the channel of communications" in lavrov


def test_it_flags_lavrovs_fragment_as_partial(extraction):
    fragment = next(q for q in extraction.quotes if q.text == "to rebuild the channel of communications")
    assert fragment.partial


def test_it_gives_pompeo_his_eight_quotes(extraction):
    pompeo = speakers_of(extraction, "Mike Pompeo")
    assert len(pompeo) == 8
    assert "keep talking" in pompeo
    assert "On some issues we may agree, on others we may disagree," in pompeo
    assert any(text.startswith("But when it’s in our national interests") for text in pompeo)


def test_it_gives_yermakov_his_quote(extraction):
    assert [text[:6] for text in speakers_of(extraction, "Vladimir Yermakov")] == ["Sadly,"]


def test_it_gives_the_conspiracy_theory_to_the_kremlin_not_a_person(extraction):
    quote = next(q for q in extraction.quotes if q.text == "conspiracy theory")
    assert (quote.speaker, quote.speaker_kind) == ("Kremlin", "organisation")
    assert quote.partial


def test_it_places_every_quote_at_its_offsets_in_the_body(parsed, extraction):
    for quote in extraction.quotes:
        assert parsed.body[quote.start : quote.end] == quote.text
        assert quote.text in parsed.paragraphs[quote.paragraph]


def test_it_gives_the_same_extraction_from_two_worker_processes(parsed, nlp, extraction):
    from articles.extraction import extract_many

    results = list(extract_many([parsed, parsed], nlp, lookups_for_tests(), n_process=2, batch_size=1))
    assert [len(result.quotes) for result in results] == [14, 14]
    assert results[1].people == extraction.people


def test_it_loads_the_model_named_in_settings_once_without_unused_components(settings, nlp):
    from articles.extraction import load_nlp

    assert load_nlp() is nlp
    assert load_nlp(settings.SPACY_MODEL) is nlp
    assert "lemmatizer" not in nlp.pipe_names
