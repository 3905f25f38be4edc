"""The export templates (contract 7.1): what each offers, its default options and the option limits.

The registry is read from `data/templates/template_registry.json` at start-up; it must describe each
TemplateId exactly once, and its option limits must be the ones the options are checked against
(options.py), so the limits a client is shown are the limits it meets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, astuple, dataclass
from typing import Any

from app.domain.enums.export import FontFamily, TemplateId
from app.domain.exports.options import (
    COLOUR_NAMES,
    FONT_SIZE_RANGE,
    LINE_SPACING_RANGE,
    MARGIN_RANGE,
    ExportOptions,
    for_template,
    hex_colour,
)

# Published to clients for their own form checks; the server reads colours with options.hex_colour.
ACCENT_COLOUR_PATTERN = "^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$"


@dataclass(frozen=True)
class NumberRange:
    min: float
    max: float

    def holds(self, value: float) -> bool:
        """Whether `value` is within the range, both ends included."""
        return self.min <= value <= self.max


@dataclass(frozen=True)
class AccentColourRule:
    pattern: str
    named: tuple[str, ...]


@dataclass(frozen=True)
class OptionConstraints:
    font_family: tuple[str, ...]
    font_size: NumberRange
    accent_color: AccentColourRule
    line_spacing: NumberRange
    margins: NumberRange


# The limits of options.py, as a template detail shows them.
OPTION_CONSTRAINTS = OptionConstraints(
    font_family=tuple(family.value for family in FontFamily),
    font_size=NumberRange(*FONT_SIZE_RANGE),
    accent_color=AccentColourRule(ACCENT_COLOUR_PATTERN, tuple(COLOUR_NAMES)),
    line_spacing=NumberRange(*LINE_SPACING_RANGE),
    margins=NumberRange(*MARGIN_RANGE),
)


@dataclass(frozen=True)
class Customization:
    """Which options a template honours (the others are ignored)."""

    accent_color: bool
    font_family: bool
    font_size: bool
    line_spacing: bool
    margins: bool


@dataclass(frozen=True)
class TemplateSpec:
    id: TemplateId
    name: str
    description: str
    ats_score: int
    industries: tuple[str, ...]
    features: tuple[str, ...]
    supports_customization: Customization
    default_options: ExportOptions
    version: str
    option_constraints: OptionConstraints
    preview_url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The contract's TemplateDetail (a Template plus version and option_constraints), JSON-ready."""
        data = asdict(self)
        data["id"] = self.id.value
        data["industries"] = list(self.industries)
        data["features"] = list(self.features)
        data["default_options"] = self.default_options.as_dict()
        data["option_constraints"]["font_family"] = list(self.option_constraints.font_family)
        data["option_constraints"]["accent_color"]["named"] = list(self.option_constraints.accent_color.named)
        return data


class TemplateRegistry:
    """The templates in the registry file's order, looked up by id."""

    def __init__(self, templates: Iterable[TemplateSpec]) -> None:
        self._templates = tuple(templates)
        ids = [spec.id for spec in self._templates]
        if sorted(ids) != sorted(TemplateId):
            raise ValueError(f"templates must be exactly {[t.value for t in TemplateId]}, once each")
        for spec in self._templates:
            _check(spec)
        self._by_id = {spec.id: spec for spec in self._templates}

    def get(self, template: TemplateId) -> TemplateSpec:
        """The template of that id (every TemplateId has one)."""
        return self._by_id[template]

    def __iter__(self) -> Iterator[TemplateSpec]:
        return iter(self._templates)

    def __len__(self) -> int:
        return len(self._templates)


def _check(spec: TemplateSpec) -> None:
    """A template's limits are the code's, and its defaults are what rendering would use."""
    if spec.option_constraints != OPTION_CONSTRAINTS:
        raise ValueError(
            f"{spec.id}: option_constraints differ from the limits the options are checked against"
        )
    if not _within_limits(spec.default_options):
        raise ValueError(f"{spec.id}: default_options are outside the option limits")
    if for_template(spec.default_options, spec.id) != spec.default_options:
        raise ValueError(f"{spec.id}: default_options must print as they read (ats-optimized is black)")
    if spec.supports_customization.accent_color != (spec.id is not TemplateId.ATS_OPTIMIZED):
        raise ValueError(f"{spec.id}: only ats-optimized ignores accent_color")


def _within_limits(options: ExportOptions) -> bool:
    limits = OPTION_CONSTRAINTS
    return (
        hex_colour(options.accent_color) == options.accent_color
        and limits.font_size.holds(options.font_size)
        and limits.line_spacing.holds(options.line_spacing)
        and all(limits.margins.holds(side) for side in astuple(options.margins))
    )
