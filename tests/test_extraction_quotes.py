from articles.extraction import extract, parse_article

from tests.extraction_helpers import lookups_for_tests, run


def said(extraction):
    return [(quote.text, quote.speaker) for quote in extraction.quotes]


def test_it_finds_quotes_in_straight_and_curly_marks(nlp):
    found = run(
        nlp,
        'Angela Merkel spoke first. "We will not give in to pressure," Mrs Merkel said.',
        "Boris Johnson answered. \u201cWe are ready for a deal,\u201d Mr Johnson said.",
    )
    assert said(found) == [
        ("We will not give in to pressure,", "Angela Merkel"),
        ("We are ready for a deal,", "Boris Johnson"),
    ]


def test_it_follows_a_quote_over_a_paragraph_break_without_shifting_later_quotes(nlp):
    found = run(
        nlp,
        '"We see suspicions and prejudices," Sergey Lavrov told reporters.',
        '"This hinders both your security and ours.',
        '"We are ready to do that if you are ready to reciprocate."',
        'Mike Pompeo disagreed. "We have differences," Mr Pompeo said.',
    )
    assert said(found) == [
        ("We see suspicions and prejudices,", "Sergey Lavrov"),
        ("This hinders both your security and ours.", "Sergey Lavrov"),
        ("We are ready to do that if you are ready to reciprocate.", "Sergey Lavrov"),
        ("We have differences,", "Mike Pompeo"),
    ]


def test_it_splits_a_quote_broken_by_its_attribution_into_two_with_one_speaker(nlp):
    found = run(nlp, "Mike Pompeo tweeted on Tuesday.", "\u201cOn some issues we may agree,\u201d he wrote. \u201cBut we will talk.\u201d")
    assert said(found) == [("On some issues we may agree,", "Mike Pompeo"), ("But we will talk.", "Mike Pompeo")]


def test_it_flags_fragments_inside_the_narrators_sentence_as_partial(nlp):
    found = run(nlp, 'Mike Pompeo said the US would "keep talking" to Russia.')
    assert [(q.text, q.speaker, q.partial) for q in found.quotes] == [("keep talking", "Mike Pompeo", True)]


def test_it_does_not_flag_a_whole_quoted_sentence_as_partial(nlp):
    found = run(nlp, '"We will keep talking to Russia," Mike Pompeo said.')
    assert [q.partial for q in found.quotes] == [False]


def test_it_skips_scare_quotes_around_a_single_word(nlp):
    found = run(nlp, 'The minister called the plan "desperate" and left.')
    assert found.quotes == []


def test_it_finds_the_speaker_after_said(nlp):
    found = run(nlp, '"The talks were useful," said Dmitry Peskov, the Kremlin spokesman.')
    assert said(found) == [("The talks were useful,", "Dmitry Peskov")]


def test_it_finds_the_speaker_past_an_apposition(nlp):
    found = run(nlp, '"The wounds were severe," Hugh Hill, a doctor at the hospital, said.')
    assert said(found) == [("The wounds were severe,", "Hugh Hill")]


def test_it_finds_the_speaker_of_according_to(nlp):
    found = run(nlp, '"The ceasefire holds," according to Antonio Guterres.')
    assert said(found) == [("The ceasefire holds,", "Antonio Guterres")]


def test_it_finds_the_speaker_of_a_colon_introduction(nlp):
    found = run(nlp, 'Emmanuel Macron said in a statement: "France stands with its allies."')
    assert said(found) == [("France stands with its allies.", "Emmanuel Macron")]


def test_it_gives_a_quote_after_a_colon_paragraph_to_its_speaker(nlp):
    found = run(nlp, "Emmanuel Macron told reporters:", '"France stands with its allies."')
    assert said(found) == [("France stands with its allies.", "Emmanuel Macron")]


def test_it_resolves_he_to_the_subject_not_to_a_person_named_later(nlp):
    found = run(
        nlp,
        "Mike Pompeo told Sergey Lavrov that President Donald Trump was committed to better ties.",
        "\u201cWe have differences,\u201d he said.",
    )
    assert said(found) == [("We have differences,", "Mike Pompeo")]
    assert found.quotes[0].speaker_as_written == "he"


def test_it_gives_a_floating_quote_paragraph_the_previous_speaker(nlp):
    found = run(nlp, '"I urged my colleagues to act," Mike Pompeo said.', '"The time has come for change."')
    assert said(found) == [("I urged my colleagues to act,", "Mike Pompeo"), ("The time has come for change.", "Mike Pompeo")]


def test_it_keeps_an_organisation_speaker_as_written_with_no_person(nlp):
    found = run(nlp, '"There was no discussion of a meeting," the Kremlin said.')
    quote = found.quotes[0]
    assert (quote.speaker, quote.speaker_kind, quote.speaker_as_written) == ("Kremlin", "organisation", "the Kremlin")
    assert found.people == []


def test_it_leaves_an_unattributed_quote_without_a_speaker(nlp):
    found = run(nlp, "The weather was fine in Geneva.", '"Nobody expected a deal this year."')
    assert said(found) == [("Nobody expected a deal this year.", None)]


def test_it_records_the_paragraph_and_body_offsets_of_each_quote(nlp):
    parsed = parse_article('Title\n\nFirst paragraph.\n\n"Ready and willing," Boris Johnson said.\n')
    quote = extract(parsed, nlp, lookups_for_tests()).quotes[0]
    assert quote.paragraph == 1
    assert parsed.body[quote.start : quote.end] == "Ready and willing,"


def test_it_keeps_editorial_insertions_in_quotes(nlp):
    found = run(nlp, '"The time has come for [President] Nicolas Maduro to go," Mike Pompeo said.')
    assert found.quotes[0].text == "The time has come for [President] Nicolas Maduro to go,"


def test_it_does_not_take_the_title_of_a_show_for_a_quote(nlp):
    found = run(nlp, 'Mike Pompeo told "Face the Nation" that talks would go on.')
    assert found.quotes == []


def test_it_gives_a_quote_after_a_colon_to_the_subject_of_the_introducing_clause(nlp):
    found = run(nlp, 'Angela Merkel delivered a sharp retort: "We will not be lectured by anyone."')
    assert said(found) == [("We will not be lectured by anyone.", "Angela Merkel")]


def test_it_gives_a_quote_after_a_name_and_a_colon_to_that_person(nlp):
    found = run(nlp, 'Boris Johnson was asked about the vote.', 'More from Johnson: "The result is clear and we respect it."')
    assert said(found) == [("The result is clear and we respect it.", "Boris Johnson")]


def test_it_gives_a_quote_introduced_by_a_dash_to_the_subject(nlp):
    found = run(nlp, 'Emmanuel Macron also defended the treaty -- "It keeps our continent at peace."')
    assert said(found) == [("It keeps our continent at peace.", "Emmanuel Macron")]


def test_it_reads_verbs_of_saying_with_a_particle(nlp):
    found = run(nlp, 'Angela Merkel spoke first. "The talks were long," Boris Johnson fired back.')
    assert said(found) == [("The talks were long,", "Boris Johnson")]


def test_it_reads_as_x_put_it(nlp):
    found = run(nlp, 'As Boris Johnson put it, "the door is still open to a deal."')
    assert said(found) == [("the door is still open to a deal.", "Boris Johnson")]


def test_a_question_asked_by_someone_is_the_askers(nlp):
    found = run(nlp, 'Boris Johnson was asked by Angela Merkel, "Will you sign the treaty this week?"')
    assert said(found) == [("Will you sign the treaty this week?", "Angela Merkel")]


def test_the_verb_just_before_a_quote_wins_over_one_after_it(nlp):
    found = run(nlp, 'Angela Merkel said, "We will build the bridge" - and the delegates cheered and chanted "Build it now!"')
    assert said(found)[0] == ("We will build the bridge", "Angela Merkel")


def test_a_fragment_takes_the_speaker_named_after_it_when_the_sentence_has_no_other(nlp):
    found = run(nlp, 'Mix high prices with a "winter of discontent" and voters turn angry, said Antonio Guterres.')
    assert said(found) == [("winter of discontent", "Antonio Guterres")]


def test_he_said_skips_a_woman_named_by_her_role(nlp):
    found = run(nlp, "Actress Robin Castle met Sam Hardy.", '"We have nothing to add," he said.')
    assert said(found) == [("We have nothing to add,", "Sam Hardy")]


def test_she_said_goes_to_the_subject_of_a_paragraph_the_parser_ran_on_from_the_quote_before(nlp):
    found = run(
        nlp,
        'Boris Johnson spoke first. "Ask the council what happened to the city."',
        "Angela Merkel, for her part, sided with Theresa May.",
        '"You have got a council and a mayor working hand in hand," she said.',
    )
    assert said(found)[1] == ("You have got a council and a mayor working hand in hand,", "Angela Merkel")


def test_he_said_goes_to_the_speaker_of_a_parenthetical_said(nlp):
    found = run(nlp, "Boris Johnson, Keir Starmer said, has made the talks harder.", '"They will not end soon," he said.')
    assert said(found) == [("They will not end soon,", "Keir Starmer")]


def test_a_quote_paragraph_after_a_statement_announced_with_a_colon_is_its_authors(nlp):
    found = run(nlp, "When the treaty was signed, Emmanuel Macron released the following statement:", '"France stands with its allies."')
    assert said(found) == [("France stands with its allies.", "Emmanuel Macron")]


def test_a_heading_naming_a_source_before_a_colon_gives_that_source(nlp):
    found = run(nlp, 'ONLINE PANELS UNDER REVIEW - Pew Research:  "All the samples include more engaged people."')
    quote = found.quotes[0]
    assert (quote.speaker, quote.speaker_kind) == ("Pew Research", "organisation")
    assert quote.speaker_as_written.endswith("Pew Research")


def test_a_bare_quote_paragraph_is_the_words_of_the_person_the_paragraph_before_is_about(nlp):
    found = run(nlp, "Angela Merkel is upbeat about the talks.", '"Not only can we win, we are the best placed to win."')
    assert said(found) == [("Not only can we win, we are the best placed to win.", "Angela Merkel")]


def test_a_campaign_named_after_a_person_is_not_that_person(nlp):
    found = run(nlp, 'Boris Johnson stayed away. "We will win," the Johnson campaign said.')
    quote = found.quotes[0]
    assert (quote.speaker, quote.speaker_as_written) == (None, "the Johnson campaign")


def test_a_fragment_in_a_persons_statement_is_that_persons(nlp):
    found = run(nlp, 'Boris Johnson was in Paris. His rival said that Johnson\'s statement called the deal "a great victory."')
    assert said(found) == [("a great victory.", "Boris Johnson")]


def test_a_fragment_goes_past_a_subject_naming_nobody_to_the_person_saying_it(nlp):
    found = run(nlp, 'Boris Johnson argued that a new database would keep order, saying it was "all about management."')
    assert said(found) == [("all about management.", "Boris Johnson")]


def test_a_description_refers_back_to_the_person_named_with_that_title(nlp):
    found = run(
        nlp,
        "Senator Chuck Schumer spoke to reporters on Tuesday.",
        '"This is a disgrace," the senator said.',
        "President Barack Obama met Angela Merkel in Berlin.",
        '"We stand together," the president said.',
    )
    assert [(q.speaker, q.speaker_as_written) for q in found.quotes] == [
        ("Chuck Schumer", "the senator"),
        ("Barack Obama", "the president"),
    ]


def test_a_generic_description_is_never_linked_to_a_named_person(nlp):
    found = run(nlp, "Donald Trump spoke on Monday.", '"We are not afraid," one Trump insider said.')
    quote = found.quotes[0]
    assert (quote.speaker, quote.speaker_kind, quote.speaker_as_written) == (None, None, "one Trump insider")


def test_an_apposition_gives_the_person_and_records_the_organisation(nlp):
    found = run(
        nlp,
        '"The rules were followed," said Kimberly Strach, executive director of the State Board of Elections.',
    )
    quote = found.quotes[0]
    assert (quote.speaker, quote.speaker_kind, quote.speaker_organisation) == (
        "Kimberly Strach", "person", "State Board of Elections")


def test_a_title_with_a_suffix_and_a_party_label_keeps_the_speaker(nlp):
    found = run(nlp, '"We need answers now," said Rep. Emanuel Cleaver II (D-Mo.), who leads the group.')
    assert [(q.speaker, q.speaker_kind) for q in found.quotes] == [("Emanuel Cleaver II", "person")]


def test_a_surname_that_is_a_country_stays_the_person(nlp):
    found = run(
        nlp,
        "Lisa Monaco, the homeland security adviser, briefed reporters.",
        '"The threat is real," Monaco said.',
    )
    assert [(q.speaker, q.speaker_kind) for q in found.quotes] == [("Lisa Monaco", "person")]
    assert "MC" not in [c.code for c in found.countries]


def test_a_columnist_quoted_with_the_outlet_is_the_speaker(nlp):
    found = run(nlp, '"He lost the debate badly," wrote Chris Cillizza, The Washington Post.')
    quote = found.quotes[0]
    assert (quote.speaker, quote.speaker_organisation) == ("Chris Cillizza", "The Washington Post")


def test_headlines_titles_and_hashtags_are_not_quotations(nlp):
    found = run(
        nlp,
        'In a story headlined "Trump Slams the Media Over Russia Probe Again," the paper reported the feud.',
        'She starred in "The Good Wife and the Bad Husband" for years.',
        'Supporters shared "#StrongerTogether and more" all day.',
    )
    assert found.quotes == []


def test_a_headline_quoting_words_after_a_colon_is_a_quotation(nlp):
    found = run(nlp, 'The paper used her words as its headline: "Finally, someone who thinks like me."')
    assert [q.text for q in found.quotes] == ["Finally, someone who thinks like me."]


def test_scare_quotes_that_no_one_says_are_dropped_but_attributed_fragments_kept(nlp):
    found = run(
        nlp,
        'Women candidates are often described as "too shrill" in coverage.',
        'Mike Pompeo said the talks were "very productive" and left.',
    )
    assert [(q.text, q.speaker, q.partial) for q in found.quotes] == [("very productive", "Mike Pompeo", True)]


def test_a_role_description_refers_back_but_one_that_brings_in_someone_new_does_not(nlp):
    found = run(nlp, "Sherrod Brown voted against the bill on Friday.", '"It hurts workers," the Ohio Democrat said.')
    assert [(q.speaker, q.speaker_as_written) for q in found.quotes] == [("Sherrod Brown", "the Ohio Democrat")]
    found = run(nlp, "Sherrod Brown met Mitch McConnell.", '"It hurts workers," the senator from Ohio said.')
    assert [q.speaker for q in found.quotes] == [None]


def test_a_round_up_quotation_is_the_columnist_named_on_the_line_under_it(nlp):
    found = run(
        nlp,
        "Commentators on the left were unimpressed by the spending deal.",
        "\u201cThe deal keeps spending flat for two years and leaves every hard choice to the next Congress\u2026",
        "\u201cWorse, it does nothing for the families who were promised relief last spring.\u201d",
        "Marta Velasquez, The Washington Post",
        "\u201cLawmakers found the money they said they never had.\u201d Editorial Board, The New York Times",
    )
    assert [(q.speaker, q.speaker_kind, q.speaker_organisation) for q in found.quotes] == [
        ("Marta Velasquez", "person", "The Washington Post"),
        ("Marta Velasquez", "person", "The Washington Post"),
        ("The New York Times", "organisation", "The New York Times"),
    ]


def test_a_line_under_a_quotation_that_is_a_sentence_is_not_a_byline(nlp):
    found = run(
        nlp,
        "\u201cThe deal keeps spending flat for two years and leaves every hard choice to the next Congress.\u201d",
        "Marta Velasquez wrote the budget story for The Washington Post.",
    )
    assert [q.speaker for q in found.quotes] == [None]


def test_a_transcript_line_is_the_words_of_the_person_its_capitals_name(nlp):
    found = run(
        nlp,
        "On Sunday, Gov. Mike Pence spoke with the host Chris Wallace about the debate.",
        '"WALLACE: Will the guest be sitting in the front row tomorrow night?',
        '"PENCE: Well, look, the campaign made its point and we are moving on to the real issues.',
    )
    assert [(q.speaker, q.speaker_as_written) for q in found.quotes] == [
        ("Chris Wallace", "WALLACE"), ("Mike Pence", "PENCE")]


def test_a_closing_mark_typed_for_an_opening_one_still_opens_a_quotation(nlp):
    found = run(nlp, "\u201dThe mayor has ignored our street for ten years, and we are tired of it,\u201d said Jane Roe.")
    assert said(found) == [("The mayor has ignored our street for ten years, and we are tired of it,", "Jane Roe")]


def test_a_social_media_sign_off_is_not_a_quotation(nlp):
    found = run(nlp, "The governor left the stage at nine.", '"Follow Jane Roe on Twitter @janeroe."')
    assert found.quotes == []


def test_he_said_goes_to_the_man_just_introduced_with_a_description(nlp):
    found = run(
        nlp,
        "Bryan Anderson said turnout in the county would be lower this year.",
        "That worries Henry Crespo, president of the county's Democratic club.",
        '"Nobody is knocking on doors for her yet," he said.',
    )
    assert [(q.speaker, q.speaker_as_written) for q in found.quotes] == [("Henry Crespo", "he")]


def test_a_fragment_goes_past_a_relative_clause_to_the_named_subject(nlp):
    found = run(
        nlp,
        "Aaron Kall, a debate coach in Michigan, compared the candidate to a coach at a basketball game "
        'who is "working the referees" before the match.',
    )
    assert [(q.text, q.speaker) for q in found.quotes] == [("working the referees", "Aaron Kall")]


def test_a_name_in_capitals_or_initials_is_the_person_not_an_organisation(nlp):
    found = run(
        nlp,
        "Rep. Alexandria Ocasio-Cortez unveiled her climate plan on Thursday with Donald Trump watching.",
        'Supporters cheered as she took the stage. "We have twelve years to act," AOC said.',
        'Donald Trump answered on Twitter within the hour. "It will never pass," TRUMP wrote.',
    )
    assert [(q.speaker, q.speaker_kind) for q in found.quotes] == [
        ("Alexandria Ocasio-Cortez", "person"), ("Donald Trump", "person")]
    assert [o.name for o in found.organisations] == []


def test_two_apostrophes_close_a_wire_copy_quotation(nlp):
    found = run(nlp, "\"Our team gave him the same care as any patient,'' said Wendell Watson, the hospital's spokesman.")
    assert said(found) == [("Our team gave him the same care as any patient,", "Wendell Watson")]


def test_a_byline_may_describe_the_person_and_wins_over_a_generic_lead_in(nlp):
    found = run(
        nlp,
        "Democrats see a chance in the state.",
        "\u201cPeople underestimate Doug Jones at their own peril.\u201d Rachel Irwin, spokeswoman for Senate Majority PAC",
        "Many argue, \u201cNobody in this town cares about deficits any more, whoever holds power.\u201d Justin Fox, Bloomberg",
    )
    assert [(q.speaker, q.speaker_kind) for q in found.quotes] == [("Rachel Irwin", "person"), ("Justin Fox", "person")]
    assert "US Senate" not in [o.name for o in found.organisations]  # "Senate" heads the PAC's name here


def test_a_surname_the_name_finder_let_pass_is_the_person_named_with_it(nlp):
    found = run(
        nlp,
        "Speaker Nancy Pelosi wrote to the president on Wednesday.",
        '"I suggest we work together to find another suitable date for this address," Pelosi writes in the letter.',
    )
    assert [(q.speaker, q.speaker_as_written) for q in found.quotes] == [("Nancy Pelosi", "Pelosi")]


def test_a_person_shown_saying_something_is_its_speaker(nlp):
    found = run(
        nlp,
        'The advert closes with footage of Donald Trump saying during the debate, "That makes me smart," '
        "while his rival shakes her head.",
    )
    assert said(found) == [("That makes me smart,", "Donald Trump")]


def test_a_fragment_deep_in_a_long_sentence_is_the_words_of_its_named_subject(nlp):
    found = run(
        nlp,
        "Donald Trump is once again questioning the voting system, encouraging his supporters to visit polling "
        'places on Election Day to make sure everything is "on the up and up."',
    )
    assert [(q.text, q.speaker) for q in found.quotes] == [("on the up and up.", "Donald Trump")]


def test_a_surname_that_is_a_country_is_not_the_country_even_when_the_person_is_not_found(nlp):
    found = run(
        nlp,
        "A third candidacy would make its own history, noted the network's polling director Keating Holland.",
        '"Plenty of candidates had fathers who ran before them," Holland said.',
    )
    assert [(q.speaker_kind, q.speaker_country) for q in found.quotes] == [(None, None)]


def test_a_description_with_more_than_one_word_refers_back_to_the_person_holding_that_title(nlp):
    found = run(
        nlp,
        "Attorney General Jane Morrow met reporters on Friday.",
        '"We will follow the evidence," the attorney general said.',
        "Secretary of State Paul Whitford flew to Vienna.",
        '"We are close to a deal," the secretary of state said.',
        "Senate Majority Leader Tom Brandt disagreed with both of them.",
        '"This is not the time for it," the GOP leader said.',
    )
    assert [q.speaker for q in found.quotes] == ["Jane Morrow", "Paul Whitford", "Tom Brandt"]


def test_the_words_of_a_description_choose_between_people_with_the_same_title(nlp):
    found = run(
        nlp,
        "Senate Majority Leader Tom Brandt met Senate Minority Leader Ruth Ortiz on Tuesday.",
        "They did not agree on the budget.",
        '"We will hold the vote next week," the majority leader said.',
    )
    assert [q.speaker for q in found.quotes] == ["Tom Brandt"]


def test_president_and_a_surname_go_to_the_relative_named_in_full_as_president(nlp):
    found = run(
        nlp,
        "Hillary Clinton campaigned in Ohio on Monday with former President Bill Clinton.",
        "Clinton told the crowd she would win the state.",
        "President Clinton then spoke to supporters in Toledo.",
        '"This election is about jobs," the president said.',
        '"She will win Ohio," President Clinton said.',
    )
    assert [q.speaker for q in found.quotes] == ["Bill Clinton", "Bill Clinton"]


def test_a_surname_that_is_a_nationality_is_the_person_but_not_where_it_describes_a_noun(nlp):
    found = run(
        nlp,
        "Billionaire Mark Cuban said he would consider serving in a cabinet.",
        '"Anybody can change," Cuban said.',
        '"We are ready to talk," the Cuban government said.',
    )
    assert [(q.speaker, q.speaker_kind) for q in found.quotes] == [("Mark Cuban", "person"), ("Cuba", "country")]


def test_the_same_quotation_quoted_twice_is_one_quotation_with_the_speaker_the_repetition_names(nlp):
    found = run(
        nlp,
        'The phrase "a total disaster for our farmers" spread quickly online.',
        'Senator Alan Pierce posted it on Friday: "a total disaster for our farmers" was how he put it.',
    )
    assert [(q.text, q.speaker) for q in found.quotes] == [("a total disaster for our farmers", "Alan Pierce")]


def test_values_in_markup_a_scraper_kept_are_not_quotations(nlp):
    found = run(nlp, 'Supporters reacted online. <tweet tweet-author="@janeroe" tweet-date="March 9, 2016">Great night</tweet>')
    assert found.quotes == []


def test_a_transcript_line_is_the_words_after_the_speakers_label(nlp):
    found = run(
        nlp,
        "Governor Mike Pence was interviewed on Sunday. Partial transcript as follows:",
        '"HOST: Will your running mate attend the debate tomorrow night?',
        '"PENCE: He will be there, and he will be ready."',
    )
    assert [(q.text, q.speaker, q.speaker_as_written) for q in found.quotes] == [
        ("Will your running mate attend the debate tomorrow night?", None, "HOST"),
        ("He will be there, and he will be ready.", "Mike Pence", "PENCE"),
    ]


def test_an_opening_mark_typed_where_the_closing_one_belongs_closes_the_quotation(nlp):
    found = run(nlp, "\u201cIt is unusual,\u201c said Jane Roe, a lawyer. \u201cIt is hard to pull off.\u201d")
    assert said(found) == [("It is unusual,", "Jane Roe"), ("It is hard to pull off.", "Jane Roe")]


def test_his_or_her_words_are_the_words_of_the_person_the_pronoun_stands_for(nlp):
    found = run(nlp, "Governor Alan Pierce spoke in Dayton on Monday.", 'His comments about "coastal values" drew boos.')
    assert said(found) == [("coastal values", "Alan Pierce")]


def test_a_label_in_capitals_naming_no_one_gives_way_to_the_speaker_the_sentence_names(nlp):
    found = run(nlp, "Senator Alan Pierce posted on Friday.", '"BREAKING: The vote is delayed until Monday," Pierce tweeted.')
    assert said(found) == [("BREAKING: The vote is delayed until Monday,", "Alan Pierce")]
