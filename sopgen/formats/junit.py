"""JUnit XML, what Jenkins, GitLab and most CI systems display: one testcase per file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sopgen.results import CheckResult, at_or_above


def render_check(result: CheckResult, fail_on: str = "error") -> str:
    """Render one testcase per file, a failure for each file with findings at the fail level.

    The attributes are those of the junit-10.xsd schema Jenkins and GitLab parse (a testcase
    has name, classname and time; a file there would make the report invalid).
    """
    by_file = result.findings_by_file()
    cases = [(page.file, page.title) for page in result.pages]
    named = {file for file, _title in cases}
    cases += [(file, file) for file in by_file if file not in named]  # a text file, the settings
    suites = ET.Element("testsuites", name="sopgen")
    suite = ET.SubElement(suites, "testsuite", name="sopgen check",
                          timestamp=f"{result.today.isoformat()}T00:00:00")
    failures = 0
    for file, title in cases:
        case = ET.SubElement(suite, "testcase", name=title, time="0",
                             classname=file.removesuffix(".md").replace("/", "."))
        findings = by_file.get(file, [])
        failing = [f for f in findings if at_or_above(f.severity, fail_on)]
        other = [f for f in findings if f not in failing]
        if failing:
            failures += 1
            rules = sorted({f.rule for f in failing})
            failure = ET.SubElement(case, "failure", type=rules[0],
                                    message=f"{len(failing)} finding{'s' if len(failing) > 1 else ''}: "
                                            + ", ".join(rules))
            failure.text = "\n".join(_line(file, f) for f in failing)
        if other:
            ET.SubElement(case, "system-out").text = "\n".join(_line(file, f) for f in other)
    for element in (suites, suite):
        element.set("tests", str(len(cases)))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("time", "0")
    ET.indent(suites)
    # ElementTree writes control characters as they are, and XML 1.0 forbids them.
    text = _NOT_XML.sub("", ET.tostring(suites, "unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _line(file: str, finding) -> str:
    where = f"{file}:{finding.line}" if finding.line else file
    return f"{where}: {finding.severity}: [{finding.rule}] {finding.message}"
