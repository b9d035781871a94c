"""`zhusan link`: every row gets a cluster; a malformed file is refused whole."""

import csv
import io

from zhusan.identity.cli import link_command

HEADER = "record_id,source,full_name,birth_date,sex,alias,birth_place\n"
GOOD = HEADER + (
    "1,court,Айтқалиева Аружан Серікқызы,1990-03-12,F,,Қарағанды\n"
    "2,health,AITKALIEVA ARUZHAN,1990-03-12,F,,Karaganda\n"
    "3,security,Айткалиева Аружан Сериковна,1990-12-03,F,Умм Юсуф,\n"
    "4,ngo,Umm Yusuf al-Kazakhi,1990,F,,\n"
    "5,court,Серікбаев Ержан Серікұлы,1985-07-01,M,,\n"
)


def test_it_writes_a_cluster_for_every_row_and_the_pairs(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(GOOD, encoding="utf-8")
    out, pairs, err = tmp_path / "c.csv", tmp_path / "p.csv", io.StringIO()
    assert link_command(str(src), out=str(out), pairs=str(pairs), err=err) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["record_id"] for r in rows] == ["1", "2", "3", "4", "5"]
    cid = {r["record_id"]: r["cluster_id"] for r in rows}
    assert cid["1"] == cid["2"] == cid["3"] == cid["4"]
    assert cid["5"] != cid["1"]
    header = pairs.read_text(encoding="utf-8").splitlines()[0]
    assert header == "record_id_l,record_id_r,match_probability"
    assert "records" in err.getvalue()


def test_clusters_go_to_stdout_without_out(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text(GOOD, encoding="utf-8")
    assert link_command(str(src), out=None, pairs=None, err=io.StringIO()) == 0
    assert capsys.readouterr().out.splitlines()[0] == "record_id,cluster_id"


def test_a_malformed_file_is_refused_with_every_problem_and_nothing_written(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text(
        HEADER + "1,court,Серік,1990-02-30,F,,\n" + "1,court,Ержан,1990,X,,\n" + ",court,,85,,,\n",
        encoding="utf-8",
    )
    out, err = tmp_path / "c.csv", io.StringIO()
    assert link_command(str(src), out=str(out), pairs=None, err=err) == 2
    text = err.getvalue()
    assert "row 2, field birth_date" in text
    assert "row 3, field record_id" in text and "repeats row 2" in text
    assert "row 3, field sex" in text
    assert "row 4, field record_id: empty" in text
    assert "row 4, field full_name" in text
    assert "row 4, field birth_date" in text
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_a_file_without_the_required_columns_is_refused(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("id,name\n1,x\n", encoding="utf-8")
    err = io.StringIO()
    assert link_command(str(src), out=None, pairs=None, err=err) == 2
    assert "missing column(s) record_id, source, full_name, birth_date, sex" in err.getvalue()


def test_a_missing_file_is_refused(tmp_path):
    err = io.StringIO()
    assert link_command(str(tmp_path / "none.csv"), err=err) == 2
