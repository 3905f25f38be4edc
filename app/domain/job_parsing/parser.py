"""DeterministicJobParser: a posting's text to a ParsedJob, with rules only (no network, no model)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from app.domain.entities.job import (
    COMPANY_MAX,
    DESCRIPTION_MAX,
    LOCATION_MAX,
    RAW_TEXT_MAX,
    SALARY_MAX,
    TITLE_MAX,
)
from app.domain.enums.job import EmploymentType
from app.domain.job_parsing import header as headers
from app.domain.job_parsing.employment import employment_type, stated_employment_type
from app.domain.job_parsing.parsed_job import UNKNOWN_COMPANY, ParsedJob
from app.domain.job_parsing.salary import extract_salary
from app.domain.job_parsing.signals import city_and_region, is_fully_remote, known_city
from app.domain.job_parsing.skills import SkillVocabulary
from app.domain.job_parsing.text import (
    Line,
    SectionKind,
    label,
    normalize_whitespace,
    read_lines,
    section_kind,
    split_sentences,
    tidy_item,
)

KEYWORDS_MAX = 20
ITEM_MAX = 500
ITEMS_MAX = 40
NICE_PREFIX = "Nice to have: "

_LOCATION_LABELS = {"location", "based in", "office", "where", "work location", "job location", "city"}
_SALARY_LABELS = {"salary", "pay", "compensation", "salary range", "pay range", "rate", "wage", "base salary"}
_TYPE_LABELS = {
    "employment type",
    "job type",
    "type",
    "schedule",
    "contract type",
    "contract",
    "hours",
    "employment",
    "position type",
}
_ARRANGEMENT_LABELS = {
    "remote",
    "work model",
    "workplace",
    "workplace type",
    "work arrangement",
    "work setup",
}
_META_LABELS = (
    headers.LABEL_TITLE | headers.LABEL_COMPANY | _LOCATION_LABELS | _SALARY_LABELS | _TYPE_LABELS
) | _ARRANGEMENT_LABELS
_LIST_KINDS = (SectionKind.REQUIREMENTS, SectionKind.NICE_TO_HAVE, SectionKind.BENEFITS)
_REQUIREMENT_CUE = re.compile(
    r"\b\d+\+?\s*(?:years?|yrs)\b|\bdegree\b|\bbachelor|\bmaster'?s\b|\bmust (?:have|be|hold)\b"
    r"|\brequired\b|\bproficien|\bexperience (?:with|in)\b|\bcertifi|\blicen[cs]e\b|\bknowledge of\b"
    r"|\bfamiliar(?:ity)? with\b",
    re.IGNORECASE,
)
_BENEFIT_CUE = re.compile(
    r"\bhealth(?:care)? (?:insurance|benefits|plan|coverage)|\bdental\b|\b401\(?k\)?|\bpension\b"
    r"|\bpaid time off\b|\bPTO\b|\bparental leave\b|\bstock options\b|\bequity\b|\bgym\b|\bwellness\b"
    r"|\bstipend\b"
    r"|\bflexible (?:hours|schedule|working)\b|\bdiscounts?\b|\btuition\b|\bpaid holidays?\b|\bwellbeing\b"
    r"|\bfree (?:meals|lunch|food|parking|coffee)\b|\bwe (?:can )?offer\b|\ballowance\b"
    r"|\b(?:annual|quarterly|performance|signing|sign-on) bonus\b"
    r"|\b\d+\s+days? (?:of )?(?:paid )?(?:holiday|vacation|leave|annual leave)",
    re.IGNORECASE,
)

_INLINE_SEPARATOR = re.compile(r" ?[;•] ?")


@dataclass
class _Sections:
    requirements: list[str] = field(default_factory=list)
    nice_to_have: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    about_company: str | None = None

    def items(self, kind: SectionKind) -> list[str]:
        if kind == SectionKind.REQUIREMENTS:
            return self.requirements
        if kind == SectionKind.NICE_TO_HAVE:
            return self.nice_to_have
        return self.benefits


class DeterministicJobParser:
    """The rule-based parser; an LLM-backed parser can wrap it and fall back to it on any failure."""

    def __init__(self, vocabulary: SkillVocabulary) -> None:
        self._vocabulary = vocabulary

    async def parse(self, text: str) -> ParsedJob:
        return self.parse_text(text)

    def keywords(self, text: str) -> list[str]:
        return self._vocabulary.find(text, limit=KEYWORDS_MAX)

    def parse_text(self, text: str) -> ParsedJob:
        # At most a posting's worth of text: a JSON-LD description can be longer than any raw_text.
        text = normalize_whitespace(text[:RAW_TEXT_MAX])
        lines = read_lines(text)
        labels, label_rows = _labels(lines)
        head, head_rows = _header(lines, labels, text)
        sections = _walk(lines, skip=label_rows | head_rows)
        location = (
            _label(labels, _LOCATION_LABELS)
            or head.location
            or city_and_region(text)
            or known_city(" ".join(line.text for line in lines[:4]))
        )
        remote = is_fully_remote(text, location=location or _label(labels, _ARRANGEMENT_LABELS))
        if location is None and remote:
            location = "Remote"
        requirements, benefits = _lists(sections)
        description = "\n".join(sections.description).strip()
        return ParsedJob(
            title=(head.title or _first_text(lines) or "Untitled position")[:TITLE_MAX],
            company=(
                _label(labels, headers.LABEL_COMPANY)
                or head.company
                or headers.company_from_prose(text)
                or sections.about_company
                or UNKNOWN_COMPANY
            )[:COMPANY_MAX],
            location=location[:LOCATION_MAX] if location else None,
            description=description[:DESCRIPTION_MAX] or None,
            requirements=requirements,
            benefits=benefits,
            parsed_keywords=self.keywords(text),
            salary_range=_salary(labels, text),
            remote=remote,
            employment_type=_employment_type(labels, head.title, text),
        )


def _labels(lines: list[Line]) -> tuple[dict[str, str], set[int]]:
    """`Key: value` lines that carry the posting's metadata, and where they are."""
    found: dict[str, str] = {}
    rows: set[int] = set()
    for index, line in enumerate(lines):
        if line.heading or line.blank:
            continue
        pair = label(line.text)
        if pair is not None and pair[0] in _META_LABELS:
            found.setdefault(pair[0], pair[1])
            rows.add(index)
    return found, rows


def _label(labels: dict[str, str], keys: set[str] | frozenset[str]) -> str | None:
    return next((value for key, value in labels.items() if key in keys), None)


def _header(lines: list[Line], labels: dict[str, str], text: str) -> tuple[headers.Header, set[int]]:
    """Title, company and maybe place from labels, the first lines or the first sentences."""
    from_labels = headers.from_labels(labels)
    candidates = list(
        islice(
            (
                (index, line)
                for index, line in enumerate(lines)
                if not line.blank and not line.bullet and label(line.text) is None
            ),
            3,
        )
    )
    found = headers.Header()
    rows: set[int] = set()
    if candidates and _may_be_header(candidates[0][1]) and from_labels.title is None:
        offered = [candidates[0][1].text]
        offered += [line.text for _, line in candidates[1:] if line.kind is None]
        found = headers.from_lines(offered, text)
        rows = {index for index, _ in candidates[: found.lines_used]}
    if (from_labels.title or found.title) is None:
        prose = headers.from_prose(text)
        found = headers.Header(prose.title, found.company or prose.company, found.location)
    title = from_labels.title or found.title
    company = from_labels.company or found.company
    return headers.Header(title=title, company=company, location=found.location), rows


def _may_be_header(line: Line) -> bool:
    return (not line.heading or line.kind is None) and len(line.text) <= headers.HEADER_LINE_MAX


def _first_text(lines: list[Line]) -> str | None:
    return next((headers.clean_title(line.text) for line in lines if not line.blank), None)


def _walk(lines: list[Line], *, skip: set[int]) -> _Sections:
    """Sort the remaining lines into requirement, nice-to-have and benefit items and description."""
    sections = _Sections()
    kind = SectionKind.OTHER
    blank_after_items = False
    for index, line in enumerate(lines):
        if index in skip:
            continue
        inline = _inline_section(line)
        if line.heading or inline is not None:
            kind = (inline[0] if inline else line.kind) or SectionKind.OTHER
            blank_after_items = False
            if inline is not None:
                sections.items(kind).extend(_split_inline(inline[1]))
            elif kind == SectionKind.OTHER:
                sections.about_company = sections.about_company or headers.company_from_about(line.text)
                sections.description += ["", line.text]
            continue
        if kind in _LIST_KINDS:
            items = sections.items(kind)
            if line.blank:
                blank_after_items = bool(items)
                continue
            if not (blank_after_items and not line.bullet):
                _add_item(items, line, continuation=not blank_after_items)
                continue
            kind = SectionKind.OTHER  # a plain paragraph after the list ends the section
        sections.description.append(f"- {line.text}" if line.bullet else line.text)
    sections.description = _squeeze_blank(sections.description)
    return sections


def _inline_section(line: Line) -> tuple[SectionKind, str] | None:
    """`Requirements: Python; SQL` opens a list section with its first items on the same line."""
    if line.heading or line.bullet or line.blank:
        return None
    pair = label(line.text)
    if pair is None or len(pair[0].split()) > 4:
        return None
    kind = section_kind(pair[0])
    return (kind, pair[1]) if kind in _LIST_KINDS else None


def _split_inline(text: str) -> list[str]:
    parts = [tidy_item(part) for part in _INLINE_SEPARATOR.split(text) if tidy_item(part)]
    if len(parts) == 1:
        commas = [tidy_item(part) for part in text.split(",") if tidy_item(part)]
        if all(len(part.split()) <= 6 for part in commas):
            parts = commas
    return [part[:ITEM_MAX] for part in parts]


def _add_item(items: list[str], line: Line, *, continuation: bool) -> None:
    if not line.bullet and continuation and items and line.text[:1].islower():
        items[-1] = f"{items[-1]} {tidy_item(line.text)}"[:ITEM_MAX]
        return
    parts = [line.text] if line.bullet else split_sentences(line.text)
    items.extend(tidy_item(part)[:ITEM_MAX] for part in parts if tidy_item(part))


def _squeeze_blank(lines: list[str]) -> list[str]:
    squeezed: list[str] = []
    for line in lines:
        if line or (squeezed and squeezed[-1]):
            squeezed.append(line)
    return squeezed


def _lists(sections: _Sections) -> tuple[list[str], list[str]]:
    """Requirements (nice-to-haves marked) and benefits; from cue sentences when no section names them."""
    requirements = sections.requirements + [NICE_PREFIX + item for item in sections.nice_to_have]
    benefits = sections.benefits
    if not requirements or not benefits:
        sentences = [s for line in sections.description for s in split_sentences(line.removeprefix("- "))]
        if not requirements:
            requirements = [tidy_item(s) for s in sentences if _REQUIREMENT_CUE.search(s)]
        if not benefits:
            benefits = [tidy_item(s) for s in sentences if _BENEFIT_CUE.search(s)]
    return _dedupe(requirements)[:ITEMS_MAX], _dedupe(benefits)[:ITEMS_MAX]


def _dedupe(items: list[str]) -> list[str]:
    return [item[:ITEM_MAX] for item in dict.fromkeys(item for item in items if item)]


def _salary(labels: dict[str, str], text: str) -> str | None:
    labelled = _label(labels, _SALARY_LABELS)
    found = (extract_salary(f"salary {labelled}") if labelled else None) or extract_salary(text)
    return found[:SALARY_MAX] if found else None


def _employment_type(labels: dict[str, str], title: str | None, text: str) -> EmploymentType:
    labelled = _label(labels, _TYPE_LABELS)
    return (
        (stated_employment_type(labelled) if labelled else None)
        or (employment_type(title) if title else None)
        or employment_type(text)
        or EmploymentType.FULL_TIME
    )
