"""Bounded fuzzing of the targets in ``fuzz/targets.py``.

Two engines:

- a built-in mutation fuzzer (no extra dependency; deterministic for a seed): it mutates
  the seed inputs (bit flips, byte insertions and deletions, repeated and spliced chunks,
  truncation, gzip wrapping, hostile byte strings) and runs the target until the time is up;
- atheris (coverage-guided, if installed): ``--atheris`` runs one target in a subprocess
  with ``-max_total_time``.

Usage::

    python -m fuzz.run --seconds 30                 # every target, 30 s each, built-in engine
    python -m fuzz.run read_warc --seconds 300 --atheris

Exit status 1 and the failing input written to ``fuzz/crashes/`` when a target raises.
"""

from __future__ import annotations

import argparse
import gzip
import random
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HOSTILE = [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\x1f\x8b", b"WARC/1.0\r\n", b"<?xml", b"<html>", b"{", b"[" * 64,
           b'"', b"\r\n", b"\n\n", "\u202e\u200b".encode(), b"\xc3\x28", b"<![CDATA[", b"&#0;", b"%s%n", b"\\u0000"]
CRASH_DIR = Path(__file__).resolve().parent / "crashes"


@dataclass
class FuzzReport:
    """What one bounded run did."""

    target: str
    iterations: int
    seconds: float
    failure: str | None = None
    failing_input: bytes | None = None


def mutate(data: bytes, rng: random.Random, corpus: list[bytes]) -> bytes:
    """One random mutation of ``data`` (the corpus gives material to splice in).

    Args:
        data: the input to change.
        rng: the random source.
        corpus: other inputs.

    Returns:
        The mutated bytes.
    """
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:  # flip a bit
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # insert random bytes
            buf[pos:pos] = rng.randbytes(rng.randint(1, 16))
        elif op == 2 and buf:  # delete a run
            del buf[pos:pos + rng.randint(1, 64)]
        elif op == 3:  # insert a hostile token
            buf[pos:pos] = rng.choice(HOSTILE)
        elif op == 4 and buf:  # repeat a chunk (deep nesting, long lines)
            chunk = bytes(buf[pos:pos + rng.randint(1, 32)])
            buf[pos:pos] = chunk * rng.randint(2, 2000)
        elif op == 5 and corpus:  # splice another input
            other = rng.choice(corpus)
            cut = rng.randint(0, len(other))
            buf[pos:] = other[cut:]
        elif op == 6:  # truncate
            del buf[pos:]
        else:  # gzip-wrap (or cut the wrap)
            wrapped = gzip.compress(bytes(buf))
            buf = bytearray(wrapped[: rng.randint(0, len(wrapped))] if rng.random() < 0.3 else wrapped)
    return bytes(buf[:1_000_000])


def fuzz(name: str, target: Callable[[bytes], None], seeds: list[bytes], seconds: float,
         seed: int = 0, max_iterations: int | None = None) -> FuzzReport:
    """Run a target on mutated seeds until the time (or iteration budget) is spent or it fails.

    Args:
        name: the target's name (for the report).
        target: the function under test; raising is a failure.
        seeds: starting inputs.
        seconds: wall-clock budget.
        seed: random seed (runs are reproducible for a seed and an iteration count).
        max_iterations: stop after this many inputs, whatever the time.

    Returns:
        FuzzReport with the iteration count and the first failure, if any.
    """
    rng = random.Random(seed)
    corpus = list(seeds) or [b""]
    started = time.perf_counter()
    iterations = 0
    while time.perf_counter() - started < seconds and (max_iterations is None or iterations < max_iterations):
        data = corpus[iterations] if iterations < len(corpus) else mutate(rng.choice(corpus), rng, corpus)
        iterations += 1
        try:
            target(data)
        except Exception:  # any exception is the finding
            return FuzzReport(name, iterations, time.perf_counter() - started, traceback.format_exc(), data)
        if len(corpus) < 256 and rng.random() < 0.05:
            corpus.append(data)  # keep some mutants as new starting points
    return FuzzReport(name, iterations, time.perf_counter() - started)


def _atheris(name: str, seconds: float) -> int:
    """Run one target under atheris in a subprocess (atheris exits the process when done)."""
    code = ("import sys, atheris\n"
            "with atheris.instrument_imports(include=['eventwire']):  # our code only: numpy and C extensions do not take it\n"
            "    from fuzz.targets import TARGETS\n"
            f"atheris.Setup(sys.argv, TARGETS[{name!r}])\n"
            "atheris.Fuzz()\n")
    root = Path(__file__).resolve().parent.parent
    return subprocess.call([sys.executable, "-c", code, f"-max_total_time={int(seconds)}", "-rss_limit_mb=4096"],
                           cwd=root)


def main(argv: list[str] | None = None) -> int:
    """Command line: fuzz some or all targets for a bounded time; 1 when any target failed."""
    from fuzz.targets import TARGET_SEEDS, TARGETS

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", choices=[[], *TARGETS], default=[], metavar="TARGET",
                        help=f"targets to run (default all): {', '.join(TARGETS)}")
    parser.add_argument("--seconds", type=float, default=10.0, help="time per target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--atheris", action="store_true", help="coverage-guided, with atheris")
    args = parser.parse_args(argv)
    failed = False
    for name in args.targets or list(TARGETS):
        if args.atheris:
            failed |= _atheris(name, args.seconds) != 0
            continue
        report = fuzz(name, TARGETS[name], TARGET_SEEDS[name], args.seconds, args.seed)
        print(f"{name}: {report.iterations} inputs in {report.seconds:.1f} s" + (" FAILED" if report.failure else ""))
        if report.failure:
            failed = True
            CRASH_DIR.mkdir(exist_ok=True)
            path = CRASH_DIR / f"{name}-{args.seed}.bin"
            path.write_bytes(report.failing_input or b"")
            print(report.failure, f"input saved to {path}", sep="\n", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
