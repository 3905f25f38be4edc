"""Work arrangement and location as a posting states them (the employment type: `employment`)."""

from __future__ import annotations

import re

from app.domain.job_parsing.employment import employment_type as employment_type  # re-exported

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
