"""The words that report diplomatic events, kept as data (TABARI/PETRARCH style).

Everything the event rules know about the vocabulary lives here, so that adding a
trigger, a body or a way of saying "planned" is one line in a table, not an `if`.
Words are matched by their forms (the pipeline runs without the lemmatizer, which
the rest of extraction does not need), so each entry lists its inflections.
"""

from __future__ import annotations


def _forms(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verb triggers: form -> (kind, role, CAMEO).
#   role "visitor": the subject travels (actor), the object or the place receives.
#   role "host": the subject receives (target), the object is the visitor (actor).
#   role "directed": the subject acts on the object (sanction, expulsion, criticism).
#   role "mutual": every side is a party (meeting, call, agreement).
#   role "summon": the object is an envoy whose country is the target.
#   role "complain": the target is what the complaint is over or against.
VERB_TRIGGERS: dict[str, tuple[str, str, str]] = {}


def _verbs(kind: str, role: str, cameo: str, forms: str) -> None:
    for form in forms.split():
        VERB_TRIGGERS[form] = (kind, role, cameo)


_verbs("meeting", "mutual", "040", "meet meets met meeting")
_verbs("meeting", "mutual", "046", "negotiate negotiates negotiated negotiating")
_verbs("meeting", "mutual", "045", "mediate mediates mediated mediating")
_verbs("visit", "visitor", "042", "visit visits visited visiting tour toured touring")
_verbs("visit", "arrive", "042", "arrive arrives arrived arriving")
# Journeys ("Pence was headed to South Korea", "flew to Moscow"): a visit when the
# traveller goes somewhere, not when the verb carries a load ("flew bombers to ...").
_verbs("visit", "travel", "042", "travel travels traveled travelled traveling travelling fly flies flew head heads headed heading")
_verbs("visit", "host", "043", "host hosts hosted hosting welcome welcomes welcomed welcoming receive receives received")
_verbs("call", "mutual", "041", "telephone telephones telephoned phone phones phoned")
_verbs("sanction", "directed", "163", "sanction sanctioned sanctioning embargoed blacklist blacklisted")
_verbs("expulsion", "directed", "166", "expel expels expelled expelling deport deports deported oust ousted")
_verbs("criticism", "directed", "111", "condemn condemns condemned condemning denounce denounces denounced denouncing")
_verbs("criticism", "directed", "111", "criticise criticises criticised criticize criticizes criticized rebuke rebuked")
_verbs("criticism", "directed", "111", "censure censured slam slams slammed castigate castigated deplore deplored blast blasts blasted blasting lambast lambasted")
_verbs("criticism", "directed", "112", "accuse accuses accused accusing blame blames blamed blaming")
_verbs("criticism", "summon", "111", "summon summons summoned summoning")
_verbs("criticism", "complain", "111", "complain complains complained protest protests protested")

# Verbs of speaking that report a call when said to be by phone: "Obama and
# Netanyahu spoke by telephone", "talked with Macron over the phone".
SPEAK_VERBS = _forms("speak speaks spoke spoken speaking talk talks talked talking")
PHONE_WORDS = _forms("phone telephone telephones phones videoconference videolink video")

# Nouns that report an event, when the sentence says the event took (or will take)
# place: as the object of a support verb ("held talks", "imposed sanctions"), after
# a preposition of time ("after the talks"), or with a participant or place of its own.
NOUN_TRIGGERS: dict[str, tuple[str, str]] = {}


def _nouns(kind: str, cameo: str, forms: str) -> None:
    for form in forms.split():
        NOUN_TRIGGERS[form] = (kind, cameo)


_nouns("meeting", "040", "talks meeting meetings summit summits consultations")
_nouns("meeting", "046", "negotiations negotiation")
_nouns("meeting", "045", "mediation")
_nouns("visit", "042", "visit visits trip trips tour arrival")
_nouns("call", "041", "call calls phonecall")
_nouns("agreement", "057", "agreement agreements treaty treaties deal accord accords pact pacts ceasefire cease-fire truce")
_nouns("agreement", "057", "memorandum")
_nouns("sanction", "163", "sanctions embargo embargoes blockade")
# "a suspension of air links with Serbia": a sanction through what is suspended.
SUSPENSION_NOUNS = _forms("suspension suspensions halt freeze cutoff")
_nouns("expulsion", "166", "expulsion expulsions")
_nouns("criticism", "111", "condemnation protest")
# Nouns that carry a trigger written as their modifier: "a mediation mission
# between Syria and the PLO", "peace talks process".
CARRIER_NOUNS = _forms("mission missions effort efforts process round rounds initiative bid")
# Nouns of time after which a trigger is a reference to what happened ("hours of talks").
DURATION_NOUNS = _forms("hours days weeks months years rounds round session sessions")
# Heads of a subject that make it no diplomatic actor: troops arriving are not a visit.
NOT_ACTORS = _forms(
    """troops forces soldiers army refugees peacekeepers peacekeeping rebels militants guerrillas protesters
    demonstrators tourists fans migrants workers students fighters police gunmen patch contingent ships warships
    planes aircraft convoy thousands hundreds dozens crowds crowd followers supporters activists residents
    people mob"""
)
# A subject that names the sides of talks told just before without naming them again:
# "the two sides", "both leaders", "the two countries" (with "two" or "both"), "they",
# "their meeting".
GROUP_NOUNS = _forms(
    """sides leaders countries nations governments men presidents ministers delegations parties neighbours
    neighbors capitals allies rivals states premiers counterparts"""
)
GROUP_WORDS = _forms("two both")
GROUP_PRONOUNS = _forms("they both their")
# Heads of an object that can be a visitor (host verbs): people and delegations, not statements.
VISITOR_NOUNS = _forms(
    """delegation delegations leader leaders minister ministers president counterpart envoy envoys team
    mission officials official diplomats diplomat king queen emir prince premier chancellor secretary
    ambassador head visitor visitors guest guests"""
)
# Nouns whose support verb's subject receives the visitor named after "to".
HOST_NOUNS = _forms("welcome reception")
_nouns("visit", "043", "welcome")

# Verbs that report an event through their object: "recalled its ambassador",
# "severed ties", "suspended air links", "halted aid". Object noun -> (kind, CAMEO).
OBJECT_VERBS = _forms(
    """recall recalls recalled close closes closed closing shut shuts sever severs severed break breaks broke
    broken cut cuts suspend suspends suspended halt halts halted freeze freezes froze frozen downgrade
    downgraded withdraw withdraws withdrew withdrawn expel expelled"""
)
OBJECT_KINDS: dict[str, tuple[str, str]] = {
    "ambassador": ("expulsion", "161"), "ambassadors": ("expulsion", "161"), "envoy": ("expulsion", "161"),
    "envoys": ("expulsion", "161"), "embassy": ("expulsion", "161"), "embassies": ("expulsion", "161"),
    "consulate": ("expulsion", "161"), "ties": ("expulsion", "161"), "relations": ("expulsion", "161"),
    "diplomats": ("expulsion", "166"), "links": ("sanction", "163"), "aid": ("sanction", "163"),
    "flights": ("sanction", "163"),
}
# Object nouns that need a country in their own phrase ("diplomatic ties with X",
# "aid to Serbia", "its ambassador"): checked like any participant.

# Verbs of leaving a treaty ("pulled out of the Iran nuclear deal", "withdrew from the
# accord"): an expulsion, as the events guideline files pulling out of a treaty.
WITHDRAW_VERBS = _forms("pull pulls pulled pulling withdraw withdraws withdrew withdrawn withdrawing exit exits exited quit quits")

# Verbs whose object noun trigger is an event that took place ("held talks").
SUPPORT_VERBS = _forms(
    """hold holds held holding have had has begin begins began begun start starts started open opens opened
    resume resumes resumed renew renews renewed conduct conducts conducted attend attends attended pay pays paid
    make makes made undertake undertook undertaken launch launches launched join joined enter entered continue
    continued sign signs signed signing conclude concluded reach reached strike struck impose imposed imposes
    imposing initiate initiates initiated reimpose reimposes reimposed reimposing re-impose re-imposes re-imposed re-imposing tighten tightened intensify intensified extend extended slap slapped lodge lodged lodges issue issued
    finalise finalised finalize finalized seal sealed adopt adopted approve approved announce announced
    respond responded embark embarked agree agreed agrees give gave given gives host hosted tighten
    toughen toughened clinch clinched broker brokered bring brought brings introduce introduced introduces enact
    enacted enacts"""
)
# Support verbs too vague for deals and sanctions: "make old sanctions permanent".
LOOSE_SUPPORT_VERBS = _forms("have had has make made makes continue continued join joined give gave given gives")
# Prepositions of a noun trigger that name its sides when the kind is symmetric.
PARTY_PREPOSITIONS = _forms("with between among by from of")
# Time phrases that do not take the mood of the clause they hang from: "threatened to
# leave after the talks" reports the talks.
ADJUNCT_PREPOSITIONS = _forms("after following during before since ahead despite amid until on")
# Prepositions after which a noun trigger refers to an event that happened.
EVENT_PREPOSITIONS = _forms("in at after following during before since on ahead")

# A trigger governed by one of these did not happen: it was cancelled or refused.
CANCEL_WORDS = _forms(
    """cancel cancels cancelled canceled cancelling canceling postpone postpones postponed postponing scrap scraps
    scrapped refuse refuses refused refusing reject rejects rejected rejecting decline declines declined
    forgo forgoes forgoing forwent shelve shelved suspend suspends suspended delay delays delayed
    abandon abandoned end ends ended halt halted stop stopped"""
)
# Two-word cancellations: verb + particle ("called off the talks", "broke off talks").
CANCEL_PARTICLES = {"pushed": "back", "push": "back", "pushes": "back", "called": "off", "call": "off", "calls": "off", "broke": "off", "break": "off", "put": "off", "puts": "off"}
# Nouns of cancellation ("the cancellation of the visit").
CANCEL_NOUNS = _forms("cancellation postponement refusal rejection")

# A trigger governed by one of these is planned.
PLAN_WORDS = _forms(
    """plan plans planned planning intend intends intended expect expects expected schedule scheduled due set
    agree agrees agreed invite invites invited invitation offer offers offered accept accepts accepted prepare
    prepares prepared preparing arrange arranged arranges promise promised direct directed order ordered
    instruct instructed authorize authorized authorise authorised
    propose proposed proposal going"""
)
# Adjectives on a noun trigger that make it planned or cancelled.
PLANNED_ADJECTIVES = _forms("planned upcoming scheduled proposed forthcoming expected future next prospective possible")
CANCELLED_ADJECTIVES = _forms("cancelled canceled postponed aborted")
# Nouns after which a trigger is planned ("on the eve of a visit").
PLAN_NOUNS = _forms("eve offer invitation plan plans proposal prospect run-up")
# Nouns of the time just before an event: the event is to come, whatever the
# sentence around says ("threatened to break off relations on the eve of a visit").
TIME_BEFORE_NOUNS = _forms("eve run-up ahead")
# Modal verbs: the future is planned; the rest is hypothetical or opinion.
FUTURE_MODALS = _forms("will would 'll shall wo")
OTHER_MODALS = _forms("could might may should must can ca ought")
# A trigger governed by one of these is not reported as an event: a wish, a demand,
# a threat, an opinion, a failure.
NOT_EVENT_WORDS = _forms(
    """urge urges urged call calls called demand demands demanded want wants wanted wish wishes wished hope hopes
    hoped seek seeks sought ask asks asked press pressed push pushed insist insisted favour favor favours favors
    threaten threatens threatened warn warns warned fail fails failed failure ready willing would-be need needs
    needed try tries tried attempt attempted consider considers considered mull mulled discuss discussed
    deny denies denied dismiss dismissed oppose opposes opposed opposition support supports supported
    avoid avoids avoided refrain lift lifts lifted lifting ease eases eased easing remove removes removed removing
    reward encourage encourages encouraged encouraging appreciate appreciated advocate advocated advocates
    envisage envisaged envision envisioned claim claims claimed allege alleges alleged"""
)
# Words that deny the verb they hang from, whatever the parser calls them (it reads
# the curly "n’t" of "wasn’t" as a noun).
NEGATIONS = _forms("not n't n’t never")
# Conjunctions after which a verb in the present tense is still to come: "days before
# Trump meets Kim", "when the United States reimposes sanctions".
FUTURE_CLAUSE_MARKS = _forms("before until till once when")
# "Iran-backed Houthis": the country behind a party is not that party ("US-led talks" is).
PROXY_WORDS = _forms("backed funded supported sponsored aligned allied armed friendly bloc era")
# Nouns of trying: "efforts to broker a ceasefire", "a bid to reach a deal" report no deal.
ATTEMPT_NOUNS = _forms("effort efforts bid bids attempt attempts push drive campaign quest")
# Prepositions that deny what follows: "left without securing a deal".
NEGATING_PREPOSITIONS = _forms("without instead")
# Subordinating words that make a clause hypothetical.
HYPOTHETICAL_MARKS = _forms("if unless whether lest")

# International bodies, as written (case matters for the short ones), -> the name used.
BODIES: dict[str, str] = {
    "UN": "UN", "U.N.": "UN", "United Nations": "UN", "Security Council": "UN", "UN Security Council": "UN",
    "EU": "EU", "E.U.": "EU", "European Union": "EU", "European Community": "EU", "EC": "EU", "EEC": "EU",
    "European Commission": "EU", "European Parliament": "EU", "European Council": "EU",
    "NATO": "NATO", "Nato": "NATO", "North Atlantic Treaty Organization": "NATO",
    "G20": "G20", "G-20": "G20", "G7": "G7", "G-7": "G7", "G8": "G8", "G-8": "G8",
    "IAEA": "IAEA", "International Atomic Energy Agency": "IAEA",
    "OSCE": "OSCE", "APEC": "APEC", "ASEAN": "ASEAN", "OPEC": "OPEC", "WTO": "WTO", "IMF": "IMF",
    "World Bank": "World Bank", "Arab League": "Arab League", "African Union": "AU", "UNHCR": "UNHCR",
    "Warsaw Pact": "Warsaw Pact", "Amnesty International": "Amnesty International",
    "Organization of American States": "OAS", "OAS": "OAS", "BRICS": "BRICS",
    "Shanghai Cooperation Organisation": "SCO", "Gulf Cooperation Council": "GCC", "GCC": "GCC",
}

# A small actor dictionary, as in CAMEO's: names and words whose country the text
# seldom spells out. An article's own words ("Russian President Vladimir Putin")
# come first; this fills in "Mr Putin" when the article never says whose he is.
ACTOR_COUNTRIES: dict[str, str] = {
    "Soviet": "RU", "Soviets": "RU", "USSR": "RU", "Kremlin": "RU", "Putin": "RU", "Lavrov": "RU", "Medvedev": "RU",
    "Yeltsin": "RU", "Gorbachev": "RU", "Peskov": "RU", "Zakharova": "RU",
    "Trump": "US", "Biden": "US", "Obama": "US", "Pompeo": "US", "Blinken": "US", "Clinton": "US", "Bush": "US",
    "Reagan": "US", "Tillerson": "US", "Pence": "US", "Kerry": "US", "Harris": "US", "Pentagon": "US",
    "Xi": "CN", "Jinping": "CN", "Wang Yi": "CN", "Zelensky": "UA", "Zelenskyy": "UA", "Zelenskiy": "UA",
    "Macron": "FR", "Mitterrand": "FR", "Mitterand": "FR", "Elysee": "FR", "Élysée": "FR",
    "Merkel": "DE", "Scholz": "DE", "Johnson": "GB", "Sunak": "GB", "Starmer": "GB", "Downing": "GB",
    "Erdogan": "TR", "Modi": "IN", "Netanyahu": "IL", "Abe": "JP", "Kishida": "JP", "Kim Jong Un": "KP",
    "Kim Jong-un": "KP", "Moon Jae-in": "KR", "Rouhani": "IR", "Khamenei": "IR", "Khomeini": "IR", "Zarif": "IR",
    "Assad": "SY", "Maduro": "VE", "Guaido": "VE", "Arafat": "PS", "Abbas": "PS", "PLO": "PS", "Hamas": "PS",
    "Saddam": "IQ", "Lukashenko": "BY", "Orban": "HU", "Bolsonaro": "BR", "Lula": "BR", "Trudeau": "CA",
    "Emirates": "AE", "Taliban": "AF", "Houthi": "YE", "Houthis": "YE", "Bosnia": "BA", "Herzegovina": "BA", "Bosnian": "BA", "Mugabe": "ZW", "Gaddafi": "LY", "Qaddafi": "LY", "Castro": "CU",
}
# Words that put a person or phrase beside a country without being a title
# (scanned with the title words to find whose a person is).
TITLE_WORDS = _forms(
    """president vice prime minister foreign deputy secretary state of the 's ’s defence defense chief head
    ambassador envoy spokesman spokeswoman spokesperson chancellor premier leader king queen emir sheikh prince
    crown general senior top junior official officials diplomat diplomats national security adviser advisor
    finance trade interior affairs special representative negotiator counterpart mr mrs ms dr ayatollah
    supreme religious commander army military opposition former acting first lady envoy-designate"""
)

# Titles only the United States gives (American papers leave the country out):
# a person so titled, whom the article gives no other country, is American.
AMERICAN_TITLE_WORDS = _forms("sen. sen senator rep. congressman congresswoman republican democratic democrat gop")
AMERICAN_TITLES = ("secretary of state", "defense secretary", "secretary of defense")

# Cities that host talks between others: talks held there do not make their country a side
# (elsewhere, "a Chinese delegation resumes talks in Washington" makes the US the other side).
NEUTRAL_VENUES = frozenset(
    """Geneva Vienna Brussels Davos Helsinki Doha Astana Nur-Sultan Oslo Stockholm Lausanne Montreux
    Camp David New York Singapore Hanoi Panmunjom Munich Istanbul Sharm el-Sheikh Annapolis""".split()
) | {"New York", "Camp David", "Sharm el-Sheikh", "New York City", "United Nations"}

# Spellings of cities the gazetteer knows by another name ("Kyiv").
OLD_CITY_NAMES = {"Kiev": "UA", "Kharkov": "UA", "Odessa": "UA", "Peking": "CN", "Canton": "CN", "Bombay": "IN",
                  "Calcutta": "IN", "Madras": "IN", "Rangoon": "MM", "Saigon": "VN", "Tiflis": "GE", "Alma-Ata": "KZ",
                  "Astana": "KZ", "Nur-Sultan": "KZ", "Tbilisi": "GE", "Pyongyang": "KP", "Ramallah": "PS", "Gaza": "PS"}

# Codes that name parts of one state: what passes between them is domestic politics.
ONE_STATE = (frozenset({"CN", "HK", "MO"}),)

# PLOVER type per kind and status. PLOVER codes a meeting still to come as AGREE
# (an agreement to meet) and a cancelled or refused one as REJECT.
PLOVER = {"meeting": "CONSULT", "visit": "CONSULT", "call": "CONSULT", "agreement": "AGREE",
          "sanction": "SANCTION", "expulsion": "SANCTION", "criticism": "ACCUSE"}
PLOVER_BY_STATUS = {"planned": {"meeting": "AGREE", "visit": "AGREE", "call": "AGREE"},
                    "cancelled": {"meeting": "REJECT", "visit": "REJECT", "call": "REJECT", "agreement": "REJECT"}}
DIRECTED_KINDS = frozenset({"visit", "sanction", "expulsion", "criticism"})
# Kinds that describe one real event together ("the visit" and "the talks" in Sochi).
COMPATIBLE_KINDS = {frozenset({"visit", "meeting"})}
