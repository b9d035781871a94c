"""docs/indicators.md from the catalogue: `python -m zhusan.reports.docs [--check]`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"


def generated() -> str:
    from zhusan.reports.catalogue import catalogue
    from zhusan.reports.measures import DIMENSIONS

    lines = [
        "# Indicators",
        "",
        "Generated from `zhusan/reports/catalogue.yaml` by `python -m zhusan.reports.docs`; do not",
        "edit by hand. How they are computed, protected and published: [statistics.md](statistics.md).",
        "",
        "| code | unit | reference | breakdowns |",
        "|---|---|---|---|",
    ]
    cat = catalogue()
    for ind in cat.values():
        reference = "as of a date" if ind.reference == "as_of" else "during a period"
        breakdowns = ", ".join(f"**{b}**" if b in ind.default_by else b for b in ind.breakdowns)
        lines.append(f"| [`{ind.code}`](#{ind.code}) | {ind.unit} | {reference} | {breakdowns} |")
    lines += ["", "Breakdowns in bold are the default.", ""]
    for ind in cat.values():
        lines += [
            f"## {ind.code}",
            "",
            f"**{ind.title('en')}** — {ind.title('ru')} — {ind.title('kk')}",
            "",
        ]
        for lang in ("en", "ru", "kk"):
            lines += [f"- *{lang}*: {ind.definition(lang)}"]
        lines += [
            "",
            "Breakdowns: "
            + ", ".join(f"{b} ({DIMENSIONS[b].label})" for b in ind.breakdowns)
            + ".",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhusan.settings")
    os.environ.setdefault("ZHUSAN_DEMO", "1")
    import django

    django.setup()
    from django.utils import translation

    with translation.override("en"):
        text = generated()
    if "--check" in argv:
        if DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is stale: run python -m zhusan.reports.docs", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
