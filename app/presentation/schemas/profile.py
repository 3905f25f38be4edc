"""Request and response models of the profile API: profiles, skills, custom fields, analytics."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AliasChoices, EmailStr, Field, RootModel
from pydantic import model_validator as _model_validator

from app.presentation.schemas.common import PaginationOut, Schema
from app.presentation.schemas.profile_fields import (
    CustomFields,
    Name100,
    Opt30,
    Opt100,
    Opt2000,
    OptionalUrl,
    SectionItems,
    SkillList,
)
from app.presentation.schemas.profile_items import (
    AnsweredUrl,
    CertificationIn,
    CertificationOut,
    EducationIn,
    EducationOut,
    ExperienceIn,
    ExperienceOut,
    LanguageIn,
    LanguageOut,
    ProjectIn,
    ProjectOut,
)

EnhancedSummary = Annotated[
    Opt2000, Field(validation_alias=AliasChoices("enhanced_professional_summary", "enhanced_summary"))
]


class PersonalInfoIn(Schema):
    full_name: Name100
    email: Annotated[EmailStr, Field(max_length=255)]
    phone: Opt30 = None
    location: Opt100 = None
    linkedin: OptionalUrl = None
    github: OptionalUrl = None
    website: OptionalUrl = None


class SkillsIn(Schema):
    """Skills in a PUT: keys present replace; certifications follow list semantics."""

    technical: SkillList | None = None
    soft: SkillList | None = None
    languages: Annotated[list[LanguageIn], SectionItems] | None = None
    certifications: Annotated[list[CertificationIn], SectionItems] | None = None

    def changes(self) -> dict[str, Any]:
        present = self.model_dump(exclude_unset=True)
        return {key: value for key, value in present.items() if value is not None}


class _ProfileBody(Schema):
    """The fields POST and PUT share; a null list or map means 'unchanged' (empty on create)."""

    professional_summary: Opt2000 = None
    enhanced_professional_summary: EnhancedSummary = None
    skills: SkillsIn | None = None
    experiences: Annotated[list[ExperienceIn], SectionItems] | None = None
    education: Annotated[list[EducationIn], SectionItems] | None = None
    projects: Annotated[list[ProjectIn], SectionItems] | None = None
    custom_fields: CustomFields | None = None

    def changes(self) -> dict[str, Any]:
        """The fields the client sent (nested items with the fields they carry)."""
        present = self.model_dump(exclude_unset=True, exclude={"skills", "is_primary"})
        changes = {
            key: value for key, value in present.items() if value is not None or key.endswith("summary")
        }
        if self.skills is not None:
            changes["skills"] = self.skills.changes()
        return changes


class ProfileCreate(_ProfileBody):
    personal_info: PersonalInfoIn


class ProfileUpdate(_ProfileBody):
    personal_info: PersonalInfoIn | None = None
    is_primary: bool | None = Field(default=None, description="true makes this the primary profile")


class PersonalInfoOut(Schema):
    full_name: str
    email: str
    phone: str | None = None
    location: str | None = None
    linkedin: AnsweredUrl | None = None
    github: AnsweredUrl | None = None
    website: AnsweredUrl | None = None


class SkillsOut(Schema):
    technical: list[str] = Field(default_factory=list)
    soft: list[str] = Field(default_factory=list)
    languages: list[LanguageOut] = Field(default_factory=list)
    certifications: list[CertificationOut] = Field(default_factory=list)


class ProfileOut(Schema):
    id: str
    user_id: int
    is_primary: bool
    personal_info: PersonalInfoOut
    professional_summary: str | None
    enhanced_professional_summary: str | None
    skills: SkillsOut
    experiences: list[ExperienceOut]
    education: list[EducationOut]
    projects: list[ProjectOut]
    custom_fields: dict[str, Any]
    enhancement_metadata: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class ProfileList(Schema):
    profiles: list[ProfileOut]
    total: int
    pagination: PaginationOut


class SkillNames(Schema):
    skills: SkillList


class TechnicalSkillsOut(Schema):
    message: str
    technical_skills: list[str]


class SoftSkillsOut(Schema):
    message: str
    soft_skills: list[str]


class CustomFieldsIn(RootModel[CustomFields]):
    """A bare map of custom fields; `{"fields": {...}}` is read as its content."""

    @_model_validator(mode="before")
    @classmethod
    def _unwrap(cls, data: Any) -> Any:
        if isinstance(data, dict) and list(data) == ["fields"] and isinstance(data["fields"], dict):
            return data["fields"]
        return data


class AnalyticsWarningOut(Schema):
    code: str
    message: str
    item_id: str | None


class CompletenessOut(Schema):
    overall: int
    personal_info: int
    professional_summary: int
    experiences: int
    education: int
    skills: int
    projects: int


class StatisticsOut(Schema):
    total_experiences: int
    total_education: int
    total_projects: int
    total_technical_skills: int
    total_soft_skills: int
    total_certifications: int
    years_of_experience: float


class AnalyticsOut(Schema):
    profile_id: str
    completeness_score: int
    completeness: CompletenessOut
    missing_sections: list[str]
    recommendations: list[str]
    strengths: list[str]
    warnings: list[AnalyticsWarningOut]
    statistics: StatisticsOut


class SkippedItemOut(Schema):
    section: str
    index: int
    reason: str


class ImportOut(Schema):
    profile: ProfileOut
    skipped: list[SkippedItemOut]
