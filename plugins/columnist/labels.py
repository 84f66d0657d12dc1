"""The words Columnist itself puts on pages and in the email, in the site's language.

Templates write each label in English inside ``_()`` (``{{ _("Letters") }}``) or ``ngettext()``; the
translation comes from the message catalog of the site's language under ``locale/``, English when there
is none. Installed into every Jinja environment we render with, MkDocs' and the email's.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.support import Translations
from jinja2 import Environment

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "columnist"


def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` ("fr", "pt-BR", "de_CH"), falling back to English (the msgids)."""
    wanted = [language.replace("-", "_"), language.split("-")[0].split("_")[0]]
    return Translations.load(str(LOCALE_DIR), wanted, domain=DOMAIN)


def install(environment: Environment, language: str) -> None:
    """Give the templates of ``environment`` ``_()`` and ``ngettext()`` in ``language``."""
    if "jinja2.ext.InternationalizationExtension" not in environment.extensions:
        environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
