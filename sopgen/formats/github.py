"""GitHub Actions workflow commands: an annotation on the file and line of each finding."""

from __future__ import annotations

from sopgen.formats.text import plural
from sopgen.results import CheckResult


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_check(result: CheckResult) -> str:
    """Render `::error file=...,line=...,title=RULE::message` lines, one per finding."""
    lines = []
    for file, findings in result.findings_by_file().items():
        for f in findings:
            props = f"file={_property(file)}"
            if f.line:
                props += f",line={f.line}"
            props += f",title={_property(f.rule)}"
            lines.append(f"::{f.severity} {props}::{_data(f.message)}")
    summary = result.summary()
    lines.append(f"sopgen check: {plural(summary['errors'], 'error')}, "
                 f"{plural(summary['warnings'], 'warning')} in {plural(len(result.pages), 'page')}")
    return "\n".join(lines) + "\n"
