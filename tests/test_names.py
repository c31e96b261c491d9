"""The rules that decide whether two spellings name one human (no database)."""

import pytest

from articles.extraction.names import compact_key, family_name, name_key, same_person


@pytest.mark.parametrize(
    "a, b, reason",
    [
        ("Donald J. Trump", "Donald Trump", "same surname and first name, middle initial dropped"),
        ("Donald John Trump", "Donald Trump", "same surname and first name, middle name dropped"),
        ("Vladimir V. Putin", "Vladimir Putin", "same surname and first name, middle initial dropped"),
        ("Kim Jong Un", "Kim Jong-un", "same name written with other spaces or hyphens"),
        ("Bashar al-Assad", "Bashar Assad", "same surname and first name, particle 'al-' dropped"),
        ("Bashar al Assad", "Bashar Assad", "same surname and first name, particle 'al-' dropped"),
        ("Steve Mnuchin", "Steven Mnuchin", "same surname and first name, 'Steve' is short for 'Steven'"),
        ("John A. Boehner", "John Boehner", "same surname and first name, middle initial dropped"),
        ("Eric H. Holder Jr.", "Eric Holder Jr", "same surname and first name, middle initial dropped"),
        ("François Hollande", "Francois HOLLANDE", "same spelling but for case, accents or stops"),
        ("Robert S. Mueller III", "Robert Mueller", "same surname and first name, generation number dropped, middle initial dropped"),
        # The formal name in full: a son named for his father shares the father's
        # first name, not a short form of it.
        (
            "Joseph R. Biden Jr.",
            "Joe Biden",
            "same surname and first name, 'Jr.' written with the formal first name, 'Joe' is short for 'Joseph', "
            "middle initial dropped",
        ),
        ("Barak Obama", "Barack Obama", "same surname and first name, first name spelt 'Barack' and 'Barak'"),
        ("Ash Carter", "Ashton Carter", "same surname and first name, 'Ash' is short for 'Ashton'"),
        ("Pete King", "Peter King", "same surname and first name, 'Pete' is short for 'Peter'"),
        ("Don McGahn", "Donald F. McGahn", "same surname and first name, 'Don' is short for 'Donald', middle initial dropped"),
        ("Jerry Nadler", "Jerrold Nadler", "same surname and first name, 'Jerry' and 'Jerrold' are forms of one name"),
        ("Jeff Sessions", "Jefferson Sessions", "same surname and first name, 'Jeff' and 'Jefferson' are forms of one name"),
        ("Mohamed Morsi", "Mohammad Morsi", "same surname and first name, 'Mohamed' and 'Mohammad' are forms of one name"),
        ("Hilary Clinton", "Hillary Clinton", "same surname and first name, first name spelt 'Hilary' and 'Hillary'"),
        ("Bryan Kemp", "Brian Kemp", "same surname and first name, first name spelt 'Brian' and 'Bryan'"),
        ("Lindsay Graham", "Lindsey Graham", "same surname and first name, first name spelt 'Lindsay' and 'Lindsey'"),
        ("Rudolph W. Giuliani", "Rudy Giuliani", "same surname and first name, 'Rudy' is short for 'Rudolph', middle initial dropped"),
    ],
)
def test_it_explains_each_merge_of_variants_of_one_name(a, b, reason):
    assert same_person(a, b).reason == reason
    assert same_person(b, a) is not None


@pytest.mark.parametrize(
    "a, b",
    [
        ("Donald Trump Jr.", "Donald Trump"),  # the son
        ("Donald J. Trump Jr.", "Donald J. Trump"),
        ("George Bush Sr.", "George Bush Jr."),
        ("Robert Mueller III", "Robert Mueller II"),
        ("Melania Trump", "Donald Trump"),
        ("George W. Bush", "George H. W. Bush"),
        ("Steve Bannon", "Stephen Miller"),
        ("Kim Jong Un", "Kim Jong Il"),
        ("Boram Brian Kim", "Kim Jong-un"),
        ("Hunter Biden", "Joe Biden"),
        ("Trump", "Donald Trump"),  # a bare surname is resolved by who else has it, not here
        ("Joseph Biden Jr.", "Joseph Biden"),  # the same formal first name: father and son
        ("Ivana Trump", "Ivanka Trump"),  # mother and daughter, not a spelling slip
        ("Mary Trump", "Mark Trump"),
        ("Barak Obama", "Barack Obama Jr."),
    ],
)
def test_it_keeps_relatives_and_namesakes_apart(a, b):
    assert same_person(a, b) is None


def test_it_gives_variants_one_key_and_the_son_another():
    assert name_key("Donald J. Trump") == name_key("Donald Trump") == name_key("donald trump")
    assert name_key("Donald Trump Jr.") != name_key("Donald Trump")
    assert name_key("Steve Mnuchin") == name_key("Steven Mnuchin")
    assert compact_key("Kim Jong Un") == compact_key("Kim Jong-un")
    assert name_key("Hilary Clinton") == name_key("Hillary Clinton")
    assert name_key("Joseph R. Biden Jr.", suffix=False) == name_key("Joe Biden")


@pytest.mark.parametrize(
    "name, family",
    [
        ("Kim Jong Un", "kim"),
        ("Kim Jong-un", "kim"),
        ("Moon Jae-in", "moon"),
        ("Xi Jinping", "xi"),
        ("Kim Kardashian", "kardashian"),
        ("Boram Brian Kim", "kim"),
        ("Bashar al-Assad", "assad"),
        ("Donald Trump Jr.", "trump"),
        ("Putin", "putin"),
    ],
)
def test_it_knows_which_word_a_bare_mention_uses(name, family):
    assert family_name(name) == family
