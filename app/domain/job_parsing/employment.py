"""The employment type a posting states, read from anywhere in it.

Each kind has its wording; the kind named first in the text wins, except that "full-time" only says
how many hours: a contract, temporary post or internship named in the same sentence ("a full-time,
12-month fixed-term contract") is the type. Weekly hours under PART_TIME_HOURS_BELOW are part time.
The patterns read normalised text (single spaces) and are held to the linear-time budget of
tests/unit/test_regex_budget.py like every other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.domain.enums.job import EmploymentType

PART_TIME_HOURS_BELOW = 30  # "20 hours a week" is part time, "37.5 hours per week" is not

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
NUMBER_WORDS: dict[str, int] = {
    **{word: value for value, word in enumerate(_UNITS, start=1)},
    **{word: value for value, word in enumerate(_TEENS, start=10)},
    "nineteen": 19,
    **_TENS,
    **{f"{ten}-{unit}": base + value for ten, base in _TENS.items() for value, unit in enumerate(_UNITS, 1)},
}

# The patterns read the lower-cased text (case-sensitive patterns run about three times faster than
# ignore-case ones). A count is digits or one number word (checked against NUMBER_WORDS).
_COUNT = r"\d{1,2}(?:\.\d{1,2})?|[a-z]{3,9}(?:-[a-z]{3,5})?"
_MONTHS = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)"
_ROLES_ON_CONTRACT = (
    r"engineer|developer|programmer|designer|architect|consultant|recruiter|writer|editor|copywriter|tester"
    r"|researcher|scientist|nurse|technician|accountant|bookkeeper|translator|illustrator|animator"
    r"|photographer|trainer"
)
_INTERNSHIP = re.compile(
    r"\bintern(?:ship)?s?\b|\bco-?op\b|\btrainee(?:ship)?s?\b|\b(?:industrial|work|student) placement\b"
    r"|\bplacement (?:year|student)s?\b"
)
_PART_TIME = re.compile(r"\bpart[- ]?time\b|(?<![\d.])0?\.\d{1,2} ?fte\b")
_TEMPORARY = re.compile(
    r"\btemporary\b|\btemp\b(?![- ]?to)|\bmaternity (?:leave )?cover\b|\bparental leave cover\b"
    r"|\bholiday season\b|\bseasonal (?:[a-z]+ )?(?:role|position|job|work|employment|associate|staff"
    r"|worker|hire|help|crew|employee|opening|vacanc(?:y|ie)|contract)s?\b"
)
_CONTRACT = re.compile(
    r"\bcontract(?:or)? (?:role|position|basis|job|assignment|opportunity|engagement|work|only|post|gig)s?\b"
    r"|\b(?:independent|as an?|freelance) contractor\b|\bfreelan\w*|\bcontract[- ]to[- ](?:hire|perm)\b"
    r"|\b(?:w2|1099|c2c|corp[- ]to[- ]corp)\b|\bon an? (?:fixed[- ]term |short[- ]term )?contract\b"
    r"|\bfixed[- ]term\b"
    rf"|\b{_MONTHS}[- ](?:months?|weeks?)(?:'s?)?[- ](?:contract|engagement|assignment|project|secondment)\b"
    rf"|\binitial {_MONTHS}[- ]months?\b"
    rf"|\b(?:an?|hiring|seeking|recruiting|need|for) contract (?:[a-z]+ ){{0,2}}(?:{_ROLES_ON_CONTRACT})s?\b"
)
_FULL_TIME = re.compile(
    r"\bfull[- ]?time\b|\bpermanent(?:,? full[- ]time)? (?:role|position|job|contract|post|opportunity|basis"
    r"|hire|employment|placement|vacancy)s?\b"
)
_WORDED = (
    (EmploymentType.INTERNSHIP, _INTERNSHIP),
    (EmploymentType.PART_TIME, _PART_TIME),
    (EmploymentType.TEMPORARY, _TEMPORARY),
    (EmploymentType.CONTRACT, _CONTRACT),
    (EmploymentType.FULL_TIME, _FULL_TIME),
)
# "20 hours a week", "20-25 hours per week", "twenty hrs/week", "15 hours weekly".
_WEEKLY_HOURS = re.compile(
    rf"(?<![\w.])(?P<low>{_COUNT})(?: ?(?:-|\u2013|to) ?(?P<high>{_COUNT}))? ?(?:hours?|hrs?)"
    r"(?: ?(?:a|per|each|every|/) ?(?:week|wk)\b| weekly\b)"
)
# A label's value is short, so a bare word states the type there ("Job type: Contract").
_STATED = (
    (EmploymentType.CONTRACT, re.compile(r"\bcontract(?:or)?s?\b")),
    (EmploymentType.TEMPORARY, re.compile(r"\bseasonal\b")),
    (EmploymentType.FULL_TIME, re.compile(r"\bpermanent\b")),
)
_SENTENCE_END = re.compile(r"[.!?](?= |$)|\n")
_NOT_ONLY_HOURS = frozenset({EmploymentType.CONTRACT, EmploymentType.TEMPORARY, EmploymentType.INTERNSHIP})


def employment_type(text: str) -> EmploymentType | None:
    """The employment type `text` names first (see the module docstring), or None when it names none."""
    text = text.lower()
    found = sorted(_named(text))
    if not found:
        return None
    start, kind = found[0]
    if kind is EmploymentType.FULL_TIME:
        stop = _SENTENCE_END.search(text, start)
        end = stop.start() if stop else len(text)
        return next((other for at, other in found if at < end and other in _NOT_ONLY_HOURS), kind)
    return kind


def stated_employment_type(value: str) -> EmploymentType | None:
    """The type an `Employment type:` label's value states; there a bare "Contract" counts."""
    stated = next((kind for kind, word in _STATED if word.search(value.lower())), None)
    return employment_type(value) or stated


def _named(text: str) -> Iterator[tuple[int, EmploymentType]]:
    """Where each kind is first named in the lower-cased `text` (part time also by its hours)."""
    for kind, pattern in _WORDED:
        found = pattern.search(text)
        if found:
            yield found.start(), kind
    for found in _WEEKLY_HOURS.finditer(text):
        low, high = _count(found.group("low")), _count(found.group("high") or "")
        hours = high if high is not None else low
        if hours is not None and hours < PART_TIME_HOURS_BELOW:
            yield found.start(), EmploymentType.PART_TIME
            return


def _count(text: str) -> float | None:
    if not text:
        return None
    if text[0].isdigit():
        return float(text)
    return NUMBER_WORDS.get(text)
