"""The plugin's options, typed, with MkDocs' own validation and error style."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from columnist.addresses import link_refusal, pattern_fault
from columnist.catalog import URL_FIELDS
from columnist.dates import load_zone

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class TimeZone(c.Type[str]):
    """An IANA time zone name such as ``Europe/London``."""

    def __init__(self, default: str = "UTC") -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            load_zone(name)
        except ValueError as error:
            raise base.ValidationError(str(error)) from None
        return name


class UrlPattern(c.Type[str]):
    """``post_url``: a path made of the fields a post has."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        pattern = super().run_validation(value)
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
        except ValueError as error:
            raise base.ValidationError(f"'{pattern}' is not a valid pattern: {error}") from None
        unknown = sorted(names - set(URL_FIELDS))
        if unknown:
            fields = ", ".join("{" + name + "}" for name in URL_FIELDS)
            raise base.ValidationError(f"'{{{unknown[0]}}}' is not a field; use {fields}")
        if "{slug}" not in pattern and "{number}" not in pattern:
            raise base.ValidationError(
                "must contain {slug} or {number}, so that every column has its own address"
            )
        fault = pattern_fault(pattern)
        if fault:
            raise base.ValidationError(f"'{pattern}' {fault}")
        return pattern


class Address(c.Type[str]):
    """A link from ``mkdocs.yml``: a web address or a path on the site, and ``mailto:`` where asked."""

    def __init__(self, mail: bool = False) -> None:
        super().__init__(str)
        self.mail = mail

    def run_validation(self, value: object) -> str:
        address = super().run_validation(value)
        refused = link_refusal(address, mail=self.mail)
        if refused:
            raise base.ValidationError(refused)
        return address


class Weekday(c.OptionallyRequired[str]):
    """``schedule``: the publishing weekday, or ``none`` for "today"."""

    def run_validation(self, value: object) -> str | None:
        if value is None or (isinstance(value, str) and value.lower() == "none"):
            return None
        if not isinstance(value, str) or value.lower() not in WEEKDAYS:
            raise base.ValidationError(
                f"must be a day of the week (monday ... sunday) or none, not {value!r}"
            )
        return value.lower()


class AtLeastOne(c.Type[int]):
    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise base.ValidationError(f"must be 1 or more, not {number}")
        return number


class Renamed(c.Optional[str]):
    """An option whose YAML key is a Python keyword (``from``)."""

    def __init__(self, key: str) -> None:
        super().__init__(c.Type(str))
        self._key = key

    def __set_name__(self, owner: object, name: str) -> None:
        self._name = self._key


class AuthorConfig(base.Config):
    name = c.Type(str)
    email = c.Optional(c.Type(str))
    url = c.Optional(Address(mail=True))
    avatar = c.Optional(Address())
    description = c.Optional(c.Type(str))


def author_from(values: Mapping[str, Any]) -> tuple[AuthorConfig, list[tuple[str, str]]]:
    """An author of the authors file, checked as ``authors`` in mkdocs.yml are; and each field's fault."""
    author = AuthorConfig()
    author.load_dict(dict(values))
    failed, _ = author.validate()
    return author, [(name, str(error)) for name, error in failed]


class FeedsConfig(base.Config):
    items = AtLeastOne(default=20)
    full_content = c.Type(bool, default=True)


class OwnerConfig(base.Config):
    name = c.Optional(c.Type(str))
    email = c.Optional(c.Type(str))


class FundingConfig(base.Config):
    url = c.Optional(Address())
    text = c.Optional(c.Type(str))


class PodcastLinksConfig(base.Config):
    """The podcast's page in each app, linked as "Listen in" at the end of each column."""

    apple = c.Optional(Address())
    spotify = c.Optional(Address())
    overcast = c.Optional(Address())
    pocketcasts = c.Optional(Address())


class PodcastConfig(base.Config):
    title = c.Optional(c.Type(str))
    description = c.Optional(c.Type(str))
    author = c.Optional(c.Type(str))
    owner = c.SubConfig(OwnerConfig)
    image = c.Optional(Address())
    language = c.Optional(c.Type(str))
    categories = c.ListOfItems(c.Type(str), default=[])
    explicit = c.Type(bool, default=False)
    type = c.Choice(("episodic", "serial"), default="episodic")
    copyright = c.Optional(c.Type(str))
    guid = c.Optional(c.Type(str))
    funding = c.SubConfig(FundingConfig)
    locked = c.Type(bool, default=False)
    links = c.SubConfig(PodcastLinksConfig)


class EmailConfig(base.Config):
    sender = Renamed("from")
    reply_to = c.Optional(c.Type(str))
    unsubscribe = c.Optional(c.Type(str))
    signup = c.Optional(Address())  # the sign-up page of the sending service, linked after each column


class CacheConfig(base.Config):
    enabled = c.Type(bool, default=True)
    dir = c.Type(str, default=".cache/columnist")  # relative to mkdocs.yml


class ColumnistConfig(base.Config):
    posts_dir = c.Type(str, default="posts")
    # The picture shared for a column without an image of its own (docs-relative, or a web address).
    image = c.Optional(Address())
    post_url = UrlPattern(default="{year}/{month}/{day}/{slug}/")
    timezone = TimeZone(default="UTC")
    per_page = AtLeastOne(default=10)
    future_posts = c.Type(bool, default=False)
    drafts_on_serve = c.Type(bool, default=True)
    schedule = Weekday(default="wednesday")
    authors = c.DictOfItems(c.SubConfig(AuthorConfig), default={})
    navigation = c.ListOfItems(
        c.Choice(("archive", "categories", "tags", "quotes")), default=["archive", "categories", "quotes"]
    )
    feeds = c.SubConfig(FeedsConfig)
    podcast = c.SubConfig(PodcastConfig)
    email = c.SubConfig(EmailConfig)
    cache = c.SubConfig(CacheConfig)
    # The columnist's own words for some labels, by the label's English text (checked in settings).
    labels = c.DictOfItems(c.Type(str), default={})
