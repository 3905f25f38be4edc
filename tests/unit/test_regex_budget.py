"""Every regular expression that reads a posting, a writing sample or model output stays linear.

A pattern that backtracks polynomially turns one request into seconds of CPU, and a worker thread is no
shelter: the regex engine holds the GIL. So:

- every compiled pattern of `app/domain/job_parsing`, `app/domain/stylometry`, `app/domain/generation`
  and `app/domain/exports` is found by walking those modules (module attributes, and tuples, lists and
  dicts of them), so a new pattern is covered the moment it is written; a second test keeps patterns
  out of function bodies, where the walk cannot see them;
- each one runs on every adversarial input below at the largest size it can be given: 15,000
  characters for postings (RAW_TEXT_MAX), 100,000 for samples (MAX_ANALYZED_CHARS: an upload is
  cut to that before any pattern reads it) and 20,000 for model output (MODEL_OUTPUT_CHARS); the export
  file-name patterns (a request's filename, a name, a company: at most 200 characters) get the posting
  inputs, far more than they are given. It runs raw, without the whitespace normalisation the parser
  and the analysis apply first, which makes the check stricter. Each pattern is searched from every
  position (`subn`, which scans like `search`, `finditer`, `split` and `sub`) and tried with
  `fullmatch`; each must finish in PATTERN_BUDGET_S;
- the whole parser on each input of 15,000 characters must finish in PARSE_BUDGET_S, and the whole
  style analysis on each input of the upload limit (1 MiB) in ANALYSIS_BUDGET_S, and the whole
  truthfulness guard on each input of MODEL_OUTPUT_CHARS in GUARD_BUDGET_S.

Budgets are wall-clock times from `time.perf_counter` on a shared 2-core machine. A quadratic pattern
takes seconds at these sizes and a linear one a few milliseconds, so a budget several times the
measured cost still catches every regression. A case over budget is measured again (up to
ATTEMPTS times, keeping the best) before it fails, so a moment of load on the machine is not a failure.
"""

from __future__ import annotations

import ast
import gc
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from types import ModuleType

import pytest

import app.domain.exports
import app.domain.generation
import app.domain.job_parsing
import app.domain.stylometry
from app.core.config import Settings
from app.domain.entities.job import RAW_TEXT_MAX
from app.domain.enums.document_type import DocumentType
from app.domain.generation.truthfulness import ProfileFacts, guard_paragraphs
from app.domain.job_parsing.parser import DeterministicJobParser
from app.domain.stylometry import analyze
from app.domain.stylometry.analysis import MAX_ANALYZED_CHARS
from app.infrastructure.data_files import SKILLS_PATH, load_skill_vocabulary
from tests.unit.document_fixtures import TODAY, make_job, rich_profile, vocabulary

# Timed as the code runs in production: coverage's tracer makes Python code two to three times slower
# (the code timed here is covered by the other tests).
pytestmark = pytest.mark.no_cover

PATTERN_BUDGET_S = 0.050  # one pattern, one input, subn + fullmatch (linear patterns take 0.1-10 ms)
# The whole parser on 15,000 characters: a real posting that long takes about 6 ms, the adversarial
# inputs 10-70 ms (thousands of one-character lines cost the most, all of it linear) and up to 120 ms
# on a loaded machine; backtracking took seconds.
PARSE_BUDGET_S = 0.300
# The whole analysis of a 1 MiB upload (cut to 100,000 characters): real prose that long takes about
# 100 ms, the adversarial inputs 20-350 ms.
ANALYSIS_BUDGET_S = 1.0
# The whole truthfulness guard on 20,000 characters of model output: a real letter takes about 2 ms,
# the adversarial inputs 30-140 ms of CPU (up to 0.5 s of wall clock on a loaded machine), all linear.
GUARD_BUDGET_S = 1.0
ATTEMPTS = 3

PACKAGES = (app.domain.job_parsing, app.domain.stylometry, app.domain.generation, app.domain.exports)
# Model output the generation patterns read (a letter's paragraphs, a ranking rationale): answers are
# capped at max_tokens (1,200 by default, some 5,000 characters); four times that leaves a margin.
MODEL_OUTPUT_CHARS = 20_000
UPLOAD_MAX: int = Settings.model_fields["sample_max_file_bytes"].default

# Repeated to the size wanted (see `_adversarial`): separators, markdown, e-mail-like and hyphenated
# tokens, whitespace of every kind, single characters, figures and currencies, and the words the
# patterns look for.
UNITS = (
    *(" | ", " - ", " \u2013 ", " · ", "•", ", ", "; ", ": ", "/", " / ", "|"),
    *("a@", "a@b.", "a@b.c ", "@a.", "http://", "www.", "a.b"),
    *("**a** ", "__a__ ", "**", "[a](", "![a](", "[a]", "[", "(", ")", "# ", "- a\n"),
    *("(remote ", "(remote, ", "A-", "a-", "-", "--", "A.", "A. ", "a. ", "Mr. A ", "!?", ". A"),
    *("a'", "'", "\u2019", " ", "\u3000", "\xa0", "\t", "\n", " \n", "\r\n", "\n\n ", "\u2028"),
    *(" \t\u3000", "a", "A", "1", ".", "*", "#", "_", "@", "$", "!", ":"),
    *("1,", "1.", "1 ", "1-", "$1 ", "$1,000 - ", "€1.000 ", "1k ", "USD 1 ", "1,000,", "1 000 "),
    *("Acme ", "Ab, ", "Aa Bb, ", "AB", "Ab: ", "a: ", "a:\n", "A\n", "Ab Cd\n", "x at ", "x @ ", "at "),
    *("is a ", "join ", "At Ab ", "looking for ", "key ", "remote ", "remote, ", "fully ", "per "),
    *("20 hours ", "hours a ", "3-month ", "six month ", "contract ", "part-time ", "intern ", "seasonal "),
)


def _fill(unit: str, size: int, *, prefix: str = "", tail: str = "x") -> str:
    body = size - len(prefix) - len(tail)
    return prefix + (unit * (body // len(unit) + 1))[:body] + tail


# What the truthfulness guard looks for in model output: name runs, connectors, degrees and figures.
GENERATION_UNITS = ("as a Ab ", "Ab of ", "Ab University ", "PhD in Ab ", "Ab Certified ", "$1.5m ", "1.1")


def _adversarial(size: int, units: Iterable[str] = UNITS) -> Iterator[tuple[str, str]]:
    """Inputs of exactly `size` characters, each ending in a character that stops a match at the end."""
    for unit in units:
        yield f"{unit!r} repeated", _fill(unit, size)
    yield "'Engineer' + ideographic spaces + 'x'", _fill("\u3000", size, prefix="Engineer")
    yield "'**a**' + spaces + 'x'", _fill(" ", size, prefix="**a**")
    yield "'__a__' + no-break spaces + ':x'", _fill("\xa0", size, prefix="__a__", tail=":x")
    yield "'a' + spaces + ':x'", _fill(" ", size, prefix="a", tail=":x")
    yield "'Engineer at' + spaces + 'Acme'", _fill(" ", size, prefix="Engineer at", tail="Acme")
    yield "'[a](' + one long target", _fill("b", size, prefix="[a](")
    yield "'a@' + one long domain", _fill("b", size, prefix="a@")
    yield "one long number", _fill("1", size, prefix="$")


def _modules(package: ModuleType) -> Iterator[ModuleType]:
    for info in pkgutil.iter_modules(package.__path__):
        yield importlib.import_module(f"{package.__name__}.{info.name}")


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)


def _patterns(package: ModuleType) -> dict[str, re.Pattern[str]]:
    """Every compiled pattern of the package's modules, named `module.ATTRIBUTE[#n]`."""
    found: dict[str, re.Pattern[str]] = {}
    seen: set[int] = set()
    for module in _modules(package):
        for attribute, value in vars(module).items():
            for index, pattern in enumerate(_patterns_in(value)):
                if id(pattern) not in seen:
                    seen.add(id(pattern))
                    found[f"{module.__name__.rsplit('.', 1)[-1]}.{attribute}#{index}"] = pattern
    return found


PARSER_PATTERNS = _patterns(app.domain.job_parsing)
STYLOMETRY_PATTERNS = _patterns(app.domain.stylometry)
POSTING_INPUTS = dict(_adversarial(RAW_TEXT_MAX))
SAMPLE_INPUTS = dict(_adversarial(MAX_ANALYZED_CHARS))
GENERATION_PATTERNS = _patterns(app.domain.generation)
MODEL_OUTPUT_INPUTS = dict(_adversarial(MODEL_OUTPUT_CHARS, (*UNITS, *GENERATION_UNITS)))
EXPORT_PATTERNS = _patterns(app.domain.exports)


def _seconds(work: Callable[[], object], *, budget: float) -> float:
    """The best of up to ATTEMPTS runs, with the garbage collector paused as `timeit` does."""
    best = float("inf")
    for _ in range(ATTEMPTS):
        collecting = gc.isenabled()
        gc.disable()
        try:
            started = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - started)
        finally:
            if collecting:
                gc.enable()
        if best <= budget:
            break
    return best


def _over(
    budget: float, inputs: Iterable[tuple[str, str]], work: Callable[[str], object]
) -> dict[str, float]:
    """The inputs on which `work` took longer than `budget`, with their times."""
    slow = {}
    for name, text in inputs:
        seconds = _seconds(partial(work, text), budget=budget)
        if seconds > budget:
            slow[name] = round(seconds, 3)
    return slow


def _search_and_fullmatch(pattern: re.Pattern[str]) -> Callable[[str], object]:
    return lambda text: (pattern.subn("", text), pattern.fullmatch(text))


def test_the_patterns_are_found():
    assert len(PARSER_PATTERNS) >= 50
    assert len(STYLOMETRY_PATTERNS) >= 8
    assert len(GENERATION_PATTERNS) >= 3
    assert len(EXPORT_PATTERNS) >= 1


@pytest.mark.parametrize("name", sorted(PARSER_PATTERNS))
def test_each_parser_pattern_is_linear_on_a_posting_of_the_largest_size(name: str):
    pattern = PARSER_PATTERNS[name]
    assert _over(PATTERN_BUDGET_S, POSTING_INPUTS.items(), _search_and_fullmatch(pattern)) == {}


@pytest.mark.parametrize("name", sorted(STYLOMETRY_PATTERNS))
def test_each_stylometry_pattern_is_linear_on_the_most_text_it_is_given(name: str):
    assert (
        _over(PATTERN_BUDGET_S, SAMPLE_INPUTS.items(), _search_and_fullmatch(STYLOMETRY_PATTERNS[name])) == {}
    )


@pytest.mark.parametrize("name", sorted(GENERATION_PATTERNS))
def test_each_generation_pattern_is_linear_on_model_output_of_the_largest_size(name: str):
    pattern = GENERATION_PATTERNS[name]
    assert _over(PATTERN_BUDGET_S, MODEL_OUTPUT_INPUTS.items(), _search_and_fullmatch(pattern)) == {}


@pytest.mark.parametrize("name", sorted(EXPORT_PATTERNS))
def test_each_export_pattern_is_linear_on_text_far_longer_than_a_file_name(name: str):
    assert _over(PATTERN_BUDGET_S, POSTING_INPUTS.items(), _search_and_fullmatch(EXPORT_PATTERNS[name])) == {}


_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn"}


def _patterns_written_in_functions(path: Path) -> list[str]:
    """`re.x(...)` calls inside function bodies: patterns the module walk above would not see."""
    found = []
    for function in ast.walk(ast.parse(path.read_text())):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCTIONS
            ):
                found.append(f"{path.name}:{node.lineno} re.{node.func.attr}")
    return found


def test_no_pattern_is_written_inside_a_function():
    paths = [Path(module.__file__ or "") for package in PACKAGES for module in _modules(package)]
    assert [call for path in paths for call in _patterns_written_in_functions(path)] == []


@pytest.fixture(scope="module")
def parser() -> DeterministicJobParser:
    return DeterministicJobParser(load_skill_vocabulary(SKILLS_PATH))


def test_the_parser_reads_any_posting_of_the_largest_size_within_its_budget(parser: DeterministicJobParser):
    assert all(len(text) == RAW_TEXT_MAX for text in POSTING_INPUTS.values())
    assert _over(PARSE_BUDGET_S, POSTING_INPUTS.items(), parser.parse_text) == {}


def test_the_style_analysis_reads_any_upload_of_the_largest_size_within_its_budget():
    # A cover letter is read like a resume plus its greeting and closing: it runs every step.
    def analyze_letter(text: str) -> object:
        assert len(text) == UPLOAD_MAX
        return analyze(text, DocumentType.COVER_LETTER)

    assert _over(ANALYSIS_BUDGET_S, _adversarial(UPLOAD_MAX), analyze_letter) == {}


def test_the_truthfulness_guard_reads_model_output_of_the_largest_size_within_its_budget():
    facts = ProfileFacts.from_profile(rich_profile(), make_job(), vocabulary(), today=TODAY)

    assert (
        _over(GUARD_BUDGET_S, MODEL_OUTPUT_INPUTS.items(), lambda text: guard_paragraphs([text], facts)) == {}
    )
