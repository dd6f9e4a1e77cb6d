"""Screening time of long names: the cost per query must stay bounded up to the name limit.

    python bench/bench_screening_long_names.py [--samples 5] [--seed 3]

For each kind of long name and each length up to ``MAX_NAME_LENGTH`` (1,000 characters) it
prints the CPU time of ``Screener.screen`` (median and worst over ``--samples`` names), the
number of query tokens after normalisation and the number of windows the matcher aligns them in.
The kinds are the shapes that used to be slow or that stress the candidate search: random words
of the lists, the lists' most common words, single letters (spelt-out runs and initials), one
long word, a chain of hyphenated words, and random letters and digits.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from collections import Counter
from collections.abc import Callable

from pricing_engine.screening.matcher import token_windows
from pricing_engine.screening.normalize import normalize_name
from pricing_engine.screening.result import MAX_NAME_LENGTH
from pricing_engine.screening.screener import Screener


def _fill(rng: random.Random, length: int, word: Callable[[], str], sep: str = " ") -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(word())
    return sep.join(words)[:length]


def kinds(screener: Screener) -> dict[str, Callable[[random.Random, int], str]]:
    """Return the kinds of long name, each a function of (rng, length)."""
    vocab = [t for t in screener.index.vocab if t.isalpha() and len(t) > 1]
    frequency = Counter({t: len(screener.index.postings[i]) for i, t in enumerate(vocab)})
    common = [t for t, _ in frequency.most_common(300)]
    letters = string.ascii_lowercase
    return {
        "listed words": lambda rng, n: _fill(rng, n, lambda: rng.choice(vocab).title()),
        "common listed words": lambda rng, n: _fill(rng, n, lambda: rng.choice(common)),
        "single letters": lambda rng, n: _fill(rng, n, lambda: rng.choice(letters).upper()),
        "letters, some doubled spaces": lambda rng, n: _fill(
            rng, n, lambda: rng.choice(letters) + (" " if rng.random() < 0.2 else "")
        ),
        "one long word": lambda rng, n: "".join(rng.choice(letters) for _ in range(n)),
        "hyphen chain": lambda rng, n: _fill(rng, n, lambda: rng.choice(vocab), sep="-"),
        "letters and digits": lambda rng, n: _fill(
            rng, n, lambda: "".join(rng.choice(letters + string.digits) for _ in range(3))
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    screener = Screener.from_bundled()
    screener.screen("warm up")
    print(f"CPU time of one screen (median / worst of {args.samples}); name limit "
          f"{MAX_NAME_LENGTH} characters")  # fmt: skip
    print(f"  {'kind':30} {'chars':>5} {'tokens':>6} {'windows':>7} {'median':>9} {'worst':>9}")
    worst_overall = 0.0
    for kind, make in kinds(screener).items():
        for length in (250, 500, MAX_NAME_LENGTH):
            rng = random.Random(f"{args.seed}-{kind}-{length}")
            times, tokens = [], 0
            for _ in range(args.samples):
                name = make(rng, length)
                tokens = max(tokens, max(len(v) for v in normalize_name(name).variants))
                start = time.process_time()
                screener.screen(name)
                times.append(time.process_time() - start)
            worst_overall = max(worst_overall, max(times))
            print(f"  {kind:30} {length:5} {tokens:6} {len(token_windows(tokens)):7} "
                  f"{statistics.median(times) * 1e3:7.1f}ms {max(times) * 1e3:7.1f}ms")  # fmt: skip
    print(f"worst CPU time of any name: {worst_overall * 1e3:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
