"""The installable package: the wheel carries the built-in templates and the skeleton."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out), str(ROOT)], check=True)
    return next(out.glob("sopgen-*.whl"))


def test_wheel_contains_templates_and_skeleton(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("newsletter-send", "social-update", "autoresponder", "site-update",
                     "client-onboarding", "offboarding", "account", "blank", "_front-matter",
                     "team-member-onboarding", "client-monthly-report", "quality-control"):
        assert f"sopgen/builtin_templates/{template}.md.j2" in names
    assert "sopgen/skeleton/mkdocs.yml" in names
    for page in ("macros", "box", "search", "listing", "dashboard", "person", "client", "accounts"):
        assert f"sopgen/plugin/templates/sopgen/{page}.html" in names  # the plugin's own
    assert "sopgen/skeleton/.github/workflows/procedures.yml" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "sopgen = sopgen.cli:main" in text
    assert "sopgen = sopgen.plugin.plugin:SopgenPlugin" in text


def test_installed_package_finds_its_templates(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(target)
    code = ("import sopgen.scaffold as s; print(s.builtin_dir()); "
            "print(','.join(t.name for t in s.list_templates(None)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={"PYTHONPATH": str(target)}, cwd=tmp_path)
    folder, names = result.stdout.splitlines()
    assert folder == str(target / "sopgen" / "builtin_templates")
    assert names == ("account,autoresponder,blank,client-monthly-report,client-onboarding,"
                     "newsletter-send,offboarding,quality-control,site-update,social-update,"
                     "team-member-onboarding")
