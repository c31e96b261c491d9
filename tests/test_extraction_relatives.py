"""Relatives and namesakes in one article: a bare surname goes to the one the
article means, and spellings of one name are one person."""

from tests.extraction_helpers import run


def names(extraction):
    return sorted(person.name for person in extraction.people)


def person(extraction, name):
    return next(p for p in extraction.people if p.name == name)


def speakers(extraction):
    return [quote.speaker for quote in extraction.quotes]


def test_it_does_not_give_the_presidents_words_to_the_first_lady(nlp):
    found = run(
        nlp,
        "President Trump and first lady Melania Trump arrived in Paris on Friday.",
        '"We are going to make a great deal," Trump said.',
        "Melania Trump visited a hospital.",
    )
    assert speakers(found) == ["Trump"]
    assert person(found, "Melania Trump").mentions == 2


def test_it_gives_a_bare_surname_to_the_namesake_named_in_full_in_its_sentence(nlp):
    found = run(
        nlp,
        "Donald Trump spoke in Ohio on Monday.",
        "Melania Trump spoke in Iowa on Tuesday, and Trump said the crowd was large.",
        "Trump returned to Washington.",
    )
    assert person(found, "Melania Trump").mentions == 2
    assert person(found, "Donald Trump").mentions == 2


def test_it_keeps_the_honorific_of_a_relative(nlp):
    found = run(
        nlp,
        "Donald Trump and his wife Melania Trump arrived in Paris.",
        "Mrs. Trump visited a school while Mr. Trump met Emmanuel Macron.",
    )
    assert person(found, "Melania Trump").mentions == 2
    assert person(found, "Donald Trump").mentions == 2


def test_it_does_not_give_the_leaders_surname_to_a_namesake_written_surname_last(nlp):
    found = run(
        nlp,
        "North Korean leader Kim Jong Un met officials on Monday.",
        "Kim said the talks had gone well, according to Boram Brian Kim, a researcher in Seoul.",
        "Kim later returned to Pyongyang.",
    )
    assert person(found, "Boram Brian Kim").mentions == 1
    assert person(found, "Kim Jong Un").mentions == 3


def test_it_makes_one_person_of_two_spellings_of_a_name(nlp):
    found = run(
        nlp,
        "Syrian President Bashar al-Assad met Russian officials on Monday.",
        "Bashar Assad said the war was nearly over.",
    )
    assert [n for n in names(found) if "Assad" in n] == ["Bashar al-Assad"]


def test_it_does_not_give_a_shared_surname_to_the_known_person_an_earlier_article_wrote_it_for(nlp):
    known = {"melania trump": "Melania Trump", "trump": "Melania Trump", "donald trump": "Donald Trump"}
    found = run(nlp, '"We will win," Trump said at a rally in Ohio.', known_people=known)
    assert speakers(found) == ["Trump"]


def test_it_gives_a_surname_to_the_one_known_person_with_it_family_name_first_too(nlp):
    known = {"kim jong un": "Kim Jong Un", "xi jinping": "Xi Jinping"}
    found = run(nlp, "Kim met Xi in Beijing on Tuesday.", known_people=known)
    assert names(found) == ["Kim Jong Un", "Xi Jinping"]


def test_it_leaves_a_surname_written_before_any_namesake_is_named_in_full_to_the_corpus(nlp):
    found = run(
        nlp,
        '"We won," President Trump said at a rally in Michigan.',
        "He said he told Melania Trump about the result, and Donald Trump Jr. agreed.",
        '"It was a great night," Trump said.',
    )
    assert speakers(found) == ["Trump", "Trump"]
    assert "Trump" in names(found)
