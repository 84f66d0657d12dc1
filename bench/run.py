"""Columnist's benchmark: the same columns built by plain MkDocs, Material's blog with RSS, and Columnist.

Run from the repository root::

    python bench/run.py                 # sizes 100,1000,5000, three repetitions each
    python bench/run.py --quick         # 20 columns, once: proves the benchmark still works (CI)

For each size N it writes N deterministic columns (seeded random text, a third with an MP3
audio edition) into four sites under ``bench/out/``:

- ``plain-N``: MkDocs + Material, the columns as ordinary pages kept out of the nav;
- ``pages-N``: plain MkDocs + Material given every page Columnist writes, as Markdown at the same addresses;
- ``blog-N``: Material's blog plugin and mkdocs-rss-plugin (installed in ``bench/out/peers-venv``);
- ``columnist-N``: Columnist with its default options.

Each build is a subprocess (``mkdocs build -q``), the builders alternating in every
repetition; wall time is measured around it and peak memory (max RSS) reported by the
build process itself at exit. Then, at 1,000 columns (or the largest size run), it times
``columnist check``, a ``mkdocs serve`` rebuild after one column changes, and profiles one
Columnist build with cProfile to show where Columnist's own code spends its time.

Nothing here asserts: targets are reported as held or missed. Results also go to
``bench/out/results.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import pstats
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PEERS_VENV = OUT / "peers-venv"
PEER_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-rss-plugin")
COLUMNIST_DIR = ROOT / "plugins" / "columnist"
#: Columnist as it was when the run began: the builds import this copy (PYTHONPATH), so edits made to
#: plugins/columnist while a run goes on do not mix two versions into one table.
SNAPSHOT = OUT / "snapshot"

SEED = 20240306
#: 2026-01-01T00:00:00Z: MkDocs' (and Columnist's) "now", so every column is in the past.
SOURCE_DATE_EPOCH = "1767225600"
LAST_DATE = date(2025, 12, 31)
#: Columns are this many days apart, newest on LAST_DATE (5,000 columns reach back to 1998).
DAYS_APART = 2
SITE_URL = "https://bench.example.org/"
SITE_NAME = "Bench Desk"

BUILDERS = ("plain", "pages", "blog", "columnist")
LABELS = {
    "plain": "plain MkDocs + Material",
    "pages": "plain MkDocs, Columnist's pages",
    "blog": "Material blog + rss",
    "columnist": "Columnist",
}

#: Run inside each build process: MkDocs as ``python -m mkdocs``, then its own peak memory (KiB) and
#: CPU seconds at exit. RUSAGE_SELF is this process's alone (RUSAGE_CHILDREN would be a max over all builds).
MEASURED_MKDOCS = """\
import atexit, os, resource, runpy, sys
def _report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["BENCH_USAGE_FILE"], "w") as out:
        out.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
atexit.register(_report)
sys.argv = ["mkdocs", *sys.argv[1:]]
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
"""

# --- the columns ------------------------------------------------------------------------------------------

CATEGORIES = ("Listening", "Trust", "Pricing", "Projects", "Hiring", "Security", "Tools", "Habits")
TAGS = (
    "meetings", "email", "small-firms", "feedback", "retainers", "scope", "backups", "passwords",
    "onboarding", "handover", "referrals", "rates", "staff", "owners", "calendars", "printers",
    "laptops", "contracts", "invoices", "training", "remote-work", "checklists", "vendors", "habits",
)  # fmt: skip
AUTHORS = {
    "maren": {"name": "Maren Holt", "description": "IT adviser to small firms"},
    "tomas": {"name": "Tomas Reyes", "description": "Coach for consultants"},
}
WORDS = (
    "client", "office", "owner", "manager", "staff", "meeting", "email", "invoice", "project", "budget",
    "backup", "password", "laptop", "printer", "calendar", "contract", "week", "month", "answer", "question",
    "problem", "habit", "list", "plan", "call", "note", "change", "fix", "review", "quiet", "careful",
    "honest", "slow", "early", "late", "simple", "clear", "small", "shared", "weekly", "first", "last",
    "better", "often", "rarely", "always", "never", "usually", "asked", "wrote", "noticed", "learned",
    "stopped", "started", "kept", "tried", "found", "told", "heard", "built", "moved", "checked", "trusted",
    "priced", "signed", "lost", "saved",
)  # fmt: skip
ADJECTIVES = (
    "quiet", "careful", "honest", "slow", "simple", "shared", "weekly", "forgotten", "last", "first",
    "expensive", "small", "unread", "patient", "late", "overdue",
)  # fmt: skip
NOUNS = (
    "client", "retainer", "backup", "meeting", "invoice", "handover", "inbox", "printer", "contract",
    "password", "calendar", "checklist", "referral", "estimate", "deadline", "question",
)  # fmt: skip


@dataclass(frozen=True)
class Column:
    """One generated column, as every builder gets it."""

    number: int
    day: date
    title: str
    file_name: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    guid: str
    quotes: tuple[dict[str, str], ...]
    has_audio: bool
    body: str

    @property
    def audio(self) -> str | None:
        return f"audio/{self.number}.mp3" if self.has_audio else None


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + rng.choice((".", ".", ".", "?"))


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def make_title(rng: random.Random) -> str:
    adjective, noun, other = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    return rng.choice(
        (
            f"The {adjective} {noun}",
            f"When the {noun} stops working",
            f"Why the {noun} matters more than the {other}",
            f"{noun.capitalize()}s, {other}s and the {adjective} week",
            f"A {adjective} look at the {noun}",
        )
    )


def make_body(rng: random.Random, number: int, earlier: list[str], has_audio: bool) -> str:
    """Several paragraphs, a heading, a bullet list, a blockquote, links to earlier columns."""
    parts = [paragraph(rng)]
    if rng.random() < 0.4:
        parts.append("<!-- more -->")
    parts.append(paragraph(rng))
    if earlier:
        links = ", ".join(
            f"[{word} column]({name})"
            for word, name in zip(("one", "another", "a third"), earlier, strict=False)
        )
        parts.append(f"I wrote about this before: {links}. {sentence(rng)}")
    parts.append(f"## {sentence(rng).rstrip('.?')}")
    parts.append(paragraph(rng))
    parts.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 5))))
    parts.append(f"> {sentence(rng)} {sentence(rng)}")
    parts.extend(paragraph(rng) for _ in range(rng.randint(1, 3)))
    if has_audio:
        parts.append(f"[Listen to column {number}](audio/{number}.mp3)")
    return "\n\n".join(parts) + "\n"


def generate_columns(count: int) -> list[Column]:
    """``count`` columns, oldest first, the same for every builder and every run."""
    rng = random.Random(f"{SEED}-{count}")
    first = LAST_DATE - timedelta(days=DAYS_APART * (count - 1))
    columns: list[Column] = []
    titles: dict[str, int] = {}  # a title used before gets "(part 2)", as a real series would
    for number in range(1, count + 1):
        day = first + timedelta(days=DAYS_APART * (number - 1))
        title = make_title(rng)
        titles[title] = titles.get(title, 0) + 1
        if titles[title] > 1:
            title += f" (part {titles[title]})"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        earlier = [column.file_name for column in rng.sample(columns, min(len(columns), rng.randint(1, 3)))]
        has_audio = number % 3 == 0
        quotes = tuple(
            {"text": sentence(rng), "by": f"a {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} owner"}
            for _ in range(rng.randint(1, 2) if rng.random() < 0.3 else 0)
        )
        columns.append(
            Column(
                number=number,
                day=day,
                title=title,
                file_name=f"{day.isoformat()}-{slug}.md",
                categories=tuple(rng.sample(CATEGORIES, rng.randint(1, 2))),
                tags=tuple(rng.sample(TAGS, rng.randint(1, 3))),
                authors=(rng.choice(tuple(AUTHORS)),),
                guid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                quotes=quotes,
                has_audio=has_audio,
                body=make_body(rng, number, earlier, has_audio),
            )
        )
    return columns


# --- the four sites ---------------------------------------------------------------------------------------


def front_matter(values: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n"


def columnist_meta(column: Column) -> dict[str, object]:
    """Columnist's front matter; plain MkDocs gets the same and ignores what it does not know."""
    meta: dict[str, object] = {
        "title": column.title,
        "date": column.day,
        "categories": list(column.categories),
        "tags": list(column.tags),
        "authors": list(column.authors),
        "number": column.number,
        "guid": column.guid,
    }
    if column.quotes:
        meta["quotes"] = [dict(quote) for quote in column.quotes]
    if column.audio:
        meta["audio"] = column.audio
    return meta


def blog_meta(column: Column) -> dict[str, object]:
    """Material's blog front matter."""
    return {
        "title": column.title,
        "date": {"created": column.day},
        "categories": list(column.categories),
        "tags": list(column.tags),
        "authors": list(column.authors),
        "draft": False,
    }


def write_posts(
    folder: Path, columns: list[Column], meta: Callable[[Column], dict[str, object]], mp3: Path
) -> None:
    (folder / "audio").mkdir(parents=True)
    for column in columns:
        (folder / column.file_name).write_text(front_matter(meta(column)) + column.body, encoding="utf-8")
        if column.audio:
            shutil.copyfile(mp3, folder / column.audio)


def write_site(folder: Path, config: dict[str, object]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(
        f"# {SITE_NAME}\n\nA generated weekly column.\n", encoding="utf-8"
    )
    base = {"site_name": SITE_NAME, "site_url": SITE_URL, "theme": {"name": "material"}}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump({**base, **config}, sort_keys=False), encoding="utf-8")


def lay_out_plain(folder: Path, columns: list[Column], mp3: Path) -> None:
    write_site(folder, {"nav": ["index.md"], "not_in_nav": "/posts/", "plugins": ["search"]})
    write_posts(folder / "docs" / "posts", columns, columnist_meta, mp3)


def lay_out_pages(folder: Path, columns: list[Column], mp3: Path) -> None:
    """Plain MkDocs + Material given, as Markdown, every page Columnist writes, at the same addresses.

    The columns at ``YYYY/MM/DD/slug/``, the home and category pages ten excerpts each, the
    archive, years, tags, authors and quotes, and the same navigation: what those pages cost
    MkDocs and Material themselves, with no plugin. Columnist cannot build faster than this.
    """
    nav = ["index.md", {"Archive": "archive/index.md"}, {"Categories": "category/index.md"}]
    write_site(folder, {"nav": [*nav, {"Quotes": "quotes/index.md"}], "plugins": ["search"]})
    docs = folder / "docs"
    (docs / "posts" / "audio").mkdir(parents=True)
    places = {column.file_name: f"{column.day:%Y/%m/%d}/{column.file_name[11:-3]}" for column in columns}

    def write(path: str, text: str) -> None:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")

    def link(column: Column, depth: int) -> str:
        return "../" * depth + places[column.file_name] + ".md"

    for column in columns:
        body = re.sub(r"\]\(([^)/]+\.md)\)", lambda found: f"](../../../{places[found[1]]}.md)", column.body)
        if column.audio:
            body = body.replace(f"]({column.audio})", f"](../../../posts/{column.audio})")
            shutil.copyfile(mp3, docs / "posts" / column.audio)
        write(places[column.file_name] + ".md", front_matter(columnist_meta(column)) + body)

    def entry(column: Column, depth: int) -> str:
        first = column.body.split("\n\n", 1)[0]
        return (
            f"## [{column.title}]({link(column, depth)})\n\nNo. {column.number} · {column.day:%B %-d, %Y} · "
            f"{', '.join(column.categories)}\n\n{first}\n\n[Continue reading]({link(column, depth)})\n\n"
        )

    def line(column: Column, depth: int) -> str:
        return f"- {column.day:%B %-d, %Y} · [{column.title}]({link(column, depth)}) No. {column.number}\n"

    def paginate(base: str, title: str, listed: list[Column]) -> None:
        chunks = [listed[start : start + 10] for start in range(0, len(listed), 10)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            path = f"{base}index.md" if number == 1 else f"{base}page/{number}/index.md"
            depth = path.count("/")
            near = sorted({1, len(chunks), *range(max(1, number - 2), min(len(chunks), number + 2) + 1)})
            pages = " · ".join(
                f"[{n}]({'../' * depth}{base}{'' if n == 1 else f'page/{n}/'}index.md)"
                for n in near
                if n != number
            )
            write(path, f"# {title}\n\n" + "".join(entry(c, depth) for c in chunk) + pages + "\n")

    newest = columns[::-1]
    by: dict[str, dict[str, list[Column]]] = {"category": {}, "tag": {}, "author": {}, "year": {}}
    for column in newest:
        kinds = {"category": column.categories, "tag": column.tags, "author": column.authors}
        for kind, names in kinds.items():
            for name in names:
                by[kind].setdefault(name.lower(), []).append(column)
        by["year"].setdefault(str(column.day.year), []).append(column)
    paginate("", SITE_NAME, newest)
    for name, listed in by["category"].items():
        paginate(f"category/{name}/", name, listed)
    write("archive/index.md", "# Archive\n\n" + "".join(line(c, 1) for c in newest))
    for kind, folder_name in (("year", "archive"), ("tag", "tag"), ("author", "author")):
        for name, listed in by[kind].items():
            write(f"{folder_name}/{name}/index.md", f"# {name}\n\n" + "".join(line(c, 2) for c in listed))
    for kind in ("category", "tag"):
        names = "".join(f"- [{name}]({name}/index.md) ({len(listed)})\n" for name, listed in by[kind].items())
        write(f"{kind}/index.md", f"# {kind}\n\n{names}")
    quoted = (
        f"> {quote['text']}\n>\n> {quote['by']}, in [{column.title}]({link(column, 1)})\n\n"
        for column in newest
        for quote in column.quotes
    )
    write("quotes/index.md", "# Quotes\n\n" + "".join(quoted))


def lay_out_blog(folder: Path, columns: list[Column], mp3: Path) -> None:
    rss = {
        "match_path": "blog/posts/.*",
        "date_from_meta": {"as_creation": "date.created", "as_update": "date.updated"},
        "use_git": False,
        "cache_dir": str(folder / ".cache" / "rss"),
    }
    blog = {"post_excerpt": "optional", "pagination_per_page": 10}
    write_site(folder, {"plugins": ["search", {"blog": blog}, {"rss": rss}]})
    (folder / "docs" / "blog").mkdir()
    (folder / "docs" / "blog" / "index.md").write_text("# Columns\n", encoding="utf-8")
    authors = {key: {**person, "avatar": f"https://example.org/{key}.png"} for key, person in AUTHORS.items()}
    (folder / "docs" / "blog" / ".authors.yml").write_text(
        yaml.safe_dump({"authors": authors}, sort_keys=False), encoding="utf-8"
    )
    write_posts(folder / "docs" / "blog" / "posts", columns, blog_meta, mp3)


def lay_out_columnist(folder: Path, columns: list[Column], mp3: Path) -> None:
    write_site(folder, {"plugins": ["search", "columnist"]})
    write_posts(folder / "posts", columns, columnist_meta, mp3)


def lay_out(count: int, mp3: Path) -> tuple[list[Column], dict[str, Path]]:
    columns = generate_columns(count)
    folders = {builder: OUT / f"{builder}-{count}" for builder in BUILDERS}
    lay_out_plain(folders["plain"], columns, mp3)
    lay_out_pages(folders["pages"], columns, mp3)
    lay_out_blog(folders["blog"], columns, mp3)
    lay_out_columnist(folders["columnist"], columns, mp3)
    return columns, folders


def sample_mp3() -> Path:
    """One small real MP3 (espeak-ng says "hello", lame encodes it), made once."""
    mp3 = OUT / "sample.mp3"
    if not mp3.is_file():
        wav = OUT / "sample.wav"
        subprocess.run(["espeak-ng", "-w", str(wav), "hello"], check=True)
        subprocess.run(["lame", "--quiet", "-m", "m", "-b", "32", str(wav), str(mp3)], check=True)
        wav.unlink()
    return mp3


# --- interpreters -----------------------------------------------------------------------------------------


def ensure_peers_venv() -> Path:
    """Material's blog and mkdocs-rss-plugin in a virtual environment of their own, made when missing."""
    python = PEERS_VENV / "bin" / "python"
    probe = [str(python), "-c", "import material.plugins.blog, mkdocs_rss_plugin"]
    if python.is_file() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"Creating {PEERS_VENV.relative_to(ROOT)} with {', '.join(PEER_PACKAGES)} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    return python


def package_versions(python: Path, names: tuple[str, ...]) -> str:
    code = (
        "import importlib.metadata as m, sys\nprint(', '.join(f'{n} {m.version(n)}' for n in sys.argv[1:]))"
    )
    result = subprocess.run([str(python), "-c", code, *names], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def package_fingerprint(package: Path = COLUMNIST_DIR) -> str:
    """A short hash of Columnist's source and templates, to tell one version from another."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def git_commit() -> str:
    result = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True)
    return result.stdout.decode().strip() or "unknown"


def snapshot_columnist() -> str:
    """Copy plugins/columnist to bench/out/snapshot and check that builds import the copy."""
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    shutil.copytree(COLUMNIST_DIR, SNAPSHOT / "columnist", ignore=shutil.ignore_patterns("__pycache__"))
    code = "import columnist; print(columnist.__file__)"
    found = subprocess.run([sys.executable, "-c", code], env=build_env(), capture_output=True, text=True)
    if not found.stdout.startswith(str(SNAPSHOT)):
        sys.exit(f"Builds would import columnist from {found.stdout.strip() or found.stderr}, not {SNAPSHOT}")
    return package_fingerprint(SNAPSHOT / "columnist")


def build_env() -> dict[str, str]:
    """Fixed "now", no MkDocs 2 notice, and bytecode cached under bench/out as on any user's machine.

    Without a cache (PYTHONDONTWRITEBYTECODE, as on some CI machines) every build would compile
    the editable columnist package again while the installed packages come precompiled.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SNAPSHOT), os.environ.get("PYTHONPATH")]))
    return env


# --- builds -----------------------------------------------------------------------------------------------


@dataclass
class Measurement:
    seconds: float  # wall time
    cpu: float  # CPU seconds of the build process (user + system): less sensitive to a busy machine
    peak_mb: float
    pages: int  # HTML files the build wrote


def count_pages(site: Path) -> int:
    return sum(1 for _, _, names in os.walk(site) for name in names if name.endswith(".html"))


def build_once(python: Path, folder: Path, keep_cache: bool = False) -> Measurement:
    """One ``mkdocs build -q`` of ``folder`` into a fresh temporary site, timed from outside.

    Cold unless ``keep_cache``: Columnist's build cache (``.cache/columnist``) is removed first.
    """
    if not keep_cache:
        shutil.rmtree(folder / ".cache" / "columnist", ignore_errors=True)
    (OUT / "tmp").mkdir(exist_ok=True)
    site = Path(tempfile.mkdtemp(prefix="site-", dir=OUT / "tmp"))
    usage_file = site.with_suffix(".usage")
    command = [str(python), "-c", MEASURED_MKDOCS, "build", "-q", "-f", str(folder / "mkdocs.yml")]
    command += ["-d", str(site)]
    env = {**build_env(), "BENCH_USAGE_FILE": str(usage_file)}
    start = time.perf_counter()
    result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    pages = count_pages(site)
    shutil.rmtree(site, ignore_errors=True)
    if result.returncode != 0:
        sys.exit(f"The build of {folder} failed:\n{result.stdout}{result.stderr}")
    peak_kb, cpu = usage_file.read_text().split()
    usage_file.unlink()
    return Measurement(seconds, float(cpu), int(peak_kb) / 1024, pages)


def run_size(folders: dict[str, Path], pythons: dict[str, Path], repeat: int) -> dict[str, list[Measurement]]:
    """``repeat`` rounds, each building every site; the order turns each round."""
    found: dict[str, list[Measurement]] = {builder: [] for builder in BUILDERS}
    for round_number in range(repeat):
        turn = round_number % len(BUILDERS)
        order = BUILDERS[turn:] + BUILDERS[:turn]
        for builder in order:
            measured = build_once(pythons[builder], folders[builder])
            found[builder].append(measured)
            print(f"  round {round_number + 1}: {LABELS[builder]:<24} {measured.seconds:7.2f} s "
                  f"(CPU {measured.cpu:6.2f} s) {measured.peak_mb:5.0f} MB", flush=True)  # fmt: skip
    return found


@dataclass
class SizeResult:
    count: int
    repeat: int
    seconds: dict[str, float]  # median wall time per builder
    best: dict[str, float]  # shortest wall time per builder: the least disturbed by other work
    cpu: dict[str, float]  # median CPU time per builder
    peak_mb: dict[str, float]  # median peak memory per builder
    pages: dict[str, int]  # HTML pages each builder writes
    runs: dict[str, list[Measurement]] = field(default_factory=dict)


def summarise(count: int, repeat: int, runs: dict[str, list[Measurement]]) -> SizeResult:
    return SizeResult(
        count,
        repeat,
        {b: statistics.median(m.seconds for m in runs[b]) for b in BUILDERS},
        {b: min(m.seconds for m in runs[b]) for b in BUILDERS},
        {b: statistics.median(m.cpu for m in runs[b]) for b in BUILDERS},
        {b: statistics.median(m.peak_mb for m in runs[b]) for b in BUILDERS},
        {b: runs[b][-1].pages for b in BUILDERS},
        runs,
    )


def print_table(result: SizeResult) -> None:
    """The medians of one size as a Markdown table (bench/README.md quotes it), then the ratios."""
    times = "repetition" if result.repeat == 1 else "repetitions, medians"
    print(f"\nN = {result.count} columns ({result.repeat} {times})\n")
    print("| builder | wall time (s) | best wall time (s) | CPU time (s) | peak memory (MB) | HTML pages |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for b in BUILDERS:
        print(
            f"| {LABELS[b]} | {result.seconds[b]:.2f} | {result.best[b]:.2f} | {result.cpu[b]:.2f} "
            f"| {result.peak_mb[b]:.0f} | {result.pages[b]} |"
        )
    for peer in ("plain", "pages", "blog"):
        print(
            f"| Columnist / {LABELS[peer]} | {ratio(result.seconds, peer):.2f}x "
            f"| {ratio(result.best, peer):.2f}x | {ratio(result.cpu, peer):.2f}x "
            f"| {ratio(result.peak_mb, peer):.2f}x | |"
        )


def ratio(values: dict[str, float], peer: str) -> float:
    return values["columnist"] / values[peer]


# --- columnist check --------------------------------------------------------------------------------------


def columnist_command() -> str | None:
    beside = Path(sys.executable).parent / "columnist"
    return str(beside) if beside.is_file() else shutil.which("columnist")


def measure_check(folder: Path, repeat: int) -> tuple[float | None, str]:
    """Median seconds of ``columnist check`` on ``folder``, or None and why it was skipped."""
    command = columnist_command()
    if command is None:
        return None, "skipped: no `columnist` console script is installed"
    probe = subprocess.run([command, "check", "--help"], capture_output=True, text=True, env=build_env())
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, f"skipped: `columnist check --help` fails ({last})"
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(
            [command, "check", "-f", str(folder / "mkdocs.yml")],
            cwd=folder,
            env=build_env(),
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - start)
    note = f"exit {result.returncode}"
    if result.returncode != 0:
        note += ": " + (result.stdout + result.stderr).strip().splitlines()[-1][:200]
    return statistics.median(times), note


# --- mkdocs serve -----------------------------------------------------------------------------------------


@dataclass
class ServeResult:
    first_build: float  # seconds from starting `mkdocs serve` until the home page answers
    page_updated: float  # seconds from the edit until the column's page shows it
    reloaded: float | None  # seconds from the edit until MkDocs logs "Reloading browsers"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(check: Callable[[], object], timeout: float, interval: float = 0.05) -> object:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    return None


def measure_serve(folder: Path, newest: Column) -> ServeResult | str:
    """Start ``mkdocs serve``, append a line to the newest column, time until its page shows it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(folder / "mkdocs.yml")]
    source = folder / "posts" / newest.file_name
    original = source.read_text(encoding="utf-8")
    log: list[tuple[float, str]] = []
    start = time.perf_counter()
    server = subprocess.Popen(
        command, cwd=folder, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )

    def read_log() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            log.append((time.perf_counter(), line.rstrip()))

    threading.Thread(target=read_log, daemon=True).start()
    try:
        home = str(wait_for(lambda: fetch(base), timeout=900, interval=0.2) or "")
        if not home:
            return "skipped: the home page never answered:\n" + "\n".join(line for _, line in log[-20:])
        first_build = time.perf_counter() - start
        day = newest.day
        found = re.search(rf'href="([^"]*{day.year:04d}/{day.month:02d}/{day.day:02d}/[^"#]+)"', home)
        if found is None:
            return "skipped: the home page does not link to the newest column"
        page = urllib.parse.urljoin(base, found.group(1))
        time.sleep(2)  # let the file watcher take its first look at posts/
        token = f"Edited for the benchmark {uuid.uuid4().hex}"
        edited = time.perf_counter()
        source.write_text(original + f"\n{token}\n", encoding="utf-8")
        shown = wait_for(lambda: token in (fetch(page) or ""), timeout=600)
        page_updated = time.perf_counter() - edited
        if not shown:
            return "skipped: the edit never showed on the column's page"
        wait_for(lambda: any(at > edited and "Reloading browsers" in line for at, line in log), timeout=600)
        reloads = [at for at, line in log if at > edited and "Reloading browsers" in line]
        return ServeResult(first_build, page_updated, reloads[0] - edited if reloads else None)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        source.write_text(original, encoding="utf-8")


@dataclass
class CacheResult:
    plain: float  # median wall time of plain MkDocs + Material, built in the same rounds
    unchanged: float  # median wall time of Columnist again, cache present, nothing changed
    one_changed: float  # median wall time of Columnist after a line was added to the newest column


def measure_cached(folders: dict[str, Path], newest: Column, repeat: int) -> CacheResult:
    """Rounds of plain MkDocs, Columnist with nothing changed, Columnist after one column changed."""
    source = folders["columnist"] / "posts" / newest.file_name
    original = source.read_text(encoding="utf-8")
    found: dict[str, list[float]] = {"plain": [], "unchanged": [], "one_changed": []}
    python = Path(sys.executable)
    try:
        build_once(python, folders["columnist"])  # fills the cache
        for round_number in range(repeat):
            found["plain"].append(build_once(python, folders["plain"]).seconds)
            found["unchanged"].append(build_once(python, folders["columnist"], keep_cache=True).seconds)
            source.write_text(original + f"\nEdit {round_number} for the benchmark.\n", encoding="utf-8")
            found["one_changed"].append(build_once(python, folders["columnist"], keep_cache=True).seconds)
            print(f"  round {round_number + 1}: plain {found['plain'][-1]:.2f} s, Columnist unchanged "
                  f"{found['unchanged'][-1]:.2f} s, one column changed {found['one_changed'][-1]:.2f} s",
                  flush=True)  # fmt: skip
    finally:
        source.write_text(original, encoding="utf-8")
    return CacheResult(**{name: statistics.median(times) for name, times in found.items()})


def cache_targets(cached: CacheResult, serve: ServeResult | str, count: int) -> list[str]:
    """The cache's targets, each as a ratio to plain MkDocs + Material built in the same rounds."""
    lines = []
    figures = [("build again, nothing changed", cached.unchanged, 0.4),
               ("build after one column changed", cached.one_changed, 0.5)]  # fmt: skip
    if isinstance(serve, ServeResult):
        figures.append(("mkdocs serve, save to visible", serve.page_updated, 0.15))
    for name, seconds, most in figures:
        part = seconds / cached.plain
        lines.append(
            f"N={count}: {name}: {seconds:.2f} s = {part:.2f}x plain MkDocs + Material "
            f"({cached.plain:.2f} s); target <= {most:.2f}x: {held(part <= most)}"
        )
    return lines


# --- the profile ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileEntry:
    """One function of Columnist's (a module's or a compiled template's) in the profile."""

    file: str  # relative to plugins/columnist
    line: int
    name: str
    calls: int
    tottime: float
    cumtime: float

    def __str__(self) -> str:
        return f"{self.file}:{self.line}({self.name})"


@dataclass
class ProfileReport:
    total: float  # seconds, under the profiler
    own_modules: float  # tottime of every function in plugins/columnist/*.py
    own_templates: float  # tottime of the package's compiled Jinja templates
    feeds: float
    lists: float
    top: list[ProfileEntry]

    @property
    def own(self) -> float:
        return self.own_modules + self.own_templates


#: What counts as feeds, and as list pages (their context and the rendering of their templates).
FEED_FUNCTIONS = (("feeds.py", "render_feeds"), ("podcast.py", "render_podcast"))
LIST_FUNCTIONS = (
    ("listings.py", "summaries"),
    ("listings.py", "prerender"),
    ("listings.py", "listing_context"),
)
LIST_TEMPLATES = ("home.html", "category.html", "archive.html", "names.html", "quotes.html")


def profile_build(folder: Path, output: Path) -> ProfileReport:
    """One cold Columnist build (no cache) under cProfile; what Columnist's own code costs in it."""
    shutil.rmtree(folder / ".cache" / "columnist", ignore_errors=True)
    (OUT / "tmp").mkdir(exist_ok=True)
    site = Path(tempfile.mkdtemp(prefix="site-", dir=OUT / "tmp"))
    command = [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "mkdocs", "build", "-q"]
    command += ["-f", str(folder / "mkdocs.yml"), "-d", str(site)]
    subprocess.run(command, cwd=folder, env=build_env(), check=True)
    shutil.rmtree(site, ignore_errors=True)
    return read_profile(output)


def columnist_entries(stats: pstats.Stats) -> list[ProfileEntry]:
    """Every profiled function under plugins/columnist, the most expensive (cumulative) first."""
    package = str((SNAPSHOT / "columnist").resolve()) + os.sep
    found = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.startswith(package):
            found.append(ProfileEntry(filename[len(package) :], line, name, calls, tottime, cumtime))
    return sorted(found, key=lambda entry: entry.cumtime, reverse=True)


def read_profile(output: Path) -> ProfileReport:
    stats = pstats.Stats(str(output))
    entries = columnist_entries(stats)

    def cumulative(file: str, name: str) -> float:
        return sum(entry.cumtime for entry in entries if entry.file.endswith(file) and entry.name == name)

    templates = [entry for entry in entries if entry.file.startswith("templates")]
    return ProfileReport(
        total=stats.total_tt,  # type: ignore[attr-defined]
        own_modules=sum(entry.tottime for entry in entries if entry not in templates),
        own_templates=sum(entry.tottime for entry in templates),
        feeds=sum(cumulative(file, name) for file, name in FEED_FUNCTIONS),
        lists=sum(cumulative(file, name) for file, name in LIST_FUNCTIONS)
        + sum(cumulative(f"columnist/{template}", "root") for template in LIST_TEMPLATES),
        top=entries[:25],
    )


def print_profile(report: ProfileReport, count: int) -> None:
    print(f"\nProfile of one Columnist build of {count} columns (cProfile, {report.total:.1f} s profiled)")
    print(f"  {'cumtime':>8} {'tottime':>8} {'calls':>8}  function (under plugins/columnist)")
    for entry in report.top:
        print(f"  {entry.cumtime:8.3f} {entry.tottime:8.3f} {entry.calls:8d}  {entry}")
    print(
        f"  Columnist's own code (tottime): {report.own:.2f} s = {share(report.own, report.total)} "
        f"(modules {share(report.own_modules, report.total)}, "
        f"templates {share(report.own_templates, report.total)})"
    )
    print(
        f"  feeds (render_feeds + render_podcast): "
        f"{report.feeds:.2f} s = {share(report.feeds, report.total)}; "
        f"list pages (summaries, listing_context, list templates): "
        f"{report.lists:.2f} s = {share(report.lists, report.total)}"
    )


def share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


# --- targets ----------------------------------------------------------------------------------------------


def growth(results: dict[int, SizeResult], metric: str, builder: str) -> str:
    """How the cost of one more column changes from the lower sizes to the top one."""
    sizes = sorted(results)
    if len(sizes) < 2:
        return "n/a (one size run)"
    values = {n: getattr(results[n], metric)[builder] for n in sizes}
    low, mid, high = (sizes[0], sizes[-2], sizes[-1]) if len(sizes) > 2 else (None, sizes[0], sizes[-1])
    factor = values[high] / values[mid]
    text = f"{mid}->{high}: x{factor:.2f} for x{high / mid:.0f} columns"
    if low is not None:
        slope_low = (values[mid] - values[low]) / (mid - low)
        slope_high = (values[high] - values[mid]) / (high - mid)
        if slope_low > 0:
            text += f"; cost per added column {slope_high / slope_low:.2f}x what it was from {low} to {mid}"
    return text


def targets(results: dict[int, SizeResult], check: float | None, profile: ProfileReport | None) -> list[str]:
    lines = []
    for count in (1000, 5000):
        if count not in results:
            lines.append(f"N={count}: not run")
            continue
        r = results[count]
        for peer, most in (("plain", 1.2), ("blog", 1 / 3)):
            wall, best, cpu = ratio(r.seconds, peer), ratio(r.best, peer), ratio(r.cpu, peer)
            lines.append(
                f"N={count}: Columnist / {LABELS[peer]} = {wall:.2f}x wall (best {best:.2f}x), "
                f"{cpu:.2f}x CPU; target <= {most:.2f}: wall {held(wall <= most)}, CPU {held(cpu <= most)}"
            )
        pages, plain = r.seconds["pages"], r.seconds["plain"]
        cold = ratio(r.seconds, "pages")
        lines.append(
            f"N={count}: plain MkDocs given Columnist's {r.pages['pages']} pages takes {pages / plain:.2f}x "
            f"plain MkDocs' {r.pages['plain']}; Columnist, no cache, takes {cold:.2f}x that "
            f"(target <= 1.00: {held(cold <= 1.0)})"
        )
    for builder in BUILDERS:
        lines.append(f"growth of {LABELS[builder]}: time {growth(results, 'seconds', builder)}")
        lines.append(f"growth of {LABELS[builder]}: memory {growth(results, 'peak_mb', builder)}")
    size = 1000 if 1000 in results else max(results)
    build = results[size].seconds["columnist"]
    if check is not None:
        lines.append(
            f"columnist check at N={size}: {check:.2f} s = {check / build:.2f} of a build "
            f"(target < 0.10: {held(check < build / 10)})"
        )
    if profile is not None:
        part = (profile.feeds + profile.lists) / profile.total
        verdict = held(part < 0.1)
        lines.append(f"feeds + list pages: {100 * part:.1f}% of a profiled build (target < 10%: {verdict})")
    return lines


def held(ok: bool) -> str:
    return "held" if ok else "MISSED"


# --- main -------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="numbers of columns, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each site per size")
    parser.add_argument("--quick", action="store_true", help="20 columns, once (CI)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "20", 1
    args.sizes = sorted({int(size) for size in args.sizes.split(",")})
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    pythons = {
        "plain": Path(sys.executable),
        "pages": Path(sys.executable),
        "columnist": Path(sys.executable),
        "blog": ensure_peers_venv(),
    }
    print(f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")
    ours = package_versions(pythons["plain"], ("mkdocs", "mkdocs-material", "mkdocs-columnist"))
    print(
        f"plain MkDocs and Columnist: {sys.executable} "
        f"(this interpreter, where columnist is installed): {ours}"
    )
    print(f"Material blog + rss: {pythons['blog']}: {package_versions(pythons['blog'], PEER_PACKAGES)}")
    fingerprint = snapshot_columnist()
    print(
        f"Columnist: plugins/columnist at {git_commit()} (fingerprint {fingerprint}), "
        "copied to bench/out/snapshot and imported from there"
    )
    mp3 = sample_mp3()
    results: dict[int, SizeResult] = {}
    focus = 1000 if 1000 in args.sizes else max(args.sizes)
    newest: dict[int, Column] = {}
    folders: dict[int, dict[str, Path]] = {}
    for count in args.sizes:
        columns, folders[count] = lay_out(count, mp3)
        newest[count] = columns[-1]
        if count == args.sizes[0]:
            print("\nWarming up: one untimed build of each site (fills the bytecode caches) ...", flush=True)
            for builder in BUILDERS:
                build_once(pythons[builder], folders[count][builder])
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"\nBuilding {count} columns, {args.repeat} round(s); load average before: {load}", flush=True)
        results[count] = summarise(count, args.repeat, run_size(folders[count], pythons, args.repeat))
    for count in args.sizes:
        print_table(results[count])

    check, check_note = measure_check(folders[focus]["columnist"], args.repeat)
    print(f"\ncolumnist check, N={focus}: " + (f"{check:.2f} s ({check_note})" if check else check_note))
    print(f"\nBuilds with the cache, N={focus}, {args.repeat} round(s):", flush=True)
    cached = measure_cached(folders[focus], newest[focus], args.repeat)
    # The server starts with the cache the rounds above left, as a columnist's would.
    serve = measure_serve(folders[focus]["columnist"], newest[focus])
    if isinstance(serve, ServeResult):
        reloaded = f"{serve.reloaded:.2f} s" if serve.reloaded is not None else "not logged"
        print(
            f"mkdocs serve, N={focus}: first build {serve.first_build:.1f} s; after one column changed, "
            f"its page showed the change in {serve.page_updated:.2f} s; "
            f"rebuild done ('Reloading browsers') in {reloaded}"
        )
    else:
        print(f"mkdocs serve, N={focus}: {serve}")
    profile = profile_build(folders[focus]["columnist"], OUT / "profile.out")
    print_profile(profile, focus)

    print(
        "\nTargets" + ("" if focus == 1000 else f" (set for 1,000 columns; check and profile ran at {focus})")
    )
    for line in [*targets(results, check, profile), *cache_targets(cached, serve, focus)]:
        print("  " + line)
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "sizes": {str(n): asdict(r) for n, r in results.items()},
                "check": {"seconds": check, "note": check_note},
                "serve": asdict(serve) if isinstance(serve, ServeResult) else serve,
                "cached": asdict(cached),
                "profile": asdict(profile),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    if package_fingerprint() != fingerprint:
        print(f"\nplugins/columnist changed during this run; these numbers are of version {fingerprint}.")
    print(f"\nDone in {time.perf_counter() - began:.0f} s; results in bench/out/results.json")


if __name__ == "__main__":
    main()
