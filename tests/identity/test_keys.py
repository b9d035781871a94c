"""The folded keys make the spellings of one name meet and keep different names apart."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhusan.identity.keys import fold, skeleton, token_keys


@pytest.mark.parametrize(
    "spelling",
    ["Айтқалиева", "Айткалиева", "Aitkalieva", "Aytqaliyeva", "Aıtqalıeva", "AITKALIEVA"],
)
def test_the_spellings_of_one_surname_fold_to_one_key(spelling):
    assert fold(spelling) == fold("Айтқалиева")


def test_fold_keeps_tokens_in_order_with_single_spaces():
    assert fold("  Тоқаев,   Қасым-Жомарт ") == "tokaev kasimjomart"


def test_fold_repairs_latin_look_alikes_inside_a_cyrillic_word():
    assert fold("Аcель") == fold("Асель") == fold("Assel")


def test_fold_keeps_different_names_apart():
    assert fold("Серік") != fold("Серікбол")
    assert fold("Айгерім") != fold("Айгүл")


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Серікұлы", "Serikovich"),
        ("Серікқызы", "Серіковна"),
        ("Serik uly", "Серікович"),
        ("Тоқаев", "Tokayev"),
        ("Жанбулатова", "Dzhanbulatov"),
    ],
)
def test_token_keys_strip_patronymic_and_surname_endings(left, right):
    assert token_keys(left) == token_keys(right)


def test_token_keys_and_skeleton_of_empty_input_are_empty():
    assert token_keys("") == []
    assert skeleton("") == ""


@given(st.text())
def test_every_key_function_takes_any_string(text):
    key = fold(text)
    assert key.isascii()
    assert key == " ".join(key.split())
    for token in token_keys(text):
        assert token.isascii() and token and " " not in token
        assert skeleton(token).isascii()
