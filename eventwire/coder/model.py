"""The shipped event model: loading with its hash checked, prediction and explanation.

The model is a multinomial logistic regression: ``coef`` (classes × features) and
``intercept`` in ``data/model.npz``, the feature names and classes in ``data/model.json``,
and ``data/MODEL_CARD.md`` with the SHA-256 of both files. ``load_model`` reads them once
per process (pool and Dask workers each load it once) and refuses files whose hash does
not match the card, with one line that names the file and suggests ``--coder rules``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

NONE = "none"  # the class of a candidate that is no event
DATA = "data"
FILES = ("model.npz", "model.json")


@dataclass(frozen=True)
class Decision:
    """The model's verdict on one candidate."""

    label: str  # a CAMEO root ("19") or NONE
    probability: float  # of ``label``, calibrated on events of held-out articles
    top: tuple[tuple[str, float], ...]  # the features that weighed most for ``label`` (filled by callers)
    raw: float = 0.0  # the model's own probability of ``label`` (what thresholds compare)


class EventModel:
    """A linear model over candidate features.

    Attributes:
        classes: class labels (CAMEO roots and ``none``).
        codes: most frequent CAMEO code per (trigger lemma, root) in the training data.
        event_nouns: nouns that may trigger an event.
        calibration: Platt scaling of the raw probability (``a``, ``b``), fitted by ``make train``
            on events of articles the model was not trained on.
    """

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, meta: dict[str, Any]) -> None:
        self.coef = coef.astype(np.float32)
        self.coef_t = np.ascontiguousarray(self.coef.T)  # features × classes, for the sparse product
        self.intercept = intercept.astype(np.float32)
        self.classes: list[str] = list(meta["classes"])
        self.features: list[str] = list(meta["features"])
        self.index = {f: i for i, f in enumerate(self.features)}
        self.codes: dict[str, str] = dict(meta.get("codes", {}))
        self.event_nouns = frozenset(meta.get("event_nouns", ()))
        cal = meta.get("calibration") or {}
        # Platt scaling: calibrated = sigmoid(a * logit(raw) + b); identity when absent
        self.cal_a = float(cal.get("a", 1.0))
        self.cal_b = float(cal.get("b", 0.0))
        self.meta = meta
        self.none = self.classes.index(NONE)

    def scores(self, rows: list[list[str]]) -> np.ndarray:
        """Class probabilities (rows × classes), before calibration: one sparse product per batch."""
        from scipy.sparse import csr_matrix

        index = self.index
        indptr, indices = [0], []
        for feats in rows:
            indices.extend(index[f] for f in feats if f in index)
            indptr.append(len(indices))
        x = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), len(self.features)))
        logits = np.asarray(x @ self.coef_t) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def calibrate(self, p: float) -> float:
        """The calibrated probability of a raw score ``p``: how often events scored so were right
        on held-out articles (Platt scaling, fitted by ``make train``)."""
        return float(self.calibrate_many(np.array([p]))[0])

    def calibrate_many(self, raw: np.ndarray) -> np.ndarray:
        """``calibrate`` over an array of raw scores at once."""
        if self.cal_a == 1.0 and self.cal_b == 0.0:
            return raw.astype(np.float64)
        q = np.clip(raw.astype(np.float64), 1e-6, 1 - 1e-6)
        return 1.0 / (1.0 + np.exp(-(self.cal_a * np.log(q / (1 - q)) + self.cal_b)))

    def decide(self, rows: list[list[str]]) -> list[Decision]:
        """Each row's most likely event root, its raw and its calibrated probability (``explain``
        gives the top features of the rows a caller keeps).

        The raw probability is that of the row being an event of that root (the classes'
        probabilities sum to one with ``none``); callers compare it with the model's thresholds
        and the calibrated one with ``min_confidence``.
        """
        probs = self.scores(rows)
        probs[:, self.none] = -1.0
        best = probs.argmax(axis=1)
        raw = probs[np.arange(len(rows)), best]
        calibrated = self.calibrate_many(raw)
        return [Decision(label=self.classes[int(k)], probability=float(c), top=(), raw=float(r))
                for k, r, c in zip(best, raw, calibrated)]

    def explain(self, feats: list[str], k: int, top: int = 3) -> tuple[tuple[str, float], ...]:
        """The ``top`` active features with the largest weight for class ``k``."""
        weights = [(f, float(self.coef[k, self.index[f]])) for f in set(feats) if f in self.index]
        weights.sort(key=lambda fw: (-fw[1], fw[0]))  # ties by name: the same in every process
        return tuple((f, round(w, 2)) for f, w in weights[:top])

    def code_for(self, lemma: str, root: str) -> str:
        """The CAMEO code for a model event: the trigger's usual code in that root, else the root's."""
        return self.codes.get(f"{lemma}|{root}") or self.codes.get(root) or f"{root}0"


def data_dir() -> Path:
    """Where the shipped model lives inside the package."""
    return Path(str(resources.files("eventwire.coder").joinpath(DATA)))


def card_hashes(card: str) -> dict[str, str]:
    """``{file: sha256}`` from the model card's hash table (``| model.npz | <sha256> |``)."""
    return {m.group(1): m.group(2) for m in re.finditer(r"\|\s*`?(model\.\w+)`?\s*\|\s*`?([0-9a-f]{64})`?\s*\|", card)}


def sha256(path: Path) -> str:
    """The SHA-256 of a file."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@functools.lru_cache(maxsize=4)
def load_model(folder: str | None = None) -> EventModel:
    """Load the event model once per process, after checking its files against the card.

    Args:
        folder: a folder with ``model.npz``, ``model.json`` and ``MODEL_CARD.md`` (default:
            the one shipped in the package).

    Raises:
        ModelError: a file is missing, does not match the card's SHA-256, or cannot be read.
    """
    base = Path(folder) if folder else data_dir()
    hint = "use --coder rules (or coder = \"rules\") to code without the model"
    card_path = base / "MODEL_CARD.md"
    if not card_path.is_file():
        raise ModelError(f"event model card missing: {card_path}; {hint}", "E310")
    expected = card_hashes(card_path.read_text(encoding="utf-8"))
    for name in FILES:
        path = base / name
        if not path.is_file():
            raise ModelError(f"event model file missing: {path}; {hint}", "E311")
        if expected.get(name) != sha256(path):
            raise ModelError(f"event model file {path} does not match the SHA-256 in its model card "
                             f"(truncated or replaced?); {hint}", "E312")
    try:
        meta = json.loads((base / "model.json").read_text(encoding="utf-8"))
        with np.load(base / "model.npz") as arrays:
            coef, intercept = arrays["coef"], arrays["intercept"]
        model = EventModel(coef, intercept, meta)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as e:
        raise ModelError(f"event model in {base} cannot be read ({e}); {hint}", "E313") from None
    if model.coef.shape != (len(model.classes), len(model.features)):
        raise ModelError(f"event model {base / 'model.npz'} does not fit model.json's features and classes; "
                         f"{hint}", "E313")
    return model
