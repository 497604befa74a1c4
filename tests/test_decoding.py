"""Decoding page files: every encoding Chinese pages come in, damaged and
binary files, and arbitrary bytes (hypothesis)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperarchive.decoding import decode

from .conftest import SEEDS

PAGE = (SEEDS / "000_fb5bc286347f2f36.txt").read_text(encoding="utf-8")
TRADITIONAL = "這是香港報紙的版面。本報訊（記者 陳大文）昨日，特區政府公布新一份施政報告，提出多項措施支援中小企業，並加快北部都會區發展。" * 5


GBK_PAGE = PAGE.replace("□", "").replace("\u3000", " ")  # GBK lacks a few of the page's characters
CRLF_PAGE = PAGE.replace("\n", "\r\n")


@pytest.mark.parametrize(
    "data, encoding, text",
    [
        (PAGE.encode("utf-8"), "utf-8", PAGE),
        (codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8-sig", PAGE),
        (PAGE.encode("utf-16"), "utf-16", PAGE),  # with BOM, as Windows Notepad saves
        (PAGE.encode("utf-16-le"), "utf-16-le", PAGE),  # without BOM
        (PAGE.encode("utf-16-be"), "utf-16-be", PAGE),
        (PAGE.encode("utf-32"), "utf-32", PAGE),
        (PAGE.encode("gb18030"), "gb18030", PAGE),
        (GBK_PAGE.encode("gbk"), "gb18030", GBK_PAGE),  # GBK ⊂ GB18030
        (CRLF_PAGE.encode("utf-8"), "utf-8", CRLF_PAGE),  # line ends kept as they are
    ],
    ids=["utf-8", "bom", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "gbk", "crlf"],
)
def test_every_encoding_of_a_real_page_gives_the_same_text(data: bytes, encoding: str, text: str):
    decoded = decode(data)
    assert (decoded.text, decoded.encoding, decoded.problem, decoded.skipped) == (text, encoding, None, None)


def test_big5_from_hong_kong_and_taiwan():
    decoded = decode(TRADITIONAL.encode("big5"))
    assert (decoded.text, decoded.encoding) == (TRADITIONAL, "big5")


def test_a_declared_encoding_wins_and_a_wrong_one_is_reported():
    text = "重庆日报"  # too short for detection to be sure
    assert decode(text.encode("gbk"), "gbk").text == text
    wrong = decode(PAGE.encode("utf-8"), "big5")
    assert wrong.text == PAGE and wrong.encoding == "utf-8" and "not valid big5 as declared" in wrong.problem


def test_a_few_broken_bytes_in_utf8_are_replaced_and_counted():
    data = PAGE.encode("utf-8")
    decoded = decode(data[:5000] + b"\xff\xfe" + data[5000:])
    assert decoded.encoding == "utf-8" and decoded.text.count("\ufffd") == 2
    assert "2 undecodable byte(s)" in decoded.problem and "line 63" in decoded.problem
    assert decoded.text.replace("\ufffd", "") == PAGE


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,  # no text encoding reads this
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 200 + bytes(range(40)) * 20,
        ("abc\x00" * 100).encode("ascii"),  # valid UTF-8, but NUL every fourth byte
    ],
    ids=["bytes", "png", "elf", "nul"],
)
def test_binary_files_are_skipped_not_shown_as_garbage(data: bytes):
    decoded = decode(data)
    assert decoded.skipped and "not a text file" in decoded.skipped and decoded.text == ""


def test_empty_file_is_empty_text():
    assert decode(b"").text == "" and decode(b"").skipped is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_skipped(data: bytes):
    decoded = decode(data)
    assert isinstance(decoded.text, str) and decoded.encoding
    assert (decoded.skipped is None) or decoded.text == ""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=500))
def test_any_utf8_text_comes_back_unchanged(text: str):
    decoded = decode(text.encode("utf-8"))
    assert decoded.text == text.removeprefix("\ufeff") and decoded.skipped is None
