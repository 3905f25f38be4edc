"""Title, company and place from the top of a posting: labels, header lines, hiring sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.job_parsing.signals import city_and_region, place


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that name a job (each also counts with a plural "s"), looked up in a set: one alternation of
# 200 words tried at every word boundary was the slowest pattern of the parser.
ROLE_WORDS = _word_set(
    """
    engineer developer programmer architect manager director head lead designer analyst scientist
    specialist consultant coordinator administrator assistant associate officer representative rep
    technician nurse teacher tutor accountant bookkeeper clerk cashier driver operator mechanic
    electrician plumber welder carpenter chef cook barista server bartender receptionist intern
    internship trainee writer editor copywriter marketer recruiter advisor adviser agent planner buyer
    strategist therapist pharmacist physician doctor dentist hygienist paralegal attorney lawyer
    counsel auditor controller investigator inspector supervisor foreman worker producer photographer
    researcher professor lecturer instructor coach caregiver aide housekeeper cleaner janitor guard
    vp cto ceo cfo coo sre devops owner partner expert generalist fellow apprentice handler attendant
    picker packer loader dispatcher estimator surveyor scheduler steward host hostess stylist artist
    animator illustrator translator interpreter librarian curator veterinarian technologist
    sonographer paramedic emt midwife psychologist counselor counsellor
    """
)
_WORD = re.compile(r"\w+")
LABEL_TITLE = frozenset({"title", "job title", "position", "role", "job", "vacancy", "opening", "job role"})
LABEL_COMPANY = frozenset({"company", "employer", "organization", "organisation", "company name"})

HEADER_LINE_MAX = 300  # a longer line is a paragraph, never a header line

# The patterns read normalised text (single spaces, see text.normalize_whitespace).
_AT = re.compile(r" (?:at|@) ")  # `Title at Company`; the company stops at the first of _COMPANY_END
_COMPANY_END = re.compile(r"[,|(\u2013\u2014-]")
_HIRING = re.compile(
    r"^(?P<company>[A-Z][\w&.' -]{1,60}?) (?:is|are) (?:hiring|looking for|seeking|recruiting)"
    r"(?: an?)? (?P<title>[^.!:]+)",
)
_JOIN_AS = re.compile(r"^Join (?P<company>[A-Z][\w&.' -]{1,60}?) as (?:an? )?(?P<title>[^.!:]+)")
_TITLE_TAIL = re.compile(r" (?:to|who|that|for|with|in|on) (?s:.*)| ?[,;(](?s:.*)")
_TITLE_WORD = r"[A-Z][\w/&+#.-]*"
_WE_SEEK = re.compile(
    r"\b(?:looking for|seeking|hiring|searching for|recruiting) (?:an? )?"
    r"(?:(?:experienced|talented|motivated|passionate|skilled|dedicated|friendly|reliable|driven) )*"
    rf"(?P<title>{_TITLE_WORD}(?: {_TITLE_WORD}){{0,6}})"
)
# A name of up to seven words: bounded, so a run of capitalised words is not rescanned from each one.
_NAME = r"[A-Z][\w&'.-]*(?: (?:[A-Z][\w&'.-]*|of|&|and)){0,6}"
_COMPANY_IN_PROSE = (
    re.compile(rf"\b(?:join|joining) (?:the team at |our team at |us at )?(?P<company>{_NAME})"),
    re.compile(r"\bAt (?P<company>[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,3}), (?:we|our)\b"),
    re.compile(
        rf"(?:^|(?<=[.!?] )|(?<=\n))(?P<company>{_NAME}) (?:is (?:a|an|the)|are (?:a|an)|builds|makes|sells"
        r"|helps|provides|designs|develops|creates|connects|distributes|serves|operates|runs) "
    ),
)
_PROSE_WINDOW = 800  # company names in prose are looked for near the top only
_COMPANY_SUFFIX = re.compile(
    r"\b(?:inc|llc|ltd|limited|gmbh|corp|corporation|co|group|labs|plc|llp|ag|sa|bv|company|partners"
    r"|holdings|studio|agency|bank|health|hospital|school|university)\.?$",
    re.IGNORECASE,
)
_ABOUT = re.compile(r"^About (?P<company>.+)$")
_NOT_COMPANY_AFTER_ABOUT = re.compile(
    r"^(?:the|this|us|you|our|your|role|position|job|team|company|opportunity|me)\b", re.IGNORECASE
)
_SEPARATORS = re.compile(r" [|\u2013\u2014·•-] | ?[|·•] ?")
_TITLE_NOISE = re.compile(
    r" ?\((?:[mfwdx]/[mfwdx]/[mfwdx]|all genders|remote|hybrid|on-?site|full[- ]time|part[- ]time"
    r"|contract(?:[- ]to[- ]hire)?|freelance|temporary|temp)[^()]*\)"
    r"| ?[-\u2013] ?remote$|^(?:we(?:'re| are) hiring|now hiring|hiring|job) ?[:!-] ?",
    re.IGNORECASE,
)
_PARENTHESISED_PLACE = re.compile(r"\((remote|hybrid|on-?site), ?([^()]+(?:\([^()]*\)[^()]*)*)\)", re.I)
_TWO_DIGITS = re.compile(r"\d\d")
_META = re.compile(
    r"\b(?:full|part)[- ]?time\b|\bcontract\b|\bfreelance\b|\binternship\b|\btemporary\b|\bpermanent\b"
    r"|\bremote\b|\bhybrid\b|\bon-?site\b|[$€£]|\bsalary\b|\bposted\b|\bapply\b",
    re.IGNORECASE,
)
_SMALL_WORDS = {"of", "and", "the", "for", "in", "at", "to", "a", "an", "or", "with"}
_GENERIC_NAMES = {"the", "our", "a", "an", "we", "us", "you", "this", "it", "there", "that"}


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None = None
    company: str | None = None
    location: str | None = None
    lines_used: int = 0  # how many of the header lines offered it consumed


def from_labels(labels: dict[str, str]) -> Header:
    title = next((value for key, value in labels.items() if key in LABEL_TITLE), None)
    company = next((value for key, value in labels.items() if key in LABEL_COMPANY), None)
    return Header(title=clean_title(title) if title else None, company=company)


def from_lines(lines: list[str], text: str) -> Header:
    """Read up to three header lines: the title line, then maybe a company line and a place line."""
    found = _from_first_line(lines[0], lines[1] if len(lines) > 1 else None, text)
    for extra in lines[found.lines_used : found.lines_used + 1]:
        where = _place_line(extra)
        if where is not None and found.location is None:
            return Header(found.title, found.company, where, found.lines_used + 1)
    return found


def _from_first_line(first: str, second: str | None, text: str) -> Header:
    for pattern in (_HIRING, _JOIN_AS):
        found = pattern.match(first)
        if found:
            return Header(
                title=clean_title(_TITLE_TAIL.sub("", found.group("title"))),
                company=tidy(found.group("company")),
                lines_used=1,
            )
    company_line = _company_line(second, text) if second is not None else None
    segments = [part.strip() for part in _SEPARATORS.split(first) if part.strip()]
    if len(segments) > 1:
        return _from_segments(first, segments, text, company_line)
    at = _title_at_company(first)
    if at and names_a_role(at[0]) and len(first) <= 120:
        where = _parenthesised_place(at[2].strip(" ,|\u2013\u2014-"))
        return Header(clean_title(at[0]), tidy(at[1]), place(where), 1)
    if is_sentence(first):
        return Header()
    if company_line is None:
        return Header(title=clean_title(first), lines_used=1)
    return Header(clean_title(first), company_line[0], company_line[1], 2)


def _from_segments(
    first: str, segments: list[str], text: str, company_line: tuple[str, str | None] | None
) -> Header:
    """`Title | Company | Place` in any order: role words tell the title, the company recurs in the text."""
    places = [segment for segment in segments if place(segment)]
    others = [segment for segment in segments if segment not in places]
    titles = [segment for segment in others if names_a_role(segment)]
    title = titles[0] if titles else (others[0] if others else segments[0])
    where = place(places[0]) if places else None
    at = _title_at_company(title)
    if at and names_a_role(at[0]):
        return Header(clean_title(at[0]), tidy(at[1]), where, 1)
    rest = [segment for segment in others if segment != title and not _META.search(segment)]
    companies = [segment for segment in rest if places or _names_a_company(segment, text)]
    if companies:
        return Header(clean_title(title), tidy(companies[0]), where, 1)
    # "Registered Nurse - ICU", "Dental Hygienist - Part Time": the rest qualifies the title.
    kept = [s for s in segments if s == title or (s not in places and not _META.search(s))]
    full_title = clean_title(first[first.index(kept[0]) : first.rindex(kept[-1]) + len(kept[-1])])
    if company_line is not None:
        return Header(full_title, company_line[0], where or company_line[1], 2)
    return Header(title=full_title, location=where, lines_used=1)


def names_a_role(text: str) -> bool:
    """Whether `text` has a word naming a job ("Engineer", "nurses")."""
    for word in _WORD.findall(text.lower()):
        if word in ROLE_WORDS or (word.endswith("s") and word[:-1] in ROLE_WORDS):
            return True
    return False


def _title_at_company(line: str) -> tuple[str, str, str] | None:
    """`Title at Company, rest` (or `@`) as (title, company, rest); the company ends at `,|(` or a dash."""
    found = _AT.search(line, 1)
    if found is None:
        return None
    rest = line[found.end() :]
    end = _COMPANY_END.search(rest)
    company = rest[: end.start()] if end else rest
    if not company.strip():
        return None
    return line[: found.start()], company, rest[len(company) :]


def _names_a_company(segment: str, text: str) -> bool:
    """A header segment is the company when it reads like one and the posting names it again."""
    if not looks_like_company(segment):
        return False
    return bool(_COMPANY_SUFFIX.search(segment)) or text.count(segment) > 1


def _parenthesised_place(text: str) -> str:
    """`(Remote, US time zones)` reads as `Remote (US time zones)`."""
    found = _PARENTHESISED_PLACE.fullmatch(text)
    if found:
        return f"{found.group(1)} ({found.group(2)})"
    return text.strip("()")


def _company_line(line: str, text: str) -> tuple[str, str | None] | None:
    """A line naming the company, maybe with a place (`Acme · Austin, TX`, `Harbor Hotel, Monterey, CA`)."""
    if len(line) > HEADER_LINE_MAX:
        return None
    segments = [part.strip() for part in _SEPARATORS.split(line) if part.strip()]
    names = [segment for segment in segments if not place(segment) and not _META.search(segment)]
    where = next((place(segment) for segment in segments if place(segment)), None)
    if len(names) == 1 and where is None:
        city = city_and_region(names[0])
        if city and names[0].endswith(city) and len(names[0]) > len(city) + 2:
            names, where = [names[0][: -len(city)].rstrip(" ,")], city
    if len(names) != 1 or not looks_like_company(names[0]):
        return None
    return _usual_case(tidy(names[0]), text), where


def _usual_case(name: str, text: str) -> str:
    """A name shouted in capitals (`RIVERBEND HEALTH`) as the posting writes it elsewhere, if it does."""
    if not name.isupper() or len(name) < 5:
        return name
    folded, wanted = text.lower(), name.lower()
    if len(folded) != len(text):  # a few letters lower-case to two characters: offsets would not match
        return name
    index = folded.find(wanted)
    while index >= 0:
        if not text[index : index + len(name)].isupper():
            return text[index : index + len(name)]
        index = folded.find(wanted, index + 1)
    return name


def _place_line(line: str) -> str | None:
    """A header line that only says where (`Austin, TX · Hybrid`), as that place."""
    if len(line) > HEADER_LINE_MAX:
        return None
    if place(line):
        return place(line)
    segments = [part.strip() for part in _SEPARATORS.split(line) if part.strip()]
    places = [place(segment) for segment in segments]
    if not segments or not all(
        where or _META.search(seg) for where, seg in zip(places, segments, strict=True)
    ):
        return None
    return next((where for where in places if where), None)


def from_prose(text: str) -> Header:
    """Title and company from sentences ("We're looking for a Staff Nurse to join St Mary's")."""
    seek = _WE_SEEK.search(text)
    title = clean_title(seek.group("title")) if seek and names_a_role(seek.group("title")) else None
    return Header(title=title, company=company_from_prose(text))


def company_from_prose(text: str) -> str | None:
    for pattern in _COMPANY_IN_PROSE:
        for found in pattern.finditer(text[:_PROSE_WINDOW]):
            company = found.group("company")
            words = company.split()
            if words[0].lower() not in _GENERIC_NAMES or (len(words) > 1 and words[0] == "The"):
                return tidy(company)
    return None


def company_from_about(heading: str) -> str | None:
    found = _ABOUT.match(heading)
    if found is None or _NOT_COMPANY_AFTER_ABOUT.match(found.group("company")):
        return None
    return tidy(found.group("company"))


def looks_like_company(text: str) -> bool:
    """A short name-like text: no sentence, label, figure or job description."""
    return (
        0 < len(text) <= 80
        and len(text.split()) <= 8
        and not is_sentence(text)
        and ":" not in text
        and not _TWO_DIGITS.search(text)
        and not _META.search(text)
        and (not names_a_role(text) or bool(_COMPANY_SUFFIX.search(text)))
    )


def clean_title(text: str) -> str:
    text = _TITLE_NOISE.sub("", text).strip(" -\u2013\u2014|:,*#")
    if text.isupper():
        words = text.lower().split()
        text = " ".join(w if i and w in _SMALL_WORDS else w.capitalize() for i, w in enumerate(words))
    return text[:200]


def tidy(text: str) -> str:
    return text.strip(" -\u2013\u2014|:,()*#")[:200]


def is_sentence(text: str) -> bool:
    words = text.split()
    ends_like_one = text.endswith(("!", "?")) or (text.endswith(".") and not _COMPANY_SUFFIX.search(text))
    return len(text) > 100 or len(words) > 12 or (ends_like_one and len(words) > 3)
