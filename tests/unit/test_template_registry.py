"""The template registry: the shipped file, its agreement with the option limits, refusals at start-up."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.domain.enums.export import FontFamily, TemplateId
from app.domain.exports.options import (
    COLOUR_NAMES,
    FONT_SIZE_RANGE,
    LINE_SPACING_RANGE,
    MARGIN_RANGE,
    ExportOptions,
    hex_colour,
)
from app.domain.exports.templates import OPTION_CONSTRAINTS, TemplateRegistry
from app.infrastructure.data_files import TEMPLATES_PATH, DataFileError, load_template_registry


def shipped() -> dict[str, Any]:
    return json.loads(TEMPLATES_PATH.read_text(encoding="utf-8"))


def write(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "template_registry.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_shipped_registry_lists_the_four_templates_of_the_contract():
    registry = load_template_registry(TEMPLATES_PATH)
    assert [spec.id for spec in registry] == list(TemplateId)
    assert len(registry) == 4
    table = {spec.id: (spec.name, spec.ats_score, spec.industries) for spec in registry}
    assert table == {
        TemplateId.MODERN: ("Modern", 85, ("technology", "startups")),
        TemplateId.CLASSIC: ("Classic", 95, ("corporate", "finance", "legal")),
        TemplateId.CREATIVE: ("Creative", 75, ("design", "marketing", "media")),
        TemplateId.ATS_OPTIMIZED: ("ATS-Optimized", 98, ("enterprise", "government")),
    }
    assert all(spec.description for spec in registry)
    assert all(spec.features for spec in registry)
    assert all(spec.preview_url is None for spec in registry)


def test_only_ats_optimized_ignores_the_accent_colour_and_prints_black_by_default():
    registry = load_template_registry(TEMPLATES_PATH)
    ats = registry.get(TemplateId.ATS_OPTIMIZED)
    assert ats.supports_customization.accent_color is False
    assert ats.default_options == ExportOptions(accent_color="#000000")
    for template in (TemplateId.MODERN, TemplateId.CLASSIC, TemplateId.CREATIVE):
        spec = registry.get(template)
        assert spec.supports_customization.accent_color is True
        assert spec.default_options == ExportOptions()
    for spec in registry:
        customization = spec.supports_customization
        others = (customization.font_family, customization.font_size, customization.line_spacing)
        assert others == (True, True, True)
        assert customization.margins is True


def test_option_constraints_are_the_limits_the_options_are_checked_against():
    for entry in shipped()["templates"]:
        limits = entry["option_constraints"]
        assert limits["font_family"] == [family.value for family in FontFamily]
        assert (limits["font_size"]["min"], limits["font_size"]["max"]) == FONT_SIZE_RANGE
        assert (limits["line_spacing"]["min"], limits["line_spacing"]["max"]) == LINE_SPACING_RANGE
        assert (limits["margins"]["min"], limits["margins"]["max"]) == MARGIN_RANGE
        assert limits["accent_color"]["named"] == list(COLOUR_NAMES)


def test_the_published_colour_pattern_accepts_exactly_the_hex_forms_the_server_reads():
    pattern = re.compile(OPTION_CONSTRAINTS.accent_color.pattern)
    for value in ("#2563eb", "#2563EB", "#abc", "#000000"):
        assert pattern.fullmatch(value)
        assert hex_colour(value) is not None
    for value in ("2563EB", "#2563E", "#GGGGGG", "#2563EB0", "blue"):
        assert not pattern.fullmatch(value)
    assert hex_colour("blue") == "#2563EB"  # names are listed separately, under `named`


def test_each_template_reads_back_as_the_contracts_template_detail():
    registry = load_template_registry(TEMPLATES_PATH)
    assert [spec.as_dict() for spec in registry] == shipped()["templates"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["templates"].pop(), "exactly"),
        (lambda d: d["templates"].append(d["templates"][0]), "exactly"),
        (lambda d: d["templates"][0].update(id="minimal"), "templates.0.id"),
        (
            lambda d: d["templates"][1]["option_constraints"]["font_size"].update(max=16.0),
            "option_constraints",
        ),
        (lambda d: d["templates"][0]["default_options"].update(font_size=20.0), "outside the option limits"),
        (
            lambda d: d["templates"][0]["default_options"].update(accent_color="blue"),
            "outside the option limits",
        ),
        (
            lambda d: d["templates"][0]["default_options"]["margins"].update(top=3.0),
            "outside the option limits",
        ),
        (
            lambda d: d["templates"][3]["default_options"].update(accent_color="#2563EB"),
            "ats-optimized is black",
        ),
        (lambda d: d["templates"][3]["supports_customization"].update(accent_color=True), "accent_color"),
        (lambda d: d["templates"][0]["supports_customization"].update(accent_color=False), "accent_color"),
        (lambda d: d["templates"][0].update(ats_score="85"), "ats_score"),
        (lambda d: d["templates"][0].update(colour="red"), "colour"),
        (lambda d: d.update(version=2), "version"),
    ],
)
def test_a_malformed_registry_stops_start_up_naming_the_problem(tmp_path, change, reason):
    document = shipped()
    change(document)
    with pytest.raises(DataFileError, match=re.escape(reason)) as caught:
        load_template_registry(write(tmp_path, document))
    assert "Template registry" in str(caught.value)


def test_a_missing_or_unreadable_registry_stops_start_up(tmp_path):
    with pytest.raises(DataFileError, match="Template registry"):
        load_template_registry(tmp_path / "absent.json")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(DataFileError, match="Template registry"):
        load_template_registry(tmp_path / "broken.json")


def test_the_registry_looks_templates_up_by_id():
    registry = TemplateRegistry(load_template_registry(TEMPLATES_PATH))
    assert registry.get(TemplateId.CLASSIC).name == "Classic"
    assert TemplateId.parse("ats_optimized") is TemplateId.ATS_OPTIMIZED
    assert registry.get(TemplateId.ATS_OPTIMIZED).name == "ATS-Optimized"
