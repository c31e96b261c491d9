"""Score the extractor on the shared corpora and print the figures.

    .venv/bin/python tests/eval/evaluate_extraction.py [--polnear dev|train|both] [--limit N] [--sample N]
        [--show] [--quotes-only]

Not a test module (pytest does not collect it): it reads ../shared/corpus at run
time, which never enters the repository.

- Quotes and speakers on PolNeAR: a gold quote is a passage between quotation marks
  (two words or more) inside an annotated Content span (an attribution's second
  Content too, a Content annotated without the marks around it, and a transcript's line
  quoted with its speaker's label: "PENCE: …"), its speaker the Source of
  the innermost attribution holding it; a pronoun Source stands for the nearest
  named Source before it that it can refer to (see _named_source). A quote found
  matches a gold one when their words overlap by half or more; its speaker is right
  when the surname (without Jr/Sr) is in the gold Source.
- People and countries on CoNLL-2003 validation: gold people are the PER spans of a
  document, one person per full name, a lone word joining the full name it is part
  of (a person listed twice is an error; "Naina Yeltsin" and "Boris Yeltsin" are
  two people); a reporter's byline (a line that is only a name under the headline,
  or "-- Name , City Newsroom" at the end) is not a person in the story, as the
  extractor is asked. Gold countries are the LOC and MISC spans that the alias
  table maps to a code. Sports stories are scored apart as well: their results
  tables are lists of names the extractor is not built for.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from articles.countrydata import alias_map  # noqa: E402
from articles.extraction.gender import gender_of  # noqa: E402
from articles.extraction import Lookups, ParsedArticle, extract_many, load_nlp, normalise_alias, parse_article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PERSONAL_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PRONOUNS = {"they", "them", "their", "i", "my", "we", "our", "it", "its", "who", "whom", "whose", "you", "your",
            "which", "that", *PERSONAL_PRONOUNS}
QUOTED = re.compile(r"[\"\u201c\u201d]([^\"\u201c\u201d]+)(?:[\"\u201c\u201d]|$)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polnear", choices=["dev", "train", "both"], default="dev")
    parser.add_argument("--limit", type=int, default=0, help="articles per corpus, 0 for all")
    parser.add_argument("--sample", type=int, default=0,
                        help="PolNeAR articles spread evenly over the split (every k-th), 0 for all; a cheaper look at train")
    parser.add_argument("--show", action="store_true", help="print each error: EXTRA (no gold quote), MISSED, SPEAKER")
    parser.add_argument("--quotes-only", action="store_true", help="skip CoNLL-2003 (people and countries)")
    options = parser.parse_args()
    nlp = load_nlp()
    lookups = Lookups(country_aliases=alias_map())
    evaluate_quotes(nlp, lookups, options)
    if not options.quotes_only:
        evaluate_conll(nlp, lookups, options)


# ---------------------------------------------------------------- quotes

def polnear_articles(split: str, limit: int, sample: int = 0):
    splits = ["dev", "train"] if split == "both" else [split]
    for name in splits:
        folder = CORPUS / "polnear" / name
        annotations = defaultdict(list)
        for path in sorted((folder / "attributions").glob("*.ann")):
            annotations[path.stem.rsplit("_", 1)[0]].append(path)
        texts = sorted((folder / "text").glob("*.txt"))
        if sample and sample < len(texts):
            texts = [texts[n * len(texts) // sample] for n in range(sample)]  # every outlet, not the first one
        for text_path in texts[:limit] if limit else texts:
            if annotations.get(text_path.stem):
                yield text_path, annotations[text_path.stem][0]


def gold_quotes(text: str, ann_path: Path) -> list[dict]:
    spans, events = {}, []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            kind, *ranges = fields[1].replace(";", " ").split()
            numbers = list(map(int, ranges))
            spans[fields[0]] = (kind, numbers[0], numbers[-1])
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(part.split(":") for part in fields[1].split()))
    attributions = []
    for event in events:
        source = spans.get(event.get("Source", ""))
        # An attribution may hold a second Content ("…," she said. "…"), annotated Content2.
        for key in sorted(k for k in event if k.startswith("Content")):
            content = spans.get(event[key])
            if content:
                source_text = text[source[1] : source[2]] if source else ""
                start, end = _with_marks(text, content[1], content[2])
                attributions.append((start, end, source_text, source[1] if source else content[1]))
    attributions.sort(key=lambda a: a[3])
    # A quotation inside nested attributions ("…," Welch said, according to Vermont
    # Edition) belongs to the innermost one, the smallest Content holding it: that is
    # who said the words, the outer source only reports them.
    innermost: dict[int, tuple] = {}
    for start, end, source_text, source_at in attributions:
        for match in QUOTED.finditer(text[start:end]):
            quote = match.group(1).strip()
            if len(quote.split()) > 1:
                at = start + match.start(1)
                if at not in innermost or end - start < innermost[at][1] - innermost[at][0]:
                    innermost[at] = (start, end, source_text, source_at, quote)
    unique = {}
    for at in sorted(innermost):
        start, end, source_text, source_at, quote = innermost[at]
        named = _named_source(source_text, source_at, attributions)
        unique.setdefault(quote, {"text": quote, "source": source_text, "named": named})
    return list(unique.values())


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A Content annotated without the quotation marks around it ("Republicans
    want a photo op. …" between marks the annotator left out) takes them back, so
    the passage between them is a gold quote as when the marks are inside."""
    if start > 0 and end < len(text) and text[start - 1] in MARKS and text[end] in MARKS:
        return start - 1, end + 1
    label = TRANSCRIPT_LINE.search(text[max(0, start - 50) : start])
    if label:  # a transcript quoted line by line: "PENCE: Well, look, …", the Source in capitals inside the marks
        return max(0, start - 50) + label.start(), end
    return start, end


MARKS = "\"\u201c\u201d"
TRANSCRIPT_LINE = re.compile(r"(?:^|\n)[\"\u201c][A-Z][A-Z'\u2019 .-]{1,40}:\s*$")


def _named_source(source_text: str, at: int, attributions) -> str:
    """The person a pronoun Source stands for: the nearest earlier Source that names
    someone. "he" and "she" pass over Sources of the other gender (Mr, Ms, first
    names), groups and things ("Sanders aides", "The book"), and definite
    descriptions ("The Ohio governor"), which stand for someone named before them;
    an indefinite one ("A campaign aide", "The woman who…") brings in someone
    unnamed, so no named person is right."""
    pronoun = source_text.strip().casefold()
    if pronoun not in PRONOUNS:
        return source_text
    gender = PERSONAL_PRONOUNS.get(pronoun)
    for _, _, earlier_text, earlier_at in reversed(attributions):
        if earlier_at >= at or earlier_text.strip().casefold() in PRONOUNS or not earlier_text[:1].isupper():
            continue
        if gender is None:
            return earlier_text
        if _names_someone(earlier_text):
            if _gender_of(earlier_text) in (None, gender):
                return earlier_text
        elif earlier_text.split()[0].casefold() in INDEFINITE or " who " in earlier_text:
            return ""
    return ""


INDEFINITE = {"a", "an", "one", "another", "my", "our"}


def _names_someone(source: str) -> bool:
    """Some comma- or dash-separated part of the Source ends in a capitalised word:
    "Flynn, a top Trump surrogate", "Another critic, Laurence H. Tribe", "Cruz himself"."""
    for part in re.split(r"[,\u2014\u2013]| - ", source):
        words = [w for w in part.split() if w[:1].isalpha() and w.casefold() not in REFLEXIVES]
        if words and words[-1][:1].isupper():
            return True
    return False


REFLEXIVES = {"himself", "herself", "themselves", "itself"}


def _gender_of(source: str) -> str | None:
    """From Mr/Mrs/Ms or a common first name; "Miss Universe pageant" says nothing."""
    words = source.replace(",", " ").split()
    honorifics = {word.strip(".").casefold() for word in words} & {"mr", "mrs", "ms"}
    names = [f"{first} {second}" for first, second in zip(words, words[1:]) if first[:1].isupper() and second[:1].isupper()]
    found = {gender_of(name, honorifics) for name in names or [""]} - {None}
    return found.pop() if len(found) == 1 else None


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _overlap(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb))) if wa and wb else 0.0


def _jaccard(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, len(wa | wb))


def speaker_right(found, gold, extraction=None, aliases=None) -> bool | None:
    """None when the gold answer itself is unusable: a Source span on the verb, or
    an attribution annotated with no Source at all (it names nobody, so it cannot
    tell a right speaker from a wrong one).

    An organisation speaker is right when the gold Source names that organisation
    (its name or any spelling the article used: "the State Department", "NATO"); a
    country speaking as a government when the Source names the country (its name,
    capital, demonym or institution: "Moscow", "the Chinese government")."""
    named = gold["named"]
    if named.strip().casefold() in {"said", "says", "told", "added"} or not gold["source"].strip():
        return None
    if found.speaker_as_written and found.speaker_as_written.strip().casefold() == named.strip().casefold():
        return True
    kind = getattr(found, "speaker_kind", None)
    if kind == "organisation":
        return _names_any(named, _organisation_spellings(found.speaker, extraction) | {found.speaker_as_written})
    if kind == "country":
        spellings = {alias for alias, code in (aliases or {}).items() if code == found.speaker_country}
        return _names_any(named, spellings | {found.speaker, found.speaker_as_written})
    if found.speaker:
        return _surname(found.speaker) in named.casefold()
    if not named or not any(w[:1].isupper() for w in named.split()):
        return True  # no named person in gold, none claimed
    written = found.speaker_as_written
    return bool(written) and written.split()[-1].casefold() in named.casefold() and not _looks_personal(named)


def _organisation_spellings(name: str, extraction) -> set[str]:
    for organisation in getattr(extraction, "organisations", ()):
        if organisation.name == name:
            return {name, *organisation.aliases}
    return {name}


def _names_any(named: str, spellings: set[str]) -> bool:
    """Some spelling, without a leading "the", is in the gold Source as whole words."""
    text = " " + re.sub(r"[^\w.&'-]+", " ", named.casefold()) + " "
    for spelling in spellings:
        spelling = re.sub(r"^the ", "", (spelling or "").strip().casefold())
        spelling = re.sub(r"[^\w.&'-]+", " ", spelling).strip()
        if len(spelling) > 1 and f" {spelling} " in text:
            return True
    return False


def _surname(name: str) -> str:
    """"Duncan Hunter Sr" is Hunter."""
    words = [w for w in name.split() if w.strip(".,").casefold() not in SUFFIXES]
    return (words or name.split())[-1].casefold()


SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _looks_personal(named: str) -> bool:
    words = named.replace("Mr.", "").replace("Ms.", "").split()
    return len(words) >= 1 and all(w[:1].isupper() for w in words) and not named.casefold().startswith("the ")


def evaluate_quotes(nlp, lookups, options) -> None:
    pairs = list(polnear_articles(options.polnear, options.limit, options.sample))
    texts = [p.read_text(encoding="utf-8") for p, _ in pairs]
    parsed = [parse_article(t) for t in texts]
    found_total = gold_total = matched_found = matched_gold = right = unusable = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # speaker kind -> [scored, right]
    for (text_path, ann_path), text, extraction in zip(pairs, texts, extract_many(parsed, nlp, lookups)):
        gold = gold_quotes(text, ann_path)
        found = extraction.quotes
        found_total += len(found)
        gold_total += len(gold)
        used = set()
        for quote in found:
            # One gold quote per quote found: the best-overlapping one not yet taken.
            free = [g for g in range(len(gold)) if g not in used]
            best = max(free, key=lambda g: (_overlap(quote.text, gold[g]["text"]) >= 0.5,
                                            _jaccard(quote.text, gold[g]["text"])), default=None)
            if best is None or _overlap(quote.text, gold[best]["text"]) < 0.5:
                if options.show:
                    print(f"EXTRA {text_path.name}: {quote.text[:80]!r}")
                continue
            matched_found += 1
            used.add(best)
            ok = speaker_right(quote, gold[best], extraction, lookups.country_aliases)
            if ok is None:
                unusable += 1
                continue
            right += ok
            tally = by_kind[quote.speaker_kind or "none"]
            tally[0] += 1
            tally[1] += ok
            if options.show and not ok:
                print(f"SPEAKER {text_path.name}: found {quote.speaker_kind} {quote.speaker!r}/{quote.speaker_as_written!r}"
                      f" gold {gold[best]['source']!r}->{gold[best]['named']!r}: {quote.text[:60]}")
        matched_gold += len(used)
        if options.show:
            for number, quote in enumerate(gold):
                if number not in used:
                    print(f"MISSED {text_path.name}: {quote['text'][:80]!r} ({quote['source']})")
    precision = matched_found / max(1, found_total)
    recall = matched_gold / max(1, gold_total)
    print(f"PolNeAR {options.polnear}: {len(pairs)} articles, {gold_total} gold quotes, {found_total} found")
    print(f"  direct quotes  precision {precision:.3f}  recall {recall:.3f}  F1 {_f1(precision, recall):.3f}")
    scored = matched_gold - unusable
    print(f"  speaker right  {right / max(1, scored):.3f} of {scored} matched quotes with a usable gold source")
    for kind in ("person", "organisation", "country", "none"):
        count, good = by_kind.get(kind, (0, 0))
        print(f"    speaker {kind:<12} {count:4d} quotes, right {good / max(1, count):.3f}")


# ---------------------------------------------------------------- people and countries

def conll_documents(limit: int):
    document, sentence = [], []
    for line in (CORPUS / "conll2003" / "valid.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if sentence:
                document.append(sentence)
            if document:
                yield document
            document, sentence = [], []
        elif not line.strip():
            if sentence:
                document.append(sentence)
            sentence = []
        else:
            token, *_, tag = line.split()
            sentence.append((token, tag))
    if sentence:
        document.append(sentence)
    if document:
        yield document


def conll_article(document) -> tuple[ParsedArticle, dict[str, list[str]]]:
    paragraphs, entities = [], defaultdict(list)
    for number, sentence in enumerate(document):
        paragraphs.append(" ".join(token for token, _ in sentence))
        if _is_byline(number, sentence):
            continue
        current, kind = [], None
        for token, tag in sentence + [("", "O")]:
            if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != kind):
                if current:
                    entities[kind].append(" ".join(current))
                current, kind = ([token], tag[2:]) if tag != "O" else ([], None)
            else:
                current.append(token)
    return ParsedArticle(title=paragraphs[0], paragraphs=tuple(paragraphs[1:])), entities


def _is_byline(number: int, sentence) -> bool:
    """Reuters' reporter lines: the name alone under the headline, or "-- Name , ..." closing the story."""
    if number == 1 and all(tag.endswith("PER") for _, tag in sentence):
        return True
    return len(sentence) > 1 and sentence[0][0] == "--" and sentence[1][1].endswith("PER")


def gold_people(names: list[str]) -> list[set[str]]:
    """One set of spellings per person: full names that differ are different people;
    a shorter form joins the fuller names it is part of (it may fit more than one)."""
    clusters: list[set[str]] = []
    for name in sorted(set(names), key=lambda n: -len(n.split())):
        words = name.split()
        homes = [c for c in clusters if any(_is_part(words, f.split()) for f in c)]
        if not homes:
            clusters.append({name})
        for home in homes:
            home.add(name)
    return clusters


def _is_part(words: list[str], fuller: list[str]) -> bool:
    return len(words) < len(fuller) and set(words) <= set(fuller)


SPORTS = re.compile(
    r"^(SOCCER|TENNIS|CRICKET|GOLF|BASEBALL|BASKETBALL|RUGBY|ATHLETICS|CYCLING|MOTORCYCLING|MOTOR RACING|BOXING"
    r"|SQUASH|HORSE RACING|NFL|NHL|NBA|FORMULA|ICE HOCKEY|HOCKEY|SWIMMING|SKIING|ROWING|SAILING|BADMINTON|JUDO"
    r"|VOLLEYBALL|HANDBALL|TABLE TENNIS|OLYMPICS|ALPINE|CHESS|SNOOKER|TRIATHLON|WRESTLING|SPORT)\b",
    re.IGNORECASE,  # a few sports headlines are not in capitals ("Soccer - McCarthy names team ...")
)


def evaluate_conll(nlp, lookups, options) -> None:
    documents = list(conll_documents(options.limit))
    score_conll(nlp, lookups, options, documents, "all")
    prose = [d for d in documents if not SPORTS.match(" ".join(token for token, _ in d[0]))]
    score_conll(nlp, lookups, options, prose, "news prose (no sports results)")


def score_conll(nlp, lookups, options, documents, label_set) -> None:
    articles = [conll_article(document) for document in documents]
    aliases = lookups.country_aliases
    people_tp = people_found = people_gold = 0
    country_tp = country_found = country_gold = 0
    for (parsed, entities), extraction in zip(articles, extract_many([a for a, _ in articles], nlp, lookups)):
        clusters = gold_people(entities["PER"])
        people_gold += len(clusters)
        people_found += len(extraction.people)
        claimed = set()
        for person in sorted(extraction.people, key=lambda p: -len(p.name.split())):
            forms = {person.name, *person.aliases, *(a.split(" ", 1)[-1] for a in person.aliases)}
            # Its own name first, then any spelling it was given; a person already
            # claimed by another found entry makes this one a duplicate.
            home = next((n for n, c in enumerate(clusters) if person.name in c and n not in claimed), None)
            if home is None:
                home = next((n for n, c in enumerate(clusters) if forms & c and n not in claimed), None)
            if home is not None:
                claimed.add(home)
                people_tp += 1
            elif options.show:
                print(f"PERSON EXTRA {parsed.title[:30]!r}: {person.name} {person.aliases}")
        if options.show:
            for n, cluster in enumerate(clusters):
                if n not in claimed:
                    print(f"PERSON MISSED {parsed.title[:30]!r}: {sorted(cluster)}")
        gold_codes = {aliases[normalise_alias(e)] for kind in ("LOC", "MISC") for e in entities[kind]
                      if normalise_alias(e) in aliases}
        found_codes = {c.code for c in extraction.countries}
        country_gold += len(gold_codes)
        country_found += len(found_codes)
        country_tp += len(gold_codes & found_codes)
        if options.show and gold_codes != found_codes:
            print(f"COUNTRIES {parsed.title[:40]!r}: extra {found_codes - gold_codes} missed {gold_codes - found_codes}")
    for label, tp, found, gold in (("people", people_tp, people_found, people_gold),
                                   ("countries", country_tp, country_found, country_gold)):
        precision, recall = tp / max(1, found), tp / max(1, gold)
        print(f"CoNLL-2003 valid, {label_set}, {label}: {len(documents)} documents, {gold} gold, {found} found: "
              f"precision {precision:.3f}  recall {recall:.3f}  F1 {_f1(precision, recall):.3f}")


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


if __name__ == "__main__":
    main()
