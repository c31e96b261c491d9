"""Diplomatic events, with the real spaCy model: the sample article's events as the
events issue lists them, and short sentences written for these tests."""

from datetime import date
from pathlib import Path

import pytest

from articles.extraction import ParsedArticle, extract, parse_article
from articles.extraction.events import resolve_date

from tests.extraction_helpers import lookups_for_tests

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "000_e16e98646cb8484a.txt"
# A Wednesday: "on Monday" is the 13th, "next month" April.
PUBLISHED = date(2023, 3, 15)


@pytest.fixture(scope="module")
def sample_events(nlp):
    return extract(parse_article(SAMPLE.read_text(encoding="utf-8")), nlp, lookups_for_tests()).events


def events_in(nlp, *paragraphs, published=PUBLISHED):
    parsed = ParsedArticle(title="Diplomacy today", published=published, paragraphs=tuple(paragraphs))
    return extract(parsed, nlp, lookups_for_tests()).events


def only_event(nlp, text):
    events = events_in(nlp, text)
    assert len(events) == 1, events
    return events[0]


# -- the sample article ---------------------------------------------------------------


def test_it_makes_the_sochi_talks_one_event_reported_by_several_sentences(sample_events):
    sochi = [e for e in sample_events if e.place and e.place["name"] == "Sochi"]
    assert len(sochi) == 1
    event = sochi[0]
    assert event.kind in ("visit", "meeting")
    assert event.status == "happened"
    assert event.countries == ["RU", "US"]
    assert {"Mike Pompeo", "Sergey Lavrov"} <= set(event.people)
    assert event.place == {"name": "Sochi", "country": "RU"}
    assert (event.date, event.date_precision) == ("2019-05-14", "day")
    assert len(event.evidence) == 5
    sentences = [e.sentence for e in event.evidence]
    assert "Mr Pompeo is in Russia on this first official visit since taking up the post." in sentences
    assert any(s.startswith("The US will not tolerate Russian meddling") for s in sentences)
    assert any(s.startswith("Mr Pompeo arrived in Sochi on Tuesday") for s in sentences)


def test_it_codes_the_visit_with_the_visitor_as_actor(sample_events):
    event = next(e for e in sample_events if e.place and e.place["name"] == "Sochi")
    assert (event.kind, event.actors, event.targets, event.cameo, event.plover) == ("visit", ["US"], ["RU"], "042", "CONSULT")


def test_it_points_each_piece_of_evidence_at_its_sentence_in_the_body(sample_events):
    parsed = parse_article(SAMPLE.read_text(encoding="utf-8"))
    event = next(e for e in sample_events if e.place and e.place["name"] == "Sochi")
    for evidence in event.evidence:
        if evidence.part == "body":
            assert parsed.body[evidence.start : evidence.end] == evidence.sentence
            assert parsed.paragraphs[evidence.paragraph].find(evidence.sentence) >= 0
        else:
            assert evidence.part == "caption" and evidence.sentence in parsed.caption


def test_it_finds_the_planned_g20_meeting_next_month_in_japan(sample_events):
    planned = [e for e in sample_events if e.status == "planned"]
    assert len(planned) == 1
    event = planned[0]
    assert (event.kind, event.countries, event.date, event.date_precision) == ("meeting", ["RU", "US"], "2019-06", "month")
    assert event.place["country"] == "JP"
    assert event.plover == "AGREE"


def test_it_finds_the_meeting_cancelled_before_last_years_g20(sample_events):
    cancelled = [e for e in sample_events if e.status == "cancelled"]
    assert len(cancelled) == 1
    event = cancelled[0]
    assert (event.kind, event.countries, event.date, event.date_precision) == ("meeting", ["RU", "US"], "2018", "year")
    assert event.plover == "REJECT"


def test_it_finds_the_western_sanctions_on_russia(sample_events):
    sanctions = [e for e in sample_events if e.kind == "sanction"]
    assert len(sanctions) == 1
    assert (sanctions[0].status, sanctions[0].targets) == ("happened", ["RU"])


def test_it_finds_nothing_else_in_the_sample(sample_events):
    # Not Skripal's poisoning, the 2016 meddling, Crimea, nor anything said in quotes.
    assert len(sample_events) == 4
    text = " ".join(e.sentence for event in sample_events for e in event.evidence)
    for unwanted in ("Skripal", "annexation", "Venezuelan people", "We see that there are suspicions"):
        assert unwanted not in text


# -- each kind ---------------------------------------------------------------------------


def test_it_finds_a_meeting_with_its_place_and_day(nlp):
    event = only_event(nlp, "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Monday.")
    assert (event.kind, event.status, event.countries) == ("meeting", "happened", ["DE", "FR"])
    assert event.people == ["Emmanuel Macron", "Olaf Scholz"]
    assert event.place == {"name": "Berlin", "country": "DE"}
    assert event.date == "2023-03-13"


def test_it_finds_a_visit_from_an_arrival(nlp):
    event = only_event(nlp, "Indian Prime Minister Narendra Modi arrived in Tokyo on Tuesday for a two-day visit.")
    assert (event.kind, event.actors, event.targets) == ("visit", ["IN"], ["JP"])
    assert event.place == {"name": "Tokyo", "country": "JP"}
    assert event.date == "2023-03-14"


def test_it_finds_a_telephone_call(nlp):
    event = only_event(nlp, "Japanese Prime Minister Fumio Kishida telephoned South Korean President Yoon Suk Yeol on Friday.")
    assert (event.kind, event.countries, event.cameo) == ("call", ["JP", "KR"], "041")


def test_it_finds_a_signed_agreement(nlp):
    event = only_event(nlp, "Egypt and Sudan signed a trade agreement in Cairo on Sunday.")
    assert (event.kind, event.status, event.countries, event.cameo) == ("agreement", "happened", ["EG", "SD"], "057")


def test_it_finds_sanctions_by_a_body(nlp):
    event = only_event(nlp, "The European Union imposed new sanctions on Iran on Thursday.")
    assert (event.kind, event.targets, event.bodies) == ("sanction", ["IR"], ["EU"])


def test_it_finds_an_expulsion_of_diplomats(nlp):
    event = only_event(nlp, "Poland expelled three Russian diplomats on Tuesday.")
    assert (event.kind, event.actors, event.targets, event.cameo) == ("expulsion", ["PL"], ["RU"], "166")


def test_it_finds_a_recalled_ambassador(nlp):
    event = only_event(nlp, "Spain recalled its ambassador to Algeria.")
    assert (event.kind, event.actors, event.targets, event.cameo) == ("expulsion", ["ES"], ["DZ"], "161")


def test_it_finds_criticism_of_one_state_by_another(nlp):
    event = only_event(nlp, "Canada condemned China over the detention of two of its citizens.")
    assert (event.kind, event.actors, event.targets, event.plover) == ("criticism", ["CA"], ["CN"], "ACCUSE")


# -- status --------------------------------------------------------------------------------


def test_it_marks_a_future_visit_planned_with_its_month(nlp):
    event = only_event(nlp, "Brazilian President Luiz Inacio Lula da Silva will visit China next month.")
    assert (event.kind, event.status, event.actors, event.targets) == ("visit", "planned", ["BR"], ["CN"])
    assert (event.date, event.date_precision) == ("2023-04", "month")


def test_it_marks_talks_to_be_held_planned(nlp):
    event = only_event(nlp, "Chile and Peru will hold talks in Lima next week.")
    assert (event.kind, event.status, event.countries) == ("meeting", "planned", ["CL", "PE"])


def test_it_marks_a_cancelled_visit(nlp):
    event = only_event(nlp, "Australian Prime Minister Anthony Albanese cancelled his visit to Indonesia.")
    assert (event.kind, event.status, event.actors, event.targets) == ("visit", "cancelled", ["AU"], ["ID"])


def test_it_marks_postponed_talks_cancelled(nlp):
    event = only_event(nlp, "Kenya postponed talks with Somalia that had been due on Friday.")
    assert (event.kind, event.status, event.countries) == ("meeting", "cancelled", ["KE", "SO"])


@pytest.mark.parametrize(
    "text",
    [
        "Greek Prime Minister Kyriakos Mitsotakis did not meet Turkish President Recep Tayyip Erdogan on Monday.",
        "If Greece and Turkey sign a peace deal, tensions will ease.",
        "Critics say Germany should impose sanctions on Russia.",
        "Hungary urged Austria to expel Iranian diplomats.",
        "Ireland and Norway might sign an agreement.",
        "Thousands of troops arrived in Chad from France.",
        '"Poland and Lithuania met in Warsaw yesterday," the minister said.',
        "Did the Czech envoy secretly visit Slovakia in May?",
        "Thousands of protesters in Lebanon protested against France on Friday.",
        "Analysts say the Swiss sanctions on Belarus made trade harder.",
        "Both Mexico and Canada are bound by the rules of the trade pact.",
        "Egypt encouraged the resumption of direct talks between Israel and Jordan.",
    ],
)
def test_it_reports_no_event_for_a_negation_a_hypothetical_an_opinion_or_a_quote(nlp, text):
    assert events_in(nlp, text) == []


def test_it_needs_two_sides_for_talks(nlp):
    assert events_in(nlp, "Officials in Peru held talks on Monday about the budget.") == []


def test_it_merges_the_reports_of_one_meeting_and_keeps_another_apart(nlp):
    events = events_in(
        nlp,
        "Egyptian President Abdel Fattah al-Sisi met Jordan's King Abdullah in Amman on Monday.",
        "The meeting in Amman between Egypt and Jordan covered trade.",
        "Sisi will meet Iraqi Prime Minister Mohammed Shia al-Sudani next month.",
    )
    assert [(e.status, e.countries, len(e.evidence)) for e in events] == [
        ("happened", ["EG", "JO"], 2),
        ("planned", ["EG", "IQ"], 1),
    ]


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, prefer, expected",
    [
        ("Tuesday", "past", (date(2019, 5, 14), "day")),  # the publication day itself
        ("on Monday", "past", (date(2019, 5, 13), "day")),
        ("Friday", "future", (date(2019, 5, 17), "day")),
        ("next month", "future", (date(2019, 6, 1), "month")),
        ("last year's", "past", (date(2018, 1, 1), "year")),
        ("May 14, 2019", "past", (date(2019, 5, 14), "day")),
        ("the 2020 presidential elections", "past", (None, None)),
    ],
)
def test_it_resolves_dates_against_the_publication_day(text, prefer, expected):
    assert resolve_date(text, date(2019, 5, 14), prefer) == expected


def test_it_leaves_relative_dates_unresolved_without_a_publication_date():
    assert resolve_date("next month", None, "future") == (None, None)
    assert resolve_date("March 2014", None, "past") == (date(2014, 3, 1), "month")


def test_it_reads_a_headline_infinitive_as_planned(nlp):
    for title, actor, target in (("Erdogan to visit Germany next week", "TR", "DE"),
                                 ("Japanese prime minister to visit Australia", "JP", "AU")):
        parsed = ParsedArticle(title=title, published=PUBLISHED, paragraphs=("Officials said little.",))
        events = extract(parsed, nlp, lookups_for_tests()).events
        assert [(e.kind, e.status, e.actors, e.targets, e.evidence[0].part) for e in events] == [
            ("visit", "planned", [actor], [target], "title")
        ]


def test_it_gives_one_visit_per_host_of_a_trip(nlp):
    events = events_in(nlp, "Swedish Foreign Minister Tobias Billstrom returned from a trip to Chad and Nigeria.")
    assert sorted((e.actors[0], e.targets[0]) for e in events) == [("SE", "NG"), ("SE", "TD")]


def test_it_names_the_whole_place_and_its_country(nlp):
    event = only_event(nlp, "Israeli Prime Minister Benjamin Netanyahu is scheduled to visit the White House next week.")
    assert (event.status, event.actors, event.targets) == ("planned", ["IL"], ["US"])
    assert event.place == {"name": "White House", "country": "US"}


def test_it_does_not_date_an_event_by_another_date_beside_it(nlp):
    event = only_event(nlp, "Peru criticised Chile ahead of next month's election.")
    assert (event.kind, event.date) == ("criticism", None)


# -- sentences written the way real diplomacy articles write them ----------------------
# (found wanting on AllSides diplomacy articles; the sentences here are our own)


def test_it_reads_a_curly_apostrophe_negation_as_no_event(nlp):
    # The parser tags the "n’t" of "wasn’t" as a noun, not as a negation.
    assert events_in(nlp, "Apparently the president wasn’t on board with sanctioning Russia.") == []


def test_it_finds_a_call_when_leaders_spoke_by_telephone(nlp):
    event = only_event(nlp, "Macron and Scholz spoke by telephone on Monday about the war.")
    assert (event.kind, event.status, event.countries, event.date) == ("call", "happened", ["DE", "FR"], "2023-03-13")


def test_it_takes_the_speaker_as_the_other_side_of_a_meeting_said_after(nlp):
    event = only_event(nlp, "“We will not give in,” Orban said after a meeting with Chinese Foreign Minister Wang Yi.")
    assert (event.kind, event.status, event.countries) == ("meeting", "happened", ["CN", "HU"])


def test_it_makes_the_host_city_the_other_side_of_talks_held_there(nlp):
    event = only_event(nlp, "A Japanese delegation is due to resume talks in Washington on Thursday.")
    assert (event.kind, event.status, event.countries) == ("meeting", "planned", ["JP", "US"])
    assert event.place == {"name": "Washington", "country": "US"}
    assert event.date == "2023-03-16"


def test_it_does_not_make_a_neutral_venue_a_side(nlp):
    assert events_in(nlp, "Iranian negotiators resumed talks in Vienna on Monday.") == []


def test_it_reads_a_present_tense_meeting_after_before_as_still_to_come(nlp):
    event = only_event(nlp, "Tensions rose days before Biden meets Modi in New Delhi on April 2.")
    assert (event.kind, event.status, event.countries, event.date) == ("meeting", "planned", ["IN", "US"], "2023-04-02")


def test_it_reads_sanctions_imposed_when_a_clause_in_the_present_says_so_as_planned(nlp):
    event = only_event(nlp, "Importers must stop buying oil when the United States imposes sanctions on Iran.")
    assert (event.kind, event.status, event.actors, event.targets) == ("sanction", "planned", ["US"], ["IR"])


def test_it_reads_a_visit_pushed_back_as_cancelled(nlp):
    event = only_event(nlp, "A planned visit by Putin to Kazakhstan was pushed back to March 20.")
    assert (event.kind, event.status, event.actors, event.targets) == ("visit", "cancelled", ["RU"], ["KZ"])
    assert event.date == "2023-03-20"  # the nearer March 20: five days after the article


def test_it_makes_the_agent_of_a_passive_visit_the_visitor(nlp):
    event = only_event(nlp, "Egypt's president was visited by Jordan's King Abdullah on Monday.")
    assert (event.kind, event.actors, event.targets) == ("visit", ["JO"], ["EG"])


def test_it_finds_no_agreement_in_efforts_to_broker_one(nlp):
    assert events_in(nlp, "Qatar's efforts to broker a ceasefire between Israel and Egypt have drawn praise.") == []


def test_it_finds_no_event_in_what_a_dossier_claims(nlp):
    assert events_in(nlp, "A report claims that the Saudi minister met Israeli officials in Cairo.") == []


def test_it_reads_re_imposed_sanctions_and_a_treaty_left_behind(nlp):
    events = events_in(nlp, "Last year Washington pulled out of the nuclear deal with Iran and re-imposed sanctions on it.")
    found = {(e.kind, e.status, tuple(e.actors), tuple(e.targets)) for e in events}
    # Leaving a treaty is an expulsion (CAMEO 166); "it" is the country named before it.
    assert found == {("expulsion", "happened", ("US",), ("IR",)), ("sanction", "happened", ("US",), ("IR",))}


def test_it_names_no_side_for_a_treaty_named_after_a_capital(nlp):
    assert events_in(nlp, "The United States withdrew from the Paris climate agreement in 2017.") == []


def test_it_does_not_take_the_backer_of_a_party_for_the_party(nlp):
    event = only_event(nlp, "The State Department is preparing to initiate talks with Iran-backed Houthi leaders.")
    assert (event.kind, event.status, event.countries) == ("meeting", "planned", ["US", "YE"])


def test_it_places_old_spellings_and_saints_in_their_country(nlp):
    visit = only_event(nlp, "President Biden arrived in Kiev on Monday.")
    assert visit.place == {"name": "Kiev", "country": "UA"}
    # The gazetteer's "St. Petersburg" is the Florida city; the Russian one is "Saint Petersburg".
    meeting = only_event(nlp, "Putin met Kyrgyzstan's President Sadyr Japarov in St. Petersburg on Monday.")
    assert meeting.place == {"name": "St. Petersburg", "country": "RU"}


def test_it_takes_who_responded_as_who_accuses(nlp):
    event = only_event(nlp, "Britain responded by accusing Iran of piracy.")
    assert (event.kind, event.actors, event.targets) == ("criticism", ["GB"], ["IR"])


def test_it_reads_headlines_with_a_comma_for_and_and_without_a_verb(nlp):
    signed = extract(ParsedArticle(title="Putin, Xi sign gas deal", published=PUBLISHED, paragraphs=("More follows.",)),
                     nlp, lookups_for_tests()).events
    assert [(e.kind, e.countries) for e in signed] == [("agreement", ["CN", "RU"])]
    talks = extract(ParsedArticle(title="Erdogan in Washington for talks with Biden", published=PUBLISHED,
                                  paragraphs=("More follows.",)), nlp, lookups_for_tests()).events
    assert [(e.kind, e.countries, e.place) for e in talks] == [("meeting", ["TR", "US"], {"name": "Washington", "country": "US"})]


def test_it_reads_a_journey_told_in_the_past_to_meet_as_a_meeting_that_happened(nlp):
    event = only_event(nlp, "Erdogan flew to Moscow on Tuesday to meet Putin.")
    assert event.status == "happened" and {"RU", "TR"} <= set(event.countries)


def test_it_finds_a_likely_visit_and_an_arrival_still_ahead(nlp):
    likely = only_event(nlp, "Chinese President Xi Jinping is likely to visit Saudi Arabia next year.")
    assert (likely.kind, likely.status, likely.actors, likely.targets, likely.date) == ("visit", "planned", ["CN"], ["SA"], "2024")
    arrival = only_event(nlp, "The missile launch comes ahead of Pence's arrival in Seoul.")
    assert (arrival.kind, arrival.status, arrival.actors, arrival.targets) == ("visit", "planned", ["US"], ["KR"])


def test_it_does_not_plan_an_agreement_for_what_a_later_clause_proposed(nlp):
    event = only_event(nlp, "Canada and Mexico reached an agreement over a sunset clause, proposed by the United States.")
    assert (event.kind, event.status) == ("agreement", "happened")


def test_it_reads_blasted_as_criticism(nlp):
    event = only_event(nlp, "Russia's foreign minister blasted Ukraine's government on Monday.")
    assert (event.kind, event.actors, event.targets, event.date) == ("criticism", ["RU"], ["UA"], "2023-03-13")


def test_it_takes_the_person_a_pronoun_stands_for_as_a_side(nlp):
    events = events_in(nlp, "Egypt's President Mohamed Morsi has been held incommunicado since July. "
                            "He was visited on Monday by Jordan's King Abdullah.")
    assert [(e.kind, e.actors, e.targets, e.date) for e in events] == [("visit", ["JO"], ["EG"], "2023-03-13")]


def test_it_dates_what_happened_by_the_verb_that_reports_it(nlp):
    call = only_event(nlp, "The White House said on Monday that Biden and Macron spoke by phone.")
    assert (call.kind, call.date) == ("call", "2023-03-13")
    sanction = [e for e in events_in(nlp, "Last year Washington pulled out of the nuclear deal with Iran and re-imposed sanctions on it.")
                if e.kind == "sanction"]
    assert [e.date for e in sanction] == ["2022"]


def test_it_does_not_make_a_former_soviet_bloc_nation_russia(nlp):
    event = only_event(nlp, "The US energy secretary, Rick Perry, visited Ukraine and other former Soviet-bloc nations.")
    assert (event.kind, event.actors, event.targets) == ("visit", ["US"], ["UA"])


def test_it_finds_no_event_between_beijing_and_hong_kong(nlp):
    assert events_in(nlp, "China accused Hong Kong's protesters of kidnapping the economy.") == []


def test_it_finds_no_event_in_the_writers_own_meetings(nlp):
    assert events_in(nlp, "In my previous meetings with Macron in Las Vegas, I was impressed by his drive.") == []


def test_it_ends_a_wire_dateline_before_the_sides_and_reads_a_day_before_a_time_of_day(nlp):
    event = only_event(nlp, "JERUSALEM, Israel – US Secretary of State Mike Pompeo arrived in Jordan Sunday evening.")
    assert (event.kind, event.actors, event.targets, event.date) == ("visit", ["US"], ["JO"], "2023-03-12")
    assert event.place == {"name": "Jordan", "country": "JO"}


def test_it_reads_a_journey_to_a_country_as_a_visit(nlp):
    event = only_event(nlp, "The launch came just as Vice President Mike Pence was headed to South Korea.")
    assert (event.kind, event.actors, event.targets) == ("visit", ["US"], ["KR"])
    assert events_in(nlp, "Russia flew two bombers to Venezuela.") == []


def test_it_takes_the_speaker_after_talks_as_a_side(nlp):
    event = only_event(nlp, "Speaking after talks with British Foreign Secretary Philip Hammond, Kerry called for calm.")
    assert (event.kind, event.countries) == ("meeting", ["GB", "US"])


@pytest.mark.parametrize("text, expected", [
    ("later this month", ("2023-03", "month")),
    ("earlier this week", ("2023-03", "month")),
    ("last week", ("2023-03", "month")),
    ("last December", ("2022-12", "month")),
    ("next May", ("2023-05", "month")),
    ("early next year", ("2024", "year")),
    ("five months", (None, None)),  # how long, not when
])
def test_it_resolves_the_relative_dates_news_writes(text, expected):
    from articles.extraction.events import format_date

    day, precision = resolve_date(text, PUBLISHED, "past")
    assert (format_date(day, precision), precision) == expected


# -- sides and days told in the sentence before, paragraphs, headlines ------------------


def test_a_paragraph_ends_a_sentence_even_without_a_full_stop(nlp):
    # A scraped line of links: without the break the parser reads it and the next paragraph as one sentence.
    events = events_in(nlp, "RELATED Why Russia Matters To Poland", "Germany and France signed a border treaty on Monday.")
    assert len(events) == 1, events
    event = events[0]
    assert (event.kind, event.countries, event.date) == ("agreement", ["DE", "FR"], "2023-03-13")
    assert event.evidence[0].sentence == "Germany and France signed a border treaty on Monday."


def test_the_two_sides_are_those_of_the_event_told_just_before(nlp):
    events = events_in(nlp, "Japanese Prime Minister Fumio Kishida arrived in Canberra on Monday.",
                       "The two sides signed a defence pact on Tuesday.")
    assert [(e.kind, e.countries) for e in events] == [("visit", ["AU", "JP"]), ("agreement", ["AU", "JP"])]


def test_they_met_takes_the_two_countries_of_the_sentence_before(nlp):
    event = only_event(nlp, "Kenyan President William Ruto hosted a dinner for the Ethiopian Prime Minister Abiy Ahmed. "
                            "They met again on Tuesday in Nairobi.")
    assert (event.kind, event.countries, event.date) == ("meeting", ["ET", "KE"], "2023-03-14")


def test_the_two_leaders_with_no_sides_before_them_are_no_event(nlp):
    assert events_in(nlp, "The weather was fine. The two leaders met for an hour.") == []


def test_a_recalled_ambassador_is_recalled_from_the_one_other_country_named_before(nlp):
    events = events_in(nlp, "Relations with Ecuador have soured since the raid. Mexico recalled its ambassador.")
    assert [(e.kind, e.actors, e.targets) for e in events] == [("expulsion", ["MX"], ["EC"])]


def test_a_recalled_ambassador_follows_the_expulsion_told_before(nlp):
    events = events_in(nlp, "Spain said on Friday it had expelled two Russian diplomats. Portugal recalled its ambassador.")
    assert [(e.actors, e.targets) for e in events] == [(["ES"], ["RU"]), (["PT"], ["RU"])]


def test_the_day_of_the_sentence_before_dates_talks_told_after_it(nlp):
    event = only_event(nlp, "Secretary of State Antony Blinken landed in Ankara on Monday. "
                            "Speaking after talks with Turkish Foreign Minister Mevlut Cavusoglu, Blinken praised Turkey.")
    assert (event.kind, event.countries, event.date) == ("meeting", ["TR", "US"], "2023-03-13")


def test_a_title_case_headline_is_read_as_a_sentence(nlp):
    parsed = ParsedArticle(title="Pompeo Meets Lavrov In Sochi As Tensions Rise", published=PUBLISHED,
                           paragraphs=("The weather in the harbour was fine.",))
    events = extract(parsed, nlp, lookups_for_tests()).events
    assert [(e.kind, e.countries, e.place["name"]) for e in events] == [("meeting", ["RU", "US"], "Sochi")]
    assert events[0].evidence[0].sentence == "Pompeo Meets Lavrov In Sochi As Tensions Rise"


def test_a_title_only_the_united_states_gives_makes_a_person_american(nlp):
    for text in ("Defense Secretary Lloyd Austin travelled to Vietnam on Monday.",
                 "Republican Sen. Jane Doe travelled to Vietnam on Monday."):
        event = only_event(nlp, text)
        assert (event.kind, event.actors, event.targets) == ("visit", ["US"], ["VN"])


def test_a_title_before_a_comma_gives_the_person_their_country(nlp):
    event = only_event(nlp, "Chile's foreign minister, Alberto Soto, spoke first. Later, Soto met Peruvian officials on Monday.")
    assert (event.kind, event.countries) == ("meeting", ["CL", "PE"])


def test_the_subject_sent_to_a_meeting_of_another_states_body_is_a_side(nlp):
    event = only_event(nlp, "Biden sent an envoy to a meeting of the Mexican cabinet in Monterrey last month.")
    assert (event.kind, event.countries, event.date) == ("meeting", ["MX", "US"], "2023-02")


def test_a_states_own_security_council_is_no_international_body(nlp):
    assert events_in(nlp, "Putin chaired a meeting of the Russian Security Council on Friday.") == []


def test_criticism_of_an_act_told_before_targets_the_one_other_country_named_before(nlp):
    events = events_in(nlp, "Pakistan tested a cruise missile near India on Tuesday. India condemned the test on Wednesday.")
    assert [(e.kind, e.actors, e.targets) for e in events] == [("criticism", ["IN"], ["PK"])]
    # Two other countries named before: whose act it was is not known.
    assert events_in(nlp, "Pakistan and China tested missiles near India. India condemned the tests.") == []
    # Where it was said is not whose act it was.
    assert events_in(nlp, "In Chile, where he was on a visit, the Peruvian spokesman blasted the report.") == []


def test_their_meeting_is_between_the_countries_of_the_two_people_the_sentence_names(nlp):
    event = only_event(nlp, "In a joint statement with Greek Prime Minister Kyriakos Mitsotakis after their meeting, "
                            "Turkish President Recep Tayyip Erdogan praised the talks.")
    assert (event.kind, event.countries) == ("meeting", ["GR", "TR"])


def test_whom_the_subject_greets_during_a_meeting_is_the_other_side(nlp):
    event = only_event(nlp, "Blinken greeted Indian Prime Minister Narendra Modi during a meeting outside Delhi in March 2021.")
    assert (event.kind, event.countries, event.date, event.place["name"]) == ("meeting", ["IN", "US"], "2021-03", "Delhi")
    assert events_in(nlp, "Biden signed the bill during a meeting at the White House.") == []


def test_who_in_a_relative_clause_is_the_person_it_describes(nlp):
    event = only_event(nlp, "Macron, who had used his state visit to Nigeria to court investors, left on Friday.")
    assert (event.kind, event.actors, event.targets) == ("visit", ["FR"], ["NG"])


def test_a_verb_in_the_past_tense_reports_what_happened_whatever_clause_it_hangs_from(nlp):
    events = events_in(nlp, "Serbia shot down a Croatian drone on Tuesday.",
                       "Croatia condemned the attack and announced three steps it would take after the incident: "
                       "flights would be escorted by fighter jets.")
    assert [(e.kind, e.status, e.actors, e.targets) for e in events] == [("criticism", "happened", ["HR"], ["RS"])]


def test_it_stands_for_the_country_that_is_the_subject_just_before(nlp):
    events = events_in(nlp, "Venezuela seized a Guyanese fishing boat on Friday. It accused Guyana of spying.")
    assert [(e.kind, e.actors, e.targets) for e in events] == [("criticism", ["VE"], ["GY"])]
    assert events_in(nlp, "The ministry issued a statement. It accused Guyana of spying.") == []

def test_a_trigger_inside_a_carrier_noun_is_read_with_the_triggers_kind(nlp):
    # "negotiation process": the trigger modifies a carrier noun ("process") that is not
    # a trigger itself; the event rules used to look the carrier up as one and fail the
    # whole article (seen ingesting the allsides corpus).
    events = events_in(nlp, "“We are still in a negotiation process with Tehran,” the French foreign minister said.")
    assert all(event.kind == "meeting" for event in events), events
