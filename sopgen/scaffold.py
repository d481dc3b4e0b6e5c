"""Templates: one sandboxed Jinja environment, discovery by name, variables, and writing `new` pages.

A template is one file, `NAME.md.j2`, in the wiki's templates/ folder or among the built-in ones.
It opens with a Jinja comment holding YAML that declares it:

    {#
    description: Send the newsletter to the mailing list
    title: Send the weekly newsletter
    variables:
      platform: {prompt: Email platform, default: Mailchimp}
      day: {prompt: Send day, default: Tuesday, choices: [Monday, Tuesday]}
      due: {prompt: Due date, default: "", type: date}
    #}

Files whose names start with "_" are partials for `{% include %}`, not templates of their own.
A value given for a variable is one line of text; a date variable (`type: date`, or one named
`renews`) holds a YYYY-MM-DD date or nothing. Every value a template writes into front matter
goes through the `yaml` filter (`yaml(date=True)` for dates), which always yields one line.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2 import Template as JinjaTemplate
from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.exceptions import TemplateError as JinjaError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, safe_range
from markupsafe import Markup

from sopgen.config import ALL_CLIENTS
from sopgen.durations import parse_date
from sopgen.errors import FileExists, TemplateError, UsageError
from sopgen.page import Page, parse_text
from sopgen.secrets import find_secrets, looks_like_password, mask
from sopgen.slug import slugify
from sopgen.wiki import Wiki, display_path
from sopgen.writing import atomic_write, yaml_scalar

SUFFIX = ".md.j2"
_HEADER = re.compile(r"\A\{#-?(.*?)-?#\}[ \t]*\n?", re.DOTALL)
_SAFE_SEGMENT = re.compile(r"[\w][\w.-]*")  # fullmatch: "$" would let a final \n through
# Control characters (C0 with tab and line breaks, DEL, C1), YAML's other line breaks, and
# surrogates (undecodable bytes on the command line): none belongs in a one-line value.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


@dataclass(frozen=True)
class Variable:
    """A value a template asks for: its name, prompt, default and allowed choices."""

    name: str
    prompt: str
    default: str | None = None
    choices: tuple[str, ...] = ()
    help: str = ""
    type: str = "text"  # or "date": YYYY-MM-DD, or empty for none

    @property
    def is_date(self) -> bool:
        """Return whether the value must be a YYYY-MM-DD date (or empty)."""
        # `renews` predates the `type` key; it lands in the page's renews: date field.
        return self.type == "date" or self.name == "renews"


# Every template has these; a template may give title a default of its own.
STANDARD = (
    Variable("title", "Title of the procedure"),
    Variable("owner", "Owner (the person accountable)"),
    Variable("backup", "Backup (who else can do it; empty for none yet)", ""),
)


@dataclass
class Template:
    """A template found by name: where it lives and what it asks for."""

    name: str
    path: Path
    origin: str  # "built-in", "wiki" or "wiki (overrides built-in)"
    description: str
    variables: list[Variable] = field(default_factory=list)
    header: dict[str, Any] = field(default_factory=dict)  # tags, review_every, ...


def builtin_dir() -> Path:
    """Return the built-in templates: inside the installed package, or the source checkout's."""
    packaged = Path(__file__).parent / "builtin_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_dirs(wiki_templates: Path | None) -> list[Path]:
    """Return the folders searched for templates, the wiki's first so it can override by name."""
    dirs = [builtin_dir()]
    if (wiki_templates is not None and wiki_templates.is_dir()
            and wiki_templates.resolve() != dirs[0].resolve()):
        dirs.insert(0, wiki_templates)
    return dirs


# Jinja's sandbox keeps templates away from Python's internals but not from building huge
# values: these bound what one rendering may build, loop over, and write.
MAX_ITEMS = 1_000_000  # the longest string or list an operator may build
MAX_DIGITS = 3_000  # the largest number an operator may build (str() refuses 4,300 digits)
MAX_RANGE_ITEMS = 1_000_000  # all range() calls of one rendering together: nested loops end
MAX_PAGE_BYTES = 2_000_000  # the page's text, UTF-8 encoded
_LOG10_2 = math.log10(2)


class TooLarge(SecurityError):
    """A template tried to build a value, or a page, beyond the limits."""


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox, with operators and range() that refuse to build huge values."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.range_left = MAX_RANGE_ITEMS
        self.globals["range"] = self.limited_range

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Apply a binary operator, refusing a result beyond the limits."""
        problem = _oversized(operator, left, right)
        if problem:
            raise TooLarge(problem)
        return super().call_binop(context, operator, left, right)

    def limited_range(self, *args: int) -> range:
        """Return range(*args), within the sandbox's limit and this rendering's budget."""
        numbers = safe_range(*args)
        self.range_left -= len(numbers)
        if self.range_left < 0:
            raise TooLarge(f"its loops over range() go past {MAX_RANGE_ITEMS:,} items in all")
        return numbers


def _oversized(operator: str, left: Any, right: Any) -> str | None:
    """Say why `left operator right` would be too large to build, or return None."""
    sequence = (str, list, tuple)
    too_long = f"a string or list longer than {MAX_ITEMS:,} items"
    too_big = f"a number with more than {MAX_DIGITS:,} digits"
    both_int = isinstance(left, int) and isinstance(right, int)
    if operator == "**":
        # Checked before computing: 10 ** 10 ** 10 would take hours, not memory.
        if both_int and right > 0 and abs(left) > 1 and (
                right.bit_length() > 32 or right * math.log10(abs(left)) > MAX_DIGITS):
            return too_big
    elif operator == "*" and both_int:
        if (left.bit_length() + right.bit_length()) * _LOG10_2 > MAX_DIGITS:
            return too_big
    elif operator == "*":
        items, count = (left, right) if isinstance(left, sequence) else (right, left)
        if isinstance(items, sequence) and isinstance(count, int) and len(items) * count > MAX_ITEMS:
            return too_long
    elif (operator == "+" and isinstance(left, sequence) and isinstance(right, sequence)
          and len(left) + len(right) > MAX_ITEMS):
        return too_long
    return None


def make_environment(dirs: list[Path]) -> LimitedSandbox:
    """Return the one Jinja environment: sandboxed, bounded, strict about undefined names."""
    env = LimitedSandbox(
        loader=FileSystemLoader([str(d) for d in dirs]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_markdown_text,
    )
    env.filters["yaml"] = lambda value, date=False: Markup(yaml_scalar(value, date))
    env.filters["slug"] = slugify
    env.filters["items_of"] = split_items
    return env


def _markdown_text(value: Any) -> Any:
    """Keep a value written into the page's Markdown from opening an HTML tag there.

    A `--title "Send the <weekly> newsletter"` must read as written, not become markup in the
    published page. Front-matter values go through the `yaml` filter, which marks its output as
    already safe.
    """
    if isinstance(value, Markup) or not isinstance(value, str) or "<" not in value:
        return value
    return value.replace("<", "&lt;")


def list_templates(wiki_templates: Path | None) -> list[Template]:
    """Return every template, the wiki's and the built-in ones, sorted by name."""
    builtin = builtin_dir()
    found: dict[str, Template] = {}
    for folder in reversed(template_dirs(wiki_templates)):
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            name = path.name[: -len(SUFFIX)]
            if name.startswith("_"):
                continue
            if folder == builtin:
                origin = "built-in"
            else:
                origin = "wiki (overrides built-in)" if name in found else "wiki"
            found[name] = read_template(path, name, origin)
    return [found[name] for name in sorted(found)]


def find_template(name: str, wiki_templates: Path | None) -> Template:
    """Return the template called `name`: the wiki's first, then the built-in one."""
    for template in list_templates(wiki_templates):
        if template.name == name:
            return template
    names = ", ".join(t.name for t in list_templates(wiki_templates))
    raise TemplateError(f"no template named {name!r}; templates: {names}")


def read_template(path: Path, name: str, origin: str) -> Template:
    """Read a template file's header: its description and variables."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{path}: cannot read the template: {exc}") from None
    match = _HEADER.match(source)
    header: Any = {}
    if match:
        try:
            header = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise TemplateError(f"{path}: the template's header is not valid YAML: {exc}") from None
    if not isinstance(header, dict):
        raise TemplateError(f"{path}: the template's header must be a mapping")
    declared = header.get("variables") or {}
    if not isinstance(declared, dict):
        raise TemplateError(f"{path}: variables must map names to {{prompt, default, choices}}")
    variables = [_standard(v, header) for v in STANDARD]
    for var_name, spec in declared.items():
        spec = {"prompt": spec} if isinstance(spec, str) else (spec or {})
        if not isinstance(spec, dict) or not str(var_name).isidentifier():
            raise TemplateError(f"{path}: variable {var_name!r} must be an identifier "
                                "mapped to {prompt, default, choices}")
        unknown = sorted(map(str, set(spec) - {"prompt", "default", "choices", "help", "type"}))
        if unknown:
            raise TemplateError(f"{path}: variable {var_name} has unknown keys: "
                                f"{', '.join(unknown)} (a comma in an unquoted prompt splits it: "
                                "quote the prompt)")
        choices = tuple(str(c) for c in spec.get("choices") or ())
        default = spec.get("default")
        default = None if default is None else str(default)
        if choices and default is not None and default not in choices:
            raise TemplateError(f"{path}: the default of {var_name} is not one of its choices")
        kind = str(spec.get("type") or "text")
        if kind not in ("text", "date"):
            raise TemplateError(f"{path}: variable {var_name} has type {kind!r}; "
                                "a type is text or date")
        variable = Variable(str(var_name), str(spec.get("prompt") or var_name),
                            default, choices, str(spec.get("help") or ""), kind)
        # Only a date default is checked: a multi-line default is the template author's choice.
        if variable.is_date and default and default.strip():
            try:
                parse_date(default)
            except ValueError as exc:
                raise TemplateError(f"{path}: the default of {var_name}: {exc}") from None
        variables.append(variable)
    return Template(name, path, origin, str(header.get("description") or ""), variables, header)


def _standard(variable: Variable, header: dict[str, Any]) -> Variable:
    if variable.name == "title":
        prompt = str(header.get("title_prompt") or variable.prompt)
        default = str(header["title"]) if header.get("title") else None
        return Variable("title", prompt, default)
    return variable


def clean_value(variable: Variable | None, value: str) -> str:
    """Return `value` fit for `variable` (a date tidied), or raise ValueError saying why not."""
    if _NOT_ONE_LINE.search(value):
        raise ValueError("a value must be one line of text")
    if variable is not None and variable.is_date and value.strip():
        return parse_date(value).isoformat()
    return value


def flag_of(name: str) -> str:
    """Return how a variable is given on the command line: --title, or --set NAME."""
    return f"--{name}" if name in ("title", "owner", "backup", "client") else f"--set {name}"


def clean_values(template: Template, given: dict[str, str]) -> dict[str, str]:
    """Return the values tidied, or fail naming the first one that is not fit for its variable."""
    variables = {v.name: v for v in template.variables}
    cleaned = {}
    for name, value in given.items():
        try:
            cleaned[name] = clean_value(variables.get(name), value)
        except ValueError as exc:
            raise UsageError(f"{flag_of(name)}: {exc}") from None
    return cleaned


def check_values(template: Template, given: dict[str, str]) -> None:
    """Fail naming every unknown variable and every value outside its choices."""
    unknown = sorted(set(given) - {v.name for v in template.variables} - {"client"})
    problems = []
    if unknown:
        known = ", ".join(v.name for v in template.variables)
        problems.append(f"unknown variable{'s' if len(unknown) > 1 else ''} for template "
                        f"{template.name}: {', '.join(unknown)} (it takes: {known})")
    for variable in template.variables:
        value = given.get(variable.name)
        if value is not None and variable.choices and value not in variable.choices:
            problems.append(f"{variable.name} must be one of {', '.join(variable.choices)}, "
                            f"not {value!r}")
    for name, value in given.items():
        # A page is shared with the whole team: a secret never goes in, even by --set.
        hits = list(find_secrets(f"{name}: {value}"))
        if hits:
            problems.append(f"{name}: {hits[0].kind} ({hits[0].masked}) must not be written "
                            "into a page: give where it is kept instead")
        elif name in ("credentials", "recovery") and looks_like_password(value):
            problems.append(f"{name}: looks like a password ({mask(value, '')}): give where it "
                            "is kept instead (e.g. the password manager's vault and item)")
    if problems:
        raise UsageError("; ".join(problems))


def missing_values(template: Template, given: dict[str, str]) -> list[Variable]:
    """Return the variables with neither a given value nor a default."""
    return [v for v in template.variables if v.name not in given and v.default is None]


def render(template: Template, values: dict[str, str], wiki_templates: Path | None,
           today: dt.date, business: str = "", accounts: frozenset[str] = frozenset(),
           client_name: str = "", client_legal_name: str = "") -> str:
    """Render a template with its variables (defaults filling the gaps) into a page's text.

    `client_name` and `client_legal_name` are a declared client's display and legal names.
    """
    context: dict[str, Any] = {v.name: v.default for v in template.variables}
    context.update({"client": "", "business": business or "the business",
                    "client_name": client_name, "client_legal_name": client_legal_name,
                    "today": today.isoformat(), "template": template.name,
                    "accounts": sorted(accounts), "tags": list(template.header.get("tags") or []),
                    "review_every": str(template.header.get("review_every") or "90d")})
    context.update(values)
    env = make_environment(template_dirs(wiki_templates))
    name = f"template {template.name}"
    try:
        text = _render_bounded(env.get_template(template.path.name), context, name)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or template.path}:{exc.lineno}: {exc.message}") from None
    except UndefinedError as exc:
        raise TemplateError(f"{template.path}: {exc.message}: declare it under variables "
                            "in the template's header") from None
    except TooLarge as exc:
        raise TemplateError(f"{name}: {exc}") from None
    except SecurityError as exc:
        raise TemplateError(f"{template.path}: not allowed in a template: {exc}") from None
    except TemplateNotFound as exc:
        raise TemplateError(f"{template.path}: includes {exc.name}, which does not exist") from None
    except RecursionError:
        raise TemplateError(f"{name}: it includes or extends itself, or a macro calls itself, "
                            "without end") from None
    except MemoryError:
        raise TemplateError(f"{name}: it builds a value too large to render") from None
    except (JinjaError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # Errors of the template's own code (a sandbox range too big, 1/0, "a" - 1), not sopgen's.
        raise TemplateError(f"{name}: {_first_line(exc)}") from None
    page = Page(path=template.path, src=template.path.name, file=str(template.path))
    parse_text(page, text)
    if page.error or page.problems:
        reason = page.error or page.problems[0].message
        raise TemplateError(f"template {template.name} rendered an invalid page: {reason}")
    return text


def _render_bounded(template: JinjaTemplate, context: dict[str, Any], name: str) -> str:
    """Render chunk by chunk, stopping as soon as the page passes MAX_PAGE_BYTES."""
    chunks = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk.encode("utf-8", "surrogatepass"))
        if size > MAX_PAGE_BYTES:
            raise TooLarge(f"the page would be larger than {MAX_PAGE_BYTES // 1_000_000} MB")
        chunks.append(chunk)
    return "".join(chunks)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc or type(exc).__name__)
    if len(exc.args) == 2 and isinstance(exc.args[1], str):  # (errno, text), as from 2.0 ** 10000
        text = exc.args[1]
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def new_page(wiki: Wiki, template: Template, values: dict[str, str], today: dt.date,
             client: str | None = None, section: str | None = None,
             force: bool = False) -> Path:
    """Render `template` with `values` into a new page of the wiki; return its path.

    The page goes into SECTION (default: the client's folder, else the docs folder's top),
    named after its title. People must be in the team list when the wiki has one.
    """
    settings = wiki.settings
    if client:
        settings.require_client(client, config_name=wiki.config_file.name)
    elif section is not None:
        # A folder whose .meta.yml names a client: the page is that client's.
        inherited = wiki.folder_defaults.for_page(target_path(wiki.docs_dir, "x", section))
        found = inherited.values.get("client")
        client = str(found) if isinstance(found, str) and found else None
    if client:
        values = values | {"client": client}
    # Again here, for callers other than the CLI: a line break would inject front matter.
    values = {v.name: v.default or "" for v in template.variables} | clean_values(template, values)
    for name in ("title", "owner"):
        if not values.get(name, "").strip():
            raise UsageError(f"--{name} must not be empty")
    for name in ("owner", "backup"):
        person = values.get(name, "").strip()
        if person:
            settings.require_member(person, f"--{name}", wiki.config_file.name, client)
    accounts = frozenset(p.slug for p in wiki.read_pages() if p.kind == "account")
    declared = settings.client(client)
    text = render(template, values, wiki.templates_dir, today, settings.business or "",
                  accounts, settings.client_name(client) or "",
                  declared["legal_name"] if declared
                  else settings.business or "" if client == ALL_CLIENTS else "")
    folder = section if section is not None else (slugify(client) if client else None)
    path = target_path(wiki.docs_dir, values["title"], folder)
    write_new(path, text, force, display_path(path, Path.cwd()), wiki.docs_dir)
    return path


def target_path(docs_dir: Path, title: str, section: str | None) -> Path:
    """Return where a new page goes: docs_dir/SECTION/slug-of-title.md, never outside docs_dir."""
    folder = docs_dir
    if section:
        parts = Path(section).parts
        if Path(section).is_absolute() or not parts or not all(
                _SAFE_SEGMENT.fullmatch(p) for p in parts):
            raise UsageError(f"--dir {section}: must be a folder inside {docs_dir.name}/ "
                             "(letters, digits, - _ . and /; no .. or absolute paths)")
        folder = docs_dir.joinpath(*parts)
    slug = slugify(title)
    if not slug:
        raise UsageError(f"the title {title!r} has no letters or digits to name the file after")
    return folder / f"{slug}.md"


def write_new(path: Path, text: str, force: bool = False, shown: str | None = None,
              docs_dir: Path | None = None) -> None:
    """Write a new page atomically; refuse to replace anything there unless `force`.

    A symbolic link in the page's place is replaced itself, never written through; a folder
    that is a link leading outside `docs_dir` is refused.
    """
    shown = shown or str(path)
    if docs_dir is not None and not _inside(path.parent, docs_dir):
        raise UsageError(f"{shown}: its folder leads outside {docs_dir.name}/ through a symbolic "
                         "link; sopgen writes pages only inside the docs folder")
    is_link = path.is_symlink()
    # lexists, not exists: a dangling link is False for exists() yet is something the user put there.
    if os.path.lexists(path) and not force:
        what = " (a symbolic link)" if is_link else ""
        raise FileExists(f"{shown} already exists{what}: choose another title, or pass --force "
                         "to replace it")
    if path.is_dir() and not is_link:
        raise FileExists(f"{shown} is a folder: choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not is_link:
        atomic_write(path, text)
        return
    # Written beside the link, then renamed over it: rename replaces the link itself, so the
    # file it pointed to (perhaps outside the docs folder) is left as it was.
    staged = path.with_name(f".{path.name}.sopgen-new")
    atomic_write(staged, text)
    try:
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def _inside(folder: Path, root: Path) -> bool:
    """Return whether `folder`, symbolic links followed, is `root` or inside it."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(folder)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def split_items(value: str, separators: str = ",;") -> list[str]:
    """Split "a, b; c" into ["a", "b", "c"] (for variables that hold several items)."""
    pattern = f"[{re.escape(separators)}\n]"
    return [item.strip() for item in re.split(pattern, str(value)) if item.strip()]
