"""The `zhusan` command line: demo, serve, law, link, stats, audit, backup, restore.

Subcommands that need the database set up Django first; the law engine and batch linkage do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhusan.settings")
    import django

    django.setup()


def _cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("ZHUSAN_DEMO", "1")
    _django_setup()
    from zhusan.demo.load import print_logins, recreate_demo

    logins = recreate_demo(families=args.families, seed=args.seed, echo=print)
    print_logins(logins, echo=print)
    if args.no_serve:
        return 0
    return _serve(args.host, args.port)


def _cmd_serve(args: argparse.Namespace) -> int:
    _django_setup()
    return _serve(args.host, args.port)


def _serve(host: str, port: int) -> int:
    import subprocess

    from django.conf import settings
    from django.core.management import call_command

    worker = None
    if "ImmediateBackend" not in settings.TASKS["default"]["BACKEND"]:
        # Background jobs (large exports) run in a worker beside the web server.
        worker = subprocess.Popen([sys.executable, "-m", "zhusan.cli", "worker"])  # noqa: S603
    print(f"Zhusan is serving at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
    finally:
        if worker is not None:
            worker.terminate()
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import call_command

    call_command("db_worker", interval=1.0)
    return 0


def _cmd_law(args: argparse.Namespace) -> int:
    from zhusan.law.cli import evaluate_command

    return evaluate_command(args.facts, out=sys.stdout, err=sys.stderr)


def _cmd_law_assess(args: argparse.Namespace) -> int:
    if (args.input is None) == (not args.database):
        sys.stderr.write("zhusan law assess: give FACTS.jsonl, FACTS.parquet or --database\n")
        return 2
    if not args.database:
        from zhusan.law.cli import assess_command

        return assess_command(args.input, args.out, out=sys.stdout, err=sys.stderr)
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        sys.stderr.write(f"zhusan law assess: --as-of {args.as_of}: not an ISO date\n")
        return 2
    _django_setup()
    from django.utils import timezone

    from zhusan.justice.bulk import assess_database_command

    as_of = as_of or timezone.localdate()
    return assess_database_command(as_of, args.out, out=sys.stdout, err=sys.stderr)


def _cmd_link(args: argparse.Namespace) -> int:
    from zhusan.identity.cli import link_command

    return link_command(
        args.input,
        out=args.out,
        pairs=args.pairs,
        err=sys.stderr,
        engine=args.engine,
        spark_master=args.spark_master,
    )


def _cmd_stats(args: argparse.Namespace) -> int:
    _django_setup()
    from zhusan.reports.cli import reconcile_command, stats_command

    if args.reconcile:
        return reconcile_command(as_json=args.json, out=sys.stdout)
    if args.snapshot:
        from zhusan.reports.snapshot import build

        snap = build()
        print(f"snapshot as of {snap.as_of}: {len(snap.tables)} tables in {snap.seconds:.1f} s")
        return 0
    return stats_command(
        as_json=args.json,
        out=sys.stdout,
        err=sys.stderr,
        as_of=args.as_of,
        start=args.start,
        indicator=args.indicator,
        by=args.by,
        protect=args.protect,
        language=args.lang,
    )


def _cmd_audit(args: argparse.Namespace) -> int:
    _django_setup()
    from zhusan.audit.cli import verify_command

    return verify_command(out=sys.stdout, err=sys.stderr)


def _cmd_backup(args: argparse.Namespace) -> int:
    _django_setup()
    from zhusan.ops.cli import backup_command

    return backup_command(args.out, key_file=args.key_file, out=sys.stdout, err=sys.stderr)


def _cmd_restore(args: argparse.Namespace) -> int:
    _django_setup()
    from zhusan.ops.cli import restore_command

    return restore_command(args.input, key_file=args.key_file, out=sys.stdout, err=sys.stderr)


def _cmd_manage(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhusan manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhusan", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="(re)create the demo database and serve it")
    demo.add_argument(
        "--families",
        type=int,
        default=None,
        help="number of families (default: the programme's real size)",
    )
    demo.add_argument("--seed", type=int, default=2019)
    demo.add_argument("--no-serve", action="store_true")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(func=_cmd_demo)

    serve = sub.add_parser("serve", help="serve the database in ZHUSAN_HOME")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=_cmd_serve)

    law = sub.add_parser("law", help="the legal rules engine")
    law_sub = law.add_subparsers(dest="law_command", required=True)
    evaluate = law_sub.add_parser("evaluate", help="assess a legal facts document (JSON)")
    evaluate.add_argument("facts", help="path to FACTS.json, or - for standard input")
    evaluate.set_defaults(func=_cmd_law)
    assess = law_sub.add_parser(
        "assess", help="assess a population: JSON Lines or Parquet of facts documents, in bulk"
    )
    assess.add_argument(
        "input", nargs="?", help="FACTS.jsonl (- for standard input) or FACTS.parquet"
    )
    assess.add_argument(
        "--database",
        action="store_true",
        help="every convicted person in ZHUSAN_HOME's database (or DATABASE_URL), audited",
    )
    assess.add_argument("--as-of", default=None, help="with --database: the date (default today)")
    assess.add_argument(
        "--out", default=None, help="RESULTS.csv or .parquet (default: CSV on stdout)"
    )
    assess.set_defaults(func=_cmd_law_assess)

    link = sub.add_parser("link", help="batch identity resolution of a CSV of records")
    link.add_argument("input")
    link.add_argument("--out", default=None, help="CLUSTERS.csv (default: standard output)")
    link.add_argument("--pairs", default=None, help="PAIRS.csv with match probabilities")
    link.add_argument(
        "--engine", choices=["duckdb", "spark"], default="duckdb", help="scoring engine"
    )
    link.add_argument(
        "--spark-master",
        default=None,
        help="Spark master URL (default: spark-submit's, else $MASTER, else local[2])",
    )
    link.set_defaults(func=_cmd_link)

    stats = sub.add_parser("stats", help="the official indicators over the current database")
    stats.add_argument("--json", action="store_true")
    stats.add_argument(
        "--as-of", dest="as_of", metavar="DATE", help="reference date (default today)"
    )
    stats.add_argument(
        "--from", dest="start", metavar="DATE", help="start of the period (period indicators)"
    )
    stats.add_argument("--indicator", metavar="NAME", help="one indicator (default: all)")
    stats.add_argument(
        "--by",
        action="append",
        metavar="FIELD",
        help="breakdown (repeat for two, or 'none' for the total; default: the catalogue's)",
    )
    stats.add_argument(
        "--protect",
        action="store_true",
        help="apply disclosure control, as for anything published (default: exact figures)",
    )
    stats.add_argument("--lang", default="en", choices=["en", "ru", "kk"])
    stats.add_argument(
        "--snapshot",
        action="store_true",
        help="compute the dashboard's tables ahead of time (run from cron on large registries)",
    )
    stats.add_argument(
        "--reconcile",
        action="store_true",
        help="the published figures beside the records, with each difference explained",
    )
    stats.set_defaults(func=_cmd_stats)

    worker = sub.add_parser("worker", help="run background jobs (large exports)")
    worker.set_defaults(func=_cmd_worker)

    audit = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="check the hash chain")
    verify.set_defaults(func=_cmd_audit)

    key_help = "file holding the key or passphrase (default: $ZHUSAN_BACKUP_KEY)"
    backup = sub.add_parser("backup", help="write an encrypted backup of the whole database")
    backup.add_argument("out", help="the backup file to write, e.g. zhusan-2026-11-24.zhb")
    backup.add_argument("--key-file", default=None, help=key_help)
    backup.set_defaults(func=_cmd_backup)

    restore = sub.add_parser("restore", help="restore a backup onto an empty, migrated database")
    restore.add_argument("input", help="the backup file to read")
    restore.add_argument("--key-file", default=None, help=key_help)
    restore.set_defaults(func=_cmd_restore)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
