"""The JSON answer each language-model task must return, and strict parsers of it.

A parser either returns the typed answer or raises MalformedLlmOutput with a message short enough to
send back to the model in the one repair attempt. Model output is untrusted text: it is bounded before it
is parsed, and ids it names must be ids the brief gave.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.enums.writing_style import Tone
from app.domain.generation.llm_briefs import CoverLetterBrief
from app.domain.generation.task_briefs import EnhanceProfileBrief
from app.domain.stylometry import lexicon

MAX_ANSWER_CHARS = 60_000  # far above any valid answer; json.loads is linear but needs bounding
PARAGRAPH_MAX = 2000
SUMMARY_MAX = 2000  # the profile's own limits on the enhanced texts
EXPERIENCE_TEXT_MAX = 2000
PROJECT_TEXT_MAX = 1000
RATIONALE_MAX = 1500
STYLE_SUMMARY_MAX = 300
TRAIT_MAX = 40
MAX_TRAITS = 6
_FRAME_MAX_WORDS = 12  # a salutation or closing line is short; a body paragraph starting "Dear" is not
_GREETINGS = lexicon.FORMAL_GREETINGS + lexicon.CASUAL_GREETINGS
_CLOSINGS = frozenset(lexicon.FORMAL_CLOSINGS + lexicon.CASUAL_CLOSINGS)


class MalformedLlmOutput(ValueError):
    """The model's answer is not the JSON the task asked for; the message says what is wrong."""


@dataclass(frozen=True)
class LetterDraft:
    paragraphs: tuple[str, ...]  # body paragraphs only: the compile adds salutation and closing


@dataclass(frozen=True)
class EnhancedProfile:
    professional_summary: str | None
    experiences: dict[str, str]  # id -> enhanced description
    projects: dict[str, str]


@dataclass(frozen=True)
class StyleRefinement:
    tone: Tone
    formality: float
    style_summary: str
    traits: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for the WritingStyle document."""
        return {
            "tone": self.tone.value,
            "formality": self.formality,
            "style_summary": self.style_summary,
            "traits": list(self.traits),
        }


def load_json_object(text: str) -> dict[str, Any]:
    """The JSON object `text` holds (a single Markdown code fence around it is tolerated)."""
    if len(text) > MAX_ANSWER_CHARS:
        raise MalformedLlmOutput(f"The answer is longer than {MAX_ANSWER_CHARS} characters")
    body = text.strip()
    if body.startswith("```") and body.endswith("```") and "\n" in body:
        body = body[body.index("\n") + 1 : -3].strip()
    if not body:
        raise MalformedLlmOutput("The answer is empty")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        raise MalformedLlmOutput("The answer is not valid JSON") from None
    if not isinstance(value, dict):
        raise MalformedLlmOutput("The answer must be one JSON object")
    return value


def _text(value: Any, *, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise MalformedLlmOutput(f"{name} must be a string")
    text = value.strip()
    if not text:
        raise MalformedLlmOutput(f"{name} is empty")
    if len(text) > limit:
        raise MalformedLlmOutput(f"{name} is longer than {limit} characters")
    return text


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise MalformedLlmOutput(f'"{key}" must be a JSON array')
    return value


def _is_frame_line(paragraph: str) -> bool:
    """A salutation ("Dear Ms Lee,") or a closing ("Sincerely, Ana") rather than a body paragraph."""
    words = paragraph.split()
    if len(words) > _FRAME_MAX_WORDS:
        return False
    lowered = " ".join(words).lower()
    if lowered.startswith(_GREETINGS) and paragraph.rstrip().endswith((",", ":")):
        return True
    first_line = paragraph.strip().splitlines()[0].strip().rstrip(",.!").lower()
    return first_line in _CLOSINGS


def parse_cover_letter(text: str, brief: CoverLetterBrief) -> LetterDraft:
    """`{"paragraphs": [str]}`: 1 to max_paragraphs body paragraphs, no salutation or closing."""
    items = _list(load_json_object(text), "paragraphs")
    if not items:
        raise MalformedLlmOutput('"paragraphs" is empty')
    if len(items) > brief.max_paragraphs:
        raise MalformedLlmOutput(f"At most {brief.max_paragraphs} paragraphs, not {len(items)}")
    paragraphs = tuple(
        _text(item, name=f"paragraphs[{index}]", limit=PARAGRAPH_MAX) for index, item in enumerate(items)
    )
    for index, paragraph in enumerate(paragraphs):
        if _is_frame_line(paragraph):
            raise MalformedLlmOutput(
                f"paragraphs[{index}] is a salutation or closing; give the body paragraphs only"
            )
    return LetterDraft(paragraphs)


def _enhanced_items(data: Mapping[str, Any], key: str, *, known: set[str], limit: int) -> dict[str, str]:
    result: dict[str, str] = {}
    for index, item in enumerate(_list(data, key)):
        if not isinstance(item, dict):
            raise MalformedLlmOutput(f"{key}[{index}] must be an object")
        item_id = item.get("id")
        if not isinstance(item_id, str) or item_id not in known:
            raise MalformedLlmOutput(f"{key}[{index}].id is not one of the ids given")
        if item_id in result:
            raise MalformedLlmOutput(f"{key}[{index}].id appears twice")
        result[item_id] = _text(
            item.get("enhanced_description"), name=f"{key}[{index}].enhanced_description", limit=limit
        )
    return result


def parse_enhanced_profile(text: str, brief: EnhanceProfileBrief) -> EnhancedProfile:
    """`{"professional_summary": str|null, "experiences": [{id, enhanced_description}], "projects": [..]}`."""
    data = load_json_object(text)
    summary = data.get("professional_summary")
    if summary is not None and brief.professional_summary is None:
        raise MalformedLlmOutput("professional_summary must be null: the profile has none to rewrite")
    return EnhancedProfile(
        professional_summary=None
        if summary is None
        else _text(summary, name="professional_summary", limit=SUMMARY_MAX),
        experiences=_enhanced_items(
            data, "experiences", known={item.id for item in brief.experiences}, limit=EXPERIENCE_TEXT_MAX
        ),
        projects=_enhanced_items(
            data, "projects", known={item.id for item in brief.projects}, limit=PROJECT_TEXT_MAX
        ),
    )


def parse_rationale(text: str) -> str:
    """`{"rationale": str}`."""
    return _text(load_json_object(text).get("rationale"), name="rationale", limit=RATIONALE_MAX)


def parse_style_refinement(text: str) -> StyleRefinement:
    """`{"tone": formal|neutral|conversational|enthusiastic, "formality": 0-1, "style_summary": str,
    "traits": [str]}`."""
    data = load_json_object(text)
    tone = data.get("tone")
    if tone not in list(Tone):
        raise MalformedLlmOutput(f"tone must be one of {', '.join(Tone)}")
    formality = data.get("formality")
    if (
        isinstance(formality, bool)
        or not isinstance(formality, int | float)
        or not math.isfinite(formality)
        or not 0 <= formality <= 1
    ):
        raise MalformedLlmOutput("formality must be a number from 0 to 1")
    traits = _list(data, "traits")
    if len(traits) > MAX_TRAITS:
        raise MalformedLlmOutput(f"At most {MAX_TRAITS} traits")
    return StyleRefinement(
        tone=Tone(tone),
        formality=round(float(formality), 2),
        style_summary=_text(data.get("style_summary"), name="style_summary", limit=STYLE_SUMMARY_MAX),
        traits=tuple(_text(trait, name="traits[]", limit=TRAIT_MAX) for trait in traits),
    )
