"""Exceptions raised by eventwire.

Every message carries a code (``E001``…) that users can grep for::

    EventwireError
    ├── InputError          E1xx  bad or unreadable input (path, encoding, format)
    ├── ConfigError         E2xx  bad settings or dictionary files
    ├── ModelError          E3xx  spaCy model missing or unusable
    ├── StoreError          E4xx  data directory missing, read-only, corrupt
    └── EvalError           E5xx  bad gold or validation file

The CLI turns any ``EventwireError`` into one line on stderr and exit code 1.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: ``code`` is a short code such as ``E101``."""

    code = "E000"

    def __init__(self, message: str, code: str | None = None) -> None:
        if code:
            self.code = code
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.code}: {self.args[0]}"


class InputError(EventwireError):
    """Bad or unreadable input: a path, an encoding, a format."""

    code = "E100"


class ConfigError(EventwireError):
    """Bad settings or dictionary files."""

    code = "E200"


class ModelError(EventwireError):
    """The spaCy model is missing or unusable."""

    code = "E300"


class StoreError(EventwireError):
    """The data directory is missing, read-only or corrupt."""

    code = "E400"


class EvalError(EventwireError):
    """A bad gold or validation file."""

    code = "E500"
