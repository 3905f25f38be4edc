"""The local composer's cover letter: body paragraphs written from the brief's facts in the user's voice.

An opening names the role, the company and the terms the candidate matches; one paragraph goes to each
top-ranked experience, then project (its own bullets, technologies and matched terms); a skills
paragraph fills a slot left over; a closing ends it. The posting's description is never quoted, so text
planted in a posting cannot reach the letter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.infrastructure.adapters.llm.local.enhance import first_person
from app.infrastructure.adapters.llm.local.voice import (
    Clause,
    Voice,
    article,
    listed,
    sentences,
    spoken,
    voice_of,
)

MAX_TERMS = 3  # named in one sentence: more reads as a keyword list
MAX_TECHNOLOGIES = 4
MAX_SKILLS = 6
BULLETS_PER_ITEM = 2
LONG_SENTENCES = 22  # words: a voice this long-winded gets a third bullet per item


def _terms(*lists: Sequence[str]) -> list[str]:
    """The distinct terms of the lists (any case), in order of first appearance."""
    seen: dict[str, str] = {}
    for terms in lists:
        for term in terms:
            seen.setdefault(term.casefold(), term)
    return list(seen.values())


def _years(item: Mapping[str, Any]) -> str:
    start = str(item["start_date"])[:4]
    if item["is_current"]:
        return f"since {start}"
    end = str(item["end_date"] or "")[:4]
    if not end:
        return f"from {start}"
    return f"in {start}" if end == start else f"from {start} to {end}"


def _opening(payload: Mapping[str, Any], voice: Voice, terms: list[str]) -> str:
    job, company = payload["job"]["title"], payload["recipient"]["company_name"]
    headline = payload["candidate"]["headline"]
    role = f"the {job} {'position' if voice.register == 'formal' else 'role'} at {company}"
    if not voice.first_person:
        first = f"Please accept this letter as an application for {role}"
    elif voice.register == "formal":
        first = f"I am writing to apply for {role}"
    elif voice.register == "casual":
        first = f"I would love to join {company} as {article(job)}"
    else:
        first = f"I am applying for {role}"
    clauses = [spoken(voice, first, lowerable=False)]
    background = f" as {article(headline)}" if headline and voice.first_person else ""
    if terms:
        focus = listed(terms[:MAX_TERMS])
        if voice.enthusiastic:
            why = f"I am excited by its focus on {focus}, which is the work I have done{background}"
        elif voice.first_person:
            why = f"Its focus on {focus} matches the work I have done{background}"
        else:
            why = f"Its focus on {focus} matches the experience set out below"
        clauses.append(spoken(voice, why, lowerable=not why.startswith("I ")))
    elif background:
        clauses.append(spoken(voice, f"It is a natural next step from my work{background}"))
    return sentences(clauses, voice)


def _bullet(bullet: str, voice: Voice, *, current: bool) -> Clause:
    sentence = first_person(bullet, current=current)
    if sentence != bullet:
        return Clause(sentence)
    if bullet.split()[0] in ("A", "An"):  # a project's noun phrase: "An open-source library for ..."
        return spoken(voice, f"It is {bullet[:1].lower()}{bullet[1:]}")
    return Clause(bullet, joinable=False)


def _bullets(item: Mapping[str, Any], voice: Voice, *, current: bool) -> list[Clause]:
    count = BULLETS_PER_ITEM + (voice.sentence_words >= LONG_SENTENCES)
    return [_bullet(bullet, voice, current=current) for bullet in item["bullets"][:count]]


def _tie_in(item: Mapping[str, Any], voice: Voice, job: str, mentioned: set[str]) -> list[Clause]:
    """Why the item matters, naming only matched terms no earlier sentence tied in (no repetition)."""
    terms = [term for term in item["matched_terms"] if term.casefold() not in mentioned][:MAX_TERMS]
    mentioned.update(term.casefold() for term in terms)
    if not terms:
        return []
    if voice.register == "formal":
        return [spoken(voice, f"This experience with {listed(terms)} relates directly to the {job} role")]
    if voice.register == "casual":
        return [spoken(voice, f"It is the same {listed(terms)} work this role is asking for")]
    return [spoken(voice, f"That work with {listed(terms)} is directly relevant to this role")]


def _experience(item: Mapping[str, Any], voice: Voice, job: str, mentioned: set[str]) -> str:
    current = bool(item["is_current"])
    title, company, years = item["title"], item["company"], _years(item)
    if voice.first_person:
        verb = "I have worked" if current else "I worked"
        intro = spoken(voice, f"{verb} as {article(title)} at {company} {years}", lowerable=False)
    else:
        intro = Clause(f"The {title} role at {company} ({years}) is the closest match here")
    technologies = _terms(item["matched_terms"], item["technologies"])[:MAX_TECHNOLOGIES]
    clauses = [intro]
    if technologies:
        verb = "I work" if current else "I worked"
        with_what = f"There {verb} with" if voice.first_person else "The work involved"
        clauses.append(spoken(voice, f"{with_what} {listed(technologies)}"))
    tie_in = _tie_in(item, voice, job, mentioned)
    return sentences([*clauses, *_bullets(item, voice, current=current), *tie_in], voice)


def _project(item: Mapping[str, Any], voice: Voice, job: str, mentioned: set[str]) -> str:
    name = item["name"]
    if voice.first_person:
        intro = spoken(voice, f"My project {name} is relevant as well", lowerable=False)
    else:
        intro = Clause(f"The project {name} is relevant as well")
    clauses = [intro]
    technologies = _terms(item["matched_terms"], item["technologies"])[:MAX_TECHNOLOGIES]
    if technologies:
        clauses.append(spoken(voice, f"It is built with {listed(technologies)}"))
    tie_in = _tie_in(item, voice, job, mentioned)
    return sentences([*clauses, *_bullets(item, voice, current=False), *tie_in], voice)


def _skills(skills: Sequence[str], voice: Voice) -> str:
    named = listed(list(skills[:MAX_SKILLS]))
    if not voice.first_person:
        return sentences([Clause(f"Further relevant skills include {named}")], voice)
    if voice.register == "formal":
        return sentences([spoken(voice, f"In addition, I bring skills in {named}", lowerable=False)], voice)
    return sentences([spoken(voice, f"My skills also include {named}", lowerable=False)], voice)


def _closing(payload: Mapping[str, Any], voice: Voice) -> str:
    company = payload["recipient"]["company_name"]
    if not voice.first_person:
        ask = f"A conversation about how this experience could serve {company} would be welcome"
    elif voice.enthusiastic:
        ask = f"I am excited about the chance to contribute to {company} and would love to talk"
    elif voice.register == "formal":
        ask = f"I would welcome the opportunity to discuss how my experience can contribute to {company}"
    elif voice.register == "casual":
        ask = f"I would love to chat about how I could help the team at {company}"
    else:
        ask = f"I would be glad to talk about how I can help {company}"
    thanks = (
        "Thanks for reading!"
        if voice.casual_closing or voice.enthusiastic
        else ("Thank you for your time and consideration.")
    )
    return f"{sentences([spoken(voice, ask, lowerable=False)], voice)} {thanks}"


def compose_letter(payload: Mapping[str, Any]) -> list[str]:
    """The body paragraphs for a cover-letter payload, at most its max_paragraphs."""
    voice = voice_of(payload["style"])
    job = payload["job"]["title"]
    experiences, projects = payload["experiences"], payload["projects"]
    slots = max(1, int(payload["max_paragraphs"]) - 2)
    matched = _matched(payload)
    mentioned = {term.casefold() for term in matched[:MAX_TERMS]}  # the opening names these
    body = [_experience(item, voice, job, mentioned) for item in experiences[:slots]]
    body += [_project(item, voice, job, mentioned) for item in projects[: slots - len(body)]]
    if len(body) < slots and payload["skills_highlighted"]:
        body.append(_skills(payload["skills_highlighted"], voice))
    return [_opening(payload, voice, matched), *body, _closing(payload, voice)]


def _matched(payload: Mapping[str, Any]) -> list[str]:
    """The job terms the candidate matches: the items' matched terms and the job-matching skills."""
    keywords = {keyword.casefold() for keyword in payload["job"]["keywords"]}
    skills = [skill for skill in payload["skills_highlighted"] if skill.casefold() in keywords]
    return _terms(
        *(item["matched_terms"] for item in (*payload["experiences"], *payload["projects"])), skills
    )
