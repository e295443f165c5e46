"""Settings: one typed, picklable object built once and passed down.

Defaults ship in ``defaults.toml`` inside the package; a user TOML file overrides
only the keys it sets, and keyword overrides (from CLI flags) come last.

Example::

    settings = load_settings("my.toml", model="en_core_web_md")
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """All tunable behaviour of eventwire (see ``defaults.toml`` for documentation)."""

    model: str = "en_core_web_sm"
    batch_size: int = 32
    data_dir: str = "eventwire-data"
    languages: tuple[str, ...] = ("en",)
    keep_languages: tuple[str, ...] = ("en",)
    max_document_bytes: int = 5_000_000
    max_sentence_chars: int = 2_000
    max_document_chars: int = 1_000_000
    max_document_seconds: float = 60.0
    actor_files: tuple[str, ...] = ()
    agent_files: tuple[str, ...] = ()
    verb_files: tuple[str, ...] = ()
    people_files: tuple[str, ...] = ()
    phoenix_actors: bool = True
    goldstein: str = "icews"
    min_confidence: float = 0.0
    coder: str = "hybrid"
    model_dir: str = ""
    reference_date: str = ""
    require_target: bool = True
    require_source: bool = True
    future_as_intent: bool = True
    boilerplate_files: tuple[str, ...] = ()
    read_columns: tuple[tuple[str, str], ...] = ()
    fusion_window_days: int = 2
    fusion_min_similarity: float = 0.25
    fusion_min_similarity_same_code: float = 0.12

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (unknown or None values are ignored)."""
        return _build({**dataclasses.asdict(self), **{k: v for k, v in changes.items() if v is not None}})


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}
CODERS = ("hybrid", "rules", "model")


def _build(values: dict[str, Any]) -> Settings:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _FIELDS:
            raise ConfigError(f"unknown setting {key!r}", "E201")
        default = _FIELDS[key].default
        if key == "read_columns" and isinstance(value, dict):
            # a TOML table {text = "body"}; kept as sorted pairs so Settings stays hashable
            value = tuple(sorted((str(k), str(v)) for k, v in value.items()))
        elif isinstance(default, tuple) and isinstance(value, (list, tuple)):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        elif isinstance(default, bool) and not isinstance(value, bool):
            raise ConfigError(f"setting {key!r} must be true or false, got {value!r}", "E202")
        elif isinstance(default, int) and not isinstance(default, bool) and not isinstance(value, int):
            raise ConfigError(f"setting {key!r} must be an integer, got {value!r}", "E202")
        elif isinstance(default, float) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ConfigError(f"setting {key!r} must be a number, got {value!r}", "E202")
        clean[key] = value
    if clean.get("goldstein", "icews") not in ("icews", "gdelt", "phoenix"):
        raise ConfigError(f"setting 'goldstein' must be icews, gdelt or phoenix, got {clean['goldstein']!r}", "E202")
    if clean.get("coder", "hybrid") not in CODERS:
        raise ConfigError(f"setting 'coder' must be one of {', '.join(CODERS)}, got {clean['coder']!r}", "E202")
    return Settings(**clean)


def default_values() -> dict[str, Any]:
    """The packaged defaults as a dict."""
    text = resources.files("eventwire").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Build Settings from packaged defaults, an optional TOML file, then overrides.

    Args:
        path: a TOML file whose keys override the defaults.
        **overrides: final values (None means "not given" and is ignored).

    Returns:
        Settings
    """
    # seed defaults first so a partial user file only overrides the keys it sets
    values = default_values()
    if path is not None:
        p = Path(path)
        try:
            values.update(tomllib.loads(p.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise ConfigError(f"settings file not found: {p}", "E203") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"settings file {p} is not valid TOML: {e}", "E204") from None
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _build(values)
