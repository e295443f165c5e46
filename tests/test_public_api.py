from __future__ import annotations

import inspect

import eventwire


def test_public_api_all_is_sorted_and_complete():
    assert eventwire.__all__ == sorted(eventwire.__all__)
    public = {n for n, obj in vars(eventwire).items()
              if not n.startswith("_") and not inspect.ismodule(obj)
              and getattr(obj, "__module__", "").startswith("eventwire")}
    assert set(eventwire.__all__) == public


def test_public_api_names_have_docstrings():
    for name in eventwire.__all__:
        assert getattr(eventwire, name).__doc__, f"{name} has no docstring"
