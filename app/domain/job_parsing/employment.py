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
# A kind is named where the first of its patterns matches. Each pattern begins with a literal word and
# checks the word boundary in a look-behind after it (`temp(?<=\btemp)` is `\btemp`): the regex engine
# then jumps from one occurrence of the word to the next, where one pattern led by `\b` tries every
# position of the posting (five times slower; most postings name none of these kinds).
_INTERNSHIP = (
    re.compile(r"intern(?<=\bintern)(?:ship)?s?\b"),
    re.compile(r"co(?<=\bco)-?op\b"),
    re.compile(r"trainee(?<=\btrainee)(?:ship)?s?\b"),
    re.compile(r"industrial(?<=\bindustrial) placement\b"),
    re.compile(r"work(?<=\bwork) placement\b"),
    re.compile(r"student(?<=\bstudent) placement\b"),
    re.compile(r"placement(?<=\bplacement) (?:year|student)s?\b"),
)
_PART_TIME = (
    re.compile(r"part(?<=\bpart)[- ]?time\b"),
    # "0.5 fte" and ".5 fte", not after a digit or a dot
    re.compile(r"0(?<![\d.]0)\.\d{1,2} ?fte\b"),
    re.compile(r"\.(?<![\d.]\.)\d{1,2} ?fte\b"),
)
_TEMPORARY = (
    re.compile(r"temp(?<=\btemp)(?:orary\b|\b(?![- ]?to))"),
    re.compile(r"maternity(?<=\bmaternity) (?:leave )?cover\b"),
    re.compile(r"parental(?<=\bparental) leave cover\b"),
    re.compile(r"holiday(?<=\bholiday) season\b"),
    re.compile(
        r"seasonal(?<=\bseasonal) (?:[a-z]+ )?(?:role|position|job|work|employment|associate|staff"
        r"|worker|hire|help|crew|employee|opening|vacanc(?:y|ie)|contract)s?\b"
    ),
)
# Left as one pattern: its counts of months alone would take a dozen patterns led by a word.
_CONTRACT = re.compile(
    r"\bcontract(?:or)? (?:role|position|basis|job|assignment|opportunity|engagement|work|only|post|gig)s?\b"
    r"|\b(?:independent|as an?|freelance) contractor\b|\bfreelan\w*|\bcontract[- ]to[- ](?:hire|perm)\b"
    r"|\b(?:w2|1099|c2c|corp[- ]to[- ]corp)\b|\bon an? (?:fixed[- ]term |short[- ]term )?contract\b"
    r"|\bfixed[- ]term\b"
    rf"|\b{_MONTHS}[- ](?:months?|weeks?)(?:'s?)?[- ](?:contract|engagement|assignment|project|secondment)\b"
    rf"|\binitial {_MONTHS}[- ]months?\b"
    rf"|\b(?:an?|hiring|seeking|recruiting|need|for) contract (?:[a-z]+ ){{0,2}}(?:{_ROLES_ON_CONTRACT})s?\b"
)
_FULL_TIME = (
    re.compile(r"full(?<=\bfull)[- ]?time\b"),
    re.compile(
        r"permanent(?<=\bpermanent)(?:,? full[- ]time)? (?:role|position|job|contract|post|opportunity"
        r"|basis|hire|employment|placement|vacancy)s?\b"
    ),
)
_WORDED = (
    (EmploymentType.INTERNSHIP, _INTERNSHIP),
    (EmploymentType.PART_TIME, _PART_TIME),
    (EmploymentType.TEMPORARY, _TEMPORARY),
    (EmploymentType.CONTRACT, (_CONTRACT,)),
    (EmploymentType.FULL_TIME, _FULL_TIME),
)
# "20 hours a week", "20-25 hours per week", "twenty hrs/week", "15 hours weekly".
_HOURS_A_WEEK = r"(?:hours?|hrs?)(?: ?(?:a|per|each|every|/) ?(?:week|wk)\b| weekly\b)"
_WEEKLY_HOURS = re.compile(
    rf"(?<![\w.])(?P<low>{_COUNT})(?: ?(?:-|\u2013|to) ?(?P<high>{_COUNT}))? ?{_HOURS_A_WEEK}"
)
# Led by a literal, so found at once; _WEEKLY_HOURS, which tries every position, starts just before it.
_WEEKLY = re.compile(_HOURS_A_WEEK)
# The most _WEEKLY_HOURS reads before the hours: two _COUNTs of up to 15 characters each
# ([a-z]{3,9}-[a-z]{3,5}), " to " between them and a space after them.
_COUNTS_MAX = 35
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
    for kind, patterns in _WORDED:
        starts = [found.start() for pattern in patterns if (found := pattern.search(text))]
        if starts:
            yield min(starts), kind
    weekly = _WEEKLY.search(text)
    if weekly is None:  # every weekly figure ends in one
        return
    # Every figure starts at most _COUNTS_MAX characters before its hours-a-week: the search starts there
    # (a start position, unlike a slice, lets the look-behind see the character before it).
    for found in _WEEKLY_HOURS.finditer(text, max(0, weekly.start() - _COUNTS_MAX)):
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
