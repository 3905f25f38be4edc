"""The master profile: personal details, skills and custom fields, with its item lists."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from app.domain.entities.profile_item import (
    Certification,
    Education,
    Experience,
    Fields,
    ProfileItem,
    Project,
    check_dates,
    replace_all,
    update_listed,
)
from app.domain.enums.profile import ProfileSection, SkillKind
from app.domain.errors import CustomFieldsLimitError, TooManyItemsError
from app.domain.ids import new_id
from app.domain.time import utc_now

ITEM_TYPES: dict[ProfileSection, type[ProfileItem]] = {
    ProfileSection.EXPERIENCES: Experience,
    ProfileSection.EDUCATION: Education,
    ProfileSection.PROJECTS: Project,
}
# The singular used in `<kind>_not_found` codes.
ITEM_KINDS = {
    ProfileSection.EXPERIENCES: "experience",
    ProfileSection.EDUCATION: "education",
    ProfileSection.PROJECTS: "project",
}
SKILL_KEYS = ("technical", "soft", "languages", "certifications")
PROFILE_FIELDS = ("personal_info", "professional_summary", "enhanced_professional_summary")
MAX_CUSTOM_FIELDS = 100
MAX_CUSTOM_FIELD_KEY = 50
# The most items a list may hold (PROFILE_MAX_ITEMS_PER_SECTION, 100 by default, caps each of them),
# and the setting's own upper bound: the request schemas declare it as maxItems on every list.
SECTION_ITEMS_CEILING = 1000
# The capped lists: the item sections, then the lists kept in the skills JSON; as a detail names them.
LIST_NAMES = {
    "experiences": "experiences",
    "education": "education entries",
    "projects": "projects",
    "certifications": "certifications",
    "technical": "technical skills",
    "soft": "soft skills",
    "languages": "languages",
}


def check_list_size(name: str, size: int, *, max_items: int) -> None:
    """422 `too_many_items` when the list `name` (a LIST_NAMES key) would hold more than `max_items`."""
    if size > max_items:
        raise TooManyItemsError(f"A profile holds at most {max_items} {LIST_NAMES[name]}")


def check_id_count(count: int, *, max_items: int) -> None:
    """422 `too_many_items` for a request naming more ids than a section may hold."""
    if count > max_items:
        raise TooManyItemsError(f"At most {max_items} ids per request")


# A stored profile as plain data, shaped like the API's Profile, with its item lists in display order:
# what the read-only endpoints answer, read in one statement instead of loading the aggregate.
ProfileView = dict[str, Any]


def empty_skills() -> dict[str, Any]:
    return {key: [] for key in SKILL_KEYS}


def unique_casefold(items: Iterable[str]) -> list[str]:
    """Drop later spellings of a value already listed, compared case-insensitively."""
    seen: set[str] = set()
    result = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


@dataclass(eq=False, kw_only=True)
class MasterProfile:
    user_id: int
    personal_info: dict[str, Any]
    id: str = field(default_factory=new_id)
    is_primary: bool = False
    professional_summary: str | None = None
    enhanced_professional_summary: str | None = None
    enhancement_metadata: dict[str, Any] = field(default_factory=dict)
    skills: dict[str, Any] = field(default_factory=empty_skills)
    custom_fields: dict[str, Any] = field(default_factory=dict)
    experiences: list[Experience] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    # JSON columns are always given new values, never changed in place, so the ORM sees each write.

    def apply(self, changes: Fields, *, now: datetime) -> None:
        """Set the fields present in `changes`; item lists and certifications follow list semantics."""
        for name in PROFILE_FIELDS:
            if name in changes:
                setattr(self, name, changes[name])
        if "custom_fields" in changes:
            self.set_custom_fields(changes["custom_fields"], merge=False, now=now)
        if "skills" in changes:
            self.replace_skills(changes["skills"], now=now)
        for section in ProfileSection:
            if section.value in changes:
                self.replace_items(section, changes[section.value], now=now)
        self.updated_at = now

    def list_sizes(self, sections: Collection[ProfileSection]) -> dict[str, int]:
        """The length of each capped list: the item sections given (those loaded), and the skills."""
        sizes = {section.value: len(self.items(section)) for section in sections}
        sizes.update({key: len(self.skills.get(key, [])) for key in SKILL_KEYS})
        return sizes

    def check_growth(
        self, before: Mapping[str, int], *, sections: Collection[ProfileSection], max_items: int
    ) -> None:
        """422 `too_many_items` when a list grew past `max_items` since `before` (its `list_sizes`). A
        list stored longer than the cap (before there was one) may still shrink or be edited."""
        for name, size in self.list_sizes(sections).items():
            if size > before.get(name, 0):
                check_list_size(name, size, max_items=max_items)

    def items(self, section: ProfileSection) -> list[ProfileItem]:
        items: list[ProfileItem] = getattr(self, section.value)
        return items

    def replace_items(self, section: ProfileSection, drafts: Sequence[Fields], *, now: datetime) -> None:
        """List semantics; the new list order is the display order."""
        kind = ITEM_TYPES[section]
        items = replace_all(
            self.items(section), drafts, build=lambda f: kind.new(f, now=now), now=now, label=section.value
        )
        for position, item in enumerate(items):
            if item.display_order != position:
                item.display_order = position
        setattr(self, section.value, items)
        self.updated_at = now

    def add_items(
        self, section: ProfileSection, drafts: Sequence[Fields], *, now: datetime
    ) -> list[ProfileItem]:
        """Append new items after the stored ones; ids in `drafts` are ignored."""
        kind = ITEM_TYPES[section]
        added = [kind.new(fields, now=now) for fields in drafts]
        check_dates(added, section.value)
        return self._append(section, added, now=now)

    def update_items(
        self, section: ProfileSection, drafts: Sequence[Fields], *, now: datetime
    ) -> list[ProfileItem]:
        """Bulk PUT (see `update_listed`); new items go after the stored ones."""
        kind = ITEM_TYPES[section]
        stored = self.items(section)
        result = update_listed(
            stored,
            drafts,
            build=lambda f: kind.new(f, now=now),
            now=now,
            label=section.value,
            kind=ITEM_KINDS[section],
        )
        known = set(stored)
        self._append(section, [item for item in result if item not in known], now=now)
        return result

    def remove_items(self, section: ProfileSection, ids: Iterable[str], *, now: datetime) -> None:
        doomed = set(ids)
        setattr(self, section.value, [item for item in self.items(section) if item.id not in doomed])
        self.updated_at = now

    def _append(
        self, section: ProfileSection, added: list[ProfileItem], *, now: datetime
    ) -> list[ProfileItem]:
        stored = self.items(section)
        start = max((item.display_order for item in stored), default=-1) + 1
        for offset, item in enumerate(added):
            item.display_order = start + offset
        setattr(self, section.value, [*stored, *added])
        self.updated_at = now
        return added

    # Certifications live in the skills JSON.

    @property
    def certifications(self) -> list[Certification]:
        return [Certification.from_json(data) for data in self.skills.get("certifications", [])]

    def _store_certifications(self, certifications: Iterable[Certification], *, now: datetime) -> None:
        self.skills = {**self.skills, "certifications": [c.to_json() for c in certifications]}
        self.updated_at = now

    def replace_certifications(self, drafts: Sequence[Fields], *, now: datetime) -> None:
        build = partial(Certification.new, now=now)
        result = replace_all(self.certifications, drafts, build=build, now=now, label="certifications")
        self._store_certifications(result, now=now)

    def add_certifications(self, drafts: Sequence[Fields], *, now: datetime) -> list[Certification]:
        added = [Certification.new(fields, now=now) for fields in drafts]
        check_dates(added, "certifications")
        self._store_certifications([*self.certifications, *added], now=now)
        return added

    def update_certifications(self, drafts: Sequence[Fields], *, now: datetime) -> list[Certification]:
        stored = self.certifications
        build = partial(Certification.new, now=now)
        result = update_listed(
            stored, drafts, build=build, now=now, label="certifications", kind="certification"
        )
        known = set(stored)
        self._store_certifications([*stored, *(c for c in result if c not in known)], now=now)
        return result

    def remove_certifications(self, ids: Iterable[str], *, now: datetime) -> None:
        doomed = set(ids)
        self._store_certifications([c for c in self.certifications if c.id not in doomed], now=now)

    # Skills and custom fields.

    def replace_skills(self, changes: Fields, *, now: datetime) -> dict[str, Any]:
        """Keys present replace the stored ones; certifications follow list semantics."""
        skills = {**empty_skills(), **self.skills}
        for kind in SkillKind:
            if kind.value in changes:
                skills[kind.value] = unique_casefold(changes[kind.value])
        if "languages" in changes:
            skills["languages"] = list(changes["languages"])
        self.skills = skills
        if "certifications" in changes:
            self.replace_certifications(changes["certifications"], now=now)
        self.updated_at = now
        return self.skills

    def add_skills(self, kind: SkillKind, names: Iterable[str], *, now: datetime) -> list[str]:
        return self._set_skills(kind, unique_casefold([*self.skills.get(kind.value, []), *names]), now=now)

    def remove_skills(self, kind: SkillKind, names: Iterable[str], *, now: datetime) -> list[str]:
        doomed = {name.casefold() for name in names}
        kept = [name for name in self.skills.get(kind.value, []) if name.casefold() not in doomed]
        return self._set_skills(kind, kept, now=now)

    def _set_skills(self, kind: SkillKind, names: list[str], *, now: datetime) -> list[str]:
        self.skills = {**self.skills, kind.value: names}
        self.updated_at = now
        return names

    def set_custom_fields(self, fields: Mapping[str, Any], *, merge: bool, now: datetime) -> dict[str, Any]:
        """Replace the custom fields, or merge `fields` in (a key present overwrites)."""
        combined = {**self.custom_fields, **fields} if merge else dict(fields)
        if len(combined) > MAX_CUSTOM_FIELDS:
            raise CustomFieldsLimitError(f"A profile has at most {MAX_CUSTOM_FIELDS} custom fields")
        self.custom_fields = combined
        self.updated_at = now
        return combined
