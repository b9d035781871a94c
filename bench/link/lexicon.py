"""Write zhusan/identity/data/given_names.txt from the training vocabulary.

Run: ``python -m bench.link.lexicon``. Only the "train" vocabulary goes in, so the fifth of the
names the benchmark holds out stays unknown to the matcher, as a new name in production would.
"""

from __future__ import annotations

from bench.link.generate import ARABIC_NAMES, held_out, load_vocabulary
from zhusan.identity.lexicon import GIVEN_NAMES_PATH

HEADER = """\
# Given names known to the matcher (zhusan/identity/lexicon.py), one a line, Cyrillic.
# From mimesis 22.2 kk and ru (MIT) and Arabic names, without the benchmark's held-out fifth.
# Written by `python -m bench.link.lexicon`; do not edit by hand.
"""


def main() -> int:
    vocab = load_vocabulary("train")
    names = vocab.kk_male + vocab.kk_female + vocab.ru_male + vocab.ru_female
    names += [n for n in ARABIC_NAMES["M"] + ARABIC_NAMES["F"] if not held_out(n)]
    unique = sorted(set(names))
    GIVEN_NAMES_PATH.write_text(HEADER + "\n".join(unique) + "\n", encoding="utf-8")
    print(f"wrote {len(unique)} names to {GIVEN_NAMES_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
