"""The legal rules engine: plain Python, no Django.

`evaluate(facts)` assesses one legal facts document (docs/law-facts.schema.json) and returns the
assessment described in DESIGN.md ("Legal facts document"); `evaluate_many` does it in batch, faster,
with the same results (read-only: see zhusan.law.batch); `assess_many` gives them in brief
(outcome, earliest date, decision per measure) for bulk use.
Each measure lists the rule codes and citations it applied; what the law leaves unclear is
`needs_review`, what the document leaves unknown is `needs_facts`.  See docs/law.md.
"""

from zhusan.law.batch import assess_many, evaluate_many
from zhusan.law.engine import ENGINE_VERSION, LAW_VERSION, evaluate
from zhusan.law.facts import FactsError

__all__ = [
    "ENGINE_VERSION",
    "LAW_VERSION",
    "FactsError",
    "assess_many",
    "evaluate",
    "evaluate_many",
]
