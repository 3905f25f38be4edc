"""Profile analytics: completeness per section, advice and warnings. Deterministic for a given day.

Section scores (0-100, rounded half up):
- personal_info: full_name 25, email 25, phone 15, location 15, any of linkedin/github/website 20.
- professional_summary (else the enhanced one): none 0, < 50 chars 40, < 150 chars 70, otherwise 100.
- experiences: none 0, else 50 + 25 x share described in >= 50 chars + 25 x share with achievements.
- education: none 0, else 80 + 20 x share with a field of study.
- skills: 60 x min(technical, 10)/10 + 20 x min(soft, 5)/5 + 10 with a language + 10 with a certification.
- projects: none 0, else 60 + 20 x share with technologies + 20 x share with a url or github_url.
Overall: the weighted mean with the weights below. Warnings: at most MAX_WARNINGS, the last one then
summarising those left out; the cost is O(n log n) in the number of items.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Certification, Education, Experience, Project

WEIGHTS = {
    "personal_info": 20,
    "professional_summary": 15,
    "experiences": 25,
    "education": 15,
    "skills": 15,
    "projects": 10,
}
LABELS = {
    "personal_info": "personal information",
    "professional_summary": "professional summary",
    "experiences": "work experience",
    "education": "education",
    "skills": "skills",
    "projects": "projects",
}
SHORT_DESCRIPTION = 50
GOOD_SUMMARY = 150
TECHNICAL_TARGET = 10
SOFT_TARGET = 5
DAYS_PER_YEAR = 365.25
# The warnings list is at most this long; past it, its last entry (MORE_WARNINGS) counts the others.
MAX_WARNINGS = 50
MORE_WARNINGS = "more_warnings"


@dataclass(frozen=True, slots=True)
class AnalyticsWarning:
    code: str
    message: str
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class ProfileStatistics:
    total_experiences: int
    total_education: int
    total_projects: int
    total_technical_skills: int
    total_soft_skills: int
    total_certifications: int
    years_of_experience: float


@dataclass(frozen=True, slots=True)
class ProfileAnalytics:
    profile_id: str
    completeness_score: int
    completeness: dict[str, int]
    missing_sections: list[str]
    recommendations: list[str]
    strengths: list[str]
    warnings: list[AnalyticsWarning]
    statistics: ProfileStatistics


def _round(value: float) -> int:
    return math.floor(value + 0.5)


def _share(items: Sequence[Any], test: Any) -> float:
    return sum(1 for item in items if test(item)) / len(items)


def _described(text: str | None) -> bool:
    return len((text or "").strip()) >= SHORT_DESCRIPTION


def _summary(profile: MasterProfile) -> str:
    return (profile.professional_summary or profile.enhanced_professional_summary or "").strip()


def _has_link(info: dict[str, Any]) -> bool:
    return any(info.get(key) for key in ("linkedin", "github", "website"))


def _section_scores(profile: MasterProfile) -> dict[str, int]:
    info, skills = profile.personal_info, profile.skills
    summary = len(_summary(profile))
    experiences, education, projects = profile.experiences, profile.education, profile.projects
    scores = {
        "personal_info": sum(
            weight
            for present, weight in (
                (info.get("full_name"), 25),
                (info.get("email"), 25),
                (info.get("phone"), 15),
                (info.get("location"), 15),
                (_has_link(info), 20),
            )
            if present
        ),
        "professional_summary": 0 if not summary else 40 if summary < 50 else 70 if summary < 150 else 100,
        "experiences": 0
        if not experiences
        else 50
        + 25 * _share(experiences, lambda e: _described(e.description))
        + 25 * _share(experiences, lambda e: e.achievements),
        "education": 0 if not education else 80 + 20 * _share(education, lambda e: e.field_of_study),
        "skills": 60 * min(len(skills["technical"]), TECHNICAL_TARGET) / TECHNICAL_TARGET
        + 20 * min(len(skills["soft"]), SOFT_TARGET) / SOFT_TARGET
        + (10 if skills["languages"] else 0)
        + (10 if skills["certifications"] else 0),
        "projects": 0
        if not projects
        else 60
        + 20 * _share(projects, lambda p: p.technologies)
        + 20 * _share(projects, lambda p: p.url or p.github_url),
    }
    return {section: _round(score) for section, score in scores.items()}


def _recommendations(profile: MasterProfile) -> list[str]:
    info, skills = profile.personal_info, profile.skills
    summary = _summary(profile)
    experiences, education, projects = profile.experiences, profile.education, profile.projects
    advice = [
        (not info.get("phone"), "Add a phone number"),
        (not info.get("location"), "Add your location"),
        (not _has_link(info), "Add a LinkedIn, GitHub or personal website link"),
        (not summary, f"Write a professional summary of at least {GOOD_SUMMARY} characters"),
        (0 < len(summary) < GOOD_SUMMARY, f"Expand your professional summary to {GOOD_SUMMARY} characters"),
        (not experiences, "Add your work experience"),
        (
            any(not _described(e.description) for e in experiences),
            f"Describe each experience in at least {SHORT_DESCRIPTION} characters",
        ),
        (any(not e.achievements for e in experiences), "Add achievements to every experience"),
        (not education, "Add your education"),
        (any(not e.field_of_study for e in education), "Add the field of study to your education"),
        (
            len(skills["technical"]) < TECHNICAL_TARGET,
            f"List at least {TECHNICAL_TARGET} technical skills",
        ),
        (len(skills["soft"]) < SOFT_TARGET, f"List at least {SOFT_TARGET} soft skills"),
        (not skills["languages"], "Add the languages you speak"),
        (not projects, "Add a project that shows your work"),
        (any(not p.technologies for p in projects), "List the technologies of each project"),
        (any(not (p.url or p.github_url) for p in projects), "Link each project to its code or a demo"),
    ]
    return [text for applies, text in advice if applies]


def _strengths(profile: MasterProfile, scores: dict[str, int], years: float, today: date) -> list[str]:
    strengths = [f"Complete {LABELS[section]}" for section, score in scores.items() if score == 100]
    technical = len(profile.skills["technical"])
    current = [c for c in profile.certifications if not _expired(c, today)]
    if years >= 3:
        strengths.append(f"{years:g} years of professional experience")
    if technical >= TECHNICAL_TARGET:
        strengths.append(f"Broad technical skill set ({technical} skills)")
    if current:
        strengths.append(f"{len(current)} current certification{'s' if len(current) > 1 else ''}")
    if profile.experiences and all(e.achievements for e in profile.experiences):
        strengths.append("Achievements listed for every experience")
    return strengths


def _expired(certification: Certification, today: date) -> bool:
    return certification.expiry_date is not None and date.fromisoformat(certification.expiry_date) < today


def _date_warnings(items: Iterable[Experience | Education | Project], today: date) -> list[AnalyticsWarning]:
    warnings = []
    for item in items:
        name = _name(item)
        if item.start_date and item.end_date and item.end_date < item.start_date:
            warnings.append(AnalyticsWarning("date_order", f"{name} ends before it starts", item.id))
        if item.start_date and date.fromisoformat(item.start_date) > today:
            warnings.append(AnalyticsWarning("future_start_date", f"{name} starts in the future", item.id))
        if isinstance(item, Experience | Education) and not item.is_current and not item.end_date:
            warnings.append(
                AnalyticsWarning("missing_end_date", f"{name} has no end date and is not current", item.id)
            )
    return warnings


def _name(item: Experience | Education | Project) -> str:
    if isinstance(item, Experience):
        return f"{item.title} at {item.company}"
    if isinstance(item, Education):
        return f"{item.degree} at {item.institution}"
    return f"Project {item.name}"


def _interval(experience: Experience, today: date) -> tuple[date, date] | None:
    """The days an experience covers, up to today; None when its end is unknown or it has not begun."""
    start = date.fromisoformat(experience.start_date)
    if experience.is_current:
        end = today
    elif experience.end_date:
        end = min(date.fromisoformat(experience.end_date), today)
    else:
        return None
    return (start, end) if start < end else None


def _overlap_warnings(
    experiences: Sequence[Experience], today: date, *, limit: int
) -> tuple[list[AnalyticsWarning], int]:
    """The first `limit` overlap warnings (one per overlapping pair, on the later one) and how many
    pairs there are. O(n log n) whatever the number of pairs: sorted by start, the experiences that
    start before one ends are the run right after it, found by bisection and counted, not listed."""
    spans = sorted(
        ((span, e) for e in experiences if (span := _interval(e, today))), key=lambda pair: pair[0]
    )
    starts = [start for (start, _), _ in spans]
    warnings: list[AnalyticsWarning] = []
    total = 0
    for index, ((_, end), first) in enumerate(spans):
        stop = bisect_left(starts, end, lo=index + 1)
        total += stop - index - 1
        for _, later in spans[index + 1 : min(stop, index + 1 + limit - len(warnings))]:
            message = f"{_name(later)} overlaps {_name(first)}"
            warnings.append(AnalyticsWarning("overlapping_experiences", message, later.id))
    return warnings, total


def years_of_experience(experiences: Sequence[Experience], today: date) -> float:
    """The union of the experience intervals (overlaps counted once; current ones end today), in years."""
    days, reach = 0, date.min
    for start, end in sorted(span for e in experiences if (span := _interval(e, today))):
        start = max(start, reach)
        if end > start:
            days += (end - start).days
            reach = end
    return math.floor(days / DAYS_PER_YEAR * 10 + 0.5) / 10


def _warnings(profile: MasterProfile, today: date) -> list[AnalyticsWarning]:
    """Every warning in a fixed order, at most MAX_WARNINGS: past that, the last one counts the rest."""
    experiences = profile.experiences
    overlaps, overlap_count = _overlap_warnings(experiences, today, limit=MAX_WARNINGS)
    described: list[Experience | Project] = [*experiences, *profile.projects]
    warnings = [
        *_date_warnings([*experiences, *profile.education, *profile.projects], today),
        *overlaps,
        *(
            AnalyticsWarning(
                "short_description",
                f"{_name(i)}: describe it in {SHORT_DESCRIPTION} characters or more",
                i.id,
            )
            for i in described
            if not _described(i.description)
        ),
        *(
            AnalyticsWarning("no_achievements", f"{_name(e)} lists no achievements", e.id)
            for e in experiences
            if not e.achievements
        ),
    ]
    if not profile.personal_info.get("phone"):
        warnings.append(AnalyticsWarning("missing_contact_info", "No phone number to be reached on"))
    warnings += _certification_warnings(profile.certifications, today)
    # The overlap list stops at MAX_WARNINGS (pairs can be quadratic in number): add the pairs left out.
    counts = Counter(warning.code for warning in warnings)
    counts["overlapping_experiences"] += overlap_count - len(overlaps)
    return _capped(warnings, counts)


def _certification_warnings(certifications: Iterable[Certification], today: date) -> list[AnalyticsWarning]:
    warnings = []
    for certification in certifications:
        if certification.expiry_date and certification.expiry_date < certification.date_obtained:
            message = f"Certification {certification.name} expires before it was obtained"
            warnings.append(AnalyticsWarning("date_order", message, certification.id))
        if _expired(certification, today):
            message = f"Certification {certification.name} expired on {certification.expiry_date}"
            warnings.append(AnalyticsWarning("expired_certification", message, certification.id))
    return warnings


def _capped(warnings: list[AnalyticsWarning], counts: Counter[str]) -> list[AnalyticsWarning]:
    """`warnings` (whose codes total `counts`) when there are at most MAX_WARNINGS; else the first
    MAX_WARNINGS - 1 and a `more_warnings` summary of the others, by code in order of appearance."""
    if counts.total() <= MAX_WARNINGS:
        return warnings
    kept = warnings[: MAX_WARNINGS - 1]
    counts.subtract(warning.code for warning in kept)
    rest = ", ".join(f"{count:,} {code}" for code, count in counts.items() if count)
    summary = f"{counts.total():,} more warnings not listed: {rest}"
    return [*kept, AnalyticsWarning(MORE_WARNINGS, summary)]


def analyze(profile: MasterProfile, *, today: date) -> ProfileAnalytics:
    """Every figure of the analytics answer for `profile` as of `today`."""
    scores = _section_scores(profile)
    overall = _round(sum(scores[section] * weight for section, weight in WEIGHTS.items()) / 100)
    years = years_of_experience(profile.experiences, today)
    skills = profile.skills
    return ProfileAnalytics(
        profile_id=profile.id,
        completeness_score=overall,
        completeness={"overall": overall, **scores},
        missing_sections=[section for section, score in scores.items() if score == 0],
        recommendations=_recommendations(profile),
        strengths=_strengths(profile, scores, years, today),
        warnings=_warnings(profile, today),
        statistics=ProfileStatistics(
            total_experiences=len(profile.experiences),
            total_education=len(profile.education),
            total_projects=len(profile.projects),
            total_technical_skills=len(skills["technical"]),
            total_soft_skills=len(skills["soft"]),
            total_certifications=len(skills["certifications"]),
            years_of_experience=years,
        ),
    )
