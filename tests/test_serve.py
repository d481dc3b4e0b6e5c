"""`sopgen serve` (what `make run` starts): the wiki is served on the given address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
