"""Request and response models of the export API (contract §7)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from app.domain.enums.document_type import DocumentType
from app.domain.enums.export import ExportFormat, ExportStatus, FontFamily, HeaderStyle, TemplateId
from app.domain.exports.files import FILENAME_MAX
from app.domain.exports.options import (
    COLOUR_NAMES,
    FONT_SIZE_RANGE,
    LINE_SPACING_RANGE,
    MARGIN_RANGE,
    DocumentProperties,
    ExportOptions,
    Margins,
    font_family,
    hex_colour,
)
from app.presentation.schemas.common import PageQuery, PaginationOut, Schema
from app.presentation.schemas.generation import IdIn

BATCH_MAX = 10
Inches = Annotated[float, Field(ge=MARGIN_RANGE[0], le=MARGIN_RANGE[1])]
Property = Annotated[str | None, Field(default=None, max_length=200)]
TemplateIn = Annotated[
    str,
    Field(
        max_length=30,
        description="modern, classic, creative or ats-optimized (ats_optimized accepted)",
        json_schema_extra={"examples": ["modern"]},
    ),
]


def _template(value: str) -> TemplateId:
    template = TemplateId.parse(value)
    if template is None:
        raise ValueError(f"unknown template; one of {', '.join(t.value for t in TemplateId)}")
    return template


class MarginsIn(Schema):
    top: Inches = 0.75
    bottom: Inches = 0.75
    left: Inches = 0.75
    right: Inches = 0.75


class DocumentPropertiesIn(Schema):
    title: Property = None
    author: Property = None
    subject: Property = None
    keywords: Property = None


class OptionsIn(Schema):
    """Every option is optional; unknown keys are ignored; out of range is a 422."""

    font_family: str = Field(
        default="Helvetica",
        max_length=40,
        description="Helvetica, Arial, Times (or Times New Roman), Georgia, Calibri",
    )
    font_size: float = Field(default=11, ge=FONT_SIZE_RANGE[0], le=FONT_SIZE_RANGE[1], description="Points")
    accent_color: str = Field(
        default="#2563EB", max_length=20, description=f"#RRGGBB, #RGB or one of {', '.join(COLOUR_NAMES)}"
    )
    line_spacing: float = Field(default=1.15, ge=LINE_SPACING_RANGE[0], le=LINE_SPACING_RANGE[1])
    margins: MarginsIn = Field(default_factory=MarginsIn, description="Inches")
    include_page_numbers: bool = False
    header_style: HeaderStyle = HeaderStyle.BOLD
    document_properties: DocumentPropertiesIn = Field(
        default_factory=DocumentPropertiesIn, description="DOCX"
    )

    @field_validator("font_family")
    @classmethod
    def _known_font(cls, value: str) -> str:
        family = font_family(value)
        if family is None:
            raise ValueError("font_family must be Helvetica, Arial, Times, Georgia or Calibri")
        return family.value

    @field_validator("accent_color")
    @classmethod
    def _colour(cls, value: str) -> str:
        colour = hex_colour(value)
        if colour is None:
            raise ValueError("accent_color must be #RRGGBB, #RGB or a colour name")
        return colour

    def to_options(self) -> ExportOptions:
        """The normalised options: hex upper case, fonts by family, defaults filled."""
        return ExportOptions(
            font_family=FontFamily(self.font_family),
            font_size=self.font_size,
            accent_color=self.accent_color,
            line_spacing=self.line_spacing,
            margins=Margins(**self.margins.model_dump()),
            include_page_numbers=self.include_page_numbers,
            header_style=self.header_style,
            document_properties=DocumentProperties(**self.document_properties.model_dump()),
        )


class _TemplateChoice(Schema):
    template: TemplateIn = "modern"

    @model_validator(mode="before")
    @classmethod
    def _template_id_alias(cls, data: Any) -> Any:
        if isinstance(data, dict) and "template" not in data and "template_id" in data:
            return {**data, "template": data["template_id"]}
        return data

    @field_validator("template")
    @classmethod
    def _known_template(cls, value: str) -> str:
        return _template(value).value

    @property
    def template_id(self) -> TemplateId:
        return TemplateId(self.template)


class ExportCreate(_TemplateChoice):
    generation_id: IdIn
    options: OptionsIn = Field(default_factory=OptionsIn)
    filename: str | None = Field(default=None, max_length=FILENAME_MAX)
    format: str | None = Field(default=None, max_length=10, description="Must match the route when sent")


class PreviewCreate(_TemplateChoice):
    generation_id: IdIn
    options: OptionsIn = Field(default_factory=OptionsIn)


class BatchItemIn(_TemplateChoice):
    generation_id: IdIn
    format: ExportFormat
    filename: str | None = Field(default=None, max_length=FILENAME_MAX)

    @field_validator("format")
    @classmethod
    def _document_format(cls, value: ExportFormat) -> ExportFormat:
        if value is ExportFormat.ZIP:
            raise ValueError("format must be pdf or docx")
        return value


class BatchCreate(_TemplateChoice):
    """`{generation_ids, format, template?, options?}` or `{exports: [{generation_id, format, template}]}`."""

    generation_ids: list[IdIn] | None = Field(default=None, min_length=1, max_length=BATCH_MAX)
    format: ExportFormat | None = None
    exports: list[BatchItemIn] | None = Field(default=None, min_length=1, max_length=BATCH_MAX)
    options: OptionsIn = Field(default_factory=OptionsIn)
    create_zip: bool = True
    zip_filename: str | None = Field(default=None, max_length=FILENAME_MAX)

    @model_validator(mode="after")
    def _one_shape(self) -> BatchCreate:
        if self.exports is None and (self.generation_ids is None or self.format is None):
            raise ValueError("send generation_ids and format, or exports")
        if self.format is ExportFormat.ZIP:
            raise ValueError("format must be pdf or docx")
        return self


class ExportOut(Schema):
    export_id: str
    generation_id: str | None
    job_id: str | None
    document_type: DocumentType | None
    format: ExportFormat
    template: TemplateId
    filename: str
    file_size_bytes: int
    page_count: int | None
    options: dict[str, Any]
    download_url: str = Field(description="Absolute, signed, expiring: needs no Authorization header")
    download_count: int
    expires_at: datetime
    created_at: datetime
    metadata: dict[str, Any]
    status: ExportStatus = Field(
        default=ExportStatus.COMPLETED,
        description="completed for a file made during its request; a queued batch (mode=async) is "
        "pending, then rendering, then completed or failed",
    )
    error_code: str | None = Field(default=None, description="Why a queued batch failed")
    error_message: str | None = None


class ExportList(Schema):
    exports: list[ExportOut]
    total: int
    pagination: PaginationOut
    storage_used_bytes: int
    storage_limit_bytes: int


class JobExportList(Schema):
    job_id: str
    job_title: str
    company: str
    exports: list[ExportOut]
    exports_by_date: dict[str, list[ExportOut]] = Field(
        description="This page grouped by UTC day, newest first"
    )
    total: int
    total_size_bytes: int
    pagination: PaginationOut


class ExportFilesQuery(PageQuery):
    job_id: str | None = Field(default=None, max_length=64, description="Only this job's exports")
    format: ExportFormat | None = None
    document_type: DocumentType | None = None
    template: str | None = Field(default=None, max_length=30, description="Only this template")


class JobExportFilesQuery(PageQuery):
    format: ExportFormat | None = None
    document_type: DocumentType | None = None


class DownloadLinkOut(Schema):
    download_url: str
    expires_at: datetime


class TemplateOut(Schema):
    id: str
    name: str
    description: str
    ats_score: int
    industries: list[str]
    features: list[str]
    supports_customization: dict[str, bool]
    default_options: dict[str, Any]
    preview_url: str | None


class TemplateDetailOut(TemplateOut):
    version: str
    option_constraints: dict[str, Any]


class TemplateList(Schema):
    templates: list[TemplateOut]
    total: int
    pagination: PaginationOut
