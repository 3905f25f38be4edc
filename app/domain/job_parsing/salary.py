"""The first pay figure of a posting (a range or a single amount), in one readable format.

Handles $, €, £ and USD/EUR/GBP before or after the number, `k` suffixes, thousands written with
commas, dots or spaces (55.000 €), ranges with hyphens, dashes, "to" or "and", and the pay period (hour, day,
week, month, year) when it is stated or can be told from the size of the figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import islice

FIGURES_MAX = 200
_SYMBOLS = {"$": "$", "us$": "$", "usd": "$", "€": "€", "eur": "€", "£": "£", "gbp": "£"}
_CURRENCY = r"(?:US\$|\$|€|£|USD\b|EUR\b|GBP\b)"
_NUMBER = r"\d{1,3}(?:[,.\u00a0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
# A figure, with its currency before or after it when there is one.
_FIGURE = re.compile(
    rf"(?:(?P<c1>{_CURRENCY})\s?(?P<n1>{_NUMBER})|(?<![\w.,])(?P<n2>{_NUMBER}))"
    rf"(?P<k>\s?[kK]\b)?(?:\s?(?P<c2>{_CURRENCY}))?",
    re.IGNORECASE,
)
# Text between two figures that makes them a range; the text is normalised (single spaces).
_RANGE_JOIN = re.compile(r"\s?(?:-|\u2013|\u2014|to|and|bis)\s?", re.IGNORECASE)
_NOT_PAY = re.compile(r"\s?(?:\+\s?)?(?:m\b|mm\b|bn?\b|million|billion|in (?:funding|revenue|sales))", re.I)
_PERIODS = (
    ("hour", re.compile(r"\b(?:per|an|a)\s?(?:hour|hr)\b|\bhourly\b|/\s?(?:hour|hr|h)\b", re.I)),
    ("day", re.compile(r"\b(?:per|a)\s?day\b|/\s?day\b|\bdaily\b|\bday rate\b", re.I)),
    ("week", re.compile(r"\b(?:per|a)\s?(?:week|wk)\b|/\s?(?:week|wk)\b|\bweekly\b", re.I)),
    ("month", re.compile(r"\b(?:per|a)\s?(?:month|mo)\b|/\s?(?:month|mo)\b|\bmonthly\b", re.I)),
    (
        "year",
        re.compile(
            r"\b(?:per|a)\s?(?:year|yr|annum)\b|/\s?(?:year|yr|y)\b|\bannual(?:ly)?\b|\byearly\b|\bp\.?a\b",
            re.I,
        ),
    ),
)
_COMMA_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?")
_PAY_CONTEXT = re.compile(
    r"salary|\bpay\b|compensation|wage|\brate\b|earn|\bote\b|\bbase\b|stipend|income|up to|starting at", re.I
)


@dataclass(frozen=True, slots=True)
class _Figure:
    start: int
    end: int
    symbol: str | None
    value: Decimal


def extract_salary(text: str) -> str | None:
    """The first salary figure in `text`, e.g. `$120,000 - $150,000 per year`, or None.

    Only the first FIGURES_MAX figures are read: a posting states its pay long before that, and a text
    made of thousands of figures costs no more than a real posting.
    """
    matches = islice(_FIGURE.finditer(text), FIGURES_MAX)
    figures = [figure for figure in map(_figure, matches) if figure is not None]
    for index, low in enumerate(figures):
        high = figures[index + 1] if index + 1 < len(figures) else None
        if high is not None and not _RANGE_JOIN.fullmatch(text[low.end : high.start]):
            high = None
        symbol = low.symbol or (high.symbol if high else None)
        if symbol is None:
            continue
        found = _salary_at(text, low, high, symbol)
        if found is not None:
            return found
    return None


def _salary_at(text: str, low: _Figure, high: _Figure | None, symbol: str) -> str | None:
    """The pay stated by the figure `low` (a range up to `high` when there is one), or None."""
    last = high or low
    after = text[last.end : last.end + 40].split("\n", 1)[0]
    if _NOT_PAY.match(after):
        return None
    before = text[max(0, low.start - 40) : low.start].rsplit("\n", 1)[-1]
    period = _stated_period(after) or _stated_period(before, last=True)
    if high is None and not (period or _PAY_CONTEXT.search(before) or _PAY_CONTEXT.search(after[:20])):
        return None  # a lone figure with no sign of being pay ("a $5 coffee card")
    low_value, high_value = _bounds(low.value, high.value if high else None)
    return _format(symbol, low_value, high_value, period or _guess_period(low_value))


def _figure(match: re.Match[str]) -> _Figure | None:
    value = _number(match.group("n1") or match.group("n2"))
    if value is None:
        return None
    currency = match.group("c1") or match.group("c2")
    symbol = _SYMBOLS[currency.lower()] if currency else None
    return _Figure(match.start(), match.end(), symbol, value * 1000 if match.group("k") else value)


def _bounds(low: Decimal, high: Decimal | None) -> tuple[Decimal, Decimal | None]:
    if high is None:
        return low, None
    if low < 1000 <= high and high >= low * 100:  # `£40-45k`: the k belongs to both bounds
        low *= 1000
    return (high, low) if high < low else (low, high)


def _number(text: str) -> Decimal | None:
    text = text.replace("\u00a0", "").replace(" ", "")
    if _COMMA_THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif _DOT_THOUSANDS.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _stated_period(text: str, *, last: bool = False) -> str | None:
    """The pay period named in `text` (the first one, or the `last` one), or None."""
    found = [(match.start(), name) for name, pattern in _PERIODS for match in pattern.finditer(text)]
    if not found:
        return None
    return (max(found) if last else min(found))[1]


def _guess_period(value: Decimal) -> str:
    return "hour" if value < 500 else "year"


def _money(symbol: str, value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{symbol}{int(value):,}"
    return f"{symbol}{value:,.2f}"


def format_pay(currency: str, low: Decimal, high: Decimal | None, period: str) -> str | None:
    """A stated pay figure (currency code or symbol) in the same format; None for other currencies."""
    symbol = _SYMBOLS.get(currency.strip().lower())
    if symbol is None:
        return None
    low, high = _bounds(low, high)
    return _format(symbol, low, high, period)


def _format(symbol: str, low: Decimal, high: Decimal | None, period: str) -> str:
    figure = _money(symbol, low)
    if high is not None and high != low:
        figure = f"{figure} - {_money(symbol, high)}"
    return f"{figure} per {period}"
