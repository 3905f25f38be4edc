"""The item kinds of a profile (experiences, education, projects, certifications) and their list rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol, Self, TypeVar

from app.domain.errors import InvalidDatesError, NotFoundError
from app.domain.ids import new_id, parse_id
from app.domain.profile_dates import date_range_problem
from app.domain.time import utc_now

# The validated fields of one item as a request gave them; "id" may be missing, empty or unknown.
Fields = Mapping[str, Any]


class Item(Protocol):
    id: str

    def apply(self, fields: Fields, *, now: datetime) -> None: ...

    def date_problem(self) -> str | None: ...


T = TypeVar("T", bound=Item)


class _Editable:
    """Items change only through `apply`, which copies the editable fields that are present."""

    EDITABLE: ClassVar[tuple[str, ...]]

    @classmethod
    def editable(cls, fields: Fields) -> dict[str, Any]:
        return {name: fields[name] for name in cls.EDITABLE if name in fields}

    def _copy(self, fields: Fields) -> None:
        for name, value in self.editable(fields).items():
            setattr(self, name, value)


@dataclass(eq=False, kw_only=True)
class ProfileItem(_Editable):
    """A row of experiences, education or projects, listed by `display_order` inside its profile."""

    id: str = field(default_factory=new_id)
    profile_id: str | None = None
    display_order: int = 0
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    @classmethod
    def new(cls, fields: Fields, *, now: datetime) -> Self:
        """A new item (a new id, whatever id `fields` carry)."""
        return cls(**cls.editable(fields), created_at=now, updated_at=now)

    def apply(self, fields: Fields, *, now: datetime) -> None:
        self._copy(fields)
        self.updated_at = now

    def date_problem(self) -> str | None:
        """Why the item's dates do not fit together, or None."""
        raise NotImplementedError


@dataclass(eq=False, kw_only=True)
class Experience(ProfileItem):
    EDITABLE = (
        "title", "company", "location", "start_date", "end_date", "is_current", "description",
        "enhanced_description", "achievements", "technologies", "employment_type", "industry",
    )  # fmt: skip

    title: str
    company: str
    start_date: str
    location: str | None = None
    end_date: str | None = None
    is_current: bool = False
    description: str | None = None
    enhanced_description: str | None = None
    achievements: list[str] = field(default_factory=list)
    technologies: list[str] = field(default_factory=list)
    employment_type: str | None = None
    industry: str | None = None
    enhancement_metadata: dict[str, Any] = field(default_factory=dict)

    def date_problem(self) -> str | None:
        return date_range_problem(self.start_date, self.end_date, current=self.is_current)


@dataclass(eq=False, kw_only=True)
class Education(ProfileItem):
    EDITABLE = (
        "institution", "degree", "field_of_study", "start_date", "end_date", "is_current", "gpa",
        "honors", "relevant_coursework", "description",
    )  # fmt: skip

    institution: str
    degree: str
    start_date: str
    field_of_study: str = ""
    end_date: str | None = None
    is_current: bool = False
    gpa: float | None = None
    honors: list[str] = field(default_factory=list)
    relevant_coursework: list[str] = field(default_factory=list)
    description: str | None = None

    def date_problem(self) -> str | None:
        return date_range_problem(self.start_date, self.end_date, current=self.is_current)


@dataclass(eq=False, kw_only=True)
class Project(ProfileItem):
    EDITABLE = (
        "name", "description", "enhanced_description", "technologies", "url", "github_url",
        "start_date", "end_date", "is_ongoing", "highlights",
    )  # fmt: skip

    name: str
    description: str
    enhanced_description: str | None = None
    technologies: list[str] = field(default_factory=list)
    url: str | None = None
    github_url: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    is_ongoing: bool = False
    highlights: list[str] = field(default_factory=list)
    enhancement_metadata: dict[str, Any] = field(default_factory=dict)

    def date_problem(self) -> str | None:
        return date_range_problem(
            self.start_date, self.end_date, current=self.is_ongoing, current_name="is_ongoing"
        )


@dataclass(eq=False, kw_only=True)
class Certification(_Editable):
    """A certification: kept inside the profile's skills JSON, with a server-made id."""

    EDITABLE = ("name", "issuer", "date_obtained", "expiry_date", "credential_id", "url")

    name: str
    issuer: str
    date_obtained: str
    id: str = field(default_factory=new_id)
    expiry_date: str | None = None
    credential_id: str | None = None
    url: str | None = None

    @classmethod
    def new(cls, fields: Fields, *, now: datetime) -> Certification:
        return cls(**cls.editable(fields))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Certification:
        return cls(id=data["id"], **cls.editable(data))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **{name: getattr(self, name) for name in self.EDITABLE}}

    def apply(self, fields: Fields, *, now: datetime) -> None:
        self._copy(fields)

    def date_problem(self) -> str | None:
        if self.expiry_date is not None and self.expiry_date < self.date_obtained:
            return "expiry date must not be before the date obtained"
        return None


def stored_id(fields: Fields) -> str | None:
    """The canonical id an item body refers to, or None for a new item (empty, null or malformed)."""
    raw = fields.get("id")
    return parse_id(raw) if isinstance(raw, str) and raw else None


def check_dates(items: Iterable[Item], label: str) -> None:
    """422 `invalid_dates` naming the first item whose dates do not fit together."""
    for index, item in enumerate(items):
        problem = item.date_problem()
        if problem:
            raise InvalidDatesError(f"{label}[{index}]: {problem}")


def replace_all(
    stored: Sequence[T], drafts: Sequence[Fields], *, build: Callable[[Fields], T], now: datetime, label: str
) -> list[T]:
    """List semantics: a stored id is updated, any other item is new, stored items not listed go."""
    by_id = {item.id: item for item in stored}
    result: list[T] = []
    for fields in drafts:
        item = by_id.pop(stored_id(fields) or "", None)
        if item is None:
            item = build(fields)
        else:
            item.apply(fields, now=now)
        result.append(item)
    check_dates(result, label)
    return result


def update_listed(
    stored: Sequence[T],
    drafts: Sequence[Fields],
    *,
    build: Callable[[Fields], T],
    now: datetime,
    label: str,
    kind: str,
) -> list[T]:
    """Bulk PUT: listed stored items take the present fields, items without id are new; answers them
    in request order. An id that is not stored here is a 404 before anything changes."""
    by_id = {item.id: item for item in stored}
    for fields in drafts:
        if fields.get("id") and stored_id(fields) not in by_id:
            raise NotFoundError(kind)
    result = []
    for fields in drafts:
        key = stored_id(fields)
        if key is None:
            result.append(build(fields))
        else:
            by_id[key].apply(fields, now=now)
            result.append(by_id[key])
    check_dates(result, label)
    return result
