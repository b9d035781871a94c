"""Clustering never chains siblings or people of different sex into one person."""

from zhusan.identity.clustering import cannot_link, cluster
from zhusan.identity.records import PersonRecord, features


def rec(rid, name, birth="", sex=""):
    return features(PersonRecord(record_id=rid, full_name=name, birth_date=birth, sex=sex))


def test_a_chain_through_a_vague_record_does_not_join_two_sisters():
    records = {
        "a": rec("a", "Айтқалиева Аружан Серікқызы", "2015-05-01", "F"),
        "vague": rec("vague", "Айтқалиева", "2015", "F"),
        "b": rec("b", "Айтқалиева Динара Серікқызы", "2015-05-01", "F"),
    }
    edges = [("a", "vague", 0.9), ("vague", "b", 0.8)]
    clusters = cluster(records, edges)
    assert clusters["a"] != clusters["b"]
    assert clusters["vague"] == clusters["a"]


def test_every_record_gets_a_cluster_even_without_edges():
    records = {"x": rec("x", "Серік"), "y": rec("y", "Ержан")}
    assert cluster(records, []) == {"x": "x", "y": "y"}


def test_cannot_link_names_its_reason():
    assert cannot_link(rec("1", "Серік", sex="M"), rec("2", "Серік", sex="F")) == "different sex"
    assert "birth" in cannot_link(rec("1", "Серік", "1980"), rec("2", "Серік", "1990"))
    assert "birth" in cannot_link(rec("1", "Серік", "2015-03-04"), rec("2", "Серік", "2016-07-20"))
    assert cannot_link(rec("1", "Серік", "2015-03-04"), rec("2", "Serik", "2015-04-03")) is None


def test_twins_with_close_known_given_names_are_never_merged():
    a = rec("a", "Байжанбаев Абдинұр Абдисейітұлы", "2015-03-06", "M")
    b = rec("b", "Байжанбаев Абди Абдисейітұлы", "2015-03-06", "M")
    assert cannot_link(a, b) == "a name token disagrees (sibling safety)"


def test_a_father_is_not_merged_with_the_son_whose_patronymic_is_his_name():
    father = rec("f", "Beiımbet Aisauytov", "1973-09-25", "M")
    son = rec("s", "Айсауытов Аймұрат Бейімбетұлы", "", "M")
    assert cannot_link(father, son) == (
        "one name has a given name the other lacks (parent or sibling)"
    )


def test_a_name_without_its_patronymic_still_links():
    assert (
        cannot_link(rec("a", "Айгерім Смағұлова"), rec("b", "Смағұлова Айгерім Серікқызы")) is None
    )
