"""Rendering ahead in a second process: the same site as without it, whatever goes wrong there."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import sopgen.ahead as ahead_module
import sopgen.plugin.plugin as plugin_module
from sopgen.ahead import Ahead, may_fork
from tests.conftest import Sopgen, set_team
from tests.test_site import EPOCH, MAILCHIMP, proc


def fill(wiki: Sopgen) -> None:
    """Write pages of every kind: statuses, clients, an account, checklists, a big section."""
    set_team(wiki.root)
    wiki.page("procedures/marketing/newsletter.md", proc(
        "Send the newsletter", "ana", "2026-11-01", extra="uses: [mailchimp]\nclient: acme\n"
        "tags: [email]", body="# Send\n\n- [ ] Open the croissant campaign.\n- [ ] Send it.\n"))
    wiki.page("procedures/marketing/social.md", proc("Post on Instagram", "ana", "2026-08-30"))
    wiki.page("procedures/website/update.md", proc("Update the website", "ben", "2026-08-01",
                                                  backup=None))
    wiki.page("procedures/website/redesign.md", proc("Redesign", "maria", "2026-01-01",
                                                     extra="lifecycle: draft"))
    wiki.page("procedures/accounts/mailchimp.md", MAILCHIMP)
    # More pages than a section lists in the navigation: these MkDocs makes only as it reads them.
    for n in range(35):
        wiki.page(f"procedures/support/task-{n:02d}.md", proc(
            f"Support task {n}", "maria" if n % 2 else "ana", f"2026-{1 + n % 11:02d}-10",
            body=f"# Support task {n}\n\n- [ ] Answer ticket {n}.\n"))


def build(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, folder: str, ahead_from: int,
          ) -> tuple[int, str, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(plugin_module, "AHEAD_FROM", ahead_from)
    result = wiki("build", "--site-dir", folder)
    return result.exit_code, result.output, wiki.root / folder


def forks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each Ahead made, whether it started a second process."""
    made: list[bool] = []
    init = Ahead.__init__

    def spy(self: Ahead, work, fork: bool) -> None:  # type: ignore[no-untyped-def]
        init(self, work, fork)
        made.append(self._process is not None)

    monkeypatch.setattr(Ahead, "__init__", spy)
    return made


def results(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each second process asked for its result, whether it gave one."""
    given: list[bool] = []
    collect = Ahead._collect

    def spy(self: Ahead):  # type: ignore[no-untyped-def]
        value, ok = collect(self)
        if self._work is not None:
            given.append(ok)
        return value, ok

    monkeypatch.setattr(Ahead, "_collect", spy)
    return given


def same_log(output: str) -> str:
    return re.sub(r"built in [0-9.]+ seconds", "built", output)


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def test_the_site_is_the_same_rendered_ahead_or_not(wiki: Sopgen,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fill(wiki)
    made, given = forks(monkeypatch), results(monkeypatch)
    code, output, here = build(wiki, monkeypatch, "site-here", 10**9)
    assert code == 1 or code == 0, output
    assert made == [False]  # the pages read in the build's process, the rest rendered there
    code_ahead, output_ahead, ahead = build(wiki, monkeypatch, "site-ahead", 0)
    assert made == [False, True, True]  # the pages read ahead, then the rest rendered ahead
    assert given == [False, True, True]  # (the first: no second process to ask)
    assert code_ahead == code
    assert same_log(output_ahead.replace("site-ahead", "site-here")) == same_log(output)
    mine, theirs = files_of(here), files_of(ahead)
    assert mine.keys() == theirs.keys()
    different = [name for name in mine if mine[name] != theirs[name]]
    assert different == []
    # And the pages did get what was rendered ahead: boxes, calendars, generated tables.
    task = (ahead / "support/task-03/index.html").read_text(encoding="utf-8")
    assert 'class="sopgen-box' in task and "sopgen-block" not in task
    assert "sopgen verify procedures/support/task-03.md --by maria" in task
    assert (ahead / "review/reviews.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT") > 35
    assert "Support task 3" in (ahead / "review/index.html").read_text(encoding="utf-8")


def test_a_second_process_that_dies_leaves_the_build_to_this_one(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(wiki)
    code, _output, here = build(wiki, monkeypatch, "site-here", 10**9)
    monkeypatch.setattr(ahead_module, "_run", lambda *args: os._exit(3))
    made = forks(monkeypatch)
    code_ahead, _, ahead = build(wiki, monkeypatch, "site-ahead", 0)
    assert made == [True, True]
    assert code_ahead == code
    assert files_of(ahead) == files_of(here)


def test_a_broken_template_override_fails_the_build_the_same_way(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(wiki)
    overrides = wiki.root / "overrides" / "sopgen"
    overrides.mkdir(parents=True)
    (overrides / "box.html").write_text("<div>{{ no_such_thing }}</div>\n", encoding="utf-8")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n",
                                                 "  name: material\n  custom_dir: overrides\n"))
    made = forks(monkeypatch)
    built = [build(wiki, monkeypatch, f"site-{n}", n) for n in (10**9, 0)]
    assert made == [False, True, True]
    for code, output, site in built:
        assert code == 1, output
        assert "template sopgen/box.html: 'no_such_thing' is undefined" in output
        assert "Traceback" not in output
        assert not (site / "index.html").exists()


def test_a_plugin_that_moves_the_edit_link_gets_its_link_in_the_panel(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(wiki)
    (wiki.root / "hooks.py").write_text(
        "def on_pre_page(page, config, files):\n"
        "    page.edit_url = 'https://translations.example/edit/' + page.file.src_uri\n"
        "    return page\n", encoding="utf-8")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - hooks.py\n"
                      "repo_url: https://git.example/acme/wiki\n")
    code, output, site = build(wiki, monkeypatch, "site", 0)
    assert code in (0, 1), output
    page = (site / "support/task-03/index.html").read_text(encoding="utf-8")
    assert ('class="sopgen-follow-edit" href="https://translations.example/edit/'
            'support/task-03.md"') in page


def test_ahead_returns_what_the_second_process_worked_out() -> None:
    parent = os.getpid()
    ahead = Ahead(lambda: (os.getpid(), [1, 2, 3]), fork=True)
    pid, value = ahead.get()
    assert value == [1, 2, 3] and pid != parent
    assert ahead.get() == (pid, value)  # kept, not worked out again


def test_ahead_without_forking_works_when_first_asked() -> None:
    calls: list[int] = []
    ahead = Ahead(lambda: calls.append(1) or len(calls), fork=False)
    assert calls == []
    assert ahead.get() == 1 and ahead.get() == 1 and calls == [1]


def test_work_that_fails_there_is_done_here_and_raises_here() -> None:
    def work() -> int:
        raise ValueError(f"failed in {os.getpid()}")

    ahead = Ahead(work, fork=True)
    with pytest.raises(ValueError, match=f"failed in {os.getpid()}$"):
        ahead.get()


def test_work_may_use_a_pool_of_its_own_there() -> None:
    def work() -> tuple[int, int]:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            return os.getpid(), pool.apply(os.getpid)

    there, its_worker = Ahead(work, fork=True).get()
    assert os.getpid() != there != its_worker


def test_a_result_that_cannot_travel_back_is_worked_out_here() -> None:
    ahead = Ahead(lambda: (os.getpid(), lambda: None), fork=True)  # a lambda cannot be pickled
    pid, _ = ahead.get()
    assert pid == os.getpid()


def test_closing_stops_a_second_process_that_is_still_at_work() -> None:
    ahead = Ahead(lambda: time.sleep(60), fork=True)
    process = ahead._process
    assert process is not None and process.is_alive()
    ahead.close()
    assert not process.is_alive() and process.exitcode is not None


def test_a_process_that_runs_threads_is_never_forked() -> None:
    # A live-reloading server runs threads (`mkdocs serve --clean` tells plugins it builds):
    # a fork copies their locks, held or not.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        ahead = Ahead(os.getpid, fork=True)
        assert ahead._process is None
        assert ahead.get() == os.getpid()
        assert not may_fork()
    finally:
        stop.set()
        thread.join()
    assert may_fork()


def test_a_broken_folder_defaults_file_is_found_with_the_pages_read_ahead(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(wiki)
    wiki.page("procedures/support/.meta.yml", "owner: maria\nowner: ana\n")
    made = forks(monkeypatch)
    for n in (10**9, 0):
        code, output, _site = build(wiki, monkeypatch, f"site-{n}", n)
        wiki_result = wiki("build", "--strict", "--site-dir", f"strict-{n}")
        assert code == 0 and "1 [front-matter]" in output, output
        assert wiki_result.exit_code == 1, wiki_result.output
        assert ("procedures/support/.meta.yml:2: [front-matter] owner appears twice (lines 1 and "
                "2)") in wiki_result.output
    assert made[0] is False and made[-1] is True


def test_a_second_process_that_cannot_be_started_leaves_the_build_to_this_one(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(wiki)
    code, output, here = build(wiki, monkeypatch, "site-here", 10**9)

    def no_fork() -> int:  # the process limit reached, or no memory left to copy this one
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    code_ahead, output_ahead, ahead = build(wiki, monkeypatch, "site-ahead", 0)
    assert code_ahead == code, output_ahead
    assert same_log(output_ahead.replace("site-ahead", "site-here")) == same_log(output)
    assert files_of(ahead) == files_of(here)


def _note_pid_and_wait(path: Path) -> int:
    path.write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(60)
    return 1


def test_closing_a_second_process_ends_its_pool_too(tmp_path: Path,
                                                   capfd: pytest.CaptureFixture[str]) -> None:
    # Ctrl-C while the second process reads with a pool: the build ends it (close), and none of
    # its pool's workers may live on, finish its chunk and print a traceback on a closed pipe.
    noted = tmp_path / "worker"

    def work() -> list[int]:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            return pool.map(_note_pid_and_wait, [noted])

    ahead = Ahead(work, fork=True)
    for _ in range(600):  # until the worker is at work
        if noted.exists() and noted.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    worker = int(noted.read_text(encoding="utf-8"))
    ahead.close()
    try:
        os.kill(worker, 0)
    except ProcessLookupError:
        alive = False
    else:
        alive = True
        os.kill(worker, 9)
    assert not alive
    assert "Traceback" not in capfd.readouterr().err


ORPHAN = """
import os, sys
from sopgen.ahead import Ahead
ahead = Ahead(lambda: "x" * 2_000_000, fork=True)  # more than a pipe holds
with open(sys.argv[1], "w") as out:
    out.write(str(ahead._process.pid))
os._exit(0)  # the build killed (kill PID, the OOM killer): nothing closes the second process
"""


def test_a_second_process_whose_build_is_killed_ends_quietly(tmp_path: Path) -> None:
    noted = tmp_path / "pid"
    try:
        # Its stderr reaches its end only once every process holding it (the second too) ends.
        done = subprocess.run([sys.executable, "-c", ORPHAN, str(noted)], capture_output=True,
                              text=True, timeout=60)
    except subprocess.TimeoutExpired:
        os.kill(int(noted.read_text(encoding="utf-8")), 9)
        raise AssertionError("the second process waits forever for a build that is gone") from None
    assert done.returncode == 0
    assert done.stderr == ""


def _deaf_to_terminate(ready: Path) -> None:
    # As a process stuck in one long C call is (the signal handler waits for it to return).
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ready.write_text("deaf", encoding="utf-8")
    time.sleep(600)


def test_closing_ends_a_second_process_that_does_not_stop_when_asked(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    ahead = Ahead(lambda: _deaf_to_terminate(ready), fork=True)
    process = ahead._process
    assert process is not None
    for _ in range(600):  # until it ignores SIGTERM
        if ready.exists() and ready.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    closing = threading.Thread(target=ahead.close, daemon=True)
    closing.start()
    closing.join(60)
    hangs = closing.is_alive()
    if hangs:
        os.kill(process.pid, signal.SIGKILL)
    assert not hangs, "the build waits forever for its second process to stop"
    assert not process.is_alive()
