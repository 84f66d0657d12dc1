"""Every word Columnist shows, in the site's language: the catalogs, a French site and its email, plurals, a
columnist's own words."""

from __future__ import annotations

import email
import email.policy
import io
import re
from pathlib import Path

import lxml.html
import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from columnist import cli, labels
from conftest import REPOSITORY, build_at, copy_site

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "fi", "pl")
PLACEHOLDER = re.compile(r"%\(\w+\)s")
LISTENING = "posts/2019-03-06-listening-first.md"
#: The author's own text on our pages: the columns, their excerpts, letters and quotes, the site's own pages.
AUTHORS_TEXT = (
    "script|style|.columnist-body|.columnist-intro|.columnist-entry__excerpt|.columnist-letter|blockquote|"
    "cite|.columnist-entry__title|h1|.md-nav|.md-tabs|.md-header__topic|.md-footer"
)


def extracted() -> dict[str, object]:
    """Every label the templates and the Python code use, by its English text, as ``pybabel extract`` finds them."""
    method_map = [("plugins/columnist/**.py", "python"), ("plugins/columnist/templates/**.html", "jinja2")]
    options = {"plugins/columnist/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(REPOSITORY, method_map, options):
        found[message[0] if isinstance(message, tuple) else message] = message
    return found


def catalog(language: str) -> Catalog:
    path = labels.LOCALE_DIR / language / "LC_MESSAGES" / "columnist.po"
    with path.open("rb") as source:
        return read_po(source, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_has_a_translation_in_every_catalog(language):
    used = extracted()
    assert len(used) > 50  # the templates' and the code's labels, not a handful
    translated = catalog(language)
    # A fuzzy entry (a guess of `pybabel update`) is not compiled: the site would show English.
    missing = [
        label
        for label in used
        if label not in translated or not translated[label].string or translated[label].fuzzy
    ]
    assert missing == [], f"{language} lacks: {missing}"
    for label in used:
        message = translated[label]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), (language, label)
        assert len(forms) == (translated.num_plurals if message.pluralizable else 1), (language, label)
        for form in forms:  # a translation keeps every value the label shows
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(label)), (language, form)


def test_the_shipped_catalogs_are_compiled_from_their_sources_and_the_template_is_current():
    with labels.TEMPLATE.open("rb") as source:
        assert {
            str(message.id if isinstance(message.id, str) else message.id[0]) for message in read_po(source)
        } - {""} == set(extracted())
    for language in LANGUAGES:
        compiled = io.BytesIO()
        write_mo(compiled, catalog(language))
        shipped = labels.LOCALE_DIR / language / "LC_MESSAGES" / "columnist.mo"
        assert shipped.read_bytes() == compiled.getvalue(), f"run pybabel compile for {language}"


def test_plurals_follow_each_language():
    def columns(language: str, number: int) -> str:
        return labels.translations(language).ngettext("%(num)s column", "%(num)s columns", number) % {
            "num": number
        }

    assert [columns("de", n) for n in (1, 2)] == ["1 Kolumne", "2 Kolumnen"]
    assert [columns("pl", n) for n in (1, 2, 5, 12, 22, 25)] == [
        "1 felieton",
        "2 felietony",
        "5 felietonów",
        "12 felietonów",
        "22 felietony",
        "25 felietonów",
    ]
    assert [columns("fr", n) for n in (1, 2)] == ["1 chronique", "2 chroniques"]
    assert [columns("en", n) for n in (1, 2)] == ["1 column", "2 columns"]


@pytest.mark.parametrize(
    ("language", "archive"),
    [("pt-BR", "Arquivo"), ("pt", "Arquivo"), ("nb", "Arkiv"), ("no", "Arkiv"), ("de", "Archiv"), ("de-CH", "Archiv"),
     ("fr_CA", "Archives"), ("xx", "Archive"), ("en", "Archive")],
)  # fmt: skip
def test_theme_language_codes_find_their_catalog(language, archive):
    assert labels.translations(language).gettext("Archive") == archive


def english_texts() -> list[str]:
    """The English text of every label whose French differs, split at its values and markup.

    A label of several words is looked for anywhere; a one-word label only as a whole piece of text,
    so that "Archive" is not found in "Archives"."""
    french = catalog("fr")
    texts = set()
    # The labels in the catalogs as well as those in the code: a label turned back into plain English is caught.
    for label in sorted(set(extracted()) | set(labels.known_labels())):
        wording = french[label].string if label in french else ""
        if (wording[0] if isinstance(wording, tuple) else wording) == label:
            continue  # "Pages" is French too
        for piece in re.split(r"%\(\w+\)s|<[^>]+>", label):
            piece = piece.strip(" ,.:")
            if re.search(r"[A-Za-z]{2}", piece):
                texts.add(piece)
    return sorted(texts)


def english_found(texts: list[str], lines: list[str]) -> list[str]:
    found = []
    for text in texts:
        if " " in text:
            found += [line for line in lines if re.search(rf"\b{re.escape(text)}\b", line)]
        else:
            found += [line for line in lines if line.strip(" ,.:()·—") == text]
    return found


def visible_text(document: str) -> list[str]:
    """The text a reader sees (and hears: aria-labels), without the author's own words."""
    tree = lxml.html.document_fromstring(document)
    for selector in AUTHORS_TEXT.split("|"):
        for element in tree.cssselect(selector):
            element.drop_tree()
    for article in tree.cssselect(".md-content"):
        if not article.cssselect("[class*=columnist]"):
            article.drop_tree()  # the site's own page (about, subscribe)
    pieces = [text.strip() for text in tree.itertext() if text.strip()]
    return pieces + [value for value in tree.xpath("//@aria-label | //@title | //@alt") if value.strip()]


def french(source: Path, words: dict[str, str] | None = None) -> None:
    config = source / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("language: en", "language: fr")
    # The site's own navigation titles are the columnist's words; a French columnist writes them in French.
    text = text.replace("- Home: index.md", "- Accueil: index.md").replace("- About:", "- À propos:")
    text = text.replace("- Subscribe:", "- S’abonner:")
    if words:
        settings = yaml.safe_dump({"labels": words}, allow_unicode=True)
        text = text.replace(
            "  - columnist:\n",
            "  - columnist:\n" + "".join(f"      {line}\n" for line in settings.splitlines()),
            1,
        )
    config.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def french_sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("french")
    source = copy_site("sample", root)
    french(source)
    return build_at(source, root / "site")


def test_a_french_site_shows_no_english_label_on_any_page(french_sample):
    texts = english_texts()
    assert {"Listen to this column", "min read", "Quote of the week", "Previous column", "Archive"} <= set(
        texts
    )
    pages = french_sample.pages()
    assert len(pages) > 20
    found = {}
    for page in pages:
        if page.startswith(("404", "assets")):
            continue
        english = english_found(texts, visible_text(french_sample.read(page)))
        if english:
            found[page] = english
    assert found == {}
    home = visible_text(french_sample.read("index.html"))
    assert "Citation de la semaine" in home and "Suivre cette chronique" in home
    column = " ".join(visible_text(french_sample.read("2019/03/06/listen-first-fix-second/index.html")))
    assert "min de lecture" in column and "Écouter cette chronique" in column and "6 mars 2019" in column
    assert re.search(r"\(\d+,\d MB\)", column)  # numbers as French writes them, like the dates
    assert re.search(
        r"\(\d+ chroniques?\)", " ".join(visible_text(french_sample.read("category/index.html")))
    )


def write_email(source: Path, monkeypatch: pytest.MonkeyPatch) -> email.message.EmailMessage:
    monkeypatch.chdir(source)
    result = CliRunner().invoke(cli.cli, ["email", LISTENING], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    eml = re.search(r"^Wrote (\S+\.eml)$", result.stdout, re.MULTILINE)
    assert eml
    return email.message_from_bytes((source / eml[1]).read_bytes(), policy=email.policy.default)  # type: ignore[return-value]


def test_the_french_email_edition_has_no_english_label(tmp_path, monkeypatch):
    source = copy_site("sample", tmp_path)
    french(source)
    message = write_email(source, monkeypatch)
    text, document = (part.get_content() for part in message.iter_parts())
    texts = english_texts()
    assert english_found(texts, visible_text(document)) == []
    # The plain text keeps the column's own English words; the labels are the lines around them.
    ours = [line for line in text.splitlines() if line.endswith(":") or line.startswith(("N°", "Par "))]
    assert english_found(texts, [line.rstrip(":") for line in ours]) == []
    assert "Écouter cette chronique" in text and "Lire sur le web:" in text
    assert "Écouter cette chronique" in " ".join(visible_text(document))
    assert "Lire sur le web" in " ".join(visible_text(document))


def test_a_columnists_own_words_replace_a_label_everywhere(tmp_path, monkeypatch):
    source = copy_site("sample", tmp_path)
    french(source, {
        "Listen to this column": "Écoutez ma chronique", "Archive": "Le grenier",
        "This column has moved to %(link)s.": "Elle vit désormais ici : %(link)s.",
    })  # fmt: skip
    built = build_at(source, tmp_path / "site")
    assert "Elle vit désormais ici" in " ".join(visible_text(built.read("2019/listening-first.html")))
    column = visible_text(built.read("2019/03/06/listen-first-fix-second/index.html"))
    assert "Écoutez ma chronique" in " ".join(column) and "Écouter cette chronique" not in " ".join(column)
    archive = lxml.html.document_fromstring(built.read("archive/index.html"))
    assert archive.cssselect("h1")[0].text_content() == "Le grenier"
    assert "Le grenier - The Client Desk" in visible_text(built.read("archive/index.html"))
    message = write_email(source, monkeypatch)
    text, document = (part.get_content() for part in message.iter_parts())
    assert "Écoutez ma chronique" in text and "Écoutez ma chronique" in " ".join(visible_text(document))


def test_an_unknown_label_names_its_line_and_the_nearest_label(tmp_path, mkdocs_log):
    source = copy_site("sample", tmp_path)
    french(source, {"Listen to this colum": "Écoutez", "Leters": "Vos lettres"})
    lines = (source / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if "Listen to this colum" in text)
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    message = mkdocs_log.text
    assert f'mkdocs.yml:{line}: labels: "Listen to this colum" is not a label of Columnist; ' in message
    assert 'did you mean "Listen to this column"?' in message
    assert 'did you mean "Letters"?' in message  # every unknown label at once
