from articles.extraction import extract, parse_article

from tests.extraction_helpers import lookups_for_tests, run


def codes(extraction):
    return sorted(country.code for country in extraction.countries)


def mentions(extraction, code):
    return next(country.mentions for country in extraction.countries if country.code == code)


def test_it_finds_countries_by_name_short_form_demonym_capital_and_institution(nlp):
    found = run(
        nlp,
        "The United States and Britain met Russian officials.",
        "Washington and Moscow disagree; the Kremlin and Downing Street said nothing.",
    )
    assert codes(found) == ["GB", "RU", "US"]
    assert mentions(found, "RU") == 3
    assert mentions(found, "US") == 2
    assert mentions(found, "GB") == 2


def test_it_reads_us_in_capitals_as_the_country_and_us_in_lower_case_as_the_pronoun(nlp):
    found = run(nlp, "The US told us that it would wait.", "They asked US officials and U.S. diplomats.")
    assert codes(found) == ["US"]
    assert mentions(found, "US") == 3


def test_it_prefers_the_longest_alias(nlp):
    found = run(nlp, "A White House statement followed talks at the White House.")
    us = found.countries[0]
    assert (us.code, us.mentions) == ("US", 2)
    assert us.aliases == ["White House", "the White House"]


def test_it_counts_a_possessive_as_a_mention(nlp):
    found = run(nlp, "Russia's annexation of Crimea was condemned.", "Russia’s economy suffered.")
    assert codes(found) == ["RU"]
    assert mentions(found, "RU") == 2


def test_it_gives_no_country_for_a_region_or_a_city_that_is_not_a_capital(nlp):
    found = run(nlp, "Troops moved through Crimea towards Sochi and Chicago.")
    assert codes(found) == []


def test_it_ignores_country_names_written_in_lower_case(nlp):
    found = run(nlp, "They ate turkey and discussed the chad on the ballot.")
    assert codes(found) == []


def test_it_does_not_read_a_persons_name_as_a_country(nlp):
    found = run(nlp, "Chad Wolf, the acting secretary, spoke on Monday. Mr Wolf then left.")
    assert codes(found) == []


def test_it_ignores_places_that_only_contain_a_country_name(nlp):
    found = run(nlp, "The governor of New Mexico spoke to The Washington Post.")
    assert codes(found) == []


def test_it_records_body_offsets_for_each_mention(nlp):
    parsed = parse_article("Syria talks\n\nIran backed Syria.\n")
    found = extract(parsed, nlp, lookups_for_tests())
    syria = next(c for c in found.countries if c.code == "SY")
    assert syria.mentions == 2  # the title counts too
    assert [parsed.body[start:end] for start, end in syria.spans] == ["Syria"]


def test_it_reads_georgia_as_the_us_state_unless_the_article_speaks_of_the_country(nlp):
    state = run(nlp, "The Georgia Senate race drew voters in Atlanta, Georgia, on Tuesday.")
    assert codes(state) == []
    country = run(nlp, "Russian troops entered Georgia in 2008.", "Tbilisi asked Washington for help.")
    assert codes(country) == ["GE", "RU", "US"]
    assert mentions(country, "GE") == 2


def test_it_reads_no_country_in_acronyms_first_names_and_place_names_that_contain_one(nlp):
    found = run(
        nlp,
        "ATF agents and BLM rangers met at Georgetown University in Washington.",
        "Fox News correspondent Chad Pergram said American Indian leaders and New Jersey officials were there.",
    )
    assert codes(found) == ["US"]


def test_it_still_reads_those_names_as_countries_where_they_are_meant(nlp):
    found = run(
        nlp,
        "Troops from Chad and Jordan joined the mission, and the UAE paid for it.",
        "Indian officials in New Delhi welcomed the deal.",
    )
    assert codes(found) == ["AE", "IN", "JO", "TD"]


def test_it_reads_georgians_as_people_of_the_us_state_unless_the_article_speaks_of_the_country(nlp):
    state = run(nlp, "The governor asked Georgians to stay home, and every Georgian over 65 may vote by mail.")
    assert codes(state) == []
    country = run(nlp, "Georgians rallied in Tbilisi against the new law.")
    assert codes(country) == ["GE"]


def test_it_reads_no_country_in_a_scraped_menu_of_country_names(nlp):
    found = run(
        nlp,
        "Choose your edition: Austria Belgium Bulgaria Croatia Cyprus Denmark Estonia Finland Malta Norway",
        "The minister flew to Malta on Friday.",
    )
    assert codes(found) == ["MT"]
    assert mentions(found, "MT") == 1


def test_it_still_reads_a_list_of_countries_in_prose(nlp):
    found = run(nlp, "Ministers from France, Germany, Italy, Spain, Portugal and Greece met in Brussels.")
    assert codes(found) == ["BE", "DE", "ES", "FR", "GR", "IT", "PT"]


def test_it_reads_no_country_in_the_order_of_malta(nlp):
    found = run(nlp, "The Sovereign Military Order of Malta sent doctors, and the Knights of Malta paid for them.")
    assert "MT" not in codes(found)


def test_words_apart_do_not_spell_a_country_written_as_one_word(nlp):
    # "To Go" is no Togo, though the table is matched with the spaces taken out.
    found = run(nlp, "IT IS TIME FOR HIM TO GO, the senator wrote. There is a Long Way To Go.")
    assert codes(found) == []
    assert codes(run(nlp, "Togo and South Korea signed the deal.")) == ["KR", "TG"]


def test_new_jersey_and_guinea_pigs_are_no_countries(nlp):
    found = run(nlp, "Everybody knows how hard Jersey has been hit, the governor said in South Jersey.",
                "Residents felt like guinea pigs. “We are Guinea Pigs,” one said.")
    assert codes(found) == []
    assert codes(run(nlp, "Jersey and Guernsey, the Channel Islands, voted.")) == ["GG", "JE"]
    assert codes(run(nlp, "The Ebola outbreak started in Guinea and spread to Liberia.")) == ["GN", "LR"]
