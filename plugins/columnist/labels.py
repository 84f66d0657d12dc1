"""The words Columnist itself puts on pages and in the email, in the site's language.

Templates write each label in English inside ``_()`` (``{{ _("Letters") }}``) or ``ngettext()``; Python
code takes the same catalog as a ``Labels`` object. The translation comes from the message catalog of
the site's language under ``locale/``, English when there is none; a columnist's own words for a label
(``labels:`` in mkdocs.yml) win over both.
"""

from __future__ import annotations

import difflib
import gettext
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "columnist"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"

Labels = gettext.NullTranslations


class _Overridden(gettext.NullTranslations):
    """A catalog whose labels the columnist reworded; the other labels come from the catalog under it."""

    def __init__(self, words: Mapping[str, str], under: gettext.NullTranslations) -> None:
        super().__init__()
        self.words = dict(words)
        self.add_fallback(under)

    def gettext(self, message: str) -> str:
        return self.words[message] if message in self.words else super().gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular in self.words:
            return self.words[singular]
        return super().ngettext(singular, plural, n)


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    wanted = [language.replace("-", "_"), language.split("-")[0].split("_")[0]]
    if wanted[-1] == "no":  # Norwegian: the catalog is Bokmål, which "no" means on the web
        wanted.append("nb")
    return Translations.load(str(LOCALE_DIR), wanted, domain=DOMAIN)


def translations(language: str, words: Mapping[str, str] | None = None) -> Labels:
    """The catalog for ``language`` ("fr", "pt-BR", "de_CH"), falling back to English (the msgids);
    ``words`` are the columnist's own words for some labels, by their English text."""
    catalog = _catalog(language)
    return _Overridden(words, catalog) if words else catalog


def install(environment: Environment, words: Labels) -> None:
    """Give the templates of ``environment`` ``_()`` and ``ngettext()`` from the catalog ``words``."""
    if "jinja2.ext.InternationalizationExtension" not in environment.extensions:
        environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]


def names_text(names: list[str], words: Labels) -> str:
    """Names as a sentence says them: "A", "A and B", "A, B and C", in the catalog's language.

    >>> names_text(["Ana", "Ben", "Cy"], translations("de"))
    'Ana, Ben und Cy'
    """
    return words.gettext(" and ").join(filter(None, [words.gettext(", ").join(names[:-1]), names[-1]]))


@cache
def known_labels() -> tuple[str, ...]:
    """Every label's English text, as extracted into the catalog template (``locale/columnist.pot``)."""
    with TEMPLATE.open("rb") as source:
        return tuple(
            str(message.id[0] if isinstance(message.id, tuple) else message.id)
            for message in read_po(source)
            if message.id
        )


def unknown_label(label: str) -> str | None:
    """Why ``label`` cannot be reworded, naming the nearest label there is; ``None`` when it is one.

    >>> unknown_label("Letters") is None
    True
    >>> unknown_label("Leters")
    'is not a label of Columnist; did you mean "Letters"?'
    """
    known = known_labels()
    if label in known:
        return None
    nearest = difflib.get_close_matches(label, known, n=1, cutoff=0.4)
    hint = f'; did you mean "{nearest[0]}"?' if nearest else ""
    return f"is not a label of Columnist{hint}"
