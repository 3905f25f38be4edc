"""Line-level reading of a posting: markdown and bullets stripped, headings and labels recognised.

Every pattern of the parser reads text that went through `normalize_whitespace` first: lines split at
any line break, every other whitespace character (tabs, no-break and ideographic spaces) turned into a
plain space, runs of spaces and of blank lines collapsed. A pattern can therefore write one space where
a posting might have any run of whitespace, and stays free of adjacent whitespace runs, which backtrack
polynomially. tests/unit/test_regex_budget.py holds every pattern to a time budget on adversarial text
of the largest accepted size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class SectionKind(StrEnum):
    REQUIREMENTS = "requirements"
    NICE_TO_HAVE = "nice_to_have"
    BENEFITS = "benefits"
    OTHER = "other"


# Checked in this order: "preferred qualifications" is a nice-to-have, "compensation" a benefit.
_SECTION_PATTERNS = (
    (
        SectionKind.NICE_TO_HAVE,
        r"nice[\s-]*to[\s-]*ha(?:ve|ves)|preferred|bonus (?:points|skills|if)|\bpluses\b|a plus|desirable"
        r"|good to have|extra credit|even better|would be great|not required",
    ),
    (
        SectionKind.BENEFITS,
        r"benefits|perks|what we offer|we offer|our offer|in it for you|in return|why (?:join|work|you)"
        r"|what you(?:'ll| will)? get|compensation|rewards|package|we provide|what we give|good stuff",
    ),
    (
        SectionKind.REQUIREMENTS,
        r"requirement|qualification|what you(?:'ll| will)? (?:need|bring)|looking for|who you are"
        r"|you have|you(?:'ll| will)? bring|must[\s-]*haves?|skills|experience|about you|your profile"
        r"|your background|ideal candidate|you are|you might be|essential|competenc|what it takes"
        r"|you should (?:have|be)|to hear from you|is this you|criteria|who we(?:'re| are) looking"
        r"|what we need",
    ),
    (
        SectionKind.OTHER,
        r"responsibilit|what you(?:'ll| will)? do|the role|about|overview|summary|dut(?:y|ies)"
        r"|day[\s-]to[\s-]day|your (?:role|impact|mission|day)|the job|description|who we are|team"
        r"|opportunity|position|mission|apply|location|schedule|hours|company|culture|values"
        r"|diversity|equal|tasks|you will|you'll|in this role|what we do|stack|tools",
    ),
)
_LIST_KINDS = (SectionKind.REQUIREMENTS, SectionKind.NICE_TO_HAVE, SectionKind.BENEFITS)
_COMPILED_SECTIONS = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _SECTION_PATTERNS)
# For ASCII text lower-cased first, where they match as the patterns above do, in half the time.
_LOWER_CASE_SECTIONS = tuple((kind, re.compile(pattern)) for kind, pattern in _SECTION_PATTERNS)

HEADING_MAX = 60

_BULLET = re.compile(r"^(?:[-*+•·◦▪‣●○■□➢►✓✔]|\u2013|\u2014|\d{1,2}[.)]|\(\d{1,2}\)|\[[ xX]\]) ")
_MD_HEADING = re.compile(r"^#{1,6} ")
# A whole line in bold: matched on the stripped line with any closing colon removed, and at most
# HEADING_MAX characters inside, so the lazy run is bounded.
_BOLD_LINE = re.compile(rf"(?:\*\*|__)(.{{1,{HEADING_MAX}}}?)(?:\*\*|__)")
# Neither part may hold its own opening bracket, so an unclosed `[a](` never scans past the next one.
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|`)")
_SPACES = re.compile(r"  +")
_PICTOGRAPHS = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f\u200d]")
_LABEL = re.compile(r"^([A-Za-z][A-Za-z /&'-]{1,30}?) ?: ?(\S.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?]) (?=[A-Z0-9\"'($€£])")

# Section names as whole lines, with the usual qualifiers in front ("Key responsibilities").
_KNOWN_HEADING = re.compile(
    r"\b(?:(?:key|core|main|your|the|our|job|role|minimum|basic|preferred|required|additional|desired"
    r"|technical|essential|bonus) ){0,3}"
    r"(?:requirements|qualifications|skills(?:\s+(?:&|and)\s+(?:experience|qualifications))?|experience"
    r"|responsibilities|duties|benefits(?:\s+(?:&|and)\s+perks)?|perks(?:\s+(?:&|and)\s+benefits)?"
    r"|nice[\s-]to[\s-]haves?|must[\s-]haves?|what we offer|what you(?:'ll| will)? (?:do|need|bring|get)"
    r"|about (?:you|us|the (?:role|job|team|company|position|opportunity))|who you are|who we are"
    r"|what we(?:'re| are) looking for|the role|role overview|overview|summary|the opportunity"
    r"|compensation(?:\s+(?:&|and)\s+benefits)?|why (?:join|work with|work at) us|how to apply"
    r"|job description|description|your profile|the team|our team|in return|what's in it for you"
    r"|ideal candidate|the ideal candidate|you have|you are|you bring|the position|tasks|your tasks|offer"
    r"|bonus points|pluses|essential(?: criteria)?|desirable(?: criteria)?|what you bring|what we need)"
    r" ?[!:.]?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the posting, cleaned of markdown, with what it looks like."""

    text: str
    bullet: bool = False
    heading: bool = False
    kind: SectionKind | None = None  # for headings: the section they open (None: not one we know)

    @property
    def blank(self) -> bool:
        return not self.text


def normalize_whitespace(text: str) -> str:
    """Lines split at any line break, each with its whitespace runs as one space; no blank-line runs.

    Leading indentation goes too: the parser reads no meaning into it.
    """
    lines: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n")


def clean_inline(text: str) -> str:
    """Drop markdown emphasis, link targets and emoji; collapse spaces."""
    # Each step only when its characters occur: most lines of a posting need none of them.
    if "[" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:
        text = _MD_EMPHASIS.sub("", text)
    if not text.isascii():
        text = _PICTOGRAPHS.sub("", text)
    return _SPACES.sub(" ", text).strip() if "  " in text else text.strip()


def section_kind(text: str) -> SectionKind | None:
    """Which section a heading opens, or None when it names none we know."""
    # Ignoring case matches a few other letters too (the Kelvin sign as "k"): those keep that path.
    patterns = _COMPILED_SECTIONS
    if text.isascii():
        text, patterns = text.lower(), _LOWER_CASE_SECTIONS
    for kind, pattern in patterns:
        if pattern.search(text):
            return kind
    return None


def read_lines(text: str) -> list[Line]:
    """The lines of a posting normalised by `normalize_whitespace`."""
    lines = [_read_line(raw) for raw in text.split("\n")]
    return [_list_heading(lines, index) or line for index, line in enumerate(lines)]


def _list_heading(lines: list[Line], index: int) -> Line | None:
    """A short plain line right above a bullet list, naming a list section, as that section's heading.

    ("Benefits during the contract period" above its bullets.) A line with a colon is left alone: it
    may be a label or an inline list.
    """
    line = lines[index]
    if line.heading or line.bullet or line.blank or len(line.text) > HEADING_MAX or ":" in line.text:
        return None
    if (
        line.text.endswith((".", ",", ";", "!", "?"))
        or index + 1 >= len(lines)
        or not lines[index + 1].bullet
    ):
        return None
    kind = section_kind(line.text)
    if kind not in _LIST_KINDS:
        return None
    return Line(line.text, heading=True, kind=kind)


def _read_line(raw: str) -> Line:
    if not raw:
        return Line("")
    if _MD_HEADING.match(raw):
        title = clean_inline(_MD_HEADING.sub("", raw)).rstrip(":").strip()
        return Line(title, heading=True, kind=section_kind(title))
    bold = _BOLD_LINE.fullmatch(raw.removesuffix(":").rstrip())
    if bold:
        title = clean_inline(bold.group(1)).rstrip(":").strip()
        return Line(title, heading=True, kind=section_kind(title))
    bullet = _BULLET.match(raw)
    text = clean_inline(raw[bullet.end() :] if bullet else raw)
    if bullet:
        return Line(text, bullet=True)
    if _looks_like_heading(text):
        title = text.rstrip(":").strip()
        return Line(title, heading=True, kind=section_kind(title))
    return Line(text)


def _looks_like_heading(text: str) -> bool:
    if len(text) > HEADING_MAX or text.endswith((".", ",", ";")):
        return False
    if text.endswith(":"):
        return True
    if text.isupper():  # first the cheap test, which every all-capitals line passes
        letters = [char for char in text if char.isalpha()]
        if len(letters) >= 4 and all(char.isupper() for char in letters) and len(text.split()) <= 6:
            return True
    # A line that is nothing but a usual section name ("Requirements", "What we offer").
    return _KNOWN_HEADING.fullmatch(text) is not None


def label(text: str) -> tuple[str, str] | None:
    """`Location: Berlin` as ("location", "Berlin"); None when the line is no label."""
    found = _LABEL.match(text)
    if found is None:
        return None
    return found.group(1).strip().lower(), found.group(2).strip()


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def tidy_item(text: str) -> str:
    """A list item as stored: trimmed of trailing separators."""
    return text.strip().rstrip(";,.").strip()
