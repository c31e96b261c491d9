"""Embedded tweets flattened by scrapers into one paragraph ending in a signature:
"<words> — Display Name (@handle) June 18, 2018". Real spaCy on invented sentences."""

from articles.extraction.tweets import find_tweets, person_name

from tests.extraction_helpers import country_aliases, run

BORDER = "We will not fund a wall that nobody wants. The farmers of this state deserve better."


def quotes_of(extraction):
    return [(q.text, q.speaker, q.speaker_kind, q.partial) for q in extraction.quotes]


def test_it_makes_the_words_of_a_tweet_a_full_quote_by_the_person_who_signs_it(nlp):
    found = run(
        nlp,
        "The senator spoke to reporters on Tuesday about the spending plan.",
        f"{BORDER} pic.twitter.com/AbC123xyZ \u2014 Chuck Grassley (@ChuckGrassley) May 13, 2019",
    )
    assert quotes_of(found) == [(BORDER, "Chuck Grassley", "person", False)]


def test_its_quote_offsets_point_at_the_words_in_the_body_without_the_links(nlp):
    paragraphs = (
        "The mayor answered within the hour.",
        f"{BORDER} https://t.co/Xyz987Abc pic.twitter.com/AbC123xyZ \u2014 Jane Holloway (@MayorJane) March 3, 2020",
    )
    found = run(nlp, *paragraphs)
    body = "\n\n".join(paragraphs)
    (quote,) = found.quotes
    assert body[quote.start : quote.end] == quote.text == BORDER
    assert quote.paragraph == 1


def test_it_gives_a_tweet_signed_with_a_middle_initial_to_the_person_the_article_names(nlp):
    found = run(
        nlp,
        "Donald Trump repeated the claim at a rally on Monday.",
        "Nobody will tell us what to do. Not going to happen here! \u2014 Donald J. Trump (@realDonaldTrump) June 18, 2018",
    )
    assert [p.name for p in found.people] == ["Donald Trump"] or [p.name for p in found.people] == ["Donald J. Trump"]
    (person,) = found.people
    assert person.mentions == 2
    assert quotes_of(found) == [
        ("Nobody will tell us what to do. Not going to happen here!", person.name, "person", False)
    ]


def test_it_splits_a_display_name_glued_together_on_its_case(nlp):
    found = run(nlp, f"{BORDER} \u2014 ChuckGrassley (@ChuckGrassley) May 13, 2019")
    assert [p.name for p in found.people] == ["Chuck Grassley"]
    assert [o.name for o in found.organisations] == []
    assert found.quotes[0].speaker == "Chuck Grassley"


def test_nothing_in_the_signature_of_an_account_named_after_a_place_is_a_country_or_a_person(nlp):
    found = run(
        nlp,
        "Protesters held the square for a third night.",
        "The zone was quiet all night long. https://t.co/Xyz987 \u2014 Chad of the CHAZ (@chazlife) June 21, 2020",
    )
    assert found.countries == []
    assert found.people == []
    assert [(q.text, q.speaker, q.speaker_as_written) for q in found.quotes] == [
        ("The zone was quiet all night long.", None, "Chad of the CHAZ")
    ]


def test_a_tweet_signed_by_an_organisation_the_reference_data_knows_is_its_quote(nlp):
    found = run(
        nlp,
        "Officials in both capitals welcomed the deal.",
        "We are proud of the agreement signed today with Mexico. \u2014 The White House (@WhiteHouse) July 2, 2019",
    )
    assert quotes_of(found) == [
        ("We are proud of the agreement signed today with Mexico.", "White House", "organisation", False)
    ]
    assert found.quotes[0].speaker_organisation == "White House"
    assert "White House" in [o.name for o in found.organisations]
    assert [c.code for c in found.countries] == ["MX"]  # named in the tweet's words, not in its signature


def test_a_desk_of_a_known_outlet_speaks_for_the_outlet(nlp):
    found = run(
        nlp,
        "The network reported the vote first.",
        "Senate passes the budget bill after a long night. \u2014 CNN International (@cnni) April 2, 2021",
    )
    assert found.people == []
    assert [(q.speaker, q.speaker_kind) for q in found.quotes] == [("CNN", "organisation")]


def test_an_account_that_is_no_one_known_gives_its_quote_no_speaker(nlp):
    found = run(
        nlp,
        "The paper reported the vote first.",
        "Senate passes the budget bill after a long night. \u2014 Riverside Gazette Live (@rvgazette) April 2, 2021",
    )
    assert found.people == []
    assert [o.name for o in found.organisations] == ["US Senate"]  # named in the tweet's words
    assert [(q.speaker, q.speaker_as_written) for q in found.quotes] == [(None, "Riverside Gazette Live")]


def test_a_line_of_only_links_names_no_one(nlp):
    found = run(nlp, "The minister left the meeting early.", "pic.twitter.com/ZkdI3u57yY https://t.co/Qq82VkZFil")
    assert found.people == [] and found.organisations == [] and found.countries == []
    assert found.quotes == []


def test_a_display_name_the_model_tags_as_a_person_is_one(nlp):
    found = run(nlp, f"{BORDER} \u2014 Garance Franke-Ruta (@thegarance) March 12, 2016")
    assert [p.name for p in found.people] == ["Garance Franke-Ruta"]
    assert found.quotes[0].speaker == "Garance Franke-Ruta"


def test_a_signature_date_makes_no_event(nlp):
    found = run(
        nlp,
        "Great meeting with the President of France today in the Oval Office. "
        "\u2014 Donald J. Trump (@realDonaldTrump) June 18, 2018",
    )
    for event in found.events:
        assert all("@realDonaldTrump" not in evidence.sentence for evidence in event.evidence)


def test_it_finds_signatures_several_to_a_paragraph_and_instagrams():
    tweets = find_tweets(
        (
            "First post here. \u2014 Ann Lee (@annlee) May 1, 2019 Second post there. \u2014 Bob Ray (@bobray) May 2, 2019",
            "A photo posted by Ann Lee (@annlee) on Feb 6, 2015 at 2:10pm PST",
        )
    )
    assert [(t.name, t.handle) for t in tweets.tweets] == [("Ann Lee", "annlee"), ("Bob Ray", "bobray"), ("Ann Lee", "annlee")]
    assert [t.end - t.start for t in tweets.tweets][2] == 0  # a photo without words is no quote


def test_it_reads_a_display_name_as_a_persons_name_only_when_it_is_one():
    aliases = country_aliases()
    assert person_name("Vice President Mike Pence", aliases) == "Mike Pence"
    assert person_name("Rep. Mark Walker", aliases) == "Mark Walker"
    assert person_name("Garance Franke-Ruta", aliases) is None  # a first name no list holds: needs evidence
    assert person_name("Garance Franke-Ruta", aliases, lambda name: True) == "Garance Franke-Ruta"
    for not_someone in ("Chad of the CHAZ", "CNN International", "This Week", "The Associated Press", "TODAY",
                        "Women For Cohen", "New York Post", "Breitbart London", "Benny", "(((AG)))"):
        assert person_name(not_someone, aliases) is None, not_someone


def test_a_bare_surname_in_the_article_joins_the_full_name_that_signs(nlp):
    found = run(
        nlp,
        "Trump repeated the claim at a rally on Monday.",
        "Nobody will tell us what to do. \u2014 Donald J. Trump (@realDonaldTrump) June 18, 2018",
    )
    assert [(p.name, p.mentions) for p in found.people] == [("Donald J. Trump", 2)]


def test_a_lone_first_name_signing_is_no_one(nlp):
    found = run(nlp, "The crowd grew at dusk.", f"{BORDER} \u2014 Benny (@bennyj) October 19, 2018")
    assert found.people == []
    assert found.quotes[0].speaker is None


def test_words_a_tweet_quotes_are_not_given_to_whoever_tweets_them(nlp):
    found = run(
        nlp,
        "The rally went on late into the evening.",
        "Loud cheers at the rally tonight. \u201cWe are going to win this state,\u201d \u2014 Maria Lopez (@mlopez) May 4, 2019",
    )
    tweet, inner = found.quotes
    assert (tweet.text, tweet.speaker) == ("Loud cheers at the rally tonight. \u201cWe are going to win this state,\u201d", "Maria Lopez")
    assert (inner.text, inner.speaker) == ("We are going to win this state,", None)


def test_a_quotation_left_open_in_a_tweet_ends_with_its_words(nlp):
    paragraphs = ("Reporters read the memo aloud.",
                  "BREAKING: the memo says he had \u201cserious doubts about the plan. \u2014 Sam Ortiz (@samortiz) April 20, 2018")
    found = run(nlp, *paragraphs)
    body = "\n\n".join(paragraphs)
    inner = [q for q in found.quotes if q.speaker != "Sam Ortiz"]
    assert [q.text for q in inner] == ["serious doubts about the plan"]
    assert body[inner[0].start : inner[0].end] == inner[0].text


def test_articles_without_tweets_are_untouched(nlp):
    found = run(nlp, '"We will keep talking," Mike Pompeo said \u2014 and left (for now) on May 3, 2019.')
    assert [(q.text, q.speaker) for q in found.quotes] == [("We will keep talking,", "Mike Pompeo")]
