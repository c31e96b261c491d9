"""Organisations found in a text, and organisations and governments as speakers,
with the real spaCy model on short texts written for these tests."""

from articles.extraction import Lookups, extract
from articles.extraction.organisations import KINDS, reference_organisations

from tests.extraction_helpers import article, country_aliases, run


def organisation(found, name):
    return next(o for o in found.organisations if o.name == name)


def speakers(found):
    return [(q.speaker, q.speaker_kind) for q in found.quotes]


def test_it_ships_reference_data_whose_kinds_and_countries_are_valid():
    table = reference_organisations()
    codes = set(country_aliases().values())
    assert table["the kremlin"] == ("Kremlin", "government", "RU")
    assert table["iaea"][0] == "International Atomic Energy Agency"
    for name, kind, country in table.values():
        assert kind in KINDS, name
        assert country is None or country in codes, name


def test_it_finds_institutions_with_their_kind_and_country(nlp):
    found = run(
        nlp,
        "The State Department and the Pentagon met officials from NATO, the EU and the IAEA.",
        "The White House and the Kremlin said nothing.",
    )
    assert (organisation(found, "State Department").kind, organisation(found, "State Department").country) == (
        "government", "US")
    assert organisation(found, "Kremlin").country == "RU"
    for name in ("NATO", "European Union", "International Atomic Energy Agency"):
        assert (organisation(found, name).kind, organisation(found, name).country) == ("international", None)
    assert organisation(found, "International Atomic Energy Agency").aliases == ["IAEA"]


def test_it_builds_foreign_ministries_from_the_country_tables(nlp):
    found = run(
        nlp,
        "China's foreign ministry protested. The Russian Foreign Ministry summoned the envoy.",
        "Later the ministry issued a note.",
    )
    china = organisation(found, "Foreign Ministry of China")
    assert (china.kind, china.country, china.aliases) == ("government", "CN", ["China's foreign ministry"])
    russia = organisation(found, "Foreign Ministry of Russia")
    assert russia.country == "RU"
    assert russia.mentions == 2  # "the ministry" is the last one named


def test_it_learns_organisations_the_table_lacks_from_the_model(nlp):
    found = run(nlp, '"Prices will rise," Magna International Inc said on Tuesday.')
    magna = organisation(found, "Magna International Inc")
    assert magna.kind == "company"
    assert speakers(found) == [("Magna International Inc", "organisation")]


def test_it_does_not_read_who_or_is_as_acronyms(nlp):
    found = run(nlp, "The man who spoke is a farmer from Ohio.")
    assert found.organisations == []


def test_it_uses_the_organisations_it_is_given_instead_of_the_reference(nlp):
    lookups = Lookups(country_aliases=country_aliases(), organisations={"acme league": ("Acme League", "other", None)})
    found = extract(article('"We disagree," the Acme League said. The Kremlin was silent.'), nlp, lookups)
    assert [o.name for o in found.organisations] == ["Acme League"]


def test_an_organisation_speaks(nlp):
    found = run(
        nlp,
        '"We will respond in kind," the Kremlin said on Monday.',
        '"Inspectors need access to the site," the IAEA said in a statement.',
        '"The alliance stands united," NATO said.',
    )
    assert speakers(found) == [
        ("Kremlin", "organisation"),
        ("International Atomic Energy Agency", "organisation"),
        ("NATO", "organisation"),
    ]
    assert [q.speaker_as_written for q in found.quotes] == ["the Kremlin", "the IAEA", "NATO"]


def test_a_ministry_speaks_and_it_continues(nlp):
    found = run(nlp, '"This is unacceptable," the Russian Foreign Ministry said. "It breaks the treaty," it added.')
    assert speakers(found) == [("Foreign Ministry of Russia", "organisation")] * 2
    assert [q.speaker_country for q in found.quotes] == ["RU", "RU"]


def test_a_capital_or_a_government_speaks_for_its_country(nlp):
    found = run(
        nlp,
        '"Nothing has changed," Moscow said in a statement.',
        '"We are ready to talk," the Chinese government said.',
    )
    assert [(q.speaker_kind, q.speaker_country) for q in found.quotes] == [("country", "RU"), ("country", "CN")]
    assert found.quotes[1].speaker_as_written == "the Chinese government"


def test_an_unnamed_spokesman_speaks_for_the_organisation(nlp):
    found = run(nlp, '"We urge restraint," a spokesman for the European Commission said.')
    quote = found.quotes[0]
    assert (quote.speaker, quote.speaker_kind, quote.speaker_organisation) == (
        "European Commission", "organisation", "European Commission")
    assert found.people == []


def test_a_named_spokesman_is_the_speaker_and_the_organisation_is_recorded(nlp):
    found = run(
        nlp,
        'State Department spokeswoman Jane Doe said: "We are watching closely."',
        '"The talks were useful," said Dmitry Peskov, the Kremlin spokesman.',
        '"Access is the priority," said Rafael Grossi of the IAEA.',
    )
    assert [(q.speaker, q.speaker_kind, q.speaker_organisation) for q in found.quotes] == [
        ("Jane Doe", "person", "State Department"),
        ("Dmitry Peskov", "person", "Kremlin"),
        ("Rafael Grossi", "person", "International Atomic Energy Agency"),
    ]


def test_a_generic_description_stays_as_written(nlp):
    found = run(nlp, "Mike Pompeo flew in.", '"The deal is done," a senior official said.')
    quote = found.quotes[0]
    assert (quote.speaker, quote.speaker_kind, quote.speaker_as_written) == (None, None, "a senior official")


def test_a_disease_is_never_a_speaker(nlp):
    found = run(nlp, 'The pandemic "changed everything for the worse," the report said.')
    assert all(q.speaker is None for q in found.quotes)
    assert all("pandemic" not in q.speaker_as_written for q in found.quotes)


def test_a_definite_description_refers_back_to_the_organisation_named_before(nlp):
    found = run(
        nlp,
        "The State Department issued new guidance.",
        '"We expect compliance," the department said.',
        "The New York Times published the documents.",
        '"We stand by our reporting," the paper said.',
    )
    assert speakers(found) == [("State Department", "organisation"), ("The New York Times", "organisation")]


def test_a_rank_before_a_name_is_not_an_organisation(nlp):
    found = run(nlp, '"We do not see a link," said Pentagon spokesman Navy Capt. Jeff Davis.')
    assert [o.name for o in found.organisations] == ["Pentagon"]
    assert [(q.speaker, q.speaker_kind, q.speaker_organisation) for q in found.quotes] == [
        ("Jeff Davis", "person", "Pentagon")]


def test_the_house_and_the_senate_are_the_us_chambers_but_not_inside_other_names(nlp):
    found = run(
        nlp,
        "The House passed the bill on Friday and the Senate will vote next week.",
        "The Ohio Senate met at the Sydney Opera House.",
    )
    names = [o.name for o in found.organisations]
    assert "US House of Representatives" in names and "US Senate" in names
    assert organisation(found, "US Senate").mentions == 1
    assert organisation(found, "US House of Representatives").mentions == 1


def test_places_programmes_and_copyright_lines_are_not_organisations(nlp):
    found = run(
        nlp,
        "The Secretary of State met the president in the Oval Office to talk about Social Security.",
        "\u00a9 2019 Daily Planet Media LLC. All rights reserved.",
    )
    names = {o.name for o in found.organisations}
    assert not names & {"Oval Office", "Social Security", "State", "LLC", "Daily Planet Media LLC"}
