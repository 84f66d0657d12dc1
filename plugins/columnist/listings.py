"""Which list pages a site has (home, archive, years, categories, tags, authors, quotes), and what each shows.

``plan_listings`` decides the pages from the catalog; ``summaries`` turns each column into
its entry, rendered once per build by the theme's macros; ``listing_context`` places the
entries of one page for its template. Nothing here knows MkDocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from columnist.catalog import Catalog, is_scheduled
from columnist.images import Picture, picture_of
from columnist.labels import Labels
from columnist.pages import DateFormatter, NameLink, people, relative_link, root_of
from columnist.post import Post, Quote
from columnist.rendered import ROOT, Rendered, place, rebase
from columnist.slugs import name_slug


@dataclass(frozen=True)
class Listing:
    """One generated page of the site: what kind it is and which columns it shows."""

    kind: str  # home, category, tag, author, archive, year, categories, tags, quotes
    src_uri: str
    title: str
    posts: tuple[Post, ...] = ()
    name: str | None = None  # the category, tag or author key
    page_number: int = 1
    page_urls: tuple[str, ...] = ()  # every page of this list, page 1 first
    feed_url: str | None = None
    year: int | None = None

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


def url_of(src_uri: str) -> str:
    """``category/trust/index.md`` -> ``category/trust/``; ``index.md`` -> ``./`` (as MkDocs writes it)."""
    return posixpath.dirname(src_uri) + "/" if "/" in src_uri else "./"


def _paginate(
    kind: str, base: str, title: str, posts: list[Post], per_page: int, words: Labels, **extra: object
) -> list[Listing]:
    """``base/index.md``, then ``base/page/2/index.md`` and on; always at least one page."""
    chunks = [posts[start : start + per_page] for start in range(0, len(posts), per_page)] or [[]]
    prefix = f"{base}/" if base else ""
    uris = [f"{prefix}index.md"] + [f"{prefix}page/{n}/index.md" for n in range(2, len(chunks) + 1)]
    urls = tuple(url_of(uri) for uri in uris)
    return [
        Listing(
            kind,
            uri,
            title if n == 1 else words.gettext("%(title)s (page %(number)s)") % {"title": title, "number": n},
            tuple(chunk),
            page_number=n,
            page_urls=urls,
            **extra,
        )  # type: ignore[arg-type]
        for n, (uri, chunk) in enumerate(zip(uris, chunks, strict=True), start=1)
    ]


def plan_listings(
    catalog: Catalog, per_page: int, site_name: str, authors: Mapping[str, object], words: Labels
) -> list[Listing]:
    """Every list page the catalog calls for; work and output grow with the number of columns.

    ``words`` is the message catalog of the site's language, for the pages' titles.
    """
    _ = words.gettext
    posts = list(catalog.posts)
    listings = _paginate("home", "", _("Home"), posts, per_page, words)
    listings.append(Listing("archive", "archive/index.md", _("Archive"), tuple(posts)))
    years: dict[int, list[Post]] = {}
    for post in posts:
        years.setdefault(post.date.year, []).append(post)
    listings.extend(
        Listing(
            "year",
            f"archive/{year}/index.md",
            _("Archive %(year)s") % {"year": year},
            tuple(found),
            year=year,
        )
        for year, found in years.items()
    )
    listings.append(Listing("categories", "category/index.md", _("Categories")))
    for name, found in sorted(catalog.by_category().items(), key=lambda item: item[0].casefold()):
        slug = catalog.slug("categories", name)
        listings.extend(
            _paginate(
                "category",
                f"category/{slug}",
                name,
                found,
                per_page,
                words,
                name=name,
                feed_url=f"category/{slug}/feed.xml",
            )
        )
    listings.append(Listing("tags", "tag/index.md", _("Tags")))
    for name, found in sorted(catalog.by_tag().items(), key=lambda item: item[0].casefold()):
        slug = catalog.slug("tags", name)
        listings.append(
            Listing(
                "tag", f"tag/{slug}/index.md", _("Tag: %(name)s") % {"name": name}, tuple(found), name=name
            )
        )
    for key, found in sorted(catalog.by_author().items()):
        person = authors.get(key)
        name = person["name"] if person else key  # type: ignore[index]
        # Tags and authors list every column by date on one page, like the archive: short, and cheap to build.
        listings.append(
            Listing("author", f"author/{name_slug(key)}/index.md", str(name), tuple(found), name=key)
        )
    listings.append(Listing("quotes", "quotes/index.md", _("Quotes")))
    return listings


MACROS = "columnist/macros.html"
#: Gives back what ``make`` made before from the same value, or makes it: (what, value, make) -> text.
Remember = Callable[[str, Any, Callable[[], str]], str]


@dataclass(frozen=True)
class Summary:
    """A column as lists show it; the excerpt's links are relative to the site root (``ROOT``)."""

    title: str
    url: str
    number: int | None
    date_iso: str
    date_text: str
    month_text: str
    categories: tuple[NameLink, ...]
    authors: tuple[NameLink, ...]
    excerpt: str
    has_more: bool
    has_audio: bool
    quotes: tuple[Quote, ...]
    # Only the preview lists drafts and columns dated later; marked, so none passes for published.
    draft: bool = False
    scheduled: bool = False
    image: Picture | None = None
    # The column as list pages and the archive show it, rendered once per build by the package's
    # macros with ROOT standing for the way to the site root (see prerender).
    entry_html: str = ""
    line_html: str = ""


def summaries(
    catalog: Catalog,
    rendered: Mapping[str, Rendered],
    authors: Mapping[str, Mapping[str, object]],
    format_day: DateFormatter,
    now: datetime | None = None,
    posts_prefix: str = "posts/",
) -> dict[str, Summary]:
    """Each published column's summary, made once per build from its rendered HTML."""
    made = {}
    for post in catalog.posts:
        url = catalog.url(post)
        shown = rendered.get(post.path)
        made[post.path] = Summary(
            title=post.title,
            url=url,
            number=post.number,
            date_iso=post.date.isoformat(),
            date_text=format_day(post.date),
            month_text=format_day.month(post.date),
            categories=tuple(
                NameLink(name, f"category/{catalog.slug('categories', name)}/") for name in post.categories
            ),
            authors=tuple(
                NameLink(person.name, f"author/{name_slug(person.key)}/") for person in people(post, authors)
            ),
            excerpt=rebase(shown.excerpt, url, ROOT) if shown else "",
            has_more=shown.has_more if shown else False,
            has_audio=post.path in catalog.media,
            quotes=post.quotes,
            draft=post.draft,
            scheduled=is_scheduled(post, now),
            image=picture_of(post.image, post.source, post.relative, posts_prefix),
        )
    return made


def prerender(
    summaries_by_path: Mapping[str, Summary], env: Environment, remember: Remember | None = None
) -> dict[str, Summary]:
    """Each column's entry and archive line, rendered once: a column shows on several list pages.

    The macros come from the theme's template folders, so a site that overrides
    ``columnist/macros.html`` sees its own markup. ``remember`` gives back what an earlier build
    rendered from the same summary and the same templates.
    """
    loaded: list[Any] = []

    def render(macro: str, summary: Summary) -> str:
        def make() -> str:
            if not loaded:
                loaded.append(env.get_template(MACROS).module)
            return str(getattr(loaded[0], macro)(summary, ROOT))

        return remember(f"{MACROS} {macro}", summary, make) if remember else make()

    return {
        path: replace(summary, entry_html=render("entry", summary), line_html=render("archive_line", summary))
        for path, summary in summaries_by_path.items()
    }


@dataclass(frozen=True)
class ShownSummary:
    """A summary placed on one page: its excerpt's links, and its entry's, now work from there."""

    summary: Summary
    excerpt: str
    html: Markup

    def __getattr__(self, name: str) -> object:
        return getattr(self.summary, name)


@dataclass(frozen=True)
class QuoteLink:
    quote: Quote
    title: str
    url: str
    date_text: str
    date_iso: str
    draft: bool = False
    scheduled: bool = False


def quote_link(quote: Quote, summary: Summary) -> QuoteLink:
    return QuoteLink(
        quote,
        summary.title,
        summary.url,
        summary.date_text,
        summary.date_iso,
        summary.draft,
        summary.scheduled,
    )


@dataclass(frozen=True)
class PageNumber:
    """One of a list's page numbers: a link, the page being read (no ``href``) or a gap (no ``number``)."""

    number: int | None
    href: str | None


def page_window(page_number: int, count: int, around: int = 2) -> list[int | None]:
    """The page numbers worth showing: the first, the last and ``around`` either side; ``None`` for a gap.

    A hundred page numbers help no reader (and cost every page of the list a hundred links).

    >>> page_window(1, 3), page_window(7, 100)
    ([1, 2, 3], [1, None, 5, 6, 7, 8, 9, None, 100])
    """
    shown = sorted({1, count, *range(max(1, page_number - around), min(count, page_number + around) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:  # type: ignore[operator]
            window.append(None if number - window[-1] > 2 else number - 1)  # type: ignore[operator]
        window.append(number)
    return window


def pagination(listing: Listing, dest_uri: str) -> dict[str, object]:
    """Newer, older and the page numbers of a paginated list, as links from the page shown."""
    urls, current = listing.page_urls, listing.page_number
    if len(urls) < 2:
        return {}
    numbers = [
        PageNumber(number, None if number == current else relative_link(dest_uri, urls[number - 1]))
        if number is not None
        else PageNumber(None, None)
        for number in page_window(current, len(urls))
    ]
    return {
        "numbers": numbers,
        "newer": relative_link(dest_uri, urls[current - 2]) if current > 1 else None,
        "older": relative_link(dest_uri, urls[current]) if current < len(urls) else None,
    }


def listing_context(
    listing: Listing,
    dest_uri: str,
    catalog: Catalog,
    summaries_by_path: Mapping[str, Summary],
    listings: list[Listing],
    authors: Mapping[str, object],
) -> dict[str, object]:
    """What a list page's template needs, placed for that page."""
    root = root_of(dest_uri)

    def shown(posts: tuple[Post, ...]) -> list[ShownSummary]:
        return [
            ShownSummary(
                summaries_by_path[p.path],
                place(summaries_by_path[p.path].excerpt, root),
                Markup(place(summaries_by_path[p.path].entry_html, root)),
            )
            for p in posts
        ]

    context: dict[str, object] = {"listing": listing}
    if listing.kind in ("home", "category"):
        context["entries"] = shown(listing.posts)
        context["pagination"] = pagination(listing, dest_uri)
    if listing.kind == "author":
        context["author"] = authors.get(listing.name or "")
    if listing.kind == "home" and listing.page_number == 1:
        newest = next((post for post in catalog.posts if post.quotes), None)
        if newest:
            summary = summaries_by_path[newest.path]
            context["quote_of_the_week"] = quote_link(newest.quotes[0], summary)
    if listing.kind in ("archive", "year", "tag", "author"):
        # Dated lists show each column's line, rendered once per build and placed here.
        groups = _by_year_and_month([summaries_by_path[post.path] for post in listing.posts])
        context["groups"] = [
            (
                year,
                [
                    (month, [Markup(place(entry.line_html, root)) for entry in found])
                    for month, found in months
                ],
            )
            for year, months in groups
        ]
    if listing.kind in ("archive", "year"):
        context["years"] = [
            (year.year, year.url, len(year.posts)) for year in listings if year.kind == "year"
        ]
    if listing.kind == "categories":
        context["names"] = _names(listings, "category")
    if listing.kind == "tags":
        context["names"] = _names(listings, "tag")
    if listing.kind == "quotes":
        context["quotes"] = [
            quote_link(quote, summaries_by_path[post.path]) for post in catalog.posts for quote in post.quotes
        ]
    return context


def _names(listings: list[Listing], kind: str) -> list[tuple[str, str, int]]:
    counts: dict[str, list[object]] = {}
    for listing in listings:
        if listing.kind == kind:
            entry = counts.setdefault(listing.name or "", [listing.name, listing.url, 0])
            entry[2] += len(listing.posts)  # type: ignore[operator]
    return [(str(title), str(url), int(count)) for title, url, count in counts.values()]  # type: ignore[call-overload]


def _by_year_and_month(entries: list[Summary]) -> list[tuple[int, list[tuple[str, list[Summary]]]]]:
    groups: list[tuple[int, list[tuple[str, list[Summary]]]]] = []
    for entry in entries:
        year = int(entry.date_iso[:4])
        if not groups or groups[-1][0] != year:
            groups.append((year, []))
        months = groups[-1][1]
        if not months or months[-1][0] != entry.month_text:
            months.append((entry.month_text, []))
        months[-1][1].append(entry)
    return groups
