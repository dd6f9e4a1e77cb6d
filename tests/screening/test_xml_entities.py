"""XML list files with a DTD or entity declarations are refused by the parser, wherever they sit.

Official list files never carry a DOCTYPE. One that does is refused with a ListFormatError
naming the file, whether the DOCTYPE comes after 70 KiB of comments, the file is UTF-16, the
entities are a "billion laughs" or an external entity (file:///etc/passwd), in every XML
format (UN, OFAC, EU FSF); `lists import` exits 2 with one line and imports nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists import load_list

LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
FIXTURES = LISTS / "xml_entities"
REFUSED = "refusing an XML file with a DTD or entity declarations"
UN_ATTACKS = ["un_doctype_after_70k.xml", "un_utf16_entity.xml", "un_billion_laughs.xml",
              "un_external_entity.xml"]
#: format -> a clean file of it, to derive attacks from
BASES = {
    "un_xml": LISTS / "un_handmade.xml",
    "ofac_xml": LISTS / "samples" / "ofac_sdn_xml_2020-04-22_secondhand_excerpt.xml",
    "eu_fsf_xml": LISTS / "eu_fsf_handmade.xml",
}
LAUGHS = '<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
#: attack -> (internal DTD, padding before it, encoding)
ATTACKS: dict[str, tuple[str, str, str]] = {
    "after_70k_of_comments": ('[<!ENTITY e "x">]', "<!-- pad -->\n" * 5600, "utf-8"),
    "after_70k_of_whitespace": ('[<!ENTITY e "x">]', " \n" * 36000, "utf-8"),
    "across_a_read_boundary": ('[<!ENTITY e "x">]', "PAD", "utf-8"),
    "utf16_le_entity": ('[<!ENTITY e "x">]', "", "utf-16"),
    "utf16_be_entity": ('[<!ENTITY e "x">]', "", "utf-16-be"),
    "billion_laughs": (f"[{LAUGHS}<!ENTITY e \"&lol9;\">]", "", "utf-8"),
    "external_entity": ('[<!ENTITY e SYSTEM "file:///etc/passwd">]', "", "utf-8"),
    "external_dtd": ('SYSTEM "file:///etc/passwd"', "", "utf-8"),
    "parameter_entity": ('[<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]', "", "utf-8"),
}


def _attack(fmt: str, attack: str, tmp_path: Path) -> Path:
    """The clean file of ``fmt`` with a DOCTYPE in its prolog and ``&e;`` in its root tag."""
    dtd, pad, encoding = ATTACKS[attack]
    text = BASES[fmt].read_text(encoding="utf-8")
    declaration, _, body = text.partition("?>")
    root = re.search(r"<(\w+)", body)
    assert declaration.startswith("<?xml") and root is not None
    if pad == "PAD":  # "<!DOCTYPE" split over iterparse's 16 KiB reads
        pad = " " * (16 * 1024 - len(declaration) - 2 - 4)
    body = body[:root.end()] + ' note="&e;"' + body[root.end():]
    if encoding != "utf-8":
        declaration = re.sub(r'encoding="[^"]*"', 'encoding="UTF-16"', declaration)
    doc = f"{declaration}?>{pad}<!DOCTYPE {root.group(1)} {dtd}>{body}"
    path = tmp_path / f"{fmt}_{attack}.xml"
    data = doc.encode(encoding)
    path.write_bytes(b"\xfe\xff" + data if encoding == "utf-16-be" else data)
    return path


def run(*args: str | Path, lists_dir: Path) -> subprocess.CompletedProcess[str]:
    # none of a user's settings, but the test session's own cache and lists directories
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRICING_ENGINE_")
           or k in ("PRICING_ENGINE_CACHE", "PRICING_ENGINE_LISTS_DIR")}
    env["PRICING_ENGINE_LISTS_DIR"] = str(lists_dir)
    return subprocess.run([sys.executable, "-m", "pricing_engine", *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env, check=False)


@pytest.mark.parametrize("name", UN_ATTACKS)
def test_un_fixture_is_refused_naming_the_file(name: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ListFormatError) as caught:
        load_list("un_xml", path)
    assert str(caught.value).startswith(f"{path}:") and REFUSED in str(caught.value)


@pytest.mark.parametrize("name", UN_ATTACKS)
def test_lists_import_exits_2_with_one_line_and_imports_nothing(name: str,
                                                                 tmp_path: Path) -> None:
    target = tmp_path / "lists"
    done = run("lists", "import", "un_xml", FIXTURES / name, "--dir", target,
               lists_dir=target)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and str(FIXTURES / name) in lines[0] and REFUSED in lines[0]
    assert not target.exists() or not any(target.iterdir())


@pytest.mark.parametrize("attack", sorted(ATTACKS))
@pytest.mark.parametrize("fmt", sorted(BASES))
def test_every_xml_format_refuses_every_dtd(fmt: str, attack: str, tmp_path: Path) -> None:
    path = _attack(fmt, attack, tmp_path)
    with pytest.raises(ListFormatError) as caught:
        load_list(fmt, path)
    assert str(caught.value).startswith(f"{path}:") and REFUSED in str(caught.value)


def test_the_clean_bases_load() -> None:
    # the attacks differ from a loadable file by their DOCTYPE only
    for fmt, base in BASES.items():
        assert load_list(fmt, base).entities


def test_ofac_import_of_an_attack_exits_2(tmp_path: Path) -> None:
    path = _attack("ofac_xml", "utf16_le_entity", tmp_path)
    target = tmp_path / "lists"
    done = run("lists", "import", "ofac_xml", path, "--dir", target, lists_dir=target)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and REFUSED in done.stderr


def test_a_doctype_after_the_root_element_is_malformed(tmp_path: Path) -> None:
    text = BASES["un_xml"].read_text(encoding="utf-8")
    path = tmp_path / "late.xml"
    path.write_text(text.replace("<INDIVIDUALS>", '<INDIVIDUALS><!DOCTYPE x [<!ENTITY e "x">]>',
                                 1), encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"late\.xml:\d+: malformed XML"):
        load_list("un_xml", path)
    path.write_text(text + '<!DOCTYPE x [<!ENTITY e "x">]>', encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"late\.xml:\d+: malformed XML"):
        load_list("un_xml", path)


def test_an_undeclared_entity_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "undeclared.xml"
    text = BASES["un_xml"].read_text(encoding="utf-8")
    path.write_text(text.replace("<FIRST_NAME>ALI<", "<FIRST_NAME>&e;<", 1), encoding="utf-8")
    with pytest.raises(ListFormatError, match="undefined entity"):
        load_list("un_xml", path)


def test_a_utf16_file_without_a_dtd_still_loads() -> None:
    clean = load_list("un_xml", LISTS / "un_handmade.xml")
    utf16 = load_list("un_xml", FIXTURES / "un_utf16_clean.xml")
    assert (FIXTURES / "un_utf16_clean.xml").read_bytes()[:2] == b"\xff\xfe"
    assert utf16.entities == clean.entities and len(utf16.entities) == 2
    assert utf16.info.published == clean.info.published


def test_an_empty_file_is_a_list_format_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match=r"empty\.xml:1: malformed XML"):
        load_list("un_xml", empty)
