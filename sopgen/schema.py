"""The few MkDocs config classes sopgen's settings are declared with, restated without MkDocs.

`sopgen check` validates the settings on every run; importing `mkdocs.config` for that costs
~0.15 s (it pulls in Markdown, Jinja, the theme and plugin machinery), more than reading a few
hundred pages. These classes behave as MkDocs 1.6's `mkdocs.config.base` and `config_options`
do (validation order, defaults, required values, messages), so config.py reads as a MkDocs
config and the plugin hands MkDocs the same (errors, warnings). An option of another kind is
written here as a BaseConfigOption subclass, as config.py's own are.
"""

from __future__ import annotations

from collections import UserDict
from collections.abc import Collection
from typing import Any, Generic, TypeVar

T = TypeVar("T")

ConfigErrors = list[tuple[str, Exception]]
ConfigWarnings = list[tuple[str, str]]


class ValidationError(Exception):
    """An option's value is invalid (the message says why)."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and str(self) == str(other)

    __hash__ = Exception.__hash__


class BaseConfigOption(Generic[T]):
    """One option of a Config: its default and how its value is validated."""

    required = False

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.default = None

    @property
    def default(self) -> Any:
        try:
            return self._default.copy()  # never hand out the shared default itself
        except AttributeError:
            return self._default

    @default.setter
    def default(self, value: Any) -> None:
        self._default = value

    def validate(self, value: object, /) -> T:
        """Return the validated value (or raise ValidationError)."""
        return self.run_validation(value)

    def reset_warnings(self) -> None:
        """Forget the warnings of the last validation."""
        self.warnings = []

    def pre_validation(self, config: Config, key_name: str) -> None:
        """Prepare, before any option is validated."""

    def run_validation(self, value: object, /) -> Any:
        """Return the value made valid, or raise ValidationError."""
        return value

    def post_validation(self, config: Config, key_name: str) -> None:
        """Finish, once every option is valid."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:  # the option itself, looked up on the class
            return self
        # The dict itself, not UserDict's __getitem__: the checks read settings per page.
        return obj.data[self._name]

    def __set__(self, obj: Config, value: T) -> None:
        obj[self._name] = value


class OptionallyRequired(BaseConfigOption[T]):
    """An option with a default; None takes the default, or fails when the option is required."""

    def __init__(self, default: Any = None) -> None:
        super().__init__()
        self.default = default

    def validate(self, value: object, /) -> T:
        if value is None:
            if self.default is not None:
                value = self.default
            elif not self.required:
                return None  # type: ignore[return-value]
            else:
                raise ValidationError("Required configuration not provided.")
        return self.run_validation(value)


class Type(OptionallyRequired[T]):
    """A value of a given Python type."""

    def __init__(self, type_: type | tuple[type, ...], /, default: Any = None) -> None:
        super().__init__(default=default)
        self._type = type_

    def run_validation(self, value: object) -> T:
        if not isinstance(value, self._type):
            raise ValidationError(f"Expected type: {self._type} but received: {type(value)}")
        return value  # type: ignore[return-value]


class Choice(OptionallyRequired[T]):
    """One of a fixed set of values."""

    def __init__(self, choices: Collection[T], default: T | None = None) -> None:
        super().__init__(default=default)
        if not choices or isinstance(choices, str):
            raise ValueError(f"Expected iterable of choices, got {choices}")
        if default is not None and default not in choices:
            raise ValueError(f"{default!r} is not one of {choices!r}")
        self.choices = choices

    def run_validation(self, value: object) -> T:
        if value not in self.choices:
            raise ValidationError(f"Expected one of: {self.choices} but received: {value!r}")
        return value  # type: ignore[return-value]


class Optional(BaseConfigOption[T | None]):
    """Another option that may also be left unset (None)."""

    def __init__(self, config_option: BaseConfigOption[T]) -> None:
        if config_option.default is not None:
            raise ValueError(f"This option already has a default ({config_option.default!r}) "
                             "and doesn't need to be wrapped into Optional")
        super().__init__()
        self.option = config_option
        self.warnings = config_option.warnings

    def pre_validation(self, config: Config, key_name: str) -> None:
        self.option.pre_validation(config, key_name)

    def run_validation(self, value: object) -> T | None:
        return None if value is None else self.option.validate(value)

    def post_validation(self, config: Config, key_name: str) -> None:
        self.option.post_validation(config, key_name)
        self.warnings = self.option.warnings

    def reset_warnings(self) -> None:
        self.option.reset_warnings()
        self.warnings = self.option.warnings


class Config(UserDict):
    """A set of options declared as class attributes; every one is required (or Optional)."""

    _schema: tuple[tuple[str, BaseConfigOption], ...] = ()
    config_file_path: str

    def __init_subclass__(cls) -> None:
        schema = dict(cls._schema)
        for attr_name, attr in cls.__dict__.items():
            if isinstance(attr, BaseConfigOption):
                schema[getattr(attr, "_name", attr_name)] = attr
                attr.required = True
        cls._schema = tuple(schema.items())

    def __init__(self, config_file_path: str | None = None) -> None:
        super().__init__()
        for key, option in self._schema:
            self[key] = option.default
        self._schema_keys = {key for key, _ in self._schema}
        self.config_file_path = config_file_path or ""

    def load_dict(self, patch: dict) -> None:
        """Load option values from a mapping."""
        if not isinstance(patch, dict):
            raise ValidationError("The configuration is invalid. Expected a key-value mapping "
                                  f"(dict) but received: {type(patch)}")
        self.update(patch)

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        """Validate every option, as MkDocs does; return (errors, warnings)."""
        failed, warnings = self._each("pre_validation")
        for key, option in self._schema:
            try:
                self[key] = option.validate(self.get(key))
                warnings.extend((key, w) for w in option.warnings)
                option.reset_warnings()
            except ValidationError as exc:
                failed.append((key, exc))
                break  # as MkDocs: the first invalid value stops the validation
        for key in sorted(set(self.keys()) - self._schema_keys):
            warnings.append((key, f"Unrecognised configuration name: {key}"))
        if not failed:
            post_failed, post_warnings = self._each("post_validation")
            failed.extend(post_failed)
            warnings.extend(post_warnings)
        return failed, warnings

    def _each(self, step: str) -> tuple[ConfigErrors, ConfigWarnings]:
        failed: ConfigErrors = []
        warnings: ConfigWarnings = []
        for key, option in self._schema:
            try:
                getattr(option, step)(self, key_name=key)
                warnings.extend((key, w) for w in option.warnings)
                option.reset_warnings()
            except ValidationError as exc:
                failed.append((key, exc))
        return failed, warnings

