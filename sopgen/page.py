"""The Page model: every front-matter field, its type and default, and reading a page from disk.

Pages are read the way MkDocs reads them (the same front-matter rule, PyYAML's C loader) so the
checks and the site never disagree about what a page says. Reading never raises for bad content:
problems are recorded on the page for the checks to report.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from sopgen.durations import Duration, parse_date, parse_duration
from sopgen.plainyaml import PlainReader
from sopgen.secrets import mask_all, mask_values


class InheritedDefaults(Protocol):
    """Folder defaults a page inherits (sopgen.folders makes them; declared here so that the
    page model does not depend on the module that reads .meta.yml files)."""

    values: dict[str, Any]

    def __bool__(self) -> bool: ...

    def sources_for(self, own: dict[str, Any]) -> dict[str, str]: ...


try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# MkDocs' own rule (mkdocs.utils.meta.YAML_RE): a block opened by --- and closed by --- or ...
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENED = re.compile(r"^-{3}[ \t]*\n")
_KEY = r"([A-Za-z_][\w-]*)[ \t]*:"  # a top-level front-matter key, at the start of its line
_TOP_LEVEL_KEY = re.compile("^" + _KEY, re.MULTILINE)
_KEY_AT_START = re.compile(_KEY)

# A page's lifecycle (its `lifecycle:` field; `status:` is Material's page status, read as the
# lifecycle only when it holds one of these and the page has no `lifecycle:`, as wikis written
# before the field existed do). Resting pages are never due or stale.
LIFECYCLE = ("draft", "active", "retired")
RESTING = frozenset({"draft", "retired"})
KINDS = ("procedure", "account", "page")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The C safe loader, but an impossible date (2026-02-30) stays text for the checks to report."""


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
_PLAIN = PlainReader(_Loader)


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field that sopgen knows: its name, type and meaning."""

    name: str
    type: str  # text | person | people | date | duration | choice | list
    help: str
    choices: tuple[str, ...] = ()
    default: Any = None


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("title", "text", "the page's title"),
        FieldSpec("kind", "choice", "what the page records", KINDS, "procedure"),
        FieldSpec("owner", "person", "the person accountable for the procedure"),
        FieldSpec("backup", "person", "who else can do it"),
        FieldSpec("last_verified", "date", "when the steps were last followed and confirmed"),
        FieldSpec("verified_by", "person", "who last followed and confirmed the steps"),
        FieldSpec("review_every", "duration", "how often to re-verify (d, w, m, y units)"),
        FieldSpec("lifecycle", "choice", "draft, active or retired", LIFECYCLE, "active"),
        FieldSpec("client", "text", "the client the page is for (agencies)"),
        FieldSpec("tags", "list", "Material tags", default=()),
        FieldSpec("uses", "list", "slugs of the account pages the procedure needs", default=()),
        FieldSpec("first_review", "date",
                  "an adopted page's deadline for its first verification (no last_verified yet)"),
        FieldSpec("allow", "list", "rule ids whose findings here are reviewed false alarms",
                  default=()),
        # Account pages (kind: account).
        FieldSpec("registered_to", "text", "who the account is registered to: the business"),
        FieldSpec("login_email", "text", "the email address used to log in"),
        FieldSpec("admins", "people", "people who can log in as admin", default=()),
        FieldSpec("credentials", "text", "where the credentials are kept, never the secret"),
        FieldSpec("recovery", "text", "how access is recovered"),
        FieldSpec("renews", "date", "when the domain, hosting or subscription renews"),
    )
}

# GOV.UK tech docs' names for sopgen's fields, read as them: a tech-docs wiki checks and builds
# without renaming anything. Where a page sets both names, sopgen's own wins.
ALIASES = {"last_reviewed_on": "last_verified", "review_in": "review_every",
           "owner_slack": "owner"}
# Fields whose presence makes a home or section index page a procedure.
PROCEDURE_FIELDS = frozenset(
    {"owner", "backup", "last_verified", "verified_by", "review_every", "uses", "first_review",
     *ALIASES}
)
INDEX_PAGES = ("index.md", "README.md", "readme.md")  # a section's index page, in MkDocs' order
INDEX_NAMES = frozenset(INDEX_PAGES)


@dataclass
class FieldProblem:
    """A known field whose value has the wrong type or is not allowed."""

    field: str
    message: str
    line: int | None
    severity: str = ""  # empty: the rule's default


@dataclass
class Page:
    """A page of the wiki: its front matter, typed fields, body and any problems reading it."""

    path: Path  # the file on disk
    src: str  # path inside the docs folder, with forward slashes
    file: str  # how reports name the file
    meta: dict[str, Any] = field(default_factory=dict)
    front: str = ""  # the front matter's YAML source
    body: str = ""
    body_line: int = 1  # the file's line where the body starts
    error: str | None = None  # the front matter is unusable (missing, unparsable, ...)
    error_line: int | None = None
    no_front_matter: bool = False  # none at all (allowed on home and section index pages)
    problems: list[FieldProblem] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # typed values of the known fields
    # Keys taken from folder defaults (.meta.yml), each with the file it came from.
    inherited: dict[str, str] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list, repr=False)  # found here; never shown
    aliased: dict[str, str] = field(default_factory=dict)  # field -> the alias it was read from

    def mask_secrets(self, secrets: Iterable[str]) -> None:
        """Replace each secret wherever the page holds it, so no output can repeat it."""
        found = [s for s in secrets if s]
        if not found:
            return
        self.file = mask_all(self.file, found)
        self.meta = mask_values(self.meta, found)
        self.values = mask_values(self.values, found)
        self.body = mask_all(self.body, found)
        self.problems = [FieldProblem(p.field, mask_all(p.message, found), p.line)
                         for p in self.problems]
        self.__dict__.pop("kind", None)
        self.secrets = found

    @property
    def slug(self) -> str:
        """Return the file name without .md: what `uses` names."""
        return Path(self.src).stem

    @functools.cached_property
    def kind(self) -> str:
        """Return procedure, account or page.

        Home and section index pages default to page, and so do blog posts (Material's blog
        plugin: a `date:` and no procedure field). Cached: the checks ask for it several times a
        page. A page is read once, then not changed.
        """
        kind = self.values.get("kind")
        if kind and "kind" not in self.inherited:
            return kind
        # The page's own keys decide: folder defaults (an owner for a client's folder) must not
        # turn the folder's index page into a procedure.
        own = self.meta.keys() - self.inherited.keys()
        if not PROCEDURE_FIELDS & own and (Path(self.src).name in INDEX_NAMES or "date" in own):
            return "page"
        return kind or "procedure"

    @property
    def tracked(self) -> bool:
        """Return whether the page is held to owners and dates (procedures and accounts)."""
        return self.kind in ("procedure", "account")

    @property
    def title(self) -> str:
        """Return the front-matter title, else the first heading, else the file name."""
        title = self.values.get("title")
        if title:
            return title
        heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", self.body, re.MULTILINE)
        if heading:
            # A heading is Markdown: its words, without code marks or HTML entities.
            return html.unescape(printable(heading.group(1)).replace("`", "")).strip()
        return self.slug.replace("-", " ").replace("_", " ").capitalize()

    def get(self, name: str) -> Any:
        """Return a known field's typed value, or its default when absent or invalid."""
        if name in self.values:
            return self.values[name]
        return FIELDS[name].default

    @property
    def owner(self) -> str | None:
        return self.values.get("owner")

    @property
    def backup(self) -> str | None:
        return self.values.get("backup")

    @property
    def verified_by(self) -> str | None:
        return self.values.get("verified_by")

    @property
    def last_verified(self) -> dt.date | None:
        return self.values.get("last_verified")

    @property
    def review_every(self) -> Duration | None:
        return self.values.get("review_every")

    @property
    def lifecycle(self) -> str:
        """Return draft, active or retired: `lifecycle:`, else a legacy `status:` holding one."""
        return self.values.get("lifecycle") or legacy_lifecycle(self.meta) or "active"

    @property
    def status(self) -> str:
        """Return the lifecycle (the name this property had before `lifecycle:` existed)."""
        return self.lifecycle

    @property
    def resting(self) -> bool:
        """Return whether the page is a draft or retired: never due, never stale."""
        return self.lifecycle in RESTING

    @property
    def client(self) -> str | None:
        return self.values.get("client")

    @property
    def tags(self) -> tuple[str, ...]:
        return self.get("tags")

    @property
    def uses(self) -> tuple[str, ...]:
        return self.get("uses")

    @property
    def admins(self) -> tuple[str, ...]:
        return self.get("admins")

    @functools.cached_property
    def lines(self) -> dict[str, int]:
        """Return each top-level front-matter key's line in the file (found when first needed)."""
        lines: dict[str, int] = {}
        # Line by line: a MULTILINE "^" makes the regex try every position (measured: 3.6 us
        # against 5.4 for 12 keys).
        for line, text in enumerate(self.front.split("\n"), 2):
            match = _KEY_AT_START.match(text)
            if match is not None:
                lines[match.group(1)] = line
        return lines

    def own_meta(self) -> dict[str, Any]:
        """Return the front matter the page itself holds (without its folder defaults)."""
        if not self.inherited:
            return self.meta
        return {k: v for k, v in self.meta.items() if k not in self.inherited}

    def line_of(self, name: str) -> int | None:
        """Return the line of a top-level front-matter key (or the alias it was read from)."""
        if name not in self.meta:
            name = self.aliased.get(name, name)
        return self.lines.get(name) if name in self.meta else None

    def given(self, name: str) -> bool:
        """Return whether the page sets a field, under its name or a tech-docs alias."""
        key = name if name in self.meta else self.aliased.get(name, name)
        return self.meta.get(key) not in (None, "")


def legacy_lifecycle(meta: dict[str, Any]) -> str | None:
    """Return the lifecycle a `status:` gives, for a page without `lifecycle:` (none otherwise)."""
    status = meta.get("status")
    if "lifecycle" in meta or not isinstance(status, str) or status not in LIFECYCLE:
        return None
    return status


def lifecycle_key(meta: dict[str, Any]) -> str | None:
    """Return the key that holds a page's lifecycle: lifecycle, a legacy status, or none."""
    if "lifecycle" in meta:
        return "lifecycle"
    return "status" if legacy_lifecycle(meta) else None


def decode_lossy(raw: bytes) -> str:
    """Return the text of bytes however they are encoded (UTF-16 by its BOM), for scanning."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    return raw.decode("utf-8", errors="replace").replace("\x00", "")


def is_utf8(text: str) -> bool:
    """Return whether text can be written as UTF-8 (a file name with undecodable bytes cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_page(path: Path, src: str, file: str | None = None,
              inherited: InheritedDefaults | None = None) -> Page:
    """Read one page from disk; problems are recorded on the page, never raised.

    `inherited` holds the folder defaults (.meta.yml) the page's own front matter overrides.
    """
    page = Page(path=path, src=src, file=file or str(path))
    if not is_utf8(src):
        # Undecodable bytes in a name (kept as surrogates): MkDocs cannot make a URL of it.
        page.file = page.file.encode("utf-8", "replace").decode("utf-8")
        page.error = "the file's name is not UTF-8 text: rename it"
        return page
    try:
        # Unbuffered: one read of the whole file, no buffer object (a third faster than
        # Path.read_bytes, measured over 5,000 pages).
        with open(path, "rb", buffering=0) as fd:
            raw = fd.read()
    except OSError as exc:
        page.error = f"cannot read the file: {exc.strerror or exc}"
        return page
    if b"\x00" in raw:
        page.error = "the file is binary, not a Markdown page"
        page.body = decode_lossy(raw)  # MkDocs may still publish it: scan it for secrets
        return page
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        page.error, page.error_line = "the file is not UTF-8 text", line
        page.body = decode_lossy(raw)
        return page
    parse_text(page, text, inherited)
    return page


def parse_text(page: Page, text: str, inherited: InheritedDefaults | None = None) -> None:
    """Fill `page` from the text of a Markdown file with YAML front matter (and folder defaults)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = FRONT_MATTER.match(text)
    if match is None:
        page.body = text
        if _OPENED.match(text):
            page.error, page.error_line = "the front matter is not closed with ---", 1
            return
        page.no_front_matter = True
        defaults = inherited.sources_for({}) if inherited and text.strip() else {}
        if defaults:
            # Its folder's .meta.yml stands in for the front matter it lacks, as with
            # Material's meta plugin: an adopted folder's pages need none of their own.
            page.inherited = defaults
            page.meta = {key: inherited.values[key] for key in defaults}  # type: ignore[union-attr]
            _coerce_fields(page)
            return
        if not text.strip():
            page.error = "the page is empty: it needs front matter between --- lines"
        else:
            page.error, page.error_line = "no front matter: the page must start with ---", 1
        return
    source = match.group(1)
    page.front = source
    page.body = text[match.end() :]
    page.body_line = source.count("\n") + 3
    try:
        data = _PLAIN.load(source)  # plain `key: value` lines, at a quarter of the cost
        plain = data is not None  # then no alias, and no key twice (PyYAML reads those)
        if data is None:
            data = yaml.load(source, Loader=_Loader)
    except yaml.YAMLError as exc:
        reason, line = yaml_problem(exc)
        page.error = f"the front matter is not valid YAML: {reason}"
        page.error_line = line + 2 if line is not None else 1  # the file's line: after ---
        return
    except (ValueError, OverflowError) as exc:  # numbers or dates YAML cannot hold
        page.error, page.error_line = f"the front matter is not valid YAML: {exc}", 1
        return
    if data is None:
        data = {}
    if not isinstance(data, dict):
        page.error = f"the front matter must be a mapping of fields, not a {_kind_of(data)}"
        page.error_line = 2
        return
    if "*" in source and not plain:
        alias = _first_alias(source)
        if alias is not None:
            # An alias repeats a value; nested ones multiply it into billions (a "YAML bomb").
            page.error = (f"the front matter uses a YAML alias (*{alias[0]}): write the value "
                          "out instead")
            page.error_line = alias[1]
            return
    if not plain and len(_TOP_LEVEL_KEY.findall(source)) > len(data):
        twice = _duplicate(source)
        if twice is not None:
            name, first, second = twice
            page.error = (f"{name} appears twice (lines {first} and {second}): keep one, "
                          "YAML would silently use the last")
            page.error_line = second
            return
    page.meta = {str(key): value for key, value in data.items()}
    if inherited:
        page.inherited = inherited.sources_for(page.meta)
        page.meta = {**{k: inherited.values[k] for k in page.inherited}, **page.meta}
    _coerce_fields(page)


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """Return what PyYAML found wrong, in its words, and where (a 0-based line), if it says."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return reason, mark.line if mark is not None else None


def _first_alias(source: str) -> tuple[str, int] | None:
    """Return the name and file line of the first alias (*name) in front matter, if any."""
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return str(event.anchor), event.start_mark.line + 2
    return None


def _duplicate(source: str) -> tuple[str, int, int] | None:
    """Return a top-level key written twice, with both of its file lines."""
    seen: dict[str, int] = {}
    for match in _TOP_LEVEL_KEY.finditer(source):
        line = source.count("\n", 0, match.start()) + 2
        name = match.group(1)
        if name in seen:
            return name, seen[name], line
        seen[name] = line
    return None


def _coerce_fields(page: Page) -> None:
    for name, value in page.meta.items():
        spec = FIELDS.get(name)
        if spec is None or value is None or value == "":
            continue
        try:
            page.values[name] = _coerce(spec, value)
        except ValueError as exc:
            source = page.inherited.get(name)
            where = f" (set for the folder by {source})" if source else ""
            page.problems.append(FieldProblem(name, f"{name}: {exc}{where}", page.line_of(name)))
    for alias, name in ALIASES.items():
        value = page.meta.get(alias)
        if value is None or value == "":
            continue
        # The page's own keys win over its folder's defaults, whichever name either uses.
        folder_only = name in page.inherited and alias not in page.inherited
        if page.meta.get(name) not in (None, "") and not folder_only:
            if not _same(FIELDS[name], page.meta[name], alias, value):
                page.problems.append(FieldProblem(
                    alias, f"{alias} says {value} but {name} says {page.meta[name]}: "
                    f"sopgen uses {name}; remove one", page.line_of(alias), "warning"))
            continue
        page.aliased[name] = alias
        try:
            page.values[name] = _coerce(FIELDS[name], _from_alias(alias, value))
        except ValueError as exc:
            page.problems.append(FieldProblem(name, f"{alias}: {exc}", page.line_of(alias)))


def _from_alias(alias: str, value: Any) -> Any:
    """Return a tech-docs value as sopgen's field holds it: `owner_slack: "@ana"` is ana."""
    if alias == "owner_slack" and isinstance(value, str):
        # "@person" names a person (checked against the team list); "#channel" names a team's
        # channel and stays as written (a channel is no person the team list could hold).
        return value.strip().removeprefix("@")
    return value


def _same(spec: FieldSpec, ours: Any, alias: str, theirs: Any) -> bool:
    """Return whether a field and its alias say the same thing."""
    try:
        return _coerce(spec, ours) == _coerce(spec, _from_alias(alias, theirs))
    except ValueError:
        return False


# Control characters: never meaningful in a field, and each output they reach breaks (a CR
# splits calendar lines, XML refuses them, escape sequences drive the reader's terminal);
# bidirectional overrides and isolates make a name read as another ("ana" shown backwards).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e"
                      r"\u2066-\u2069]+")


def printable(text: str) -> str:
    """Return text with every run of control characters replaced by one space."""
    return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text


def _coerce(spec: FieldSpec, value: Any) -> Any:
    if spec.type in ("text", "person"):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"must be text, not a {_kind_of(value)}")
        return printable(str(value)).strip()
    if spec.type == "date":
        return parse_date(value)
    if spec.type == "duration":
        return parse_duration(value)
    if spec.type == "choice":
        if value not in spec.choices:
            raise ValueError(f"must be one of {', '.join(spec.choices)}, not {value!r}")
        return value
    # list and people: a YAML list of names
    if not isinstance(value, list):
        raise ValueError(f"must be a list like [a, b], not a {_kind_of(value)}")
    bad = [item for item in value if isinstance(item, bool) or not isinstance(item, str | int)]
    if bad:
        raise ValueError(f"must list names, not {_kind_of(bad[0])} values")
    return tuple(printable(str(item)).strip() for item in value)


def _kind_of(value: Any) -> str:
    return {
        dict: "mapping", list: "list", str: "text", int: "number", float: "number",
        bool: "true/false value", dt.date: "date", dt.datetime: "date and time",
    }.get(type(value), type(value).__name__)
