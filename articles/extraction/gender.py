"""Grammatical gender of a person, when the article makes it plain, so that "she
said" is never given to a man: honorifics first, then common first names."""

from __future__ import annotations

MALE_HONORIFICS = frozenset(
    # Not "spokesman" or "congressman": papers use them for women too.
    """mr sir lord king prince father brother sheikh emir actor husband son grandfather boyfriend uncle
    nephew""".split()
)
FEMALE_HONORIFICS = frozenset(
    """mrs ms miss dame lady queen princess sister madam spokeswoman congresswoman chairwoman businesswoman
    actress wife widow mother daughter grandmother girlfriend aunt niece councilwoman assemblywoman""".split()
)

# Common first names in international and political news; a name in neither list
# gives no gender, which only means no pronoun is refused.
FEMALE_NAMES = frozenset(
    """georgia chad abigail alexandria alexis alice amanda amber amy andrea angela ann anna annalena anne ashley ayanna barbara
    beatrix benazir betsy betty beverly brenda brittany carol caroline carolyn catherine charlotte chelsea
    cheryl christina christine condoleezza cristina cynthia danielle debbie deborah debra denise diana diane
    dianne dilma donna doris dorothy elena elizabeth emily emma evelyn federica frances gina giorgia gloria
    golda grace gretchen hannah harriet hasina heather helen hillary hina huma ilhan imelda indira isabella
    ivanka jacinda jacqueline janet janice jeanne jen jennifer jessica joan joyce judith judy julia julie kaja
    kamala karen karine katherine kathleen kathryn kayla kayleigh keiko kelly kellyanne kemi kimberly kirsten
    kristalina laura lauren linda lisa liz loretta madeleine madison margaret margrethe maria marie marilyn
    marine marsha martha mary maxine megan melania melissa mette michelle nancy natalie ngozi nicola nicole
    nikki olivia omarosa pamela patricia penny priti rachel rashida rebecca rose ruth sally samantha sandra
    sanna sara sarah segolene sharon shirley sonia sophia stephanie suella susan tammy teresa theresa tulsi
    ursula valerie victoria virginia yoshiko yulia yvette""".split()
)
MALE_NAMES = frozenset(
    """chad aaron abdullah adam ahmed alan albert alexander alexei ali anders andres andrew andrzej anthony antonio
    arthur ashton austin ban barack bashar benjamin bernie bill billy bobby boris boutros brandon brian bruce
    bryan carl carlos charles chris christian christopher chuck colin cory daniel david deng dennis devin dick
    dmitri dmitry donald douglas dylan edward elijah emmanuel eric ethan eugene evo fidel francois frank gabriel
    gary george gerald gerhard giuseppe gordon gregory harold hassan helmut henry herbert hu hugo hun imran ivan
    jack jacob jacques jair james jared jaroslaw jason javier jeb jeff jeffrey jens jeremy jerrold jerry jesse
    jiang jim joe john jonathan jordan jorge jose joseph joshua juan julian justin karl keir keith kenneth kevin
    kofi kyle larry lars lawrence lech leon lindsey lloyd logan louis luis mao marco mario mark mason mateusz
    matteo matthew mauricio michael mike mitch mitt mohammad mohammed moon muhammad narendra nathan nawaz newt
    nicholas nicolas nikolai noah olaf paolo patrick paul pedro pete peter petro philip ralph rand randy raul
    raymond recep reince rex richard rishi robert rodrigo roger ron ronald roy rudolph rudy russell ryan samuel
    scott sean sebastian sergei sergey shinzo silvio stephen steve steven ted terry thomas tim timothy tony trey
    tyler viktor vincent vladimir volodymyr walter wayne wen william willie xi yevgeny zachary ben rick corey hugh
    tom dan don doug greg jon josh ken matt nick phil rob russ sam vince marty marc omar ahmad harry martin jake
    alex andy ari bob charlie dave ed jay joel neil seth todd travis zach""".split()
)


def gender_of(name: str, honorifics: set[str]) -> str | None:
    """"m", "f" or None. honorifics: the lowercased titles seen before the name."""
    if honorifics & MALE_HONORIFICS and not honorifics & FEMALE_HONORIFICS:
        return "m"
    if honorifics & FEMALE_HONORIFICS and not honorifics & MALE_HONORIFICS:
        return "f"
    words = name.split()
    if len(words) < 2:
        return None
    first = words[0].casefold().rstrip(".")
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    return None


def pronoun_gender(pronoun: str) -> str | None:
    lower = pronoun.casefold()
    return "m" if lower == "he" else "f" if lower == "she" else None
