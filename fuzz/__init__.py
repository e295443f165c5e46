"""Fuzz targets and a bounded runner for eventwire (see run.py)."""
