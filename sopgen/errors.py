"""The errors sopgen raises; the CLI and the plugin each turn them into exit codes in one place."""

from __future__ import annotations


class SopgenError(Exception):
    """A problem the user can fix; its message is shown as is, without a traceback."""

    exit_code = 2


class UsageError(SopgenError):
    """A bad option, argument or value given on the command line."""


class ConfigError(SopgenError):
    """mkdocs.yml or the sopgen settings in it are missing or invalid."""


class WikiNotFound(ConfigError):
    """No mkdocs.yml was found from the current directory upwards."""


class TemplateError(SopgenError):
    """A template is missing, declares itself badly, or fails to render."""


class PageError(SopgenError):
    """A page cannot be read or edited as asked."""


class FileExists(SopgenError):
    """A write would overwrite a file the user wrote."""
