"""The data files shipped in `data/`: the browse feed and the skills vocabulary, read and checked once."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from app.domain.entities.feed_job import BrowseFeed, FeedJob
from app.domain.entities.job import COMPANY_MAX, DESCRIPTION_MAX, LOCATION_MAX, SALARY_MAX, TITLE_MAX
from app.domain.enums.export import FontFamily, HeaderStyle, TemplateId
from app.domain.enums.job import EmploymentType
from app.domain.exports.options import DocumentProperties, ExportOptions, Margins
from app.domain.exports.templates import (
    AccentColourRule,
    Customization,
    NumberRange,
    OptionConstraints,
    TemplateRegistry,
    TemplateSpec,
)
from app.domain.generation.keywords import KeywordVocabulary
from app.domain.job_parsing.skills import SkillVocabulary

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
FEED_PATH = DATA_DIR / "mock_jobs.json"
SKILLS_PATH = DATA_DIR / "skills.txt"
SYNONYMS_PATH = DATA_DIR / "skill_synonyms.txt"
TEMPLATES_PATH = DATA_DIR / "templates" / "template_registry.json"


class DataFileError(RuntimeError):
    """A shipped data file is missing or malformed: the service must not start with it."""


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("posted_at needs a time zone (end it with Z)")
    return value.astimezone(UTC)


Text = Annotated[str, Field(min_length=1)]


class _FeedPosting(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)]
    company: Annotated[str, Field(min_length=1, max_length=COMPANY_MAX)]
    location: Annotated[str, Field(min_length=1, max_length=LOCATION_MAX)] | None
    description: Annotated[str, Field(min_length=1, max_length=DESCRIPTION_MAX)]
    requirements: list[Text]
    benefits: list[Text]
    parsed_keywords: Annotated[list[Text], Field(max_length=20)]
    salary_range: Annotated[str, Field(min_length=1, max_length=SALARY_MAX)] | None
    remote: bool
    employment_type: EmploymentType
    posted_at: Annotated[datetime, AfterValidator(_aware)]


class _FeedFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    jobs: Annotated[list[_FeedPosting], Field(min_length=1)]


@functools.cache  # read once per process: every app built (tests build hundreds) shares it
def load_job_feed(path: Path) -> BrowseFeed:
    """Read and validate the browse feed; any problem is a DataFileError naming the file and the field."""
    try:
        document = _FeedFile.model_validate_json(path.read_bytes())  # strict, but JSON strings may be enums
        return BrowseFeed(FeedJob(**posting.model_dump()) for posting in document.jobs)
    except (OSError, ValueError) as exc:
        raise DataFileError(f"Browse feed {path} is not usable: {_describe(exc)}") from exc


def _vocabulary_entries(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


@functools.cache  # read once per process: every app built (tests build hundreds) shares it
def load_skill_vocabulary(path: Path) -> SkillVocabulary:
    """The vocabulary file: one `Canonical | alias` entry per line, `#` comments."""
    try:
        return SkillVocabulary(_vocabulary_entries(path))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"Skills vocabulary {path} is not usable: {exc}") from exc


@functools.cache  # read once per process: every app built (tests build hundreds) shares it
def load_keyword_vocabulary(skills_path: Path, synonyms_path: Path) -> KeywordVocabulary:
    """The generation's keyword vocabulary: the skills file's entries, then the synonyms file's (same
    format); a spelling given to two terms is refused."""
    entries = []
    for path in (skills_path, synonyms_path):
        try:
            entries += _vocabulary_entries(path)
        except (OSError, ValueError) as exc:
            raise DataFileError(f"Keyword vocabulary {path} is not usable: {exc}") from exc
    try:
        return KeywordVocabulary(entries)
    except ValueError as exc:
        raise DataFileError(f"Keyword vocabulary {synonyms_path} is not usable: {exc}") from exc


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Margins(_Strict):
    top: float
    bottom: float
    left: float
    right: float


class _Properties(_Strict):
    title: str | None
    author: str | None
    subject: str | None
    keywords: str | None


class _Options(_Strict):
    font_family: FontFamily
    font_size: float
    accent_color: str
    line_spacing: float
    margins: _Margins
    include_page_numbers: bool
    header_style: HeaderStyle
    document_properties: _Properties


class _Range(_Strict):
    min: float
    max: float


class _Accent(_Strict):
    pattern: str
    named: list[str]


class _Constraints(_Strict):
    font_family: list[str]
    font_size: _Range
    accent_color: _Accent
    line_spacing: _Range
    margins: _Range


class _Customization(_Strict):
    accent_color: bool
    font_family: bool
    font_size: bool
    line_spacing: bool
    margins: bool


class _Template(_Strict):
    id: TemplateId
    name: Text
    description: Text
    ats_score: Annotated[int, Field(ge=0, le=100)]
    industries: Annotated[list[Text], Field(min_length=1)]
    features: Annotated[list[Text], Field(min_length=1)]
    supports_customization: _Customization
    default_options: _Options
    version: Text
    preview_url: str | None
    option_constraints: _Constraints


class _TemplatesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    templates: list[_Template]


def _template_spec(template: _Template) -> TemplateSpec:
    options, limits = template.default_options, template.option_constraints
    return TemplateSpec(
        id=template.id,
        name=template.name,
        description=template.description,
        ats_score=template.ats_score,
        industries=tuple(template.industries),
        features=tuple(template.features),
        supports_customization=Customization(**template.supports_customization.model_dump()),
        default_options=ExportOptions(
            **options.model_dump(exclude={"margins", "document_properties"}),
            margins=Margins(**options.margins.model_dump()),
            document_properties=DocumentProperties(**options.document_properties.model_dump()),
        ),
        version=template.version,
        option_constraints=OptionConstraints(
            font_family=tuple(limits.font_family),
            font_size=NumberRange(**limits.font_size.model_dump()),
            accent_color=AccentColourRule(limits.accent_color.pattern, tuple(limits.accent_color.named)),
            line_spacing=NumberRange(**limits.line_spacing.model_dump()),
            margins=NumberRange(**limits.margins.model_dump()),
        ),
        preview_url=template.preview_url,
    )


@functools.cache  # read once per process: every app built (tests build hundreds) shares it
def load_template_registry(path: Path) -> TemplateRegistry:
    """The export templates: each TemplateId once, with the option limits the code checks against."""
    try:
        document = _TemplatesFile.model_validate_json(path.read_bytes())
        return TemplateRegistry(_template_spec(template) for template in document.templates)
    except (OSError, ValueError) as exc:
        raise DataFileError(f"Template registry {path} is not usable: {_describe(exc)}") from exc


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"{where}: {first['msg']}{more}"
    return str(exc)
