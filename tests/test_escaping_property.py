"""Property: whatever text a page's front matter holds, it never reaches the site as markup."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Sopgen
from tests.test_security import EPOCH, injected

FIELDS = ("title", "description", "subtitle", "client", "owner", "backup", "verified_by",
          "status", "icon")
# Markup's own characters, weighted in, around ordinary text.
TEXT = st.text(alphabet=st.sampled_from(list("<>\"'&/=; -_abcXYZ01é")), min_size=1, max_size=24)


def _front(values: dict[str, str], tag: str) -> str:
    lines = [f"{key}: {json.dumps(value)}" for key, value in values.items()]
    lines += ["last_verified: 2026-11-01", f"tags: [{json.dumps(tag)}]"]
    return "---\n" + "\n".join(lines) + "\n---\n\n1. A step.\n"


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("blank")
    assert Sopgen(root)("init", "--business", "Acme").exit_code == 0
    return root


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({name: TEXT for name in FIELDS}), tag=TEXT)
def test_front_matter_text_never_becomes_markup(blank: Path, tmp_path_factory, values, tag,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path_factory.mktemp("wiki")
    shutil.copytree(blank, root, dirs_exist_ok=True)
    # A planted element after each value: it must stay text wherever the value lands.
    planted = {key: f"{value}<pwn>" for key, value in values.items()}
    (root / "procedures" / "p.md").write_text(_front(planted, tag + "<pwn>"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    result = Sopgen(root)("build", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    site = root / "site"
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert injected(text) == [], (path, values)
        for value in [*planted.values(), tag + "<pwn>"]:
            assert value not in text, (path, value)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert injected(doc["title"] + " " + doc["text"]) == [], doc
