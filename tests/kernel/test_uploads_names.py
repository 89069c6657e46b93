"""Display names are sanitised; storage names are random and never come from the browser."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from resursnaya_sreda.kernel.uploads import DOCX, JPEG, PDF, PNG, RandomPath, sanitise_display_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\config", "config"),
        ("C:\\Users\\Иван\\Desktop\\отчёт.pdf", "отчёт.pdf"),
        ("/var/www/../../.bashrc", "bashrc"),
        ("...", "файл"),
        ("", "файл"),
    ],
)
def test_only_the_last_path_component_survives(raw, expected):
    assert sanitise_display_name(raw) == expected


def test_control_and_invisible_characters_are_removed():
    # A right-to-left override would make «photo\u202egpj.exe» look like «photoexe.jpg».
    assert sanitise_display_name("photo\u202egpj.exe") == "photogpj.exe"
    assert sanitise_display_name("отчёт\x00\x07\n\t2024.pdf") == "отчёт2024.pdf"
    assert sanitise_display_name("zero\u200bwidth.pdf") == "zerowidth.pdf"


def test_characters_windows_refuses_become_underscores():
    assert sanitise_display_name('Протокол: "итоги" <1>?.docx') == "Протокол_ _итоги_ _1__.docx"


def test_long_cyrillic_names_are_trimmed_at_a_word_with_the_extension_kept():
    raw = ("Протокол заседания экспертной комиссии " * 10).strip() + ".pdf"
    assert len(raw) > 300
    name = sanitise_display_name(raw, kind=PDF)
    assert len(name) <= 120
    assert name.endswith("….pdf")
    stem = name.removesuffix("….pdf")
    assert raw.startswith(stem)
    assert raw[len(stem)] == " "  # cut between words, not inside one


def test_a_single_long_word_is_cut_hard():
    name = sanitise_display_name("Ы" * 300 + ".docx")
    assert len(name) == 120
    assert name.endswith("….docx")


def test_the_extension_follows_the_content():
    assert sanitise_display_name("photo.jpg", kind=PNG) == "photo.png"
    assert sanitise_display_name("scan.JPEG", kind=JPEG) == "scan.jpeg"
    assert sanitise_display_name("Анкета", kind=DOCX) == "Анкета.docx"
    assert sanitise_display_name("Протокол 12.05", kind=PDF) == "Протокол 12.05.pdf"
    assert sanitise_display_name("отчёт.exe", kind=PDF) == "отчёт.exe.pdf"


def test_whitespace_is_collapsed_and_nfc_normalised():
    decomposed = "и\u0306"  # «й» typed as «и» + combining breve
    assert sanitise_display_name(f"  мо{decomposed}   файл  .pdf ") == "мой файл.pdf"


def test_random_path_ignores_the_sent_name_but_keeps_a_safe_extension():
    path = RandomPath("news/covers")(None, "../../etc/passwd.JPG")
    today = timezone.localdate()
    assert re.fullmatch(rf"news/covers/{today:%Y/%m/%d}/[0-9a-f]{{32}}\.jpg", path), path


def test_random_paths_differ_for_the_same_name():
    make = RandomPath("x")
    assert make(None, "a.pdf") != make(None, "a.pdf")


def test_random_path_drops_an_extension_with_odd_characters():
    path = RandomPath("x")(None, "evil.p$p")
    assert re.fullmatch(r"x/\d{4}/\d{2}/\d{2}/[0-9a-f]{32}", path), path
