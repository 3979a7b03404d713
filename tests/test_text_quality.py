"""The shared garbled-text check and the books decoder that uses it (issue 12: no mojibake kept)."""
import pytest

from pipeline.text_quality import MAX_GARBLED_FRACTION, garbled_reason
from sources.books.decode import UndecodableText, decode_book

FRENCH = "Il était une fois, à l'été, un garçon qui rêvait « d'écrire » — déjà.\n" * 200


def test_clean_text_and_a_stray_replacement_character_pass():
    assert garbled_reason(FRENCH) is None
    assert garbled_reason(FRENCH + "\ufffd") is None  # one in ~14000 characters


def test_replacement_and_c1_characters_over_the_threshold_are_named():
    assert garbled_reason(FRENCH.encode("cp1252").decode("utf-8", errors="replace")) == "replacement_characters"
    assert garbled_reason(FRENCH.encode("utf-8").decode("latin-1")) == "c1_control_characters"
    n = 10_000
    assert garbled_reason("a" * n + "\ufffd" * int(n * MAX_GARBLED_FRACTION)) is None
    assert garbled_reason("a" * n + "\ufffd" * (int(n * MAX_GARBLED_FRACTION) + 1)) == "replacement_characters"


def test_cp1252_declared_as_utf8_is_decoded_as_cp1252_not_kept_with_replacement_characters():
    raw = ("Character set encoding: UTF-8\n\n" + FRENCH + "\u201cquoted\u201d\n").encode("cp1252")
    text, encoding = decode_book(raw)
    assert encoding == "cp1252" and "\ufffd" not in text and "été" in text and "\u201cquoted\u201d" in text


def test_valid_utf8_already_full_of_replacement_characters_is_undecodable():
    damaged = FRENCH.encode("cp1252").decode("utf-8", errors="replace").encode("utf-8")
    with pytest.raises(UndecodableText, match="replacement_characters"):
        decode_book(damaged)


def test_a_utf8_book_stays_utf8():
    text, encoding = decode_book(FRENCH.encode("utf-8"))
    assert encoding == "utf-8" and text == FRENCH
