"""A schema.org JobPosting (JSON-LD) read into the parser's fields; what it states beats guesses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from app.domain.entities.job import COMPANY_MAX, LOCATION_MAX, TITLE_MAX
from app.domain.enums.job import EmploymentType
from app.domain.job_parsing.parsed_job import ParsedJob
from app.domain.job_parsing.salary import format_pay

_EMPLOYMENT_TYPES = {
    "FULL_TIME": EmploymentType.FULL_TIME,
    "PART_TIME": EmploymentType.PART_TIME,
    "CONTRACTOR": EmploymentType.CONTRACT,
    "TEMPORARY": EmploymentType.TEMPORARY,
    "INTERN": EmploymentType.INTERNSHIP,
    "PER_DIEM": EmploymentType.TEMPORARY,
}
_PERIODS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}


def posting_text(posting: Mapping[str, object]) -> str:
    """The posting as text for the parser: title, company and its (already plain-text) description."""
    parts = [_text(posting.get("title")), _company(posting), _text(posting.get("description"))]
    return "\n".join(part for part in parts if part)


def apply_posting(parsed: ParsedJob, posting: Mapping[str, object]) -> ParsedJob:
    """The parser's reading of the posting text, overridden by the fields the JSON-LD states."""
    title = _text(posting.get("title"))
    company = _company(posting)
    location = _location(posting.get("jobLocation"))
    remote = _remote(posting)
    kind = _employment_type(posting.get("employmentType"))
    salary = _salary(posting.get("baseSalary"))
    return replace(
        parsed,
        title=title[:TITLE_MAX] if title else parsed.title,
        company=company[:COMPANY_MAX] if company else parsed.company,
        location=location[:LOCATION_MAX] if location else parsed.location,
        remote=parsed.remote if remote is None else remote,
        employment_type=kind or parsed.employment_type,
        salary_range=salary or parsed.salary_range,
        requirements=parsed.requirements or _strings(posting.get("qualifications")),
        benefits=parsed.benefits or _strings(posting.get("jobBenefits")),
    )


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split()) if "\n" not in value else value.strip()
    return None


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def _company(posting: Mapping[str, object]) -> str | None:
    organization = posting.get("hiringOrganization")
    if isinstance(organization, Mapping):
        return _text(organization.get("name"))
    return _text(organization)


def _location(value: object) -> str | None:
    places = value if isinstance(value, list) else [value]
    for place in places:
        address = place.get("address") if isinstance(place, Mapping) else None
        if isinstance(address, str):
            return _text(address)
        if isinstance(address, Mapping):
            country = address.get("addressCountry")
            if isinstance(country, Mapping):
                country = country.get("name")
            parts = [address.get("addressLocality"), address.get("addressRegion") or country]
            found = ", ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
            if found:
                return found
    return None


def _remote(posting: Mapping[str, object]) -> bool | None:
    """TELECOMMUTE alone is fully remote; with a physical location too it is hybrid."""
    kind = posting.get("jobLocationType")
    if not (isinstance(kind, str) and kind.upper() == "TELECOMMUTE"):
        return None
    return not posting.get("jobLocation")


def _employment_type(value: object) -> EmploymentType | None:
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item.strip().upper().replace("-", "_") in _EMPLOYMENT_TYPES:
            return _EMPLOYMENT_TYPES[item.strip().upper().replace("-", "_")]
    return None


def _salary(value: object) -> str | None:
    if not isinstance(value, Mapping):
        return None
    currency = value.get("currency")
    amount = value.get("value")
    if not isinstance(currency, str) or not isinstance(amount, Mapping):
        return None
    low = _decimal(amount.get("minValue")) or _decimal(amount.get("value"))
    high = _decimal(amount.get("maxValue"))
    unit = amount.get("unitText")
    period = _PERIODS.get(unit.upper(), "year") if isinstance(unit, str) else "year"
    if low is None:
        return None
    return format_pay(currency, low, high, period)


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() and number > 0 else None
