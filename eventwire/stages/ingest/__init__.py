"""Readers of every input format, used by ``eventwire.stages.read`` (the public entry point).

- ``common``: dates, outlets, text decoding, binary sniffing, plain text;
- ``records``: JSONL and CSV/TSV;
- ``html``: HTML pages and fragments (trafilatura);
- ``warc``: WARC archives (warcio);
- ``feed``: RSS/Atom (feedparser);
- ``web``: http(s) URLs (httpx).
"""
