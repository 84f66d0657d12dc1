"""What ``columnist init`` asks a columnist, and the rules each answer must keep.

Each answer is checked by the rule the plugin itself applies to the setting it becomes (the
time zone and the publishing day by ``columnist.config``'s options, the language by the
theme's own translations), so a site ``init`` writes is a site the build accepts. An answer
typed at a question is asked again when it breaks its rule; one given as a flag fails with
the flag's name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from email.utils import parseaddr
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import click
from mkdocs.config.base import ValidationError

from columnist.config import WEEKDAYS, TimeZone, Weekday
from columnist.edition import is_address
from columnist.starter import Answers
from columnist.urls import scheme_of
from columnist.words import LINE_BREAKS, is_language


@dataclass(frozen=True)
class Question:
    """One question: the answer it fills in, its flag, its words, and the rule for an answer."""

    field: str
    flag: str
    text: str
    check: Callable[[str], str]  # the answer as it will be written, or ValueError saying what is wrong


def _one_line(what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if not value or any(character in value for character in LINE_BREAKS):
            raise ValueError(f"write {what} on one line")
        return value

    return check


def web_address(value: str) -> str:
    """A site's address: http or https, with a host, ending in ``/``.

    >>> web_address(" https://news.example.org/ ")
    'https://news.example.org/'
    """
    value = value.strip()
    parts = urlsplit(value) if scheme_of(value) in ("http", "https") else None
    if parts is None or not parts.hostname or any(character.isspace() for character in value):
        raise ValueError(f"'{value}' is not a web address; write it as https://news.example.org/")
    if not value.endswith("/"):
        raise ValueError(f"'{value}' must end in /; write it as {value}/")
    return value


def email_address(value: str) -> str:
    """One email address, as readers and podcast apps write to it.

    >>> email_address("wes@example.org")
    'wes@example.org'
    """
    value = value.strip()
    if not is_address(value) or parseaddr(value)[1] != value:
        raise ValueError(f"'{value}' is not an email address; write it as you@example.org")
    return value


def time_zone(value: str) -> str:
    """A time zone name, as the plugin's ``timezone`` option accepts it."""
    return _validated(TimeZone(), value.strip())


def weekday(value: str) -> str:
    """A day of the week, as the plugin's ``schedule`` option accepts it, ``none`` left out."""
    try:
        day = _validated(Weekday(), value.strip())
    except ValueError:
        day = None
    if day is None:  # "none" is a schedule, but no day for the workflow to publish on
        raise ValueError(f"must be a day of the week ({', '.join(WEEKDAYS)}), not {value.strip()!r}")
    return day


def language(value: str) -> str:
    """A language the theme has its words in (``en``, ``de``, ``pt-BR``).

    >>> language("de"), language("pt-BR")
    ('de', 'pt-BR')
    """
    value = value.strip()
    translations = resources.files("material").joinpath("templates", "partials", "languages")
    if not is_language(value) or not translations.joinpath(f"{value}.html").is_file():
        raise ValueError(f"'{value}' is not a language code the theme knows; write it as en, de, fr or pt-BR")
    return value


def _validated(option: TimeZone | Weekday, value: str) -> Any:
    try:
        return option.validate(value)
    except ValidationError as error:
        raise ValueError(str(error)) from None


INTRODUCTION = "A few questions to start your newsletter. Press Enter to take the answer in [brackets]."
QUESTIONS = (
    Question("name", "--name", "The newsletter's name", _one_line("the name")),
    Question("url", "--url", "Its web address, where the website will be, ending in /", web_address),
    Question("author", "--author", "Your name, as readers will see it", _one_line("your name")),
    Question("email", "--email", "Your email address, for readers' letters and podcast apps", email_address),
    Question("timezone", "--timezone", "Your time zone", time_zone),
    Question("schedule", "--day", "The day of the week your column comes out", weekday),
    Question("language", "--language", "The language you write in (en, de, fr...)", language),
)


def answers(given: Mapping[str, str | None], ask: bool, defaults: Answers) -> tuple[Answers, list[str]]:
    """The answers: each from its flag when given, else asked (or the default when not asking).

    Returns the answers and the problems with the flags, one line each naming the flag.
    """
    chosen: dict[str, str] = {}
    problems = []
    for question in QUESTIONS:
        value = given.get(question.field)
        default = getattr(defaults, question.field)
        if value is None and ask:
            chosen[question.field] = click.prompt(
                question.text, default=default, value_proc=_asking(question)
            )
            continue
        try:
            chosen[question.field] = question.check(default if value is None else value)
        except ValueError as error:
            problems.append(f"{question.flag}: {error}")
    known = {field.name for field in fields(Answers)}
    return Answers(**{**{key: getattr(defaults, key) for key in known}, **chosen}), problems


def _asking(question: Question) -> Callable[[str], str]:
    """The rule of ``question`` as a prompt applies it: a bad answer is said, then asked again."""

    def check(value: str) -> str:
        try:
            return question.check(value)
        except ValueError as error:
            raise click.UsageError(str(error)) from None

    return check


def with_flags(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with one flag per question, so that every answer can be given beforehand."""
    for question in reversed(QUESTIONS):
        flag = click.option(question.flag, question.field, metavar="TEXT", help=question.text + ".")
        command = flag(command)
    return command
