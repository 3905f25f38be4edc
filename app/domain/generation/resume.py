"""The tailored resume: a deterministic compile of a profile for one job (contract 6.1 and 6.3).

The ranking picks the experiences and projects (its best `max_experiences` / `max_projects`), which are
then shown newest first: current ones first, then by latest start date (undated projects last, in
ranking order). Enhanced text is preferred over the original. Skills that match the job come first.
Every education entry and certification is shown, in the profile's order. `content_structured` has
the contract's shape, sections in its order, empty sections and skill categories left out;
`content_text` is the same document as plain text (upper-case headings, `- ` bullets).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile, unique_casefold
from app.domain.entities.profile_item import Certification, Education, Experience, Project
from app.domain.generation.llm_briefs import headline
from app.domain.generation.ranked_content import RankedContent
from app.domain.generation.sentences import sentences_of
from app.domain.profile_analytics import years_of_experience

MAX_TOP_SKILLS = 10
HEADER_FIELDS = ("email", "phone", "location", "linkedin", "github", "website")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEPARATOR = " | "

Structured = dict[str, Any]


class _Dated(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def start_date(self) -> str | None: ...


T = TypeVar("T", bound=_Dated)


@dataclass(frozen=True)
class ResumeDocument:
    content_text: str
    content_structured: Structured
    content_used: dict[str, Any]

    @property
    def free_text(self) -> list[str]:
        """The prose of the document (summary, bullets, achievements, project text): what the
        truthfulness guard reads."""
        texts: list[str] = []
        for section in self.content_structured["sections"]:
            if section["type"] == "professional_summary":
                texts.append(section["content"])
            for entry in section.get("entries", []):
                texts += [*entry.get("bullets", []), *entry.get("achievements", [])]
                texts += [entry["description"], *entry["highlights"]] if section["type"] == "projects" else []
        return texts


def newest_first(items: Iterable[T], *, current: Callable[[T], bool]) -> list[T]:
    """Current items first, then by latest start date; items without one last; ties keep their order."""
    by_start = sorted(items, key=lambda item: item.start_date or "", reverse=True)  # stable when reversed
    return sorted(by_start, key=lambda item: not current(item))


def header_of(profile: MasterProfile) -> Structured:
    """The contract's header: name, title (the most recent experience's: current first, then latest
    start) and the contact fields of personal_info (null when absent)."""
    info = profile.personal_info
    header: Structured = {"name": info.get("full_name") or "", "title": headline(profile.experiences)}
    header.update({name: info.get(name) or None for name in HEADER_FIELDS})
    header["email"] = info.get("email") or ""
    return header


def header_lines(header: Structured) -> list[str]:
    """The name, the title when there is one, and one line of contact details."""
    contact = _SEPARATOR.join(header[name] for name in HEADER_FIELDS if header[name])
    return [line for line in (header["name"], header["title"], contact) if line]


def metadata_of(
    profile: MasterProfile,
    job: Job,
    *,
    document_type: str,
    company: str,
    top_skills: Sequence[str],
    today: date,
) -> Structured:
    """The contract's metadata: the job, the profile's years of experience (overlaps counted once),
    industries (newest first) and totals."""
    experiences = newest_first(profile.experiences, current=lambda e: e.is_current)
    return {
        "document_type": document_type,
        "job_id": job.id,
        "job_title": job.title,
        "company": company,
        "total_years_experience": years_of_experience(profile.experiences, today),
        "top_skills": list(top_skills),
        "industries": unique_casefold(e.industry for e in experiences if e.industry),
        "total_projects": len(profile.projects),
        "total_certifications": len(profile.certifications),
    }


def job_skills_first(
    skills: Iterable[str], *, job_terms: Collection[str], canonical: Callable[[str], str]
) -> list[str]:
    """`skills` with those the job asks for (compared through `canonical`) first, each group in its order."""
    terms = frozenset(job_terms)
    matching: list[str] = []
    others: list[str] = []
    for skill in skills:
        (matching if canonical(skill) in terms else others).append(skill)
    return [*matching, *others]


def format_month(value: str | None) -> str:
    """`2021-03-01` as `Mar 2021`; empty for None."""
    return f"{_MONTHS[int(value[5:7]) - 1]} {value[:4]}" if value else ""


def _period(start: str | None, end: str | None, *, current: bool) -> str:
    finish = "Present" if current else format_month(end)
    return " - ".join(part for part in (format_month(start), finish) if part)


def _preferred(enhanced: str | None, original: str | None) -> str | None:
    """The enhanced text unless it is blank, else the original (None when both are)."""
    return (enhanced or "").strip() or (original or "").strip() or None


def _chosen(items: Sequence[T], ranked_ids: Sequence[str], limit: int) -> list[T]:
    """The best `limit` items by the ranking (items it does not list follow, in profile order)."""
    by_id = {item.id: item for item in items}
    ranked = [by_id[item_id] for item_id in dict.fromkeys(ranked_ids) if item_id in by_id]
    listed = {item.id for item in ranked}
    return [*ranked, *(item for item in items if item.id not in listed)][: max(limit, 0)]


def _experience_entry(experience: Experience) -> Structured:
    description = _preferred(experience.enhanced_description, experience.description)
    return {
        "id": experience.id,
        "title": experience.title,
        "company": experience.company,
        "location": experience.location,
        "start_date": experience.start_date,
        "end_date": experience.end_date,
        "is_current": experience.is_current,
        "description": description,
        "bullets": sentences_of(description),
        "achievements": list(experience.achievements),
        "technologies": list(experience.technologies),
    }


def _project_entry(project: Project) -> Structured:
    return {
        "id": project.id,
        "name": project.name,
        "description": _preferred(project.enhanced_description, project.description) or "",
        "technologies": list(project.technologies),
        "url": project.url or project.github_url,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "highlights": list(project.highlights),
    }


def _education_entry(education: Education) -> Structured:
    return {
        "id": education.id,
        "degree": education.degree,
        "field_of_study": education.field_of_study,
        "institution": education.institution,
        "start_date": education.start_date,
        "end_date": education.end_date,
        "gpa": education.gpa,
        "honors": list(education.honors),
    }


def _certification_entry(certification: Certification) -> Structured:
    return {
        "id": certification.id,
        "name": certification.name,
        "issuer": certification.issuer,
        "date": certification.date_obtained,
        "expiry_date": certification.expiry_date,
        "credential_id": certification.credential_id,
    }


def _skill_categories(
    profile: MasterProfile, *, job_terms: Collection[str], canonical: Callable[[str], str]
) -> list[Structured]:
    skills = profile.skills
    categories: list[tuple[str, list[Any]]] = [
        (
            "Technical",
            job_skills_first(skills.get("technical", []), job_terms=job_terms, canonical=canonical),
        ),
        ("Soft Skills", job_skills_first(skills.get("soft", []), job_terms=job_terms, canonical=canonical)),
        (
            "Languages",
            [
                {"name": language["name"], "proficiency": language.get("proficiency") or ""}
                for language in skills.get("languages", [])
            ],
        ),
    ]
    return [{"name": name, "items": items} for name, items in categories if items]


def compile_resume(
    profile: MasterProfile,
    job: Job,
    ranked: RankedContent,
    *,
    max_experiences: int,
    max_projects: int,
    include_summary: bool,
    job_terms: Collection[str],
    canonical: Callable[[str], str],
    today: date,
) -> ResumeDocument:
    """The resume for `job`: `job_terms` are the job's canonical keywords, `canonical` maps a skill to
    the same spelling; `today` ends current jobs in the years of experience."""
    experiences = newest_first(
        _chosen(profile.experiences, ranked.experience_ids, max_experiences), current=lambda e: e.is_current
    )
    projects = newest_first(
        _chosen(profile.projects, ranked.project_ids, max_projects), current=lambda p: p.is_ongoing
    )
    summary = _preferred(profile.enhanced_professional_summary, profile.professional_summary)
    summary = summary if include_summary else None
    categories = _skill_categories(profile, job_terms=job_terms, canonical=canonical)
    sections: list[Structured] = [
        {"type": "professional_summary", "title": "Professional Summary", "content": summary},
        {"type": "skills", "title": "Skills", "categories": categories},
        {"type": "experience", "title": "Experience", "entries": [_experience_entry(e) for e in experiences]},
        {"type": "projects", "title": "Projects", "entries": [_project_entry(p) for p in projects]},
        {
            "type": "education",
            "title": "Education",
            "entries": [_education_entry(e) for e in profile.education],
        },
        {
            "type": "certifications",
            "title": "Certifications",
            "entries": [_certification_entry(c) for c in profile.certifications],
        },
    ]
    sections = [s for s in sections if s.get("content") or s.get("categories") or s.get("entries")]
    technical: list[str] = next((c["items"] for c in categories if c["name"] == "Technical"), [])
    header = header_of(profile)
    structured: Structured = {
        "header": header,
        "sections": sections,
        "metadata": metadata_of(
            profile,
            job,
            document_type="resume",
            company=job.company,
            top_skills=technical[:MAX_TOP_SKILLS],
            today=today,
        ),
    }
    used = {
        "experiences_count": len(experiences),
        "projects_count": len(projects),
        "skills_count": sum(len(c["items"]) for c in categories),
        "education_count": len(profile.education),
        "summary_enhanced": summary is not None
        and summary == (profile.enhanced_professional_summary or "").strip(),
    }
    ongoing = [p.id for p in projects if p.is_ongoing] + [e.id for e in profile.education if e.is_current]
    return ResumeDocument(resume_text(structured, ongoing=ongoing), structured, used)


def resume_text(structured: Structured, *, ongoing: Collection[str] = ()) -> str:
    """`content_structured` as plain text: the header, then each section under its upper-case title.
    `ongoing`: the ids of projects and education entries to show as lasting to the present."""
    blocks = ["\n".join(header_lines(structured["header"]))]
    for section in structured["sections"]:
        blocks.append("\n".join([section["title"].upper(), *_section_lines(section, frozenset(ongoing))]))
    return "\n\n".join(blocks) + "\n"


def _section_lines(section: Structured, ongoing: frozenset[str]) -> list[str]:
    kind = section["type"]
    if kind == "professional_summary":
        return [section["content"]]
    if kind == "skills":
        return [f"{category['name']}: {_skill_list(category['items'])}" for category in section["categories"]]
    render = {
        "experience": _experience_lines,
        "projects": _project_lines,
        "education": _education_lines,
        "certifications": _certification_lines,
    }[kind]
    lines: list[str] = []
    for index, entry in enumerate(section["entries"]):
        lines += ([""] if index else []) + render(entry, entry["id"] in ongoing)
    return lines


def _skill_list(items: Sequence[Any]) -> str:
    """Skill names, or languages as `German (native)`."""
    return ", ".join(item if isinstance(item, str) else _language(item) for item in items)


def _language(item: Structured) -> str:
    return f"{item['name']} ({item['proficiency']})" if item["proficiency"] else str(item["name"])


def _bullets(items: Iterable[str]) -> list[str]:
    return [f"- {item}" for item in items]


def _experience_lines(entry: Structured, ongoing: bool) -> list[str]:
    heading = _SEPARATOR.join(part for part in (entry["title"], entry["company"], entry["location"]) if part)
    lines = [heading, _period(entry["start_date"], entry["end_date"], current=entry["is_current"] or ongoing)]
    lines += _bullets([*entry["bullets"], *entry["achievements"]])
    if entry["technologies"]:
        lines.append(f"Technologies: {', '.join(entry['technologies'])}")
    return lines


def _project_lines(entry: Structured, ongoing: bool) -> list[str]:
    lines = [_SEPARATOR.join(part for part in (entry["name"], entry["url"]) if part)]
    period = _period(entry["start_date"], entry["end_date"], current=ongoing)
    lines += [period] if period else []
    lines += _bullets([*sentences_of(entry["description"]), *entry["highlights"]])
    if entry["technologies"]:
        lines.append(f"Technologies: {', '.join(entry['technologies'])}")
    return lines


def _education_lines(entry: Structured, ongoing: bool) -> list[str]:
    degree = ", ".join(part for part in (entry["degree"], entry["field_of_study"]) if part)
    lines = [
        f"{degree}{_SEPARATOR}{entry['institution']}",
        _period(entry["start_date"], entry["end_date"], current=ongoing),
    ]
    details = [f"GPA: {entry['gpa']:g}" if entry["gpa"] is not None else "", ", ".join(entry["honors"])]
    if any(details):
        lines.append(_SEPARATOR.join(detail for detail in details if detail))
    return lines


def _certification_lines(entry: Structured, ongoing: bool) -> list[str]:
    parts = [entry["name"], entry["issuer"], format_month(entry["date"])]
    if entry["expiry_date"]:
        parts.append(f"expires {format_month(entry['expiry_date'])}")
    if entry["credential_id"]:
        parts.append(f"Credential ID {entry['credential_id']}")
    return [_SEPARATOR.join(parts)]
