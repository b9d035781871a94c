"""Clustering never chains siblings or people of different sex into one person."""

from zhusan.identity.clustering import cannot_link, cluster, groups_conflict
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


def test_twins_each_written_alike_by_two_agencies_are_not_merged():
    # Ағлия is not in the lexicon, so only the two settled spellings tell the twins apart.
    records = {
        "a1": rec("a1", "Әлия Басымова", "2012-02-09", "F"),
        "a2": rec("a2", "Basymova Aliya", "2012-02-09", "F"),
        "g1": rec("g1", "Ағлия Басымова", "2012-02-09", "F"),
        "g2": rec("g2", "BASYMOVA AGLIIA", "2012-02-09", "F"),
    }
    edges = [("a1", "a2", 0.999), ("g1", "g2", 0.999), ("a1", "g1", 0.99), ("a2", "g2", 0.99)]
    clusters = cluster(records, edges)
    assert clusters["a1"] == clusters["a2"] != clusters["g1"] == clusters["g2"]


def test_one_agencys_typo_does_not_stop_a_merge():
    records = {
        "a1": rec("a1", "Әлия Басымова", "2012-02-09", "F"),
        "a2": rec("a2", "Basymova Aliya", "2012-02-09", "F"),
        "typo": rec("typo", "Ағлия Басымова", "2012-02-09", "F"),
    }
    clusters = cluster(records, [("a1", "a2", 0.999), ("a1", "typo", 0.99)])
    assert len(set(clusters.values())) == 1


MARIA = [
    ("m1", "Тен Мария Святополковна", "2013-11-26"),
    ("m2", "Maria Ten", "2013-11-26"),
    ("m3", "TEN MARIIA", "2013-11-26"),
]


def maria(*rows):
    return [rec(rid, name, birth, "F") for rid, name, birth in rows]


def test_one_mistyped_record_does_not_keep_a_persons_groups_apart():
    # "Маия" is another known name: only the pairs of that one record disagree.
    typo = ("typo", "Маия Тен Святополковна", "2013-11-27")
    others = maria(("m4", "Мария Тен", "2013-11-26"), ("m5", "Mariia Ten", "2013-11-26"))
    assert not groups_conflict(maria(*MARIA, typo), others)


def test_a_lone_record_with_another_name_is_never_outvoted():
    sister = maria(("sister", "Маия Тен Святополковна", "2013-11-26"))
    assert groups_conflict(sister, maria(*MARIA))


def test_a_typo_is_not_excused_when_the_birth_days_differ_in_one_month():
    typo = ("typo", "Маия Тен Святополковна", "2013-11-26")
    others = maria(("m4", "Мария Тен", "2013-11-22"), ("m5", "Mariia Ten", "2013-11-22"))
    assert groups_conflict(maria(*MARIA, typo), others)


def test_a_dateless_name_beside_a_son_named_after_his_father_is_left_for_a_person():
    son = rec("a", "Сатпаев Айзат Айзатұлы", "2010-05-01", "M")
    dateless = rec("b", "Satpaev Aizat", sex="M")
    assert son.named_after_father
    assert "named after his father" in cannot_link(son, dateless)
    # With both birth dates the dates decide; with another patronymic nothing is ambiguous.
    assert cannot_link(son, rec("c", "Satpaev Aizat", "2010-05-01", "M")) is None
    assert cannot_link(rec("d", "Сатпаев Айзат Серікұлы", "2010-05-01", "M"), dateless) is None
    # The father's own record, with his own patronymic, is no more the son's when undated.
    father = rec("e", "Сатпаев Айзат Суинович", sex="M")
    assert "named after his father" in cannot_link(son, father)


def test_a_son_named_after_his_father_is_told_from_a_surname_made_of_the_fathers_name():
    assert rec("a", "Ли Аркадий Аркадиевич").named_after_father  # Аркадий → Аркадиевич
    assert not rec("b", "Нурланов Ержан Нурланович").named_after_father
    assert not rec("c", "Ахметов Нурлан Нурович").named_after_father


def test_an_undated_record_with_a_known_name_stays_apart_from_a_settled_close_spelling():
    # Жания (not on the list of known names) is written alike by three agencies; an undated
    # "Жана" (a known name) is her sister as likely as a typo. With a birth date it may join.
    records = {
        "a": rec("a", "Сейілова Жания Тұрдақынқызы", "2007-02-10", "F"),
        "b": rec("b", "Zhaniya Seiilova", "2007-02-10", "F"),
        "c": rec("c", "Сейилова Жания", "2007-02-10", "F"),
        "undated": rec("undated", "Жана Сейилова", "", "F"),
        "dated": rec("dated", "Жана Сейилова", "2007-02-10", "F"),
    }
    edges = [("a", "b", 0.99), ("b", "c", 0.99), ("a", "c", 0.99), ("c", "undated", 0.9)]
    clusters = cluster(records, edges)
    assert clusters["undated"] != clusters["a"] == clusters["b"] == clusters["c"]
    assert cluster(records, [*edges[:3], ("c", "dated", 0.9)])["dated"] == clusters["a"]


def test_an_undated_father_is_not_merged_with_the_son_whose_patronymic_is_his_name():
    father = rec("f", "Атабеков Айтемир Алауевич", "", "M")
    son = rec("s", "Атабеков Атабек Айтемирович", "2009-05-09", "M")  # Атабек, like the surname
    assert "patronymic" in cannot_link(father, son)
    # A surname in the patronymic form is not a patronymic: one woman in two spellings.
    assert (
        cannot_link(rec("a", "Сүлейменқызы Айбүбі", "", "F"), rec("b", "Айбүбі Сүлейменова"))
        is None
    )
    # With both birth dates the years decide.
    assert "patronymic" not in (cannot_link(rec("f", "Атабеков Айтемир", "1980-01-02"), son) or "")


def test_a_record_merged_with_a_twin_a_hair_too_early_moves_to_the_group_that_spells_it():
    from collections import Counter

    from zhusan.identity.clustering import _Group, _move_to_own_spelling, _own_tokens

    records = {
        "aglia1": rec("aglia1", "Басымова Аглия Акбаевна", "2012-02-09", "F"),
        "aglia2": rec("aglia2", "Basymova Aghliya", "2012-02-09", "F"),
        "x": rec("x", "Басым Алия Акбаевна", "2012-02-09", "F"),
        "alia1": rec("alia1", "Басымова Әлия Ақбайқызы", "2012-02-09", "F"),
        "alia2": rec("alia2", "Basymova Aliya", "2012-02-09", "F"),
    }

    def group(*ids):
        return _Group(list(ids), Counter(t for i in ids for t in _own_tokens(records[i])), True)

    # x was merged into the group of Аглия (settled on her spelling) a hair before its own.
    aglia, alia = group("aglia1", "aglia2", "x"), group("alia1", "alia2")
    where = {"aglia1": aglia, "aglia2": aglia, "x": aglia, "alia1": alia, "alia2": alia}
    _move_to_own_spelling(records, where, [("x", "aglia2", 0.9995), ("x", "alia1", 0.998)])
    assert where["x"] is alia and alia.members == ["alia1", "alia2", "x"]
    assert aglia.members == ["aglia1", "aglia2"] and aglia.tokens["alia"] == 0
    # A lone record's group is its own, and a group that spells it as it does keeps it.
    where = {"aglia1": aglia, "aglia2": aglia, "x": alia, "alia1": alia, "alia2": alia}
    _move_to_own_spelling(records, where, [("x", "aglia2", 0.9995)])
    assert where["x"] is alia


def test_an_undated_record_as_near_two_sisters_born_years_apart_joins_neither():
    # Жания (2008) and a mistyped record of her sister Жанипа (2011), which reads "Джаниа":
    # the undated "Арынгазыева Жания" scores alike with both, and nothing tells which.
    records = {
        "x": rec("x", "Арынгазыева Жания Акбаевна", "", "F"),
        "elder1": rec("elder1", "Арынгазы Жания Акбаевна", "2008-06-04", "F"),
        "elder2": rec("elder2", "Арынғазыева Джания Ақбайқызы", "2008-06-04", "F"),
        "younger1": rec("younger1", "Джаниа Арынғазыева", "2011", "F"),
        "younger2": rec("younger2", "Арынгазыева Джанипа Акбаевна", "2011-06-17", "F"),
        "younger3": rec("younger3", "Арынгазы Жанипа", "2011-06-17", "F"),
    }
    edges = [
        ("younger2", "younger3", 0.9996),
        ("elder1", "elder2", 0.9978),
        ("x", "elder2", 0.99481),
        ("younger1", "x", 0.99480),
        ("younger1", "younger2", 0.9947),
        ("younger1", "younger3", 0.9947),
        ("x", "younger2", 0.982),
    ]
    clusters = cluster(records, edges)
    assert clusters["elder1"] == clusters["elder2"] != clusters["younger2"]
    assert clusters["younger1"] == clusters["younger2"] == clusters["younger3"]
    assert list(clusters.values()).count(clusters["x"]) == 1  # alone, for review
    # With the sister's pair far weaker, the undated record joins its person.
    edges = [e if "x" not in e[:2] or "elder2" in e[:2] else (*e[:2], 0.6) for e in edges]
    clusters = cluster(records, edges)
    assert clusters["x"] == clusters["elder1"] == clusters["elder2"] != clusters["younger1"]


def test_an_undated_name_between_a_father_and_the_son_named_after_him_joins_neither():
    records = {
        "x": rec("x", "Айсаев Әбдіманап", "", "M"),
        "father1": rec("father1", "Айсаев Абдиманап Абдиракымович", "1978-10-27", "M"),
        "father2": rec("father2", "Abdimanap Aisaev", "1978-10-28", "M"),
        "son1": rec("son1", "Айсаев Абдиманап Абдиманапович", "2013-06-20", "M"),
        "son2": rec("son2", "Айсаев Абдиманап Абдиманапович", "2013-06-20", "M"),
    }
    edges = [
        ("son1", "son2", 0.9999),
        ("father1", "father2", 0.999),
        ("x", "father2", 0.99),
        ("x", "son1", 0.985),
    ]
    clusters = cluster(records, edges)
    assert clusters["father1"] == clusters["father2"] != clusters["son1"]
    assert list(clusters.values()).count(clusters["x"]) == 1


def test_a_record_spelled_as_one_twin_waits_for_her_though_it_scores_nearer_the_other():
    records = {
        "aglia1": rec("aglia1", "Басымова Аглия Акбаевна", "2012-02-09", "F"),
        "aglia2": rec("aglia2", "Basymova Aghliya", "2012-02-09", "F"),
        "aglia3": rec("aglia3", "Ağliia Basymova", "2012-02-09", "F"),
        "x": rec("x", "Басым Алия Акбаевна", "2012-02-09", "F"),
        "alia": rec("alia", "Басымова Әлия Ақбайқызы", "2012-02-09", "F"),
    }
    edges = [
        ("aglia2", "aglia3", 0.9989),
        ("aglia1", "aglia3", 0.9988),
        ("aglia3", "x", 0.9986),  # a hair above her own twin's
        ("alia", "x", 0.9978),
        ("aglia1", "alia", 0.9923),
    ]
    clusters = cluster(records, edges)
    assert clusters["x"] == clusters["alia"] != clusters["aglia1"]
    assert clusters["aglia1"] == clusters["aglia2"] == clusters["aglia3"]
