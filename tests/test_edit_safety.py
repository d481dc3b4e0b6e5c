"""Edits by `sopgen verify` and `sopgen handover --to` never corrupt a page or lose a write.

Each case asserts the exact bytes of the file afterwards, the exit status and the one-line
message: an edit either says exactly what was meant, or writes nothing and says why.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sopgen import edit, handover
from tests.conftest import Sopgen, set_team


def write(wiki: Sopgen, rel: str, data: bytes) -> Path:
    """Write a page byte for byte (no dedenting, no newline translation)."""
    path = wiki.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def verify(wiki: Sopgen, *args: str) -> tuple[int, str]:
    result = wiki("verify", *args, "--date", "2026-11-20")
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# Concurrent writers: compare before replace.

def another_writer(monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes) -> None:
    """Make another program write `path` after sopgen has read it, before sopgen replaces it."""
    real = edit.atomic_write

    def late(*args: object, **kwargs: object) -> None:
        path.write_bytes(data)
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(edit, "atomic_write", late)


def test_verify_refuses_when_the_page_changes_while_it_edits(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(wiki, "procedures/p.md", b"---\nowner: ana\nlast_verified: 2026-01-02\n---\n")
    theirs = b"---\nowner: maria\nlast_verified: 2026-01-02\n---\nTheir body.\n"
    another_writer(monkeypatch, path, theirs)
    code, output = verify(wiki, "procedures/p.md", "--by", "ben")
    assert code == 2
    assert output == ("Error: procedures/p.md changed while sopgen was editing it; nothing was "
                      "written, run the command again\n")
    assert path.read_bytes() == theirs
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_verify_then_handover_loses_neither_update(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    set_team(wiki.root)
    body = "".join(f"{n}. Step {n}.\n" for n in range(1, 5000)).encode()
    path = write(wiki, "procedures/p.md", b"---\nowner: ana\nbackup: ben\n"
                 b"last_verified: 2026-01-02\n---\n" + body)
    verified = (b"---\nowner: ana\nbackup: ben\nlast_verified: 2026-11-20\nverified_by: ben\n"
                b"---\n" + body)
    # `sopgen verify` writes the page after handover has read it, before handover replaces it.
    another_writer(monkeypatch, path, verified)
    result = wiki("handover", "ana", "--to", "maria")
    assert "Traceback" not in result.output
    assert result.exit_code == 2
    assert result.output == ("Error: procedures/p.md changed while sopgen was editing it; "
                             "nothing was written, run the command again\n")
    assert path.read_bytes() == verified
    monkeypatch.undo()
    result = wiki("handover", "ana", "--to", "maria")  # run again, as the message says
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == verified.replace(b"owner: ana", b"owner: maria")


# Symlinked pages.

def test_verify_edits_a_symlinked_page_at_its_target(wiki: Sopgen) -> None:
    target = write(wiki, "shared/p.md", b"---\nowner: ana\nlast_verified: 2026-01-02\n---\n")
    target.chmod(0o640)
    link = wiki.root / "procedures/p.md"
    link.symlink_to(os.path.relpath(target, link.parent))
    code, output = verify(wiki, "procedures/p.md", "--by", "ana")
    assert (code, output) == (0, "Verified procedures/p.md: last_verified 2026-01-02 -> "
                                 "2026-11-20, verified_by (none) -> ana\n")
    assert link.is_symlink()
    assert target.read_bytes() == (b"---\nowner: ana\nlast_verified: 2026-11-20\n"
                                   b"verified_by: ana\n---\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    assert not [p for p in link.parent.iterdir() if p.name.endswith(".tmp")]


# Line endings: CR-only files, and only CR and LF end a line.

def test_verify_keeps_cr_only_line_endings(wiki: Sopgen) -> None:
    path = write(wiki, "procedures/p.md", b"---\rtitle: T\rlast_verified: 2026-01-02\r---\rBody.\r")
    code, output = verify(wiki, "procedures/p.md", "--by", "ben")
    assert (code, output) == (0, "Verified procedures/p.md: last_verified 2026-01-02 -> "
                                 "2026-11-20, verified_by (none) -> ben\n")
    assert path.read_bytes() == (b"---\rtitle: T\rlast_verified: 2026-11-20\rverified_by: ben\r"
                                 b"---\rBody.\r")


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_only_cr_and_lf_end_a_line(wiki: Sopgen, char: str) -> None:
    before = (f'---\ntitle: "Menu{char}Specials"\nlast_verified: 2026-01-02\n'
              f'verified_by: "ana{char}"\nowner: ana\n---\n'
              "Form\x0cfeed, vertical\x0btab and\x1cseparators.\n")
    path = write(wiki, "procedures/p.md", before.encode())
    code, output = verify(wiki, "procedures/p.md", "--by", "ben")
    assert code == 0
    assert output.startswith("Verified procedures/p.md: last_verified 2026-01-02 -> 2026-11-20, "
                             "verified_by ana")
    assert output.endswith(" -> ben\n") and output.count("\n") == 1
    assert path.read_bytes() == before.replace("2026-01-02", "2026-11-20").replace(
        f'"ana{char}"', '"ben"').encode()


# A new key goes after the whole value of the key before it.

@pytest.mark.parametrize(("before", "after"), [
    ("---\nlast_verified:\n  2026-11-02\nowner: ana\n---\n",
     "---\nlast_verified:\n  2026-11-20\nverified_by: li\nowner: ana\n---\n"),
    ("---\nowner: ana\nlast_verified:\n  2026-11-02\n---\nBody.\n",
     "---\nowner: ana\nlast_verified:\n  2026-11-20\nverified_by: li\n---\nBody.\n"),
    ("---\nlast_verified:   # when\n  2026-11-02  # the date\n\n# who owns it\nowner: ana\n---\n",
     "---\nlast_verified:   # when\n  2026-11-20  # the date\nverified_by: li\n\n# who owns it\n"
     "owner: ana\n---\n"),
    ("---\nlast_verified:\n\n# who owns it\nowner: ana\n---\n",
     "---\nlast_verified: 2026-11-20\nverified_by: li\n\n# who owns it\nowner: ana\n---\n"),
], ids=["value-on-next-line", "last-key", "comments-after-value", "empty-value"])
def test_verify_inserts_after_the_end_of_the_value(wiki: Sopgen, before: str, after: str) -> None:
    path = write(wiki, "procedures/p.md", before.encode())
    code, output = verify(wiki, "procedures/p.md", "--by", "li")
    assert code == 0
    assert output.startswith("Verified procedures/p.md: last_verified ")
    assert output.endswith(" -> 2026-11-20, verified_by (none) -> li\n")
    assert path.read_bytes() == after.encode()


# Every edit is read back as `sopgen check` reads it: only the edited values may change.

def test_verify_refuses_an_edit_that_would_not_say_what_was_meant(wiki: Sopgen) -> None:
    before = b"---\nlast_verified: 2026-01-02\nverified_by: ana\n  perez\n---\n"
    path = write(wiki, "procedures/p.md", before)
    code, output = verify(wiki, "procedures/p.md", "--by", "ben")
    assert code == 2
    assert output == ("Error: procedures/p.md: the edit would change more than last_verified "
                      "and verified_by; nothing was written; edit it by hand\n")
    assert path.read_bytes() == before


@pytest.mark.parametrize(("page", "key"), [
    ("---\ntitle: Alone\nowner: ana\n  perez\nlast_verified: 2026-11-01\n---\n", "owner"),
    ("---\nkind: account\ntitle: Domain\nowner: maria\nlast_verified: 2026-11-01\n"
     "admins:\n  - ben\n  - ana\n    perez\n---\n", "admins"),
], ids=["text", "list-item"])
def test_handover_refuses_an_edit_that_would_not_say_what_was_meant(
        wiki: Sopgen, page: str, key: str) -> None:
    path = write(wiki, "procedures/p.md", page.encode())
    result = wiki("handover", "ana perez", "--to", "maria")
    assert "Traceback" not in result.output
    assert result.exit_code == 2
    assert result.output == (f"Error: procedures/p.md: the edit would change more than {key}; "
                             "nothing was written; edit it by hand\n")
    assert path.read_bytes() == page.encode()


# Front matter that is valid YAML but that sopgen cannot edit in place: refused, and why.

@pytest.mark.parametrize(("page", "message"), [
    ("---\n{title: X, owner: ana, last_verified: 2026-01-02}\n---\nBody.\n",
     "procedures/p.md: the front matter is one {...} mapping; sopgen edits one key per line: "
     "rewrite it as `key: value` lines"),
    ("---\n{title: X,\n owner: ana}\n---\n",
     "procedures/p.md: the front matter is one {...} mapping; sopgen edits one key per line: "
     "rewrite it as `key: value` lines"),
    ("---\ntitle: X\nowner: ana\nlast_verified: 2026-01-02\nbackup: ben\nowner: maria\n---\n",
     "procedures/p.md: owner appears twice (lines 3 and 6): keep one"),
    ("---\ntitle: X\nsteps:\n  - {a: 1, b: 2, a: 3}\nlast_verified: 2026-01-02\n---\n",
     "procedures/p.md: a appears twice on line 4: keep one"),
], ids=["flow-mapping", "flow-mapping-over-lines", "duplicate-key", "nested-duplicate-key"])
def test_verify_refuses_front_matter_it_cannot_edit(wiki: Sopgen, page: str, message: str) -> None:
    path = write(wiki, "procedures/p.md", page.encode())
    assert verify(wiki, "procedures/p.md", "--by", "ben") == (2, f"Error: {message}\n")
    assert path.read_bytes() == page.encode()


# What `sopgen check` accepts, edits accept: tabs after and inside values, impossible dates.

@pytest.mark.parametrize(("before", "after", "said"), [
    ("---\nowner: ana\t\nlast_verified: 2026-01-02\t\nverified_by: ana \t\n---\n",
     "---\nowner: ana\t\nlast_verified: 2026-11-20\t\nverified_by: ben \t\n---\n",
     "last_verified 2026-01-02 -> 2026-11-20, verified_by ana -> ben"),
    ("---\ntitle: Send\tit  # a comment\t\nowner:\tana\nlast_verified: 2026-01-02\n---\n",
     "---\ntitle: Send\tit  # a comment\t\nowner:\tana\nlast_verified: 2026-11-20\n"
     "verified_by: ben\n---\n",
     "last_verified 2026-01-02 -> 2026-11-20, verified_by (none) -> ben"),
    ("---\nowner: ana\nlast_verified: 2026-02-30\n---\n",
     "---\nowner: ana\nlast_verified: 2026-11-20\nverified_by: ben\n---\n",
     "last_verified 2026-02-30 -> 2026-11-20, verified_by (none) -> ben"),
], ids=["trailing-tabs", "tabs-inside", "impossible-date"])
def test_verify_edits_what_check_accepts(wiki: Sopgen, before: str, after: str, said: str) -> None:
    path = write(wiki, "procedures/p.md", before.encode())
    assert verify(wiki, "procedures/p.md", "--by", "ben") == (
        0, f"Verified procedures/p.md: {said}\n")
    assert path.read_bytes() == after.encode()


def test_handover_edits_a_value_with_a_trailing_tab(wiki: Sopgen) -> None:
    path = write(wiki, "procedures/p.md", b"---\ntitle: T\nowner: ana\t\nbackup:\tben\t# two\t\n"
                 b"last_verified: 2026-11-01\n---\n")
    result = wiki("handover", "ana", "--to", "maria")
    assert (result.exit_code, result.output) == (0, "Changed procedures/p.md: owner ana -> "
                                                    "maria\n")
    assert path.read_bytes() == (b"---\ntitle: T\nowner: maria\t\nbackup:\tben\t# two\t\n"
                                 b"last_verified: 2026-11-01\n---\n")


def test_handover_refuses_a_page_changed_since_it_was_planned(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(wiki, "procedures/hosting.md", b"---\nkind: account\ntitle: Hosting\n"
                 b"owner: ben\nlast_verified: 2026-11-01\nadmins: [ana, ben]\n---\n")
    theirs = (b"---\nkind: account\ntitle: Hosting\nowner: ben\nlast_verified: 2026-11-01\n"
              b"admins: [ben, ana]\n---\n")
    real = edit.edit_page

    def late(*args: object, **kwargs: object) -> object:
        # Another writer reorders the admins after handover planned "admins[0]: ana -> maria".
        path.write_bytes(theirs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(handover, "edit_page", late)
    result = wiki("handover", "ana", "--to", "maria")
    assert "Traceback" not in result.output
    assert (result.exit_code, result.output) == (
        2, "Error: procedures/hosting.md changed while sopgen was editing it; nothing was "
           "written, run the command again\n")
    assert path.read_bytes() == theirs
