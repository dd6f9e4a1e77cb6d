"""``pricing-engine proposal render`` through the real console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DE_FR, DESCRIPTIONS, visible_text


def _run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", *map(str, args)],
                          capture_output=True, input=stdin, timeout=120, check=False)


@pytest.mark.parametrize("locale", ["fr_FR", "fr-FR"])
def test_render_writes_the_document_in_the_locale(tmp_path: Path, locale: str) -> None:
    out = tmp_path / "proposal.html"
    done = _run("proposal", "render", DE_FR, "--locale", locale, "--out", out,
                "--descriptions", DESCRIPTIONS, "--valid-days", "45")
    assert done.returncode == 0, done.stderr
    text = visible_text(out.read_text(encoding="utf-8"))
    assert "Autoliquidation" in text and "Pompe centrifuge" in text
    assert "Valable jusqu’au 4 janvier 2027" in text  # 2026-11-20 + 45 days
    assert "33\u202f600,00\xa0€" in text
    assert done.stdout == b""


def test_an_out_in_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "nodir" / "proposal.html"
    done = _run("proposal", "render", DE_FR, "--out", out)
    assert done.returncode == 2, done.stderr
    assert f"{out}: cannot write: No such file or directory" in done.stderr.decode()
    assert b"internal error" not in done.stderr and not out.parent.exists()


def test_stdin_is_read_with_a_dash(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    done = _run("proposal", "render", "-", "--locale", "de_DE", "--out", out,
                stdin=DE_FR.read_bytes())
    assert done.returncode == 0, done.stderr
    assert "Steuerschuldnerschaft des Leistungsempfängers" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (("--locale", "xx-YY", "--out", "p.html"), b"unknown locale 'xx-YY'"),
    (("--out", "p.txt"), b"give a file ending in .html or .pdf"),
    (("--out", "p.html", "--valid-days", "0"), b"--valid-days"),
    (("--out", "p.html", "--descriptions", "missing.yaml"), b"missing.yaml"),
])
def test_bad_usage_is_exit_2_and_writes_nothing(tmp_path: Path, args: tuple[str, ...],
                                                message: bytes) -> None:
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "proposal", "render",
                           str(DE_FR), *args], cwd=tmp_path, capture_output=True, timeout=120,
                          check=False)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert b"Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bad_proposal_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(DE_FR.read_text(encoding="utf-8").replace("quantity: 6", "quantity: -6"),
                   encoding="utf-8")
    done = _run("proposal", "render", bad, "--out", tmp_path / "p.html")
    assert done.returncode == 2
    assert b"bad.yaml:" in done.stderr and b"quantity" in done.stderr
    assert not (tmp_path / "p.html").exists()


def test_pdf_without_chromium_is_a_clear_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRICING_ENGINE_CHROMIUM", str(tmp_path / "no-chromium"))
    done = _run("proposal", "render", DE_FR, "--out", tmp_path / "p.pdf")
    assert done.returncode == 2
    assert b"Chromium not found" in done.stderr
    assert not (tmp_path / "p.pdf").exists()
