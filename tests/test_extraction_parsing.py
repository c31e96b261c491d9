from datetime import date

from articles.extraction import parse_article

SAMPLE = """Leaders meet in Geneva

The two presidents agreed to talk again next year

President Joe Biden and President Vladimir Putin arrive at Villa La Grange in Geneva, Switzerland, June 16, 2021. Denis Balibouse/Pool via REUTERS
Powered by automated translation

The first paragraph of the story.

Advertisement

The second paragraph of the story.
"""


def test_it_takes_the_first_line_as_the_title():
    assert parse_article(SAMPLE).title == "Leaders meet in Geneva"


def test_it_finds_the_standfirst_before_the_caption():
    assert parse_article(SAMPLE).standfirst == "The two presidents agreed to talk again next year"


def test_it_splits_the_caption_from_its_credit():
    parsed = parse_article(SAMPLE)
    assert parsed.caption.startswith("President Joe Biden and President Vladimir Putin arrive")
    assert parsed.caption.endswith("June 16, 2021.")
    assert parsed.credit == "Denis Balibouse/Pool via REUTERS"


def test_it_drops_boilerplate_lines_from_the_body():
    assert parse_article(SAMPLE).paragraphs == ("The first paragraph of the story.", "The second paragraph of the story.")


def test_it_takes_the_date_from_the_caption():
    assert parse_article(SAMPLE).published == date(2021, 6, 16)


def test_it_takes_the_date_from_the_standfirst_when_there_is_no_caption():
    parsed = parse_article("Title\n\nGENEVA, 16 June 2021 - talks begin\n\nBody text here.\n")
    assert parsed.published == date(2021, 6, 16)


def test_it_keeps_the_date_null_when_the_article_gives_none():
    assert parse_article("Title\n\nOne paragraph.\n\nAnother paragraph.\n").published is None


def test_it_lets_a_header_block_win():
    text = "Title: Header title\nDate: 2020-03-04\nSource: Example News\nURL: https://example.com/a\n\n" + SAMPLE
    parsed = parse_article(text)
    assert parsed.title == "Header title"
    assert parsed.published == date(2020, 3, 4)
    assert parsed.source == "Example News"
    assert parsed.url == "https://example.com/a"
    assert parsed.paragraphs[-1] == "The second paragraph of the story."


def test_it_reads_files_with_single_newlines_between_paragraphs():
    parsed = parse_article("Title\nFirst paragraph.\nSecond paragraph.\r\nThird paragraph.")
    assert parsed.title == "Title"
    assert parsed.paragraphs == ("First paragraph.", "Second paragraph.", "Third paragraph.")


def test_it_does_not_mistake_a_first_body_paragraph_for_a_standfirst():
    parsed = parse_article("Title\n\nThe minister resigned on Monday.\n\nShe had served two years.\n")
    assert parsed.standfirst == ""
    assert parsed.paragraphs[0] == "The minister resigned on Monday."


def test_it_recognises_an_ap_photo_credit_in_parentheses():
    parsed = parse_article("Title\n\nThe president speaks in the Rose Garden. (AP Photo/Evan Vucci)\n\nBody.\n")
    assert parsed.caption == "The president speaks in the Rose Garden."
    assert parsed.credit == "AP Photo/Evan Vucci"


def test_it_keeps_editorial_insertions_as_written():
    parsed = parse_article('Title\n\n"The time has come for [President] Nicolas Maduro to go," he said.\n')
    assert "[President]" in parsed.paragraphs[0]


def test_its_body_joins_paragraphs_with_a_blank_line():
    parsed = parse_article("Title\n\nOne.\n\nTwo.\n")
    assert parsed.body == "One.\n\nTwo."


def test_it_drops_a_video_widget_line_but_keeps_a_paragraph_that_begins_just_watched():
    text = (
        "Talks resume\n\nThe envoys met again.\n\n"
        "JUST WATCHED Envoys meet in Geneva Replay More Videos ... MUST WATCH Envoys meet in Geneva 01:29\n\n"
        "Just watched by the crowd, the envoys left.\n"
    )
    assert parse_article(text).paragraphs[-1] == "Just watched by the crowd, the envoys left."
    assert not any("Replay More Videos" in paragraph for paragraph in parse_article(text).paragraphs)


def test_a_scraped_pop_up_card_after_a_name_is_dropped():
    parsed = parse_article(
        "Senators react\n\n"
        "\u201cIt is not good news,\u201d Senate Majority Whip Jane Garnet Jane Amelia GarnetSenators balk at the "
        "long trial | House panel advances the ban MORE (R-Texas) told reporters.\n\n"
        "Voters want MORE money for schools, said Tom Reed."
    )
    assert parsed.paragraphs == (
        "\u201cIt is not good news,\u201d Senate Majority Whip Jane Garnet (R-Texas) told reporters.",
        "Voters want MORE money for schools, said Tom Reed.",
    )


def test_a_title_case_headline_is_given_to_the_parser_in_sentence_case_with_its_names():
    from articles.extraction.types import sentence_case

    assert sentence_case("Pompeo Meets Lavrov In Sochi As Tensions Rise") == "Pompeo meets Lavrov in Sochi as Tensions Rise"
    assert sentence_case("Merkel's Visit To China Ends") == "Merkel's visit to China Ends"
    for title in ("Britain's May faces defeat in parliament", "UN SECURITY COUNCIL MEETS", "Talks Go On"):
        assert sentence_case(title) == title  # a sentence already, capitals only, too short
