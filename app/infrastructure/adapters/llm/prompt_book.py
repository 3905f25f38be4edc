"""The task prompts, rendered from the Jinja2 files in `prompts/` (a system and a user template per task).

Everything in a payload reaches the model only through the `data_json` filter, inside a `<data>` fence:
JSON in which `<` and `>` are written as `\\u003c` and `\\u003e` (the same string to a JSON reader), so no
text from a posting, a sample or a user note can close the fence or open one of its own. Templates
are loaded once, at construction: rendering touches no file.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, Undefined

from app.domain.interfaces.llm import ChatMessage, LlmTask

PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"


def data_json(value: Any) -> str:
    """`value` as indented JSON with no `<` or `>` character in it."""
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined raises UndefinedError naming the missing field
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e")


Compiled = tuple[dict[LlmTask, Template], dict[LlmTask, Template], Template]


@functools.cache
def _compiled(directory: Path) -> Compiled:
    """Every template of `directory`, compiled once per process (~0.1 s; every app built shares them)."""
    # Plain text, not HTML: no autoescaping; the data fence does the escaping that matters here.
    environment = Environment(
        loader=FileSystemLoader(directory),
        autoescape=False,  # noqa: S701 - the output is a prompt, never HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters["data_json"] = data_json
    system = {task: environment.get_template(f"{task.value}.system.j2") for task in LlmTask}
    user = {task: environment.get_template(f"{task.value}.user.j2") for task in LlmTask}
    return system, user, environment.get_template("repair.j2")


class JinjaPromptBook:
    """PromptBook over template files; StrictUndefined makes a payload missing a field an error."""

    def __init__(self, directory: Path = PROMPTS_DIR) -> None:
        self._system, self._user, self._repair = _compiled(directory)

    @staticmethod
    def _render(template: Template, **context: Any) -> str:
        return template.render(**context).strip()

    def messages(self, task: LlmTask, payload: Mapping[str, Any]) -> tuple[ChatMessage, ...]:
        """The system and user messages asking for `task` over `payload`."""
        return (
            ChatMessage("system", self._render(self._system[task])),
            ChatMessage("user", self._render(self._user[task], payload=payload)),
        )

    def repair(self, task: LlmTask, problem: str) -> ChatMessage:
        """The follow-up asking again for only the JSON `task` wants, saying what was wrong."""
        return ChatMessage("user", self._render(self._repair, task=task.value, problem=problem))
