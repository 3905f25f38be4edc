"""The truthfulness guard: a generated document may state only facts the profile holds.

Every employer, job title, degree, institution, certification, skill and number in a resume or a
cover letter must come from the profile, or be the job's own title or company. `guard_paragraphs`
drops each sentence that claims something else, and says what it found.

What counts as a claim (read sentence by sentence, as `sentences.sentences_of` cuts a text):
- a number: digits with an optional currency sign, decimals, thousands commas and a `%`, `k`, `m`,
  `bn`, `million` ... suffix (each end of a range is one number). It is compared by value, whatever its
  unit, with every number in the profile's text and dates and a few figures derived from them (whole
  years of experience, how many items each list holds);
- a skill: a term of the job parser's skills vocabulary (the same matcher, so aliases such as K8s
  count as Kubernetes) that no skill, technology or text of the profile names;
- a run of Capitalised words (joined by `of`, `&`, `de` ... and without the pronoun I) that is:
  an institution when it holds University, College, Institute, School or Academy; a certification
  when it holds Certified, Certification or Certificate, or is a known acronym such as PMP; a job
  title when `as (a|an|the)` comes before it and it holds a title noun (Engineer, Head ...); an
  employer when `at`, `with`, `for` or `joined` (also `worked for the`) comes before it or it ends in
  Inc, LLC, Ltd, Corp .... A run is allowed when its words, folded and without legal suffixes, are a
  run of words of a name the profile holds (or start with one, for organisations);
- a degree: PhD, MBA, BSc, MSc ... always; Bachelor, Master, Associate and the two-letter forms (BS,
  MA ...) when a possessive, `of`, `in` or `degree` makes them one. Its level must be one of the
  profile's, and a field given with `in` must be one the profile names.

The facts are gathered with the same readers from the profile's own text, so a document made of the
profile's sentences never loses one. Detection is a constant number of passes over the sentence's
tokens and set look-ups: linear in the text, and deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.generation.sentences import sentences_of
from app.domain.job_parsing.skills import SkillVocabulary
from app.domain.profile_analytics import years_of_experience
from app.domain.time import utc_now

# Words and single marks. A word keeps inner `.`, `&`, `'`, `-` and a trailing `+`/`#` ("B.Sc.",
# "AT&T", "Security+"); the trailing `.` and possessive `'s` are taken off when the word is read.
_TOKEN = re.compile(r"[^\W_][\w&'\u2019.+#\-]*|[^\w\s]")
_KEY_WORD = re.compile(r"[^\W_]+")
# A number starts where no word, digit run, decimal point or comma is just before it, so a run of
# digits is tried once. Only optional parts follow the digits: nothing is taken back.
_NUMBER = re.compile(
    r"(?<![\w.,])[$\u20ac\u00a3]?(\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(%|(?:percent|thousand|million|billion|mm|bn|k|m|b)\b))?",
    re.IGNORECASE,
)

_SCALE = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(1_000_000),
    "mm": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}
MAX_RUN_WORDS = 8  # a longer run of Capitalised words is no single name: it is cut into runs this long
_MAX_KEY_WORDS = 10
_CONNECTORS = frozenset({"of", "&", "de", "la", "del", "van", "von", "du"})
_PRONOUNS = frozenset({"i", "i'm", "i've", "i'd", "i'll", "i\u2019m", "i\u2019ve", "i\u2019d", "i\u2019ll"})
# A trailing full stop after these does not end a name ("St. Louis University").
_TITLE_ABBREVIATIONS = frozenset({"st", "dr", "mt", "mr", "mrs", "ms", "ft"})
_ARTICLES = frozenset({"a", "an", "the"})
_POSSESSIVES = ("'s", "\u2019s", "'S", "\u2019S")
_EMPLOYER_TRIGGERS = frozenset({"at", "with", "for", "joined"})
# Capitalised words a sentence may start with that are not part of the name after them.
_LEADING = frozenset(
    {
        *_ARTICLES,
        *_EMPLOYER_TRIGGERS,
        *("as", "in", "on", "to", "from", "by", "of", "and", "or", "but", "so", "since", "after", "before"),
        *("during", "while", "when", "my", "our", "your", "their", "his", "her", "its", "this", "that"),
        *("these", "those", "we", "you", "they", "he", "she", "it", "there", "here", "then", "also"),
        *("most", "recently", "currently", "previously", "today", "later", "earlier", "again", "both"),
        *("dear", "thank", "thanks", "please", "having", "being", "working", "leading", "joining"),
    }
)
_LEGAL_SUFFIXES = frozenset(
    {"inc", "llc", "ltd", "corp", "corporation", "co", "gmbh", "plc", "limited", "ag", "sa", "llp"}
)
_NAME_NOISE = frozenset({*_LEGAL_SUFFIXES, "the", "s", "and"})
_INSTITUTION_WORDS = frozenset({"university", "college", "institute", "school", "academy", "polytechnic"})
_CERTIFICATION_WORDS = frozenset({"certified", "certification", "certificate", "certifications"})
_CERTIFICATION_NOISE = frozenset({*_NAME_NOISE, *_CERTIFICATION_WORDS, "a", "an", "professional"})
_CERTIFICATION_ACRONYMS = frozenset(
    {
        *("PMP", "CAPM", "CPA", "CFA", "CMA", "CIMA", "ACCA", "CISSP", "CISA", "CISM", "CEH", "OSCP"),
        *("CCNA", "CCNP", "CCIE", "ITIL", "PRINCE2", "CSM", "PSM", "PHR", "SPHR", "SHRM-CP", "SHRM-SCP"),
        *("RHCE", "RHCSA", "CKA", "CKAD", "Security+", "Network+", "A+", "CompTIA", "CFP", "FRM"),
    }
)
_TITLE_NOUNS = frozenset(
    {
        *("engineer", "developer", "programmer", "architect", "scientist", "analyst", "designer"),
        *("manager", "director", "lead", "head", "officer", "president", "vp", "cto", "ceo", "cfo"),
        *("coo", "cio", "founder", "co-founder", "owner", "partner", "principal", "consultant"),
        *("specialist", "administrator", "coordinator", "associate", "assistant", "advisor", "adviser"),
        *("intern", "technician", "representative", "executive", "strategist", "researcher", "editor"),
        *("writer", "producer", "supervisor", "recruiter", "marketer", "attorney", "lawyer", "paralegal"),
        *("accountant", "auditor", "controller", "nurse", "physician", "therapist", "pharmacist"),
        *("teacher", "tutor", "instructor", "professor", "lecturer", "counselor", "counsellor", "chef"),
        *("planner", "buyer", "agent", "clerk", "operator", "tester", "steward", "fellow", "trainer"),
    }
)
_CALENDAR = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
        *("october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday"),
        *("saturday", "sunday", "spring", "summer", "autumn", "fall", "winter"),
    }
)
# Degree words (full stops removed, lower case) and the level each one names.
_DEGREES = {
    **dict.fromkeys(("phd", "dphil", "doctorate", "edd", "md", "jd"), "doctorate"),
    **dict.fromkeys(("mba", "emba"), "mba"),
    **dict.fromkeys(("bsc", "beng", "bba", "bfa", "llb", "bcom", "bed", "btech", "bachelor"), "bachelor"),
    **dict.fromkeys(("bachelors", "ba", "bs"), "bachelor"),
    **dict.fromkeys(("msc", "meng", "mfa", "llm", "mphil", "mres", "mtech", "master", "masters"), "master"),
    **dict.fromkeys(("ma", "ms"), "master"),
    **dict.fromkeys(("associate", "associates"), "associate"),
    "doctoral": "doctorate",
}
# These name a degree only in context (Scrum Master, Boston MA, MS Office, Associate Product Manager).
_DEGREES_IN_CONTEXT = frozenset({"bachelor", "bachelors", "master", "masters", "associate", "associates"})
_DEGREES_IN_CONTEXT |= {"ba", "bs", "ma", "ms", "md", "jd", "doctoral", "bed"}
_DEGREE_CONTEXT = frozenset({"of", "in", "degree", "degrees", "program", "programme"})
# An MBA is a master's degree: a profile with one may speak of its master's.
_IMPLIED_LEVELS = {"mba": ("master",)}


class _Word(NamedTuple):  # a tuple: built once per token, several times cheaper than a frozen dataclass
    text: str  # as written, without a trailing full stop or possessive
    folded: str
    capital: bool
    closes: bool  # a name cannot go on past it (a full stop or possessive ended it)
    possessive: bool
    dotted: bool  # written with inner full stops ("B.Sc.", "M.A."; not "MA." at a sentence's end)


def _words(sentence: str) -> list[_Word]:
    """The sentence's words and marks, read once."""
    words = []
    for token in _TOKEN.findall(sentence):
        if not token[0].isalnum():  # a mark: the same test as the pattern's `[^\W_]`
            words.append(_Word(token, token, False, False, False, False))
            continue
        text = token.rstrip("'\u2019-")
        possessive = text.endswith(_POSSESSIVES)
        if possessive:
            text = text[:-2]
        bare = text.rstrip(".")
        folded = bare.casefold()
        closes = possessive or (bare != text and folded not in _TITLE_ABBREVIATIONS)
        capital = bare[:1].isupper() and folded not in _PRONOUNS
        words.append(_Word(bare, folded, capital, closes, possessive, "." in bare))
    return words


def _key(text: str, noise: frozenset[str] = _NAME_NOISE) -> tuple[str, ...]:
    """A name's words folded, without legal suffixes and filler: how names are compared."""
    return tuple(word for word in _KEY_WORD.findall(text.casefold()) if word not in noise)[:_MAX_KEY_WORDS]


class _Names:
    """Known names: a name is allowed when its key is a run of words of a known key (or, with
    `prefix`, starts with a whole known key: "Acme Labs" after "Acme")."""

    def __init__(self, noise: frozenset[str] = _NAME_NOISE) -> None:
        self._noise = noise
        self._whole: set[tuple[str, ...]] = set()
        self._parts: set[tuple[str, ...]] = set()

    def add(self, name: str | None) -> None:
        key = _key(name or "", self._noise)
        if key and key not in self._whole:
            self._whole.add(key)
            self._parts.update(key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1))

    def update(self, names: Iterable[str | None]) -> None:
        for name in names:
            self.add(name)

    def knows(self, name: str, *, prefix: bool = False) -> bool:
        key = _key(name, self._noise)
        if not key or key in self._parts:
            return True
        return prefix and any(key[:size] in self._whole for size in range(1, len(key)))


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str  # employer | title | degree | institution | certification | skill | number
    value: str
    key: str = ""  # what is compared: a degree's level, a skill's canonical term, a number's value


def _run_stop(words: Sequence[_Word], start: int) -> int:
    """Where the run of Capitalised words starting at `start` ends (MAX_RUN_WORDS at most)."""
    stop, count = start + 1, len(words)
    while stop < count and stop - start < MAX_RUN_WORDS and not words[stop - 1].closes:
        if words[stop].capital:
            stop += 1
        elif words[stop].folded in _CONNECTORS and stop + 1 < count and words[stop + 1].capital:
            stop += 2
        else:
            break
    return stop


def _runs(words: Sequence[_Word]) -> Iterator[tuple[int, int]]:
    """The runs of Capitalised words, as [start, stop) word positions."""
    index = 0
    while index < len(words):
        if words[index].capital:
            stop = _run_stop(words, index)
            yield index, stop
            index = stop
        else:
            index += 1


def _run_claim(words: Sequence[_Word], start: int, stop: int) -> Claim | None:
    """What a run of Capitalised words claims, if anything (see the module's rules)."""
    before = ["", "", *(words[i].folded for i in range(max(start - 2, 0), start))]
    while start < stop and words[start].folded in _LEADING:
        before.append(words[start].folded)
        start += 1
    run = words[start:stop]
    if not run:
        return None
    value = " ".join(word.text for word in run)
    folded = {word.folded for word in run}
    if folded & _INSTITUTION_WORDS and len(run) > 1:
        return Claim("institution", value)
    suffixed = stop < len(words) and words[stop].folded in _CERTIFICATION_WORDS and not run[-1].closes
    if suffixed:
        value = f"{value} {words[stop].text}"
    if suffixed or folded & _CERTIFICATION_WORDS or any(w.text in _CERTIFICATION_ACRONYMS for w in run):
        return Claim("certification", value) if _key(value, _CERTIFICATION_NOISE) else None
    prev, prev2 = before[-1], before[-2]
    if folded & _TITLE_NOUNS and (prev == "as" or (prev in _ARTICLES and prev2 == "as")):
        return Claim("title", value)
    introduced = prev in _EMPLOYER_TRIGGERS or (prev in _ARTICLES and prev2 in _EMPLOYER_TRIGGERS)
    incorporated = len(run) > 1 and run[-1].folded in _LEGAL_SUFFIXES
    if (introduced or incorporated) and not (len(run) == 1 and run[0].folded in _CALENDAR):
        return Claim("employer", value)
    return None


def _name_claims(words: Sequence[_Word]) -> Iterator[Claim]:
    for start, stop in _runs(words):
        claim = _run_claim(words, start, stop)
        if claim is not None:
            yield claim


def _degree_claims(words: Sequence[_Word]) -> Iterator[Claim]:
    """Degrees (with their level as key) and fields of study (`... degree in X`) named in a sentence."""
    index = 0
    while index < len(words):
        word = words[index]
        name = word.folded.replace(".", "")
        following = words[index + 1].folded if index + 1 < len(words) else ""
        level = _DEGREES.get(name)
        if level is not None and name in _DEGREES_IN_CONTEXT:
            in_context = word.possessive or following in _DEGREE_CONTEXT or (word.dotted and len(name) == 2)
            level = level if in_context else None
        if level is None and name != "degree":
            index += 1
            continue
        field_name, index = _field_after(words, index + 1)
        if level is not None:
            yield Claim("degree", f"{word.text} in {field_name}" if field_name else word.text, level)
        elif field_name:
            yield Claim("degree", f"degree in {field_name}")


def _field_after(words: Sequence[_Word], index: int) -> tuple[str, int]:
    """The Capitalised field after a degree word, `in X` past any `degree` and `of Y` ("Master of
    Science in X"), and the position after what was read."""
    count = len(words)
    if index < count and words[index].folded in ("degree", "degrees"):
        index += 1
    if index + 1 < count and words[index].folded == "of" and words[index + 1].capital:
        index = _run_stop(words, index + 1)
    if index + 1 < count and words[index].folded == "in" and words[index + 1].capital:
        stop = _run_stop(words, index + 1)
        return " ".join(word.text for word in words[index + 1 : stop]), stop
    return "", index


def _numbers(text: str) -> Iterator[tuple[str, Decimal]]:
    """Each number written in digits, with its value (a `k`, `m`, `million` ... suffix applied)."""
    for match in _NUMBER.finditer(text):
        value = Decimal(match.group(1).replace(",", ""))
        yield match.group(0).strip(), value * _SCALE.get((match.group(2) or "").lower(), Decimal(1))


def _masked(text: str, phrases: Collection[str]) -> str:
    """`text` with the job's own title and company blanked out: what they say is allowed."""
    lower = text.lower()
    if len(lower) != len(text):  # a character whose lower case is longer: positions would not match
        return text
    chars = list(text)
    for phrase in phrases:
        start = lower.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            # Whole words only: a company called Java does not hide JavaScript.
            if not (lower[start - 1 : start].isalnum() or lower[end : end + 1].isalnum()):
                chars[start:end] = " " * len(phrase)
            start = lower.find(phrase, end)
    return "".join(chars)


@dataclass(frozen=True)
class _Pools:
    names: _Names = field(default_factory=_Names)  # organisations and every other name
    titles: _Names = field(default_factory=_Names)
    certifications: _Names = field(default_factory=lambda: _Names(_CERTIFICATION_NOISE))
    fields: _Names = field(default_factory=_Names)  # fields of study

    def learn(self, sentence: str) -> Iterator[str]:
        """Take in the names a sentence of the profile holds; answers the degree levels it names."""
        words = _words(sentence)
        for start, stop in _runs(words):
            run = " ".join(word.text for word in words[start:stop])
            self.names.add(run)
            if any(word.folded in _TITLE_NOUNS for word in words[start:stop]):
                self.titles.add(run)
        pools = {"employer": self.names, "institution": self.names, "title": self.titles}
        for claim in _name_claims(words):
            pools.get(claim.kind, self.certifications).add(claim.value)
        for claim in _degree_claims(words):
            self.fields.add(claim.value.partition(" in ")[2])
            if claim.key:
                yield claim.key


@dataclass(frozen=True)
class _Knowledge:
    """What the profile's own texts and fields establish (the costly part of the facts)."""

    pools: _Pools
    degree_levels: frozenset[str]
    skills: frozenset[str]  # canonical vocabulary terms
    numbers: frozenset[Decimal]  # written in the texts and dates


# Facts are read again for every letter and enhanced resume made from an unchanged profile: kept for
# the most recent profiles, keyed by every text and field they are read from (never by an id, so a
# changed profile can never find stale facts). A few hundred KB each at most.
_KNOWLEDGE_KEPT = 64


@lru_cache(maxsize=_KNOWLEDGE_KEPT)
def _knowledge(
    vocabulary: SkillVocabulary,
    *,
    texts: tuple[str, ...],
    proper: tuple[str | None, ...],
    titles: tuple[str, ...],
    certifications: tuple[str, ...],
    skill_names: tuple[str, ...],
    degrees: tuple[tuple[str, str | None], ...],
    dates: tuple[str, ...],
) -> _Knowledge:
    pools = _Pools()
    pools.names.update(proper)
    pools.titles.update(titles)
    pools.certifications.update([*certifications, *skill_names])
    pools.certifications.update(_initials(name) for name in certifications)  # "CKA", "PMP"
    pools.fields.update(value for pair in degrees for value in pair)
    levels = {level for degree, _ in degrees for level in _levels(degree)}
    for text in texts:
        for sentence in sentences_of(text):
            levels.update(pools.learn(sentence))
    numbers = {value for text in [*texts, *dates] for _, value in _numbers(text)}
    acronyms = [_initials(name).upper() for name in certifications]  # a PMP holder may name the skill PMP
    found = {
        term
        for text in dict.fromkeys([*texts, *skill_names, *acronyms])
        for term in vocabulary.find(text, limit=len(text))
    }
    return _Knowledge(pools, frozenset(_with_implied(levels)), frozenset(found), frozenset(numbers))


@dataclass(frozen=True)
class ProfileFacts:
    """What a document may state: the profile's names, titles, degrees, certifications, skills and numbers."""

    vocabulary: SkillVocabulary
    pools: _Pools
    outside: _Pools  # the job's title and company and the names given: names and titles only
    degree_levels: frozenset[str]
    skills: frozenset[str]  # canonical vocabulary terms
    numbers: frozenset[Decimal]
    job_phrases: tuple[str, ...]  # lower case; blanked out before skills and numbers are read

    @classmethod
    def from_profile(
        cls,
        profile: MasterProfile,
        job: Job | None,
        skill_vocabulary: SkillVocabulary,
        *,
        names: Collection[str | None] = (),
        today: date | None = None,
    ) -> ProfileFacts:
        """The facts of `profile`; the job's title and company (none when enhancing a profile) and `names`
        (the company a letter is addressed to, the hiring manager) are allowed too. `today` ends current
        jobs (default: now)."""
        info, skills = profile.personal_info, profile.skills
        experiences, education, projects = profile.experiences, profile.education, profile.projects
        certifications = profile.certifications
        languages = [str(language.get("name", "")) for language in skills.get("languages", [])]
        skill_names = [*skills.get("technical", []), *skills.get("soft", []), *languages]
        prose = [
            profile.professional_summary,
            profile.enhanced_professional_summary,
            *(text for e in experiences for text in (e.description, e.enhanced_description, *e.achievements)),
            *(text for p in projects for text in (p.description, p.enhanced_description, *p.highlights)),
            *(text for e in education for text in (e.description, *e.honors, *e.relevant_coursework)),
        ]
        proper = [
            info.get("full_name"),
            info.get("location"),
            *(value for e in experiences for value in (e.company, e.location, e.industry, e.title)),
            *(value for e in education for value in (e.institution, e.degree, e.field_of_study)),
            *(p.name for p in projects),
            *(value for c in certifications for value in (c.name, c.issuer)),
            *skill_names,
            *(t for e in experiences for t in e.technologies),
            *(t for p in projects for t in p.technologies),
        ]
        dates = [
            *(value for e in experiences for value in (e.start_date, e.end_date)),
            *(value for e in education for value in (e.start_date, e.end_date)),
            *(value for p in projects for value in (p.start_date, p.end_date)),
            *(value for c in certifications for value in (c.date_obtained, c.expiry_date)),
        ]
        known = _knowledge(
            skill_vocabulary,
            # Each text once: technologies, skills and places repeat across items (a third of the texts).
            texts=tuple(text for text in dict.fromkeys([*prose, *proper]) if text),
            proper=tuple(proper),
            titles=tuple(e.title for e in experiences),
            certifications=tuple(c.name for c in certifications),
            skill_names=tuple(skill_names),
            degrees=tuple((e.degree, e.field_of_study) for e in education),
            dates=tuple(value for value in dates if value),
        )
        # The job's own title and company, and the names given, may be named but add no skill or number.
        job_names = () if job is None else (job.title, job.company)
        outside = [name for name in (*job_names, *names) if name and name.strip()]
        outside_pools = _Pools()
        outside_pools.names.update(outside)
        outside_pools.titles.update(job_names[:1])
        return cls(
            vocabulary=skill_vocabulary,
            pools=known.pools,
            outside=outside_pools,
            degree_levels=known.degree_levels,
            skills=known.skills,
            numbers=known.numbers | _derived_numbers(profile, today or utc_now().date()),
            job_phrases=tuple(name.strip().lower() for name in outside),
        )

    def claims(self, sentence: str) -> list[Claim]:
        """The claims in `sentence` that the profile does not support, each kind and value once."""
        words = _words(sentence)
        found: dict[tuple[str, str], Claim] = {}
        for claim in _name_claims(words):
            if not self._allows_name(claim):
                found.setdefault((claim.kind, claim.value), claim)
        for claim in _degree_claims(words):
            level_known = not claim.key or claim.key in self.degree_levels
            if not (level_known and self.pools.fields.knows(claim.value.partition(" in ")[2])):
                found.setdefault((claim.kind, claim.value), claim)
        masked = _masked(sentence, self.job_phrases)
        for term in self.vocabulary.find(masked, limit=len(masked)):
            if term not in self.skills:
                found.setdefault(("skill", term), Claim("skill", term, term))
        for text, value in _numbers(masked):
            if value not in self.numbers:
                found.setdefault(("number", text), Claim("number", text, str(value)))
        return list(found.values())

    def _allows_name(self, claim: Claim) -> bool:
        if claim.kind == "title":
            return self.pools.titles.knows(claim.value) or self.outside.titles.knows(claim.value)
        if claim.kind == "certification":
            return self.pools.certifications.knows(claim.value)
        # A skill's name after "with" or "at" ("with Python") is a skill claim, judged as one.
        if claim.kind == "employer" and self.vocabulary.find(claim.value, limit=1):
            return True
        return self.pools.names.knows(claim.value, prefix=True) or self.outside.names.knows(
            claim.value, prefix=True
        )


def _initials(name: str) -> str:
    """The acronym of a name of several words ("Certified Kubernetes Administrator": CKA), else ""."""
    words = _KEY_WORD.findall(name)
    return "".join(word[0] for word in words) if len(words) > 1 else ""


def _levels(degree: str) -> Iterator[str]:
    for word in _KEY_WORD.findall(degree.casefold().replace(".", "")):
        if word in _DEGREES:
            yield _DEGREES[word]


def _with_implied(levels: Iterable[str]) -> set[str]:
    return {implied for level in levels for implied in (level, *_IMPLIED_LEVELS.get(level, ()))}


def _derived_numbers(profile: MasterProfile, today: date) -> set[Decimal]:
    """Figures a writer may fairly derive: years of experience (in total and per job: 1 dp, whole, and
    rounded) and how many experiences, projects, education entries, certifications and languages."""
    spans = [years_of_experience(profile.experiences, today)]
    spans += [years_of_experience([experience], today) for experience in profile.experiences]
    years = {Decimal(str(span)) for span in spans}
    years |= {Decimal(int(span)) for span in spans} | {Decimal(int(span + 0.5)) for span in spans}
    counts = (
        len(profile.experiences),
        len(profile.projects),
        len(profile.education),
        len(profile.certifications),
        len(profile.skills.get("languages", [])),
    )
    return years | {Decimal(count) for count in counts}


@dataclass(frozen=True)
class GuardResult:
    """The paragraphs left once every sentence with an unsupported claim is dropped, and what was found."""

    paragraphs: list[str]
    removed: list[dict[str, str]]


def guard_paragraphs(paragraphs: Iterable[str], facts: ProfileFacts) -> GuardResult:
    """Drop each sentence that claims a fact the profile lacks; a paragraph left empty disappears.
    An untouched paragraph is kept exactly as written."""
    kept: list[str] = []
    removed: list[dict[str, str]] = []
    for paragraph in paragraphs:
        sentences = sentences_of(paragraph)
        survivors = []
        for sentence in sentences:
            claims = facts.claims(sentence)
            removed += [{"kind": c.kind, "value": c.value, "sentence": sentence} for c in claims]
            if not claims:
                survivors.append(sentence)
        if len(survivors) == len(sentences):
            if paragraph.strip():
                kept.append(paragraph)
        elif survivors:
            kept.append(" ".join(survivors))
    return GuardResult(kept, removed)
