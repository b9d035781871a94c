"""Siblings and parents are never one person; blocking reaches renamed children and typos."""

from zhusan.identity.blocking import record_blocking_keys
from zhusan.identity.clustering import cannot_link, cluster
from zhusan.identity.comparisons import alias_level
from zhusan.identity.records import PersonRecord, features


def rec(rid, name, birth="", sex="", alias=()):
    return features(
        PersonRecord(record_id=rid, full_name=name, birth_date=birth, sex=sex, aliases=alias)
    )


def meet(a, b):
    return set(record_blocking_keys(a)) & set(record_blocking_keys(b))


# Siblings: same surname, patronymic, sex and year; similar given names the lexicon does not
# tell apart (Айтбай is not in it), birth dates four days apart.
BROTHER = ("Сейтқалиев Райбай Серікұлы", "2015-03-15")
SIBLING = ("Сейтқалиев Айтбай Серікұлы", "2015-03-19")


def test_siblings_with_similar_given_names_and_different_birth_days_cannot_link():
    a = rec("a", *BROTHER, sex="M")
    b = rec("b", *SIBLING, sex="M")
    assert cannot_link(a, b) == "names and full birth dates both differ (siblings)"


def test_siblings_stay_apart_even_when_scored_as_a_certain_match():
    records = {
        "a": rec("a", *BROTHER, sex="M"),
        "b": rec("b", *SIBLING, sex="M"),
        "c": rec("c", "Seitqaliev Raibai", "2015-03-15", "M"),
    }
    clusters = cluster(records, [("a", "b", 0.999), ("a", "c", 0.99)])
    assert clusters["a"] != clusters["b"]
    assert clusters["a"] == clusters["c"]


def test_a_father_is_not_merged_with_a_son_whose_patronymic_is_his_given_name():
    father = rec("f", "Nusup Anarbaev", "", "M")
    son = rec("s", "Анарбаев Нусип Нұсупұлы", "2013-06-09", "M")
    assert cannot_link(father, son) == (
        "one name has a given name the other lacks (parent or sibling)"
    )


def test_real_variants_still_link():
    # Kazakh Cyrillic and passport Latin; one record knows only the month of birth.
    assert (
        cannot_link(
            rec("a", "Айтқалиева Аружан", "1990-05-14", "F"),
            rec("b", "Aitkalieva Aruzhan", "1990-05", "F"),
        )
        is None
    )
    # A patronymic -ұлы written as a Russian surname with Дж for Ж, a day apart.
    assert (
        cannot_link(
            rec("a", "Жанболатұлы Ерлан", "1985-02-10", "M"),
            rec("b", "Джанбулатов Ерлан", "1985-02-11", "M"),
        )
        is None
    )
    # The same name under our keys survives a wrong month; a typo survives a day/month swap.
    assert (
        cannot_link(
            rec("a", "Айтқалиева Аружан", "1990-05-14"),
            rec("b", "Aytqaliyeva Aruzhan", "1990-07-14"),
        )
        is None
    )
    assert (
        cannot_link(
            rec("a", "Сейтқалиев Райбай Серікұлы", "2015-03-04"),
            rec("b", "Сейтқалиев Раибай", "2015-04-03"),
        )
        is None
    )


def test_a_civil_alias_meets_the_other_name_of_a_renamed_child():
    renamed = rec("a", "Меңдібай Айсауытов", "", "M", alias=("Ибрахим Айсауытов",))
    assert meet(renamed, rec("b", "Айсауытов Ибрахим Акжолович", "2019-05-01", "M"))


def test_a_typo_in_each_of_two_long_tokens_still_meets():
    # Абдишукир / Äbışükır loses its д, Айшыкв / Aişyqov its о: one edit in each token.
    a = rec("a", "Абдишукир Айшыкв", "2016-01-06", "M")
    b = rec("b", "Äbışükır Aişyqov", "", "M")
    assert meet(a, b)


def test_an_alias_only_record_meets_a_civil_record_born_a_day_later():
    kunya = rec("a", "Умм Арбол аль-Казахи", "1982-01-19", "F")
    assert meet(kunya, rec("b", "Конаева Зейнегул Ахмедияркызы", "1982-01-18", "F"))
    assert meet(kunya, rec("c", "Zeinegül Qonaeva", "1983-01-19", "F"))


def test_an_alias_record_without_a_birth_date_meets_a_dated_one_with_that_alias():
    dateless = rec("a", "Umm Azhargul", "", "F")
    assert meet(dateless, rec("b", "Аюпова Жалила", "1977-07-22", "F", alias=("Умм Ажаргүл",)))


def test_a_pair_with_only_a_near_birth_date_never_merges_on_its_own():
    records = {
        "kunya": rec("kunya", "Умм Арбол аль-Казахи", "1982-01-19", "F"),
        "civil": rec("civil", "Конаева Зейнегул", "1982-01-18", "F"),
    }
    assert cluster(records, [("kunya", "civil", 0.95)]) == {"kunya": "kunya", "civil": "civil"}
    # A third record carrying the name and the alias joins both.
    records["both"] = rec("both", "Зейнегүл Қонаева", "1982-01-18", "F", alias=("Umm Arbol",))
    edges = [("kunya", "civil", 0.95), ("kunya", "both", 0.9), ("civil", "both", 0.99)]
    assert set(cluster(records, edges).values()) == {"kunya"}


def test_an_alias_agrees_with_a_civil_name_that_adds_a_patronymic():
    renamed = rec("a", "Zinira Burkhanova", "2019-10-12", "F", alias=("Khafsa Burkhanova",))
    other = rec("b", "Бурханова Хафса Андасовна", "2019-10-12", "F")
    assert alias_level(renamed, other) == 2
    assert cannot_link(renamed, other) is None
