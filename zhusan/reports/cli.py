"""`zhusan stats [--json]`."""

import json

from zhusan.reports.indicators import all_indicators


def stats_command(as_json: bool, out) -> int:
    indicators = all_indicators()
    if as_json:
        json.dump(
            [{"indicator": i.code, "definition": i.definition, "rows": i.rows} for i in indicators],
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return 0
    for i in indicators:
        print(f"{i.code}: {i.definition}", file=out)
        if not i.rows:
            print("  (no records)", file=out)
        for row in i.rows:
            print("  " + "  ".join(f"{k}={v}" for k, v in row.items()), file=out)
        print(file=out)
    return 0
