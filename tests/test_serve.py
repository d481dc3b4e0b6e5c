"""`sopgen serve` (what `make run` starts): the wiki is served on the given address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import Sopgen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_with_the_site(wiki: Sopgen) -> None:
    wiki.page("procedures/p.md", "---\ntitle: Bake bread\nowner: ana\nbackup: ben\n"
              "last_verified: 2026-11-01\n---\n1. Knead.\n")
    port = free_port()
    sopgen = Path(sys.executable).with_name("sopgen")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([str(sopgen), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=wiki.root, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        page = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/p/", timeout=2) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.3)
        assert "Bake bread" in page and "sopgen-box" in page, server.stdout.read() \
            if server.poll() is not None else "no answer"
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(port: int, path: str, server: subprocess.Popen, wanted: str, seconds: float = 90) -> str:
    """Return the page once it holds `wanted` (the server may still be building or rebuilding)."""
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as reply:
                page = reply.read().decode()
            if wanted in page:
                return page
        except OSError:
            pass
        time.sleep(0.3)
    return page


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_serve_with_another_engine_and_after_an_edit(wiki: Sopgen, engine: str) -> None:
    page = wiki.page("procedures/p.md", "---\ntitle: Bake bread\nowner: ana\nbackup: ben\n"
                     "last_verified: 2026-11-01\n---\n1. Knead.\n")
    port = free_port()
    sopgen = Path(sys.executable).with_name("sopgen")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([str(sopgen), "serve", "--engine", engine, "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=wiki.root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = fetch(port, "/p/", server, "sopgen-box")
        assert "Bake bread" in first and "Ana" not in first.split("sopgen-box")[0][-50:]
        assert "sopgen-box" in first
        page.write_text(page.read_text().replace("owner: ana", "owner: maria"))
        again = fetch(port, "/p/", server, ">maria</a>")
        assert ">maria</a>" in again  # the box was rendered anew
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode is not None
