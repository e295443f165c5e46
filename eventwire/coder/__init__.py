"""The event coder's learned half: candidates → rules and model → decision.

- ``candidates``: every predicate and event noun of a sentence with actor mentions in
  reach, paired with each mention that could be its source and each that could be its
  target (or none), whether or not a verb pattern names it.
- ``features``: what the model sees of a candidate: the trigger's lemma, object,
  particle and prepositions, modality, the dependency paths to the source and target,
  the target's governing preposition (a place or adjunct is "toward", "in", "ahead of"),
  the actors' agents and kinds, and the rules' proposal for the same trigger.
- ``model``: a multinomial logistic regression over those features (CAMEO root or no
  event), trained on the annotated corpus by ``eventwire/coder/train.py`` (``make
  train``), shipped as ``data/model.npz`` with a model card and a SHA-256 that loading
  checks. Inference is a sparse dot product in NumPy; every decision keeps the features
  that weighed most.
- ``decide``: the settings ``coder = "hybrid" | "rules" | "model"`` and ``min_confidence``
  choose between the rules' events, the model's, or the model's plus the rule events it
  confirms (``eventwire.stages.events.EventCoder`` calls it per sentence).
"""

from __future__ import annotations
