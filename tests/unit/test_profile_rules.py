"""Profile domain rules: dates, list semantics, bulk updates, skills and custom fields."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.core.config import Settings
from app.domain.entities.profile import SECTION_ITEMS_CEILING, MasterProfile
from app.domain.entities.profile_item import Experience
from app.domain.enums.profile import ProfileSection, SkillKind
from app.domain.errors import CustomFieldsLimitError, InvalidDatesError, NotFoundError, TooManyItemsError
from app.domain.profile_dates import date_range_problem, normalize_date

NOW = datetime(2025, 1, 1, tzinfo=UTC)
LATER = datetime(2025, 2, 1, tzinfo=UTC)
EXPERIENCES = ProfileSection.EXPERIENCES
SECTIONS = (EXPERIENCES,)


def job(title: str, **overrides: Any) -> dict[str, Any]:
    return {"title": title, "company": "ACME", "start_date": "2020-01-01", **overrides}


def make_profile(*titles: str) -> MasterProfile:
    profile = MasterProfile(user_id=1, personal_info={"full_name": "Ada", "email": "a@example.com"})
    profile.add_items(EXPERIENCES, [job(title) for title in titles], now=NOW)
    return profile


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-02-29", "2024-02-29"),
        ("2024-02", "2024-02-01"),
        ("2024", "2024-01-01"),
        (" 2024-05-06 ", "2024-05-06"),
        ("2024-05-06T23:30:00Z", "2024-05-06"),
        ("2024-05-06T23:30:00.000", "2024-05-06"),
        ("2024-05-06T01:00:00+05:30", "2024-05-06"),
    ],
)
def test_dates_are_normalised_to_year_month_day(given: str, stored: str):
    assert normalize_date(given) == stored


@pytest.mark.parametrize("given", ["2023-02-29", "2024-13", "24-01-01", "May 2024", "", "1850", "2024/01/01"])
def test_impossible_or_unknown_dates_are_refused(given: str):
    with pytest.raises(ValueError, match=r"date|year"):
        normalize_date(given)


def test_date_ranges_must_run_forward_and_current_items_have_no_end():
    assert date_range_problem("2020-01-01", "2020-01-01", current=False) is None
    assert date_range_problem("2020-01-01", None, current=True) is None
    assert "before" in (date_range_problem("2020-02-01", "2020-01-01", current=False) or "")
    assert "is_current" in (date_range_problem("2020-01-01", "2021-01-01", current=True) or "")


def test_replacing_a_list_updates_stored_ids_adds_others_and_drops_the_rest():
    profile = make_profile("Kept", "Dropped")
    kept = profile.experiences[0]
    profile.replace_items(EXPERIENCES, [job("New", id=""), job("Renamed", id=kept.id)], now=LATER)

    assert [e.title for e in profile.experiences] == ["New", "Renamed"]
    assert profile.experiences[1] is kept
    assert [e.display_order for e in profile.experiences] == [0, 1]
    assert kept.updated_at == LATER
    assert profile.updated_at == LATER


def test_a_bulk_update_with_an_unknown_id_raises_before_changing_anything():
    profile = make_profile("Only")
    only = profile.experiences[0]
    with pytest.raises(NotFoundError) as raised:
        profile.update_items(
            EXPERIENCES, [{"id": only.id, "title": "Changed"}, {"id": "not-a-uuid", "title": "X"}], now=LATER
        )
    assert raised.value.resource == "experience"
    assert only.title == "Only"


def test_a_bulk_update_overwrites_present_fields_and_appends_new_items():
    profile = make_profile("First", "Second")
    first = profile.experiences[0]
    result = profile.update_items(
        EXPERIENCES, [{"id": first.id, "location": "Paris"}, job("Third")], now=LATER
    )

    assert [e.title for e in result] == ["First", "Third"]
    assert (first.location, first.company) == ("Paris", "ACME")
    assert [e.title for e in profile.experiences] == ["First", "Second", "Third"]
    assert profile.experiences[2].display_order == 2


def test_new_items_get_new_ids_whatever_they_send():
    sent = "0a1b2c3d-0000-4000-8000-000000000000"
    profile = make_profile()
    added = profile.add_items(EXPERIENCES, [job("X", id=sent)], now=NOW)
    assert added[0].id != sent


def test_dates_are_checked_on_the_merged_item():
    profile = make_profile("Only")
    with pytest.raises(InvalidDatesError, match=r"experiences\[0\]"):
        profile.update_items(
            EXPERIENCES, [{"id": profile.experiences[0].id, "end_date": "2019-01-01"}], now=LATER
        )


def test_certifications_live_in_the_skills_json_with_server_ids():
    profile = make_profile()
    added = profile.add_certifications(
        [{"id": "mine", "name": "CKA", "issuer": "CNCF", "date_obtained": "2023-01-01"}], now=NOW
    )
    assert profile.skills["certifications"] == [added[0].to_json()]
    assert added[0].id != "mine"
    profile.update_certifications([{"id": added[0].id, "name": "CKAD"}], now=LATER)
    assert profile.certifications[0].name == "CKAD"
    profile.remove_certifications([added[0].id], now=LATER)
    assert profile.skills["certifications"] == []


def test_skills_are_deduplicated_case_insensitively_keeping_the_first_spelling():
    profile = make_profile()
    profile.replace_skills({"technical": ["Python", "SQL", "python"]}, now=NOW)
    assert profile.add_skills(SkillKind.TECHNICAL, ["sql", "Go", "GO"], now=NOW) == ["Python", "SQL", "Go"]
    assert profile.remove_skills(SkillKind.TECHNICAL, ["PYTHON", "Rust"], now=NOW) == ["SQL", "Go"]
    assert profile.skills["soft"] == []


def test_custom_fields_merge_and_stop_at_one_hundred():
    profile = make_profile()
    profile.set_custom_fields({f"k{i}": i for i in range(99)}, merge=False, now=NOW)
    assert len(profile.set_custom_fields({"k0": "new", "extra": 1}, merge=True, now=NOW)) == 100
    with pytest.raises(CustomFieldsLimitError):
        profile.set_custom_fields({"one too many": 1}, merge=True, now=NOW)
    assert profile.custom_fields["k0"] == "new"


def test_a_new_item_is_stamped_with_the_time_it_was_made():
    item = Experience.new(job("X"), now=NOW)
    assert (item.created_at, item.updated_at, item.is_current) == (NOW, NOW, False)


def test_a_list_may_not_grow_past_the_cap():
    profile = make_profile("One", "Two")
    before = profile.list_sizes(SECTIONS)
    profile.add_items(EXPERIENCES, [job("Three")], now=LATER)
    profile.check_growth(before, sections=SECTIONS, max_items=3)

    before = profile.list_sizes(SECTIONS)
    profile.add_items(EXPERIENCES, [job("Four")], now=LATER)
    with pytest.raises(TooManyItemsError, match="at most 3 experiences") as raised:
        profile.check_growth(before, sections=SECTIONS, max_items=3)
    assert isinstance(raised.value, TooManyItemsError)


def test_a_list_stored_past_the_cap_may_shrink_or_be_edited_but_not_grow():
    profile = make_profile("A", "B", "C", "D", "E")  # stored before there was a cap of 3
    before = profile.list_sizes(SECTIONS)
    profile.update_items(EXPERIENCES, [{"id": profile.experiences[0].id, "title": "Renamed"}], now=LATER)
    profile.check_growth(before, sections=SECTIONS, max_items=3)
    profile.remove_items(EXPERIENCES, [profile.experiences[0].id], now=LATER)
    profile.check_growth(before, sections=SECTIONS, max_items=3)

    before = profile.list_sizes(SECTIONS)
    profile.add_items(EXPERIENCES, [job("F")], now=LATER)
    with pytest.raises(TooManyItemsError):
        profile.check_growth(before, sections=SECTIONS, max_items=3)


def test_skill_lists_and_certifications_are_capped_too():
    profile = make_profile()
    for kind, changes in [
        ("technical skills", {"technical": ["a", "b", "c"]}),
        ("soft skills", {"soft": ["a", "b", "c"]}),
        ("languages", {"languages": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}),
        (
            "certifications",
            {"certifications": [{"name": "C", "issuer": "I", "date_obtained": "2020-01-01"}] * 3},
        ),
    ]:
        before = profile.list_sizes(())
        profile.replace_skills(changes, now=LATER)
        with pytest.raises(TooManyItemsError, match=f"at most 2 {kind}"):
            profile.check_growth(before, sections=(), max_items=2)


def test_the_cap_setting_is_bounded_by_the_schema_ceiling():
    assert Settings(_env_file=None).profile_max_items_per_section == 100  # type: ignore[call-arg]
    Settings(_env_file=None, profile_max_items_per_section=SECTION_ITEMS_CEILING)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="less than or equal"):
        Settings(_env_file=None, profile_max_items_per_section=SECTION_ITEMS_CEILING + 1)  # type: ignore[call-arg]
