"""Request and response models of the profile items: experiences, education, projects, certifications."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import (
    AliasChoices,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    RootModel,
    StringConstraints,
    Tag,
    create_model,
)
from pydantic import model_validator as _model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from app.domain.entities.profile import SECTION_ITEMS_CEILING
from app.domain.enums.profile import LANGUAGE_PROFICIENCIES
from app.presentation.schemas.common import PaginationOut, Schema
from app.presentation.schemas.profile_fields import (
    URL_MAX,
    AlsoNull,
    Date,
    Declared,
    Flag,
    Items100,
    Items500,
    Name50,
    Name100,
    Name200,
    NoneAsEmpty,
    Opt30,
    Opt100,
    Opt1000,
    Opt2000,
    OptionalDate,
    OptionalUrl,
    SectionItems,
    Text1000,
)

# Ids are read as given: empty or null means a new item; a service decides whether one is stored.
ItemId = str | None
# What the answers hold: dates as `YYYY-MM-DD`, links as URIs (non-ASCII percent-encoded on input).
AnsweredDate = Annotated[str, Declared(format="date")]
AnsweredUrl = Annotated[str, Declared(format="uri", maxLength=URL_MAX)]


class ExperienceIn(Schema):
    id: ItemId = None
    title: Name100
    company: Name100
    location: Opt100 = None
    start_date: Date
    end_date: OptionalDate = None
    is_current: Flag = False
    description: Opt2000 = None
    enhanced_description: Opt2000 = None
    achievements: Items500 = Field(default_factory=list)
    technologies: Items100 = Field(default_factory=list)
    employment_type: Opt30 = None
    industry: Opt100 = None


class EducationIn(Schema):
    id: ItemId = None
    institution: Name200
    degree: Name100
    field_of_study: Annotated[str, StringConstraints(max_length=100), NoneAsEmpty, AlsoNull()] = ""
    start_date: Date
    end_date: OptionalDate = None
    is_current: Flag = False
    gpa: Annotated[float | None, Field(ge=0.0, le=4.0)] = None
    honors: Items500 = Field(default_factory=list)
    relevant_coursework: Items500 = Field(default_factory=list)
    description: Opt2000 = None


class ProjectIn(Schema):
    id: ItemId = None
    name: Name100
    description: Text1000
    enhanced_description: Opt1000 = None
    technologies: Items100 = Field(default_factory=list)
    url: OptionalUrl = None
    github_url: OptionalUrl = Field(
        default=None, validation_alias=AliasChoices("github_url", "repository_url")
    )
    start_date: OptionalDate = None
    end_date: OptionalDate = None
    is_ongoing: Flag = False
    highlights: Items500 = Field(default_factory=list)


class CertificationIn(Schema):
    id: ItemId = None
    name: Name200
    issuer: Name100
    date_obtained: Date
    expiry_date: OptionalDate = None
    credential_id: Opt100 = None
    url: OptionalUrl = None


class LanguageIn(Schema):
    name: Name50
    proficiency: Annotated[str, StringConstraints(max_length=50), NoneAsEmpty, AlsoNull()] = ""

    @_model_validator(mode="after")
    def _usual_proficiency(self) -> LanguageIn:
        if self.proficiency.lower() in LANGUAGE_PROFICIENCIES:
            self.proficiency = self.proficiency.lower()
        return self


def _patch_of(model: type[Schema]) -> type[Schema]:
    """The same fields, each optional: what a bulk PUT sends for a stored item (present fields win)."""
    fields: dict[str, Any] = {
        name: (
            Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation,
            Field(default=None, validation_alias=info.validation_alias),
        )
        for name, info in model.model_fields.items()
    }
    return create_model(model.__name__.replace("In", "Patch"), __base__=Schema, **fields)


def _has_id(value: Any) -> str:
    """The tag of a bulk PUT item: "new" when its id is absent, null or blank, else "stored". Blank
    as the schema sees it (trimmed): `{"id": "   "}` taken as a patch became an empty id, hence a new
    item lacking its required fields (a 500 when built)."""
    raw = value.get("id") if isinstance(value, dict) else getattr(value, "id", None)
    blank = not raw or (isinstance(raw, str) and not raw.strip())
    return "new" if blank else "stored"


def _upsert(model: type[Schema]) -> Any:
    """An item of a bulk PUT: with an id, a patch of the stored item; without, a whole new item."""
    return Annotated[
        Annotated[model, Tag("new")] | Annotated[_patch_of(model), Tag("stored")], Discriminator(_has_id)
    ]


ItemT = TypeVar("ItemT")


class ItemBatch(RootModel[Annotated[list[ItemT], SectionItems]], Generic[ItemT]):
    """A bulk body: a bare array, `{"<kind>": [...]}`, or one object."""

    wrap_key: ClassVar[str] = ""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """All three shapes the body may take; an item of a bulk PUT is a new item or a patch (a
        new item would match both, hence anyOf rather than the generated oneOf)."""
        schema = handler.resolve_ref_schema(handler(core_schema))
        listed = {key: schema.pop(key) for key in ("type", "items", "maxItems")}
        item = listed["items"]
        upsert = "oneOf" in item
        if upsert:
            item = listed["items"] = {"anyOf": item.pop("oneOf")}
        wrapped = {"type": "object", "properties": {cls.wrap_key: listed}, "required": [cls.wrap_key]}
        schema["anyOf"] = [listed, wrapped, item]
        schema["description"] = f'A bare array, {{"{cls.wrap_key}": [...]}} or one object. ' + (
            "An item with a non-blank id is a patch of the stored item (the fields present overwrite); "
            "an item without one is a whole new item."
            if upsert
            else "Ids are ignored: every item is a new one."
        )
        return schema

    @_model_validator(mode="before")
    @classmethod
    def _as_list(cls, data: Any) -> Any:
        if isinstance(data, dict):
            wrapped = data.get(cls.wrap_key)
            return wrapped if isinstance(wrapped, list) else [data]
        return data

    def drafts(self) -> list[dict[str, Any]]:
        """Each item's present fields: absent ones keep their stored value or default."""
        return [item.model_dump(exclude_unset=True) for item in self.root]  # type: ignore[attr-defined]


class ExperienceBatch(ItemBatch[ExperienceIn]):
    wrap_key: ClassVar[str] = "experiences"


class EducationBatch(ItemBatch[EducationIn]):
    wrap_key: ClassVar[str] = "education"


class ProjectBatch(ItemBatch[ProjectIn]):
    wrap_key: ClassVar[str] = "projects"


class CertificationBatch(ItemBatch[CertificationIn]):
    wrap_key: ClassVar[str] = "certifications"


class ExperienceUpsertBatch(ItemBatch[_upsert(ExperienceIn)]):  # type: ignore[misc]
    wrap_key: ClassVar[str] = "experiences"


class EducationUpsertBatch(ItemBatch[_upsert(EducationIn)]):  # type: ignore[misc]
    wrap_key: ClassVar[str] = "education"


class ProjectUpsertBatch(ItemBatch[_upsert(ProjectIn)]):  # type: ignore[misc]
    wrap_key: ClassVar[str] = "projects"


class CertificationUpsertBatch(ItemBatch[_upsert(CertificationIn)]):  # type: ignore[misc]
    wrap_key: ClassVar[str] = "certifications"


def _either_key(schema: dict[str, Any]) -> None:
    """Declares `ids` beside `<kind>_ids`, one of them required (the first one present is read)."""
    ((key, listed),) = schema["properties"].items()
    schema["properties"]["ids"] = {**listed, "title": "Ids"}
    del schema["required"]
    schema["anyOf"] = [{"required": [key]}, {"required": ["ids"]}]


class _IdList(Schema):
    model_config = ConfigDict(json_schema_extra=_either_key)


def _ids(key: str) -> Any:
    """The ids of a DELETE body, under `<key>` or `ids`. Any string is taken as an id: one that is not
    in the profile is ignored, so no length is declared (the body size bounds them)."""
    return Field(validation_alias=AliasChoices(key, "ids"), max_length=SECTION_ITEMS_CEILING)


class ExperienceIds(_IdList):
    ids: list[str] = _ids("experience_ids")


class EducationIds(_IdList):
    ids: list[str] = _ids("education_ids")


class ProjectIds(_IdList):
    ids: list[str] = _ids("project_ids")


class CertificationIds(_IdList):
    ids: list[str] = _ids("certification_ids")


class ExperienceOut(Schema):
    id: str
    title: str
    company: str
    location: str | None
    start_date: AnsweredDate
    end_date: AnsweredDate | None
    is_current: bool
    description: str | None
    enhanced_description: str | None
    achievements: list[str]
    technologies: list[str]
    employment_type: str | None
    industry: str | None


class EducationOut(Schema):
    id: str
    institution: str
    degree: str
    field_of_study: str
    start_date: AnsweredDate
    end_date: AnsweredDate | None
    is_current: bool
    gpa: float | None
    honors: list[str]
    relevant_coursework: list[str]
    description: str | None


class ProjectOut(Schema):
    id: str
    name: str
    description: str
    enhanced_description: str | None
    technologies: list[str]
    url: AnsweredUrl | None
    github_url: AnsweredUrl | None
    start_date: AnsweredDate | None
    end_date: AnsweredDate | None
    is_ongoing: bool
    highlights: list[str]


class CertificationOut(Schema):
    id: str
    name: str
    issuer: str
    date_obtained: AnsweredDate
    expiry_date: AnsweredDate | None = None
    credential_id: str | None = None
    url: AnsweredUrl | None = None


class LanguageOut(Schema):
    name: str
    proficiency: str = ""


class ExperienceList(Schema):
    experiences: list[ExperienceOut]
    total: int
    pagination: PaginationOut


class EducationList(Schema):
    education: list[EducationOut]
    total: int
    pagination: PaginationOut
