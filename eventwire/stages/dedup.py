"""Near-duplicate detection: MinHash signatures and LSH (datasketch) over clean texts.

Aggregators re-publish wire copy with paragraphs reordered, boilerplate added, a
headline or a few words changed. Exact copies share a ``doc_id`` (a hash of the
normalised clean text) and the store keeps one; near-copies get a different
``doc_id`` and are linked here with ``duplicate_of`` to the first document seen.

Texts are compared as sets of word 3-grams (shingles) of their lower-cased words, so
reordering paragraphs changes only the shingles at the seams. LSH (tuned to a lower
``candidate_threshold``) finds candidates in constant time per document; a candidate is
kept when the MinHash estimate of the Jaccard similarity reaches ``threshold``, or when
the estimated containment of the smaller text in the larger one reaches ``containment``
(an excerpt re-published without its last paragraphs). The index is picklable: save it next to the
store to link across runs (this is the one cross-document pass of the pipeline, and
runs after the per-document stages, as DESIGN.md "Scale" asks).

Machine-translated copies share no shingles with their original and are not found.

Example::

    index = NearDuplicateIndex()
    linked = list(index.link(documents))   # Documents with duplicate_of set
"""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..models import Document, Result

DEFAULT_THRESHOLD = 0.4
DEFAULT_CONTAINMENT = 0.8
DEFAULT_CANDIDATE_THRESHOLD = 0.2
DEFAULT_NUM_PERM = 128
SHINGLE_WORDS = 3
_WORD = re.compile(r"[^\W_]+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of word n-grams of a text (lower-cased, punctuation ignored).

    Args:
        text: clean text.
        size: words per shingle.

    Returns:
        UTF-8 encoded shingles (a text shorter than ``size`` words gives its words joined).
    """
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class Match:
    """A document found to duplicate an earlier one: its id, kind and estimated Jaccard similarity."""

    duplicate_of: str
    kind: str  # "exact" (same doc_id) or "near"
    similarity: float


class NearDuplicateIndex:
    """A streaming MinHash-LSH index of documents; ``check`` links a new document to an earlier one.

    Args:
        threshold: minimum estimated Jaccard similarity of shingle sets for a near-duplicate.
        containment: minimum estimated share of the smaller text's shingles found in the other.
        candidate_threshold: the Jaccard level LSH is tuned to (below ``threshold`` so that
            excerpts are candidates too).
        num_perm: MinHash permutations (precision of the estimate vs. speed and memory).
        min_shingles: texts with fewer shingles are never linked (too short to tell).
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, containment: float = DEFAULT_CONTAINMENT,
                 candidate_threshold: float = DEFAULT_CANDIDATE_THRESHOLD, num_perm: int = DEFAULT_NUM_PERM,
                 min_shingles: int = 10) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.containment = containment
        self.num_perm = num_perm
        self.min_shingles = min_shingles
        self._lsh = MinHashLSH(threshold=min(candidate_threshold, threshold), num_perm=num_perm)
        self._signatures: dict[str, tuple[object, int]] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def signature(self, text: str) -> tuple[object, int] | None:
        """The MinHash of a text and its number of shingles.

        Args:
            text: clean text.

        Returns:
            ``(MinHash, shingle count)``, or None when it has fewer than ``min_shingles``.
        """
        from datasketch import MinHash

        grams = shingles(text)
        if len(grams) < self.min_shingles:
            return None
        minhash = MinHash(num_perm=self.num_perm, seed=1)
        minhash.update_batch(list(grams))
        return minhash, len(grams)

    def _similar(self, new: tuple[object, int], old: tuple[object, int]) -> float | None:
        """Estimated Jaccard similarity when it (or the containment it implies) is high enough."""
        jaccard = new[0].jaccard(old[0])  # type: ignore[attr-defined]
        # |A ∩ B| = J (|A| + |B|) / (1 + J), estimated from the MinHash Jaccard and the set sizes
        overlap = jaccard * (new[1] + old[1]) / (1 + jaccard)
        if jaccard >= self.threshold or overlap / min(new[1], old[1]) >= self.containment:
            return jaccard
        return None

    def check(self, doc_id: str, text: str) -> Match | None:
        """Link a document to the most similar earlier one, then index it if it is new.

        Args:
            doc_id: the document's content hash.
            text: its clean text.

        Returns:
            A ``Match`` when it duplicates an indexed document, else None.
        """
        if doc_id in self._signatures:
            return Match(doc_id, "exact", 1.0)
        signature = self.signature(text)
        if signature is None:
            return None
        best: Match | None = None
        for other in self._lsh.query(signature[0]):
            similarity = self._similar(signature, self._signatures[other])
            if similarity is not None and (best is None or similarity > best.similarity):
                best = Match(other, "near", similarity)
        if best is None:
            # only originals are indexed, so every copy links to the first version seen
            self._lsh.insert(doc_id, signature[0])
            self._signatures[doc_id] = signature
        return best

    def link(self, documents: Iterable[Document]) -> Iterator[Document]:
        """Set ``duplicate_of`` on near-duplicates of earlier documents (in stream order).

        Exact duplicates (same ``doc_id``) pass unchanged: the store keeps one copy by id.

        Args:
            documents: stored-document records.

        Returns:
            The same documents, near-duplicates with ``duplicate_of`` set.
        """
        for document in documents:
            match = self.check(document.doc_id, document.text)
            if match is not None and match.kind == "near" and not document.duplicate_of:
                document = dataclasses.replace(document, duplicate_of=match.duplicate_of)
            yield document

    def link_results(self, results: Iterable[Result]) -> Iterator[Result]:
        """``link`` over pipeline results: each Result's document gets its ``duplicate_of``.

        Args:
            results: pipeline results, in stream order.

        Returns:
            The results, with the document of each near-duplicate replaced by a linked copy.
        """
        for result in results:
            [document] = self.link([result.document])
            yield result if document is result.document else dataclasses.replace(result, document=document)

    def save(self, path: str | Path) -> None:
        """Pickle the index (to link documents of later runs against this one).

        Written to a temporary file and renamed, so a reader never sees half an index.

        Args:
            path: file to write.
        """
        target = Path(path)
        partial = target.with_name(target.name + ".tmp")
        partial.write_bytes(pickle.dumps(self))
        partial.replace(target)

    @classmethod
    def open(cls, path: str | Path, **options: float) -> NearDuplicateIndex:
        """The index saved at ``path`` (e.g. in the store's data directory), or a new one.

        Args:
            path: where ``save`` writes it.
            **options: constructor options for a new index.

        Returns:
            NearDuplicateIndex
        """
        return cls.load(path) if Path(path).is_file() else cls(**options)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: str | Path) -> NearDuplicateIndex:
        """Read an index written by ``save`` (a pickle: only load files this program wrote).

        Args:
            path: file written by ``save``.

        Returns:
            NearDuplicateIndex

        Raises:
            TypeError: the file holds something else.
        """
        index = pickle.loads(Path(path).read_bytes())
        if not isinstance(index, cls):
            raise TypeError(f"{path} does not hold a NearDuplicateIndex")
        return index
