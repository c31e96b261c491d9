"""What is never a person: scraper leftovers, hashtags, nicknames, organisations,
places, eras, interface text, and titles or headline words kept in a name."""

import pytest

from articles.extraction.people import not_a_person
from tests.extraction_helpers import run


def names(extraction):
    return sorted(person.name for person in extraction.people)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("Trump Donald John TrumpGOP", "words glued together"),
        ("NotMyAbuela", "words glued together"),
        ("Trump Trump", "a word repeated"),
        ("Crooked Hillary", "a nickname"),
        ("Boko Haram", "an organisation or a thing"),
        ("Erie Canal", "an organisation or a thing"),
        ("Jim Crow", "an organisation or a thing"),  # the laws (86 articles of the full corpus)
        ("Sandy Hook", "an organisation or a thing"),
        ("Booz Allen Hamilton", "an organisation or a thing"),
        ("Bush-era", "an era or a qualifier"),
        ("Email Sign", "interface text"),
        ("Ted Cruz!Cruz", "punctuation inside a name"),
        ("GDP.\u201cBarack Obama", "punctuation inside a name"),
        ("Obama \u201cMini-Me", "punctuation inside a name"),
    ],
)
def test_it_says_why_a_name_is_no_one(name, reason):
    assert not_a_person(name) == reason


@pytest.mark.parametrize(
    "name",
    ["Mitch McConnell", "Ron DeSantis", "Kim Jong-un", "Jean-Claude Juncker", "Theresa May", "George W. Bush",
     "A.J. Clemente", "J.R.R. Tolkien", "Robert F. Kennedy Jr."],
)
def test_it_lets_real_names_through(name):
    assert not_a_person(name) is None


def test_it_finds_no_one_in_nicknames_organisations_and_eras(nlp):
    found = run(
        nlp,
        'Donald Trump again called his rival "Crooked Hillary" at a rally in Ohio.',
        "Boko Haram attacked a village, and Bush-era rules were blamed.",
    )
    assert names(found) == ["Donald Trump"]


def test_it_cuts_a_title_and_headline_words_off_a_name(nlp):
    found = run(
        nlp,
        "The Jared Kushner meeting was held in Washington.",
        "Senators questioned Jared Kushner Thursday about the meeting.",
    )
    assert names(found) == ["Jared Kushner"]


def test_it_keeps_the_name_before_a_scraped_name_tag_and_drops_the_tag(nlp):
    # Some sites print a politician's formal name after the name, and scrapers
    # glue its surname to the next related headline.
    found = run(
        nlp,
        "Senate Majority Leader Mitch McConnell Addison (Mitch) Mitchell McConnellSenators weigh a longer recess "
        "said on Tuesday that the vote would wait.",
        "The bill was backed by Sen. Tom Cotton Thomas (Tom) Bryant CottonFarm groups press for aid as the harvest nears.",
    )
    assert names(found) == ["Mitch McConnell", "Tom Cotton"]


def test_it_cuts_a_headline_verb_off_a_name(nlp):
    found = run(
        nlp,
        "Voters lined up early in Tulsa on Saturday.",
        "RELATED: Trump Delays Tulsa Rally Over Storm Forecast",
        "WATCH: Obama Wants Democrats To Vote Early",
    )
    assert "Trump Delays Tulsa Rally" not in names(found)
    assert not [name for name in names(found) if name.endswith(("Delays", "Wants"))], names(found)


def test_it_finds_no_one_in_an_agency(nlp):
    found = run(nlp, "Border Patrol agents stopped the truck near the crossing, and Coast Guard crews searched the bay.")
    assert names(found) == []


@pytest.mark.parametrize("name", ["George Soros-funded", "Ronald Reagan-inspired", "Robert Mueller-type"])
def test_it_reads_a_name_with_a_qualifier_hyphened_to_it_as_no_one(name):
    assert not_a_person(name) == "an era or a qualifier"


def test_it_cuts_a_word_no_name_starts_with_off_the_front_of_a_name(nlp):
    found = run(
        nlp,
        "Whatever Obama Says, the Deal Is Done",
        "Barack Obama left the White House in 2017. Whatever Obama says about the deal, it is done.",
    )
    assert names(found) == ["Barack Obama"]
