"""The local composer's short answers: a ranking rationale from the ranked items, and a style refinement
derived from the stylometric measures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.enums.writing_style import Tone
from app.infrastructure.adapters.llm.local.voice import listed

MAX_TERMS = 4
MAX_MISSING = 5
FOLLOWERS = 2  # experiences named after the first


def _matching(item: Mapping[str, Any]) -> str:
    terms = list(item["matched_terms"][:MAX_TERMS])
    return f", matching {listed(terms)}" if terms else ", on the wording of its description and its recency"


def compose_rationale(payload: Mapping[str, Any]) -> dict[str, str]:
    """Which items lead the ranking for the job and the job terms each one matches."""
    job = f"{payload['job_title']} at {payload['company']}"
    items = payload["items"]
    if not items:
        return {"rationale": f"The profile has no experience or project to rank for {job} yet."}
    experiences = [item for item in items if item["kind"] == "experience"]
    projects = [item for item in items if item["kind"] == "project"]
    parts = []
    if experiences:
        parts.append(f"For {job}, {experiences[0]['label']} ranks first{_matching(experiences[0])}.")
        parts += [f"{item['label']} follows{_matching(item)}." for item in experiences[1 : 1 + FOLLOWERS]]
    if projects:
        parts.append(f"Among projects, {projects[0]['label']} leads{_matching(projects[0])}.")
    matched = {term.casefold() for item in items for term in item["matched_terms"]}
    missing = [keyword for keyword in payload["keywords"] if keyword.casefold() not in matched][:MAX_MISSING]
    if missing:
        parts.append(f"No ranked item matches {listed(missing)}.")
    return {"rationale": " ".join(parts)}


def _number(measures: Mapping[str, Any], key: str) -> float:
    value = measures.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _traits(measures: Mapping[str, Any]) -> list[str]:
    length = _number(measures, "avg_sentence_length")
    traits = [
        "short direct sentences"
        if length < 14
        else "long flowing sentences"
        if length > 22
        else "medium-length sentences",
        "mostly first person" if _number(measures, "first_person_ratio") >= 0.5 else "little first person",
        "uses contractions" if _number(measures, "contractions_per_100_words") >= 1 else "no contractions",
        f"{measures.get('vocabulary_level', 'intermediate')} vocabulary",
    ]
    if _number(measures, "bullet_ratio") >= 0.3:
        traits.append("relies on bullet points")
    if _number(measures, "passive_voice_ratio") >= 0.2:
        traits.append("frequent passive voice")
    return traits


def compose_style(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Tone and formality as measured, a summary and traits read off the measures."""
    measures = payload["measures"]
    tone = measures.get("tone") if measures.get("tone") in list(Tone) else Tone.NEUTRAL.value
    formality = min(1.0, max(0.0, _number(measures, "formality")))
    traits = _traits(measures)
    summary = f"A {tone} voice ({formality:.2f} formality) with {traits[0]}, {traits[1]} and {traits[2]}."
    return {"tone": tone, "formality": round(formality, 2), "style_summary": summary, "traits": traits}
