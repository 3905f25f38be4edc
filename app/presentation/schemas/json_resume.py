"""JSON Resume v1.0.0 (jsonresume.org) to and from a profile: the schema check and the field mapping."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import best_match
from pydantic import ValidationError

from app.domain.entities.profile import MasterProfile, check_list_size, unique_casefold
from app.domain.errors import InvalidJsonResumeError
from app.domain.profile_dates import date_range_problem
from app.presentation.schemas.profile import PersonalInfoIn, ProfileCreate, SkillsIn
from app.presentation.schemas.profile_fields import SKILL_NAME_MAX, SUMMARY_MAX, check_finite
from app.presentation.schemas.profile_items import (
    CertificationIn,
    EducationIn,
    ExperienceIn,
    LanguageIn,
    ProjectIn,
)

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "data" / "schemas" / "json-resume-v1.0.0.schema.json"
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# Sections and basics fields we have no place for: kept in custom_fields["json_resume"], re-emitted on export.
KEPT_SECTIONS = ("volunteer", "awards", "publications", "interests", "references")
KEPT_BASICS = ("label", "image")
KEPT_KEY = "json_resume"
SOFT_SKILLS = "Soft skills"
NETWORKS = {"linkedin": "LinkedIn", "github": "GitHub"}
PROFILE_URLS = {"linkedin": "https://www.linkedin.com/in/{}", "github": "https://github.com/{}"}

# Our item field -> its JSON Resume key, per section; both directions use these.
WORK = {
    "company": "name",
    "title": "position",
    "location": "location",
    "start_date": "startDate",
    "end_date": "endDate",
    "description": "summary",
    "achievements": "highlights",
}
EDUCATION = {
    "institution": "institution",
    "degree": "studyType",
    "field_of_study": "area",
    "start_date": "startDate",
    "end_date": "endDate",
    "relevant_coursework": "courses",
}
PROJECTS = {
    "name": "name",
    "description": "description",
    "highlights": "highlights",
    "technologies": "keywords",
    "url": "url",
    "start_date": "startDate",
    "end_date": "endDate",
}
CERTIFICATES = {"name": "name", "issuer": "issuer", "date_obtained": "date", "url": "url"}
LANGUAGES = {"name": "language", "proficiency": "fluency"}
BASICS = {"full_name": "name", "email": "email", "phone": "phone", "website": "url"}

_formats = FormatChecker(formats=("email", "date"))


@_formats.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(urlsplit(value).scheme)


_VALIDATOR = Draft4Validator(SCHEMA, format_checker=_formats)


def _path(parts: Iterator[Any] | Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "$"


def _compact(values: Mapping[str, Any]) -> dict[str, Any]:
    """Without null, empty strings, lists and maps: the export omits empty fields."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


# Export.


def _text(plain: str | None, enhanced: str | None, prefer_enhanced: bool) -> str | None:
    return (enhanced or plain) if prefer_enhanced else plain


def _mapped(item: Any, mapping: Mapping[str, str]) -> dict[str, Any]:
    return {theirs: getattr(item, ours) for ours, theirs in mapping.items()}


def _kept(profile: MasterProfile) -> dict[str, Any]:
    kept = profile.custom_fields.get(KEPT_KEY)
    return kept if isinstance(kept, dict) else {}


def _valid_kept(kept: Mapping[str, Any], key: str, *, in_basics: bool = False) -> Any:
    """A kept value, when it still fits the schema (custom fields can be edited freely)."""
    value = kept.get(key)
    fragment = {"basics": {key: value}} if in_basics else {key: value}
    return value if value is not None and _VALIDATOR.is_valid(fragment) else None


def _basics(profile: MasterProfile, enhanced: bool) -> dict[str, Any]:
    info = profile.personal_info
    kept = _kept(profile)
    profiles = [{"network": label, "url": info[key]} for key, label in NETWORKS.items() if info.get(key)] + (
        _valid_kept(kept, "profiles", in_basics=True) or []
    )
    return _compact(
        {
            **{theirs: info.get(ours) for ours, theirs in BASICS.items()},
            **{key: _valid_kept(kept, key, in_basics=True) for key in KEPT_BASICS},
            "summary": _text(profile.professional_summary, profile.enhanced_professional_summary, enhanced),
            "location": {"city": info["location"]} if info.get("location") else None,
            "profiles": profiles,
        }
    )


def to_json_resume(profile: MasterProfile, *, enhanced: bool = False) -> dict[str, Any]:
    """The profile as a JSON Resume v1.0.0 document; `enhanced` prefers the enhanced texts."""
    skills = profile.skills
    work = [
        _compact({**_mapped(e, WORK), "summary": _text(e.description, e.enhanced_description, enhanced)})
        for e in profile.experiences
    ]
    education = [
        _compact({**_mapped(e, EDUCATION), "score": None if e.gpa is None else f"{e.gpa:g}"})
        for e in profile.education
    ]
    projects = [
        _compact(
            {
                **_mapped(p, PROJECTS),
                "description": _text(p.description, p.enhanced_description, enhanced),
                "url": p.url or p.github_url,
            }
        )
        for p in profile.projects
    ]
    skill_groups = [
        _compact({"name": name, "keywords": skills[key]})
        for name, key in (("Technical", "technical"), (SOFT_SKILLS, "soft"))
        if skills[key]
    ]
    kept = _kept(profile)
    document = {
        "$schema": SCHEMA_URL,
        "basics": _basics(profile, enhanced),
        "work": work,
        "education": education,
        "projects": projects,
        "skills": skill_groups,
        "languages": [
            _compact({"language": lang["name"], "fluency": lang.get("proficiency")})
            for lang in skills["languages"]
        ],
        "certificates": [_compact(_mapped(c, CERTIFICATES)) for c in profile.certifications],
        **{section: _valid_kept(kept, section) for section in KEPT_SECTIONS},
        "meta": {"version": "v1.0.0", "lastModified": profile.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
    }
    return _compact(document)


# Import.


def _check_document(document: dict[str, Any]) -> None:
    try:
        check_finite(document)
    except ValueError as error:
        raise InvalidJsonResumeError(f"$: {error}") from None
    problem = best_match(_VALIDATOR.iter_errors(document))
    if problem is not None:
        raise InvalidJsonResumeError(f"{_path(problem.absolute_path)}: {problem.message}")


def _reason(error: ValidationError, mapping: Mapping[str, str]) -> str:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    return f"{mapping.get(field, field)}: {first['msg']}" if field else str(first["msg"])


class _Importer:
    """Maps one document section by section, collecting the items it had to skip."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.skipped: list[dict[str, Any]] = []

    def items(
        self,
        section: str,
        model: type[Any],
        mapping: Mapping[str, str],
        extra: Callable[[dict[str, Any]], dict[str, Any]] = lambda _: {},
    ) -> list[Any]:
        result = []
        for index, entry in enumerate(self.document.get(section, [])):
            fields = {ours: entry[theirs] for ours, theirs in mapping.items() if theirs in entry}
            try:
                item = model.model_validate({**fields, **extra(entry)})
            except ValidationError as error:
                self.skip(section, index, _reason(error, mapping))
                continue
            problem = _date_problem(item)
            if problem:
                self.skip(section, index, problem)
                continue
            result.append(item)
        return result

    def skip(self, section: str, index: int, reason: str) -> None:
        self.skipped.append({"section": section, "index": index, "reason": reason})

    def personal_info(self) -> PersonalInfoIn:
        basics = self.document.get("basics", {})
        info: dict[str, Any] = {ours: basics[theirs] for ours, theirs in BASICS.items() if theirs in basics}
        location = basics.get("location", {})
        info["location"] = ", ".join(
            str(location[key]) for key in ("city", "region", "countryCode") if location.get(key)
        )
        for entry in basics.get("profiles", []):
            key = str(entry.get("network", "")).lower()
            if key in NETWORKS and (entry.get("url") or entry.get("username")):
                info[key] = entry.get("url") or PROFILE_URLS[key].format(entry["username"])
        for attempt in range(len(info) + 1):
            try:
                return PersonalInfoIn.model_validate(info)
            except ValidationError as error:
                field = str(error.errors()[0]["loc"][0])
                if field in ("full_name", "email") or attempt == len(info):
                    raise InvalidJsonResumeError(f"basics.{_reason(error, BASICS)}") from None
                self.skip("basics", 0, _reason(error, BASICS))
                info.pop(field, None)
        raise AssertionError("unreachable")

    def summary(self) -> str | None:
        """basics.summary; one longer than a profile's summary may be is skipped."""
        summary = self.document.get("basics", {}).get("summary")
        if isinstance(summary, str) and len(summary.strip()) > SUMMARY_MAX:
            self.skip("basics", 0, f"summary: over {SUMMARY_MAX} characters")
            return None
        return summary

    def kept(self) -> dict[str, Any]:
        basics = self.document.get("basics", {})
        other_profiles = [
            entry
            for entry in basics.get("profiles", [])
            if str(entry.get("network", "")).lower() not in NETWORKS
        ]
        kept = {key: basics[key] for key in KEPT_BASICS if key in basics}
        kept.update(
            {section: self.document[section] for section in KEPT_SECTIONS if section in self.document}
        )
        return _compact({**kept, "profiles": other_profiles})


def _date_problem(item: Any) -> str | None:
    if not hasattr(item, "end_date"):
        return None
    current = getattr(item, "is_current", False) or getattr(item, "is_ongoing", False)
    return date_range_problem(item.start_date, item.end_date, current=current)


def _gpa(entry: dict[str, Any]) -> dict[str, Any]:
    """The numeric part of a score like `3.7` or `3.7/4.0`, when it is a 0-4 GPA; else nothing."""
    try:
        gpa = float(str(entry.get("score", "")).split("/")[0])
    except ValueError:
        gpa = -1.0
    start = {} if "startDate" in entry or "endDate" not in entry else {"start_date": entry["endDate"]}
    return {**start, **({"gpa": gpa} if 0.0 <= gpa <= 4.0 else {})}


def _skills(document: dict[str, Any], importer: _Importer, *, max_items: int) -> SkillsIn:
    technical: list[str] = []
    soft: list[str] = []
    for index, group in enumerate(document.get("skills", [])):
        keywords = group.get("keywords") or ([group["name"]] if group.get("name") else [])
        target = soft if str(group.get("name", "")).casefold() == SOFT_SKILLS.casefold() else technical
        for keyword in filter(None, (keyword.strip() for keyword in keywords)):
            if len(keyword) > SKILL_NAME_MAX:  # a skill is a name, not a paragraph: left out
                reason = f"keywords: {keyword[:40]!r}... has over {SKILL_NAME_MAX} characters"
                importer.skip("skills", index, reason)
            else:
                target.append(keyword)
    lists = {
        "technical": unique_casefold(technical),  # as they will be stored, before they are counted
        "soft": unique_casefold(soft),
        "languages": importer.items("languages", LanguageIn, LANGUAGES),
        "certifications": importer.items("certificates", CertificationIn, CERTIFICATES),
    }
    _check_sizes(lists, max_items=max_items)
    return SkillsIn(**lists)


def _check_sizes(lists: Mapping[str, list[Any]], *, max_items: int) -> None:
    """422 too_many_items for a list longer than a profile may hold, before the schema is asked to
    take it (a list past the schema's own ceiling would be a validation error there, not a 422)."""
    for name, items in lists.items():
        check_list_size(name, len(items), max_items=max_items)


def from_json_resume(
    document: dict[str, Any], *, max_items: int
) -> tuple[ProfileCreate, list[dict[str, Any]]]:
    """The profile a JSON Resume document describes and the items skipped; 422 for a bad document
    and `too_many_items` for a section that would hold more than `max_items` items once imported."""
    _check_document(document)
    importer = _Importer(document)
    kept = importer.kept()
    personal_info = importer.personal_info()
    skills = _skills(document, importer, max_items=max_items)
    sections = {
        "experiences": importer.items(
            "work", ExperienceIn, WORK, lambda entry: {"is_current": "endDate" not in entry}
        ),
        "education": importer.items("education", EducationIn, EDUCATION, _gpa),
        "projects": importer.items(
            "projects",
            ProjectIn,
            PROJECTS,
            lambda entry: {} if "description" in entry else {"description": entry.get("name")},
        ),
    }
    _check_sizes(sections, max_items=max_items)
    try:
        profile = ProfileCreate(
            personal_info=personal_info,
            professional_summary=importer.summary(),
            skills=skills,
            **sections,
            custom_fields={KEPT_KEY: kept} if kept else {},
        )
    except ValidationError as error:  # every part was checked above: this is a safety net, not a 500
        first = error.errors()[0]
        raise InvalidJsonResumeError(f"{_path(first['loc'])}: {first['msg']}") from None
    return profile, importer.skipped
