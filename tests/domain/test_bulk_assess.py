"""`zhusan law assess --database`: every convicted person assessed at once, the file audited.

Here rather than in tests/law so that it runs on PostgreSQL too.
"""

import csv
import getpass
import io

from zhusan.law import evaluate


def test_assess_database_writes_each_convicted_person_and_audits_it(convicted, tmp_path) -> None:
    import datetime as dt

    from zhusan.audit.models import AuditEvent, AuditEventType
    from zhusan.justice.bulk import assess_database_command
    from zhusan.justice.facts import facts_for

    target = tmp_path / "results.csv"
    out, err = io.StringIO(), io.StringIO()
    as_of = dt.date(2026, 11, 24)
    assert assess_database_command(as_of, str(target), out, err) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    person = convicted.person
    assert [row["person"] for row in rows] == [str(person.public_id)]
    for measure in evaluate(facts_for(person, as_of))["measures"]:
        assert rows[0][measure["measure"]] == measure["outcome"]
        assert rows[0][f"{measure['measure']}_earliest"] == (measure["earliest_date"] or "")
    event = AuditEvent.objects.filter(type=AuditEventType.ASSESSMENTS_WRITTEN).get()
    assert event.new == {
        "as_of": "2026-11-24",
        "persons": 1,
        "left_out": 0,
        "file": str(target),
        "os_user": getpass.getuser(),
    }
    assert event.actor_label == "system"


def test_assess_database_names_and_leaves_out_a_document_the_law_refuses(convicted) -> None:
    import datetime as dt

    from zhusan.justice.bulk import assess_database_command

    out, err = io.StringIO(), io.StringIO()
    # As of a day before the sentence began: the facts reader refuses the document.
    assert assess_database_command(dt.date(2019, 12, 1), None, out, err) == 0
    assert len(out.getvalue().splitlines()) == 1  # the header only
    assert f"left out {convicted.person.public_id}: " in err.getvalue()


def test_the_console_script_wants_a_file_or_the_database(capsys) -> None:
    from zhusan.cli import main

    assert main(["law", "assess"]) == 2
    assert "give FACTS.jsonl, FACTS.parquet or --database" in capsys.readouterr().err
    assert main(["law", "assess", "--database", "--as-of", "24.11.2026"]) == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_the_documents_are_facts_for_each_latest_conviction_in_three_queries(
    convicted, prosecutor, django_assert_num_queries
) -> None:
    import datetime as dt

    from zhusan.justice import actions
    from zhusan.justice.facts import facts_for, facts_for_all

    person = convicted.person
    # An earlier conviction, for another article: the later one is the one assessed.
    earlier = actions.do_open_proceeding(
        prosecutor, person, opened_on=dt.date(2016, 1, 10), court="Aktau city court"
    )
    actions.do_add_charge(
        prosecutor, earlier, article="256", part="1", offence_date=dt.date(2015, 6, 1)
    )
    actions.do_record_verdict(
        prosecutor, earlier, verdict="convicted", verdict_date=dt.date(2016, 3, 1)
    )
    actions.do_record_sentence(
        prosecutor, earlier, kind="imprisonment", start_date=dt.date(2016, 3, 1), years=1
    )
    as_of = dt.date(2026, 11, 24)
    with django_assert_num_queries(3):
        found = list(facts_for_all(as_of))
    assert found == [(person, facts_for(person, as_of))]
    assert found[0][1]["offences"][0]["article"] == "257"
