"""The README's first command works as written on this machine: it installs Columnist and serves the sample.

It runs in a copy of the repository with the machine's own Python first on the path (on Debian and Ubuntu,
the system Python that refuses packages installed beside its own), as a newcomer would run it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from conftest import REPOSITORY
from test_serve import fetch, free_port, wait_for


def first_command() -> str:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*See the sample newsletter\*\*.*?```sh\n(.*?)\n```", readme, re.DOTALL)
    assert block, "the README has no first command"
    return block.group(1)


def test_the_first_command_serves_the_sample_newsletter(tmp_path):
    command = first_command()
    assert command.endswith("mkdocs serve")
    copy = tmp_path / "columnist"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPOSITORY, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for name in tracked:
        if (REPOSITORY / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPOSITORY / name, copy / name)
    port = free_port()
    system_path = "/usr/bin:/bin:" + os.environ.get("PATH", "")
    environment = {
        key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    server = subprocess.Popen(
        ["bash", "-c", f"{command} -a 127.0.0.1:{port}"],
        cwd=copy, env={**environment, "PATH": system_path, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: fetch(base)[0] == 200, seconds=300), "the sample was not served"
        assert "<title>Home - The Client Desk</title>" in fetch(base)[1]
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
