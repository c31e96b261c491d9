from articles.extraction import parse_article, extract

from tests.extraction_helpers import lookups_for_tests, run


def names(extraction):
    return sorted(person.name for person in extraction.people)


def person(extraction, name):
    return next(p for p in extraction.people if p.name == name)


def test_it_names_a_person_by_the_fullest_form_without_titles(nlp):
    found = run(nlp, "Secretary of State Mike Pompeo arrived on Monday.", "Mr Pompeo met the press.")
    assert names(found) == ["Mike Pompeo"]


def test_it_links_surnames_honorifics_and_possessives_to_the_full_name(nlp):
    found = run(nlp, "Mike Pompeo arrived on Monday.", "Mr Pompeo's plane was late.", "Pompeo then left.")
    pompeo = person(found, "Mike Pompeo")
    assert pompeo.mentions == 3
    assert "Mr Pompeo" in pompeo.aliases
    assert "Pompeo" in pompeo.aliases
    assert not any("'s" in alias for alias in pompeo.aliases)


def test_it_repairs_a_surname_the_model_did_not_tag_as_a_person(nlp):
    found = run(
        nlp,
        "Russian Foreign Minister Sergey Lavrov met his counterpart.",
        "Lavrov told reporters the talks were useful.",
        "Earlier, Lavrov had called on the US to set aside its differences.",
    )
    assert person(found, "Sergey Lavrov").mentions == 3


def test_it_records_body_offsets_for_each_mention(nlp):
    parsed = parse_article("A headline\n\nAngela Merkel spoke.\n\nMrs Merkel left.\n")
    found = extract(parsed, nlp, lookups_for_tests())
    merkel = person(found, "Angela Merkel")
    assert [parsed.body[start:end] for start, end in merkel.spans] == ["Angela Merkel", "Merkel"]


def test_it_resolves_a_surname_to_the_one_known_person_with_it(nlp):
    found = run(nlp, "Mr Putin did not comment on Tuesday.", known_people={"vladimir putin": "Vladimir Putin"})
    assert names(found) == ["Vladimir Putin"]


def test_it_leaves_a_surname_alone_when_no_known_person_has_it(nlp):
    found = run(nlp, "Mr Putin did not comment on Tuesday.")
    assert names(found) == ["Putin"]


def test_it_leaves_a_surname_alone_when_two_known_people_share_it(nlp):
    known = {"donald trump": "Donald Trump", "melania trump": "Melania Trump"}
    found = run(nlp, "Mr Trump did not comment on Tuesday.", known_people=known)
    assert names(found) == ["Trump"]


def test_it_uses_the_known_canonical_spelling_of_a_full_name(nlp):
    found = run(nlp, "Sergei Lavrov arrived in Sochi.", known_people={"sergei lavrov": "Sergey Lavrov"})
    assert names(found) == ["Sergey Lavrov"]


def test_it_does_not_take_the_photo_credit_for_a_person(nlp):
    parsed = parse_article(
        "Talks in Sochi\n\nMike Pompeo arrives in Sochi, Russia May 14, 2019. Pavel Golovkin/Pool via REUTERS\n\n"
        "Mike Pompeo met his counterpart.\n"
    )
    found = extract(parsed, nlp, lookups_for_tests())
    assert names(found) == ["Mike Pompeo"]


def test_it_lists_each_person_once(nlp):
    found = run(
        nlp,
        "President Donald Trump spoke to Emmanuel Macron.",
        "Mr Trump said later that Trump Tower was not for sale, and Macron agreed with Mr Trump.",
    )
    assert names(found) == ["Donald Trump", "Emmanuel Macron"]


def test_it_does_not_take_a_country_for_a_person(nlp):
    found = run(nlp, "Jordan and Israel signed the accord.")
    assert names(found) == []


def test_it_joins_a_surname_written_without_its_arabic_article(nlp):
    found = run(nlp, "Nasir al-Wuhayshi was killed in a strike.", "Wuhayshi had led the group since 2009.")
    assert names(found) == ["Nasir al-Wuhayshi"]
    assert person(found, "Nasir al-Wuhayshi").mentions == 2


def test_it_skips_party_labels_and_trailing_titles(nlp):
    found = run(nlp, "Tory Treasurer Lord Ashcroft gave money, and Lib Dem leader Charles Kennedy objected.")
    assert "Charles Kennedy" in names(found)
    assert not any(name.endswith("Lord") or name.startswith(("Lib", "Tory")) for name in names(found))


def test_it_keeps_first_names_that_are_also_countries(nlp):
    found = run(nlp, "Chad Wolf met Michael Jordan in Washington.")
    assert names(found) == ["Chad Wolf", "Michael Jordan"]


def test_it_tells_the_gender_of_a_person_from_an_honorific_or_a_first_name(nlp):
    found = run(
        nlp,
        "Hillary Clinton met Bernie Sanders.",
        '"We agreed on a lot," she said.',
    )
    assert [(q.speaker, q.speaker_as_written) for q in found.quotes] == [("Hillary Clinton", "she")]


def test_it_keeps_surnames_that_are_also_titles(nlp):
    found = run(nlp, "Former prime minister John Major met Peter King in London.")
    assert names(found) == ["John Major", "Peter King"]


def test_it_does_not_take_bylines_and_credits_for_people(nlp):
    found = run(
        nlp,
        "By Jane Holloway, BBC diplomatic correspondent",
        "Angela Merkel met Emmanuel Macron in Berlin. Peter Lindqvist/Reuters",
        "Tom Brady and Susan Cole contributed to this report.",
    )
    assert names(found) == ["Angela Merkel", "Emmanuel Macron"]


def test_it_takes_a_name_alone_under_the_headline_for_the_reporter(nlp):
    found = run(nlp, "Jane Holloway", "Angela Merkel met Emmanuel Macron in Berlin.")
    assert names(found) == ["Angela Merkel", "Emmanuel Macron"]


def test_it_keeps_a_name_standing_alone_as_a_heading_inside_the_story(nlp):
    found = run(
        nlp,
        "Four men were sent home on Tuesday.",
        "Mohammed Zahir",
        "Zahir was arrested in 2003 and held for twelve years.",
        "The others are expected to follow.",
    )
    assert names(found) == ["Mohammed Zahir"]


def test_it_takes_capitalised_words_after_a_persons_title_for_a_name_whatever_the_model_said(nlp):
    found = run(nlp, "State Department spokesman Glyn Davies said the talks went well.")
    assert names(found) == ["Glyn Davies"]


def test_it_keeps_an_abbreviation_that_ends_a_name_when_written_without_its_stop(nlp):
    found = run(nlp, "Co-Premiers Prince Norodom Ranariddh and Hun Sen agreed to the request.")
    assert names(found) == ["Hun Sen", "Norodom Ranariddh"]


def test_it_joins_the_rest_of_a_name_the_model_left_untagged(nlp):
    found = run(nlp, "Burma's democracy leader Aung San Suu Kyi hit out at the government.")
    assert names(found) == ["Aung San Suu Kyi"]


def test_it_keeps_hyphenated_given_names_whole(nlp):
    found = run(
        nlp,
        "North Korean leader Kim Jong-un met South Korean President Moon Jae-in.",
        "Mr Kilroy-Silk said he wanted a referendum.",
    )
    assert names(found) == ["Kilroy-Silk", "Kim Jong-un", "Moon Jae-in"]


def test_it_does_not_run_a_name_on_past_its_possessive(nlp):
    found = run(nlp, "Fighters trained in Usama bin Laden's Tora Bora complex, officials said.")
    assert "Usama bin Laden" in names(found)


def test_it_does_not_take_a_company_named_in_full_for_a_person(nlp):
    found = run(
        nlp,
        "Shares of Magna International Inc rose.",
        "Magna was up 1/8 on the New York Stock Exchange. Magna makes seats.",
    )
    assert names(found) == []


def test_it_gives_a_shared_surname_to_the_relative_named_first(nlp):
    found = run(
        nlp,
        "Boris Yeltsin visited his wife Naina Yeltsin in hospital.",
        "Naina Yeltsin had an operation. Yeltsin said she looked well.",
    )
    assert person(found, "Boris Yeltsin").mentions == 2
    assert person(found, "Naina Yeltsin").mentions == 2


def test_it_does_not_take_a_place_for_a_person(nlp):
    found = run(
        nlp,
        "Protesters gathered near the U.S. Embassy in Sanaa on Friday.",
        "Sanaa was quiet by evening, and Sanaa police said nothing.",
    )
    assert names(found) == []


def test_it_does_not_take_a_group_named_with_the_for_a_person(nlp):
    found = run(nlp, "The threat posed by the Houthis is growing. The Houthis denied it, and the Houthis fired again.")
    assert names(found) == []


def test_it_keeps_a_titled_person_whose_name_also_follows_in(nlp):
    found = run(nlp, "We hold no hope in Obama, one official said. Mr. Obama did not reply.")
    assert names(found) == ["Obama"]


def test_it_keeps_regnal_numbers_in_names(nlp):
    found = run(nlp, "Queen Elizabeth II met Pope Benedict XVI in Rome on Tuesday.", "Later Elizabeth said I was wrong.")
    assert names(found) == ["Benedict XVI", "Elizabeth II"]
    assert person(found, "Elizabeth II").mentions == 2


def test_it_takes_a_common_first_name_and_a_surname_for_a_person_whatever_the_model_said(nlp):
    found = run(nlp, "The panel included Samantha Power, the former ambassador.")
    assert names(found) == ["Samantha Power"]


def test_it_does_not_take_a_town_for_a_person(nlp):
    found = run(nlp, "Officials bombed hiding spots in the town of Ras al-Ayn on Monday.")
    assert names(found) == []


def test_it_does_not_take_photographers_or_author_taglines_for_people(nlp):
    found = run(
        nlp,
        "Angela Merkel met Emmanuel Macron in Berlin on Monday. (AP Photo/Peter Lindqvist)",
        "Photo Illustration: Heather Collins",
        "Follow Mark Haslam on Twitter and Facebook.",
    )
    assert names(found) == ["Angela Merkel", "Emmanuel Macron"]


def test_it_keeps_a_wife_apart_from_her_husband_named_in_full(nlp):
    found = run(
        nlp,
        "Donald Trump arrived on Monday.",
        "Mrs Trump received a silver gift, and Mr Trump thanked the Queen.",
    )
    assert person(found, "Donald Trump").aliases == ["Mr Trump"]
    assert person(found, "Trump").aliases == ["Mrs Trump"]


def test_it_does_not_take_a_ministers_portfolio_for_a_person(nlp):
    found = run(nlp, "Lifelong Learning Minister Jim Wallace said that was wrong.", "Paul Boateng MP agreed.")
    assert names(found) == ["Jim Wallace", "Paul Boateng"]


def test_it_keeps_apart_names_that_differ_by_an_initial(nlp):
    found = run(nlp, "George H. W. Bush and George W. Bush met John F. Kerry.", "John Kerry spoke first.")
    assert names(found) == ["George H. W. Bush", "George W. Bush", "John F. Kerry"]


def test_it_keeps_a_surname_the_model_took_for_a_title_of_a_work(nlp):
    found = run(nlp, "The deal has strategic value, said Pirelli chairman Marco Tonchetti Provera.")
    assert names(found) == ["Marco Tonchetti Provera"]


def test_a_one_word_name_after_a_royal_title_keeps_the_title_and_is_no_one_elses_surname(nlp):
    known = {"terri francis": "Terri Francis", "ahmed salman": "Ahmed Salman"}
    found = run(nlp, "Pope Francis met King Salman in Rome.", "Francis said the talks were warm.", known_people=known)
    assert names(found) == ["King Salman", "Pope Francis"]
    assert person(found, "Pope Francis").mentions == 2
