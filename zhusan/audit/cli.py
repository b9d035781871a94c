"""`zhusan audit verify`."""

from zhusan.audit.chain import verify


def verify_command(out, err) -> int:
    verdict = verify()
    if verdict.ok:
        print(f"Audit trail intact: {verdict.checked} events verified.", file=out)
        return 0
    print(f"Audit trail BROKEN after {verdict.checked} good events: {verdict.problem}", file=err)
    return 1
