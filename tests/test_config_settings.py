from __future__ import annotations

import pickle

import pytest

from eventwire.config import Settings, load_settings
from eventwire.errors import ConfigError


def test_settings_defaults_come_from_packaged_toml():
    s = load_settings()
    assert s.model == "en_core_web_sm"
    assert "en" in s.keep_languages and "it" in s.languages


def test_settings_user_file_overrides_only_its_keys(tmp_path):
    f = tmp_path / "my.toml"
    f.write_text('batch_size = 7\n')
    s = load_settings(f)
    assert s.batch_size == 7 and s.model == "en_core_web_sm"


def test_settings_overrides_win_and_none_is_ignored(tmp_path):
    s = load_settings(model="en_core_web_md", batch_size=None)
    assert s.model == "en_core_web_md" and s.batch_size == load_settings().batch_size


@pytest.mark.parametrize("content,match", [
    ("nosuch = 1\n", "unknown setting"),
    ("batch_size = 'x'\n", "integer"),
    ("phoenix_actors = 3\n", "true or false"),
    ("goldstein = 'zz'\n", "icews"),
    ("batch_size = \n", "not valid TOML"),
])
def test_settings_bad_values_are_clear_errors(tmp_path, content, match):
    f = tmp_path / "bad.toml"
    f.write_text(content)
    with pytest.raises(ConfigError, match=match):
        load_settings(f)


def test_settings_missing_file_is_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml")


def test_settings_are_picklable_and_hashable():
    s = load_settings()
    assert pickle.loads(pickle.dumps(s)) == s
    assert hash(s) == hash(load_settings())
    assert isinstance(s, Settings)


def test_settings_read_columns_table_becomes_hashable_pairs(tmp_path):
    f = tmp_path / "cols.toml"
    f.write_text('read_columns = {text = "body", published = "day"}\nreference_date = "2022-03-01"\n')
    s = load_settings(f)
    assert dict(s.read_columns) == {"text": "body", "published": "day"}
    assert s.reference_date == "2022-03-01"
    hash(s)


def test_settings_reference_date_reaches_meta(tmp_path):
    from eventwire.stages.meta import MetaExtractor

    meta = MetaExtractor(load_settings(reference_date="2022-03-01"))
    assert str(meta._reference()) == "2022-03-01"


def test_settings_read_columns_reach_the_jsonl_reader(tmp_path):
    from eventwire.models import RawDocument
    from eventwire.stages.read import read_inputs

    src = tmp_path / "export.jsonl"
    src.write_text('{"contenuto": "Japan and India held talks on Monday.", "day": "2022-03-01"}\n', encoding="utf-8")
    f = tmp_path / "cols.toml"
    f.write_text('read_columns = {text = "contenuto", published = "day"}\n')
    [doc] = list(read_inputs([str(src)], load_settings(f)))
    assert isinstance(doc, RawDocument)
    assert doc.text.startswith("Japan and India") and doc.published == "2022-03-01"
