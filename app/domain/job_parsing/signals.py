"""Work arrangement, employment type and location as a posting states them."""

from __future__ import annotations

import re

from app.domain.enums.job import EmploymentType

_HYBRID = re.compile(
    r"\bhybrid\b|\b(?:\d|one|two|three|four)\s*(?:-\s*\d\s*)?days?\s+(?:a|per)\s+week\s+(?:in|at)\s+"
    r"(?:the|our)\s+office|\bpartially remote\b|\bpartly remote\b",
    re.IGNORECASE,
)
_ON_SITE = re.compile(
    r"\bon[- ]?site\b(?!\s+visits?)|\bin[- ]office\b|\bin[- ]person\b|\bnot (?:a )?remote\b|\bno remote\b"
    r"|\bnon[- ]remote\b|\boffice[- ]based\b",
    re.IGNORECASE,
)
_REMOTE = re.compile(
    r"\bremote\b(?!\s+(?:monitoring|sensing|patient|access|support|desktop|control|sites?|areas?"
    r"|locations?|communities|work\s+(?:is\s+)?not|possible\s+on))|\bwork from (?:home|anywhere)\b"
    r"|\bwfh\b|\btelecommut|\bdistributed team\b|\banywhere in the world\b",
    re.IGNORECASE,
)

_EMPLOYMENT = (
    (EmploymentType.INTERNSHIP, re.compile(r"\bintern(?:ship)?s?\b|\bco-?op\b|\btrainee(?:ship)?\b", re.I)),
    (
        EmploymentType.PART_TIME,
        re.compile(r"\bpart[- ]?time\b|\b\d{1,2}\s*hours?\s+(?:a|per)\s+week\b", re.I),
    ),
    (
        EmploymentType.TEMPORARY,
        re.compile(
            r"\btemporary\b|\btemp\b(?![- ]?to)|\bfixed[- ]term\b|\bmaternity cover\b|\bholiday season\b"
            r"|\bseasonal\s+(?:\w+\s+)?(?:role|position|job|work|employment|associate|staff|worker|hire|help)s?\b",
            re.I,
        ),
    ),
    (
        EmploymentType.CONTRACT,
        re.compile(
            r"\bcontract(?:or)?\s+(?:role|position|basis|job|assignment|opportunity|engagement|work|only)\b"
            r"|\b(?:independent|as an?|freelance) contractor\b|\bfreelan\w*|\bcontract[- ]to[- ]hire\b"
            r"|\b\d+[- ]months?\s+contract\b"
            r"|\b(?:w2|1099|c2c|corp[- ]to[- ]corp)\b|\bon a contract\b|\binitial\s+\d+[- ]month",
            re.I,
        ),
    ),
    (EmploymentType.FULL_TIME, re.compile(r"\bfull[- ]?time\b|\bpermanent\b", re.I)),
)
_PART_TIME_HOURS = re.compile(r"\b(\d{1,2})\s*hours?\s+(?:a|per)\s+week\b", re.I)

US_STATES = (
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "DC",
)
CANADIAN_PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "ON", "PE", "QC", "SK")
COUNTRIES = (
    "USA|United States|US|UK|United Kingdom|England|Scotland|Wales|Ireland|Germany|France|Spain|Portugal"
    "|Italy|Netherlands|Belgium|Switzerland|Austria|Sweden|Norway|Denmark|Finland|Poland|Czechia"
    "|Czech Republic|Canada|Mexico|Brazil|Argentina|Australia|New Zealand|India|Singapore|Japan"
    "|South Korea|China|Hong Kong|UAE|United Arab Emirates|South Africa|Nigeria|Kenya|Israel"
)
_PLACE_WORD = r"[A-Z][a-zA-Z.'\u00c0-\u017f-]+"
# A place starts where no place letter precedes it (so `A-B-C` is read once, not from every letter) and
# has at most four words ("Newcastle upon Tyne", "Salt Lake City").
_PLACE = rf"(?<![a-zA-Z.'\u00c0-\u017f-]){_PLACE_WORD}(?: (?:{_PLACE_WORD}|de|del|la|am|upon|on)){{0,3}}"
_CITY_REGION = re.compile(
    rf"\b({_PLACE}), ?(?:({'|'.join((*US_STATES, *CANADIAN_PROVINCES))})\b|({COUNTRIES})\b)"
    rf"(?:, ?(?:{COUNTRIES})\b)?"
)
_ARRANGEMENT_PARENS = re.compile(r" ?\((?:remote|hybrid|on-?site|in[- ]office)[^()]*\) ?", re.IGNORECASE)
_REMOTE_PLACE = re.compile(
    r"(?:fully |100% )?(?:remote|hybrid|on-?site)(?: ?\([^()]{1,40}\)| ?[-\u2013\u2014:,] ?[\w ,/&-]{2,40})?",
    re.IGNORECASE,
)
_REMOTE_WORD = re.compile(r"\bremote\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?")
KNOWN_CITIES = frozenset(
    {
        "seattle",
        "vancouver",
        "prague",
        "warsaw",
        "edinburgh",
        "helsinki",
        "bristol",
        "bengaluru",
        "melbourne",
        "miami",
        "stockholm",
        "new york city",
        "san diego",
        "washington dc",
        "amsterdam",
        "bangalore",
        "madrid",
        "boston",
        "sydney",
        "vienna",
        "tokyo",
        "glasgow",
        "new york",
        "oslo",
        "copenhagen",
        "montreal",
        "berlin",
        "hamburg",
        "austin",
        "chicago",
        "dublin",
        "mumbai",
        "paris",
        "lisbon",
        "denver",
        "manchester",
        "barcelona",
        "zurich",
        "birmingham",
        "san francisco",
        "leeds",
        "toronto",
        "london",
        "munich",
        "los angeles",
        "singapore",
        "portland",
        "atlanta",
    }
)


def is_fully_remote(text: str, *, location: str | None = None) -> bool:
    """True only for fully remote work: hybrid and on-site arrangements are not remote."""
    if _HYBRID.search(text) or (location and _HYBRID.search(location)):
        return False
    if location and _REMOTE_WORD.search(location):
        return not _ON_SITE.search(location)
    return bool(_REMOTE.search(text)) and not _ON_SITE.search(text)


def employment_type(text: str) -> EmploymentType | None:
    """The employment type named first in `text`, or None when none is."""
    found: list[tuple[int, EmploymentType]] = []
    for kind, pattern in _EMPLOYMENT:
        match = pattern.search(text)
        if match:
            found.append((match.start(), kind))
    hours = _PART_TIME_HOURS.search(text)
    if hours and int(hours.group(1)) >= 35:  # "40 hours per week" is full time
        found = [(start, kind) for start, kind in found if kind != EmploymentType.PART_TIME]
    return min(found)[1] if found else None


def city_and_region(text: str) -> str | None:
    """The first `City, ST` or `City, Country` in `text`."""
    match = _CITY_REGION.search(text)
    return match.group(0) if match else None


def place(text: str) -> str | None:
    """A short header fragment as a place (`Berlin`, `Austin, TX`, `Remote (EU)`), or None."""
    text = text.strip(" ,")
    if _REMOTE_PLACE.fullmatch(text):
        return text
    words = _ARRANGEMENT_PARENS.sub(" ", text).strip(" ,")
    if _CITY_REGION.fullmatch(words) or words.lower() in KNOWN_CITIES:
        return words
    return None


def known_city(text: str) -> str | None:
    """The first well-known city named in `text` (used on header lines only)."""
    for found in _CAPITALISED.finditer(text):
        for candidate in (found.group(0), found.group(0).split(" ")[0]):
            if candidate.lower() in KNOWN_CITIES:
                return candidate
    return None
