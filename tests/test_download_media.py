"""``columnist import SOURCE --download-media``: the old blog's files come home, against a local server."""

from __future__ import annotations

import functools
import http.server
import socket
import subprocess
import threading
import wave
from collections.abc import Iterator
from pathlib import Path

import podcastparser
import pytest
from click.testing import CliRunner
from PIL import Image

from columnist import cli
from conftest import build_at, copy_site


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def old_host(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The old blog's files, served on 127.0.0.1: a real JPEG and a real spoken MP3."""
    folder = tmp_path / "old"
    (folder / "uploads").mkdir(parents=True)
    Image.new("RGB", (40, 30), (200, 120, 40)).save(folder / "uploads" / "desk.jpg", "JPEG")
    speech = tmp_path / "speech.wav"
    subprocess.run(["espeak-ng", "-w", str(speech), "The quiet client, read aloud."], check=True)
    with wave.open(str(speech)) as recording:
        seconds = recording.getnframes() / recording.getframerate()
    subprocess.run(["lame", "--quiet", "-m", "m", "-b", "32", str(speech), str(folder / "uploads" / "quiet.mp3")],
                   check=True)  # fmt: skip
    (folder / "seconds").write_text(str(seconds))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def feed(base: str, *items: tuple[str, str, str]) -> str:
    """An RSS feed of the old blog; each item is (slug, body HTML, recording address or "")."""
    parts = []
    for number, (slug, body, audio) in enumerate(items, start=1):
        # The old blog's length is a guess that the measured file replaces.
        enclosure = f'<enclosure url="{audio}" length="1234567" type="audio/mpeg"/>' if audio else ""
        parts.append(
            f"<item><title>{slug.title()}</title><link>{base}2012/09/{slug}/</link>"
            f"<guid>{base}?p={number}</guid><pubDate>Wed, 19 Sep 2012 10:00:00 +0000</pubDate>"
            f"<description><![CDATA[{body}]]></description>{enclosure}</item>"
        )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Old</title><link>{base}</link>'
            f"{''.join(parts)}</channel></rss>")  # fmt: skip


def run_import(site: Path, export: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(site)
    return CliRunner().invoke(cli.cli, ["import", export, "--download-media"], catch_exceptions=False)


def test_images_and_recordings_come_home_and_the_podcast_is_measured(tmp_path, old_host, monkeypatch):
    base, folder = old_host
    site = copy_site("import-target", tmp_path)
    export = tmp_path / "feed.xml"
    body = f'<p>My desk.</p><p><img src="{base}uploads/desk.jpg" alt="desk"></p>'
    export.write_text(feed(base, ("quiet", body, f"{base}uploads/quiet.mp3")))
    result = run_import(site, str(export), monkeypatch)
    assert result.exit_code == 0, result.output
    assert "Downloaded 2 files of the old blog into posts/media/" in result.output
    assert (site / "posts/media/2012/desk.jpg").read_bytes() == (folder / "uploads/desk.jpg").read_bytes()
    assert (site / "posts/media/2012/quiet.mp3").read_bytes() == (folder / "uploads/quiet.mp3").read_bytes()
    [column] = (site / "posts").glob("2012-*.md")
    text = column.read_text()
    assert f"{base}uploads/" not in text
    assert "media/2012/desk.jpg" in text and "media/2012/quiet.mp3" in text
    assert not list((site / "posts").rglob("*.part"))
    built = build_at(site, tmp_path / "built")
    with open(built.site / "podcast.xml", "rb") as stream:
        show = podcastparser.parse("https://column.example.org/podcast.xml", stream)
    [episode] = show["episodes"]
    [enclosure] = episode["enclosures"]
    assert enclosure["file_size"] == (folder / "uploads/quiet.mp3").stat().st_size
    assert abs(episode["total_time"] - float((folder / "seconds").read_text())) <= 1
    assert (built.site / "posts/media/2012/desk.jpg").is_file()

    # Again, over the same import: nothing fetched twice, nothing written over.
    before = {path: path.read_bytes() for path in (site / "posts").rglob("*") if path.is_file()}
    again = run_import(site, str(export), monkeypatch)
    assert again.exit_code == 0, again.output
    assert {path: path.read_bytes() for path in (site / "posts").rglob("*") if path.is_file()} == before


def test_what_cannot_be_fetched_is_listed_and_loses_nothing(tmp_path, old_host, monkeypatch):
    base, folder = old_host
    (folder / "uploads" / "big.jpg").write_bytes((folder / "uploads/desk.jpg").read_bytes() * 20)
    site = copy_site("import-target", tmp_path)
    elsewhere = f"http://127.0.0.1:{closed_port()}/uploads/gone.jpg"
    body = (f'<img src="{base}uploads/missing.jpg"><img src="{base}uploads/big.jpg">'
            f'<img src="{base}uploads/..%2F..%2Fetc%2Fpasswd.jpg"><img src="{elsewhere}">')  # fmt: skip
    export = tmp_path / "feed.xml"
    export.write_text(feed(base, ("trouble", body, "")))
    monkeypatch.setenv("COLUMNIST_DOWNLOAD_LIMIT", "2000")
    result = run_import(site, str(export), monkeypatch)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "These files could not be downloaded; they stay linked on the old blog:" in lines
    assert f"{base}uploads/missing.jpg: the server answered 404 File not found" in lines
    assert f"{base}uploads/big.jpg: it is larger than 2000 bytes, the most a download may be" in lines
    assert (f"{base}uploads/..%2F..%2Fetc%2Fpasswd.jpg: its name would lead outside the posts folder, "
            "so it was not fetched") in lines  # fmt: skip
    assert f"{elsewhere}: the server could not be reached ([Errno 111] Connection refused)" in lines
    [column] = (site / "posts").glob("2012-*.md")
    text = column.read_text()
    for address in ("uploads/missing.jpg", "uploads/big.jpg", "uploads/..%2F..%2Fetc%2Fpasswd.jpg"):
        assert base + address in text  # still linked where it was: nothing lost
    assert elsewhere in text
    assert not [path for path in (site / "posts").rglob("*") if path.suffix in (".jpg", ".part")]
    assert not (tmp_path / "etc").exists()


def test_an_interrupted_download_is_finished_whole(tmp_path, old_host, monkeypatch):
    base, folder = old_host
    site = copy_site("import-target", tmp_path)
    partial = site / "posts/media/2012/quiet.mp3.part"
    partial.parent.mkdir(parents=True)
    partial.write_bytes((folder / "uploads/quiet.mp3").read_bytes()[:500])  # what a cut-off run left
    export = tmp_path / "feed.xml"
    export.write_text(feed(base, ("quiet", "<p>Listen.</p>", f"{base}uploads/quiet.mp3")))
    result = run_import(site, str(export), monkeypatch)
    assert result.exit_code == 0, result.output
    assert (site / "posts/media/2012/quiet.mp3").read_bytes() == (folder / "uploads/quiet.mp3").read_bytes()
    assert not partial.exists()


def test_a_wordpress_export_brings_its_files_home_too(tmp_path, old_host, monkeypatch):
    from test_import import wxr_export, wxr_item

    base, folder = old_host
    site = copy_site("import-target", tmp_path)
    item = wxr_item(
        309,
        "The quiet client",
        '<img src="https://old.example.org/uploads/desk.jpg" alt="desk">Listen first.',
        name="quiet-client",
        link="https://old.example.org/?p=309",
        meta=(("enclosure", "https://old.example.org/uploads/quiet.mp3\n99\naudio/mpeg"),),
    )
    export = tmp_path / "export.xml"
    export.write_text(wxr_export(item).replace("https://old.example.org", base.rstrip("/")))
    result = run_import(site, str(export), monkeypatch)
    assert result.exit_code == 0, result.output
    [column] = (site / "posts").glob("2012-*.md")
    text = column.read_text()
    assert "](media/2012/desk.jpg)" in text and "src: media/2012/quiet.mp3" in text
    assert f"length: {(folder / 'uploads/quiet.mp3').stat().st_size}\n" in text
    assert "aliases: ['/?p=309']" in text
