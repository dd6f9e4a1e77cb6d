"""Names written to slip past a screener: invisible characters, spelt-out letters, a listed name
inside a longer one, names too long or empty. Each kind is tried on the real bundled lists
through the public API, and the limits through the installed ``pricing-engine screen``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.features import Evidence, score_evidence
from pricing_engine.screening.look_alike import latin_look_alike
from pricing_engine.screening.matcher import MAX_TOKENS, Matcher, token_windows
from pricing_engine.screening.normalize import normalize_name, visible
from pricing_engine.screening.result import (
    MAX_NAME_LENGTH,
    ScreeningConfig,
    ScreeningQuery,
    ScreeningResult,
)
from pricing_engine.screening.screener import Screener

TORNADO_CASH = "39796"  # OFAC SDN: TORNADO CASH
BANCO_NACIONAL = "306"  # OFAC SDN: BANCO NACIONAL DE CUBA
PUTIN = "35096"  # OFAC SDN: PUTIN, Vladimir Vladimirovich
EXE = shutil.which("pricing-engine", path=str(Path(sys.executable).parent)) or "pricing-engine"


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    return Screener.from_bundled(cache=Path(tmp_path_factory.mktemp("cache")))


def screen(screener: Screener, name: str) -> ScreeningResult:
    return screener.screen(ScreeningQuery(name=name))


def score_of(result: ScreeningResult, entry_id: str) -> float | None:
    return next((m.score for m in result.matches if m.entry_id == entry_id), None)


def between_letters(text: str, mark: str) -> str:
    return " ".join(mark.join(word) for word in text.split(" "))


# Characters nobody sees: format characters (Cf) and other default-ignorable code points.
INVISIBLE = {
    "zero-width space": "\u200b",
    "soft hyphen": "\u00ad",
    "zero-width joiner": "\u200d",
    "zero-width non-joiner": "\u200c",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "right-to-left override": "\u202e",
    "pop directional formatting": "\u202c",
    "first strong isolate": "\u2068",
    "byte order mark": "\ufeff",
    "word joiner": "\u2060",
    "variation selector 16": "\ufe0f",
    "variation selector 17": "\U000e0100",
    "tag latin small letter a": "\U000e0061",
    "combining grapheme joiner": "\u034f",
    "mongolian vowel separator": "\u180e",
    "hangul filler": "\u3164",
    "arabic letter mark": "\u061c",
}
# Spaces other than U+0020.
SPACES = {
    "no-break space": "\u00a0",
    "en quad": "\u2000",
    "hair space": "\u200a",
    "thin space": "\u2009",
    "ideographic space": "\u3000",
    "narrow no-break space": "\u202f",
    "line separator": "\u2028",
    "tab": "\t",
    "braille blank": "\u2800",
}


@pytest.mark.parametrize("mark", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_between_letters_screen_as_the_listed_name(
    screener: Screener, mark: str
) -> None:
    plain = screen(screener, "Tornado Cash")
    tricked = screen(screener, between_letters("Tornado Cash", mark))
    assert tricked.status == plain.status == "hit"
    assert score_of(tricked, TORNADO_CASH) == score_of(plain, TORNADO_CASH)
    # the index and the query share the normaliser, so both sides agree
    assert normalize_name(between_letters("Tornado Cash", mark)).variants == (("tornado", "cash"),)


@pytest.mark.parametrize("space", SPACES.values(), ids=SPACES.keys())
def test_other_spaces_separate_words(screener: Screener, space: str) -> None:
    assert normalize_name(f"Tornado{space}Cash").variants == (("tornado", "cash"),)
    assert screen(screener, f"Banco{space}Nacional de{space}Cuba").status == "hit"


def test_invisible_characters_anywhere_in_a_name_of_another_script(screener: Screener) -> None:
    # Cyrillic with bidi isolates and zero-width spaces: romanised as the plain name is
    tricked = (
        "\u2067"
        + between_letters("Путин", "\u200b")
        + "\u2069 "
        + between_letters("Владимир", "\u00ad")
    )
    assert screen(screener, tricked).status == screen(screener, "Путин Владимир").status == "hit"
    assert visible("a\u200bb\u00a0c\u2028d\U000e0041") == "ab c d"


@pytest.mark.parametrize(
    "styled",
    [
        "\U0001d413\U0001d428\U0001d42b\U0001d427\U0001d41a\U0001d41d\U0001d428 Cash",  # bold
        "\uff34\uff4f\uff52\uff4e\uff41\uff44\uff4f \uff23\uff41\uff53\uff48",  # full-width
        "\u24c9\u24c4\u24c7\u24c3\u24b6\u24b9\u24c4 \u24b8\u24b6\u24c8\u24bd",  # circled
        "T\u0338o\u0338r\u0338n\u0338a\u0338d\u0338o\u0338 Cash",  # struck through
    ],
)
def test_letters_drawn_in_a_style_screen_as_plain_ones(screener: Screener, styled: str) -> None:
    assert score_of(screen(screener, styled), TORNADO_CASH) == 1.0


@pytest.mark.parametrize(
    "spelt",
    [
        "T O R N A D O  C A S H",
        "T O R N A D O C A S H",
        "T.O.R.N.A.D.O Cash",
        "T. O. R. N. A. D. O. C. A. S. H.",
        "T_O_R_N_A_D_O C_A_S_H",
        "t o r n a d o   c a s h",
        "T\u00a0O\u00a0R\u00a0N\u00a0A\u00a0D\u00a0O  Cash",
    ],
)
def test_spelt_out_letters_reach_the_band_of_the_name(screener: Screener, spelt: str) -> None:
    assert screen(screener, spelt).status == screen(screener, "Tornado Cash").status == "hit"
    assert score_of(screen(screener, spelt), TORNADO_CASH) is not None


def test_spelt_out_letters_are_a_kind_of_variation_not_one_name(screener: Screener) -> None:
    assert score_of(screen(screener, "B A N C O  N A C I O N A L  D E  C U B A"), BANCO_NACIONAL)
    assert score_of(screen(screener, "V L A D I M I R  P U T I N"), PUTIN) == 1.0


def test_initials_keep_their_reading() -> None:
    # two letters are initials only; three or more are read both ways
    assert normalize_name("J P Morgan").variants == (("j", "p", "morgan"),)
    assert normalize_name("A B C Trading").variants == (
        ("a", "b", "c", "trading"),
        ("abc", "trading"),
    )
    # a wider gap ends a run of letters
    assert normalize_name("T O R  C A S H").variants[-1] == ("tor", "cash")
    # letters spelt out do not make a legal form that would narrow the search to companies
    assert not normalize_name("T O R N A D O  C A S H").legal_form


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("Tornado Cash DAO", TORNADO_CASH),
        ("Tornado Cash Services Ltd", TORNADO_CASH),
        ("The Banco Nacional de Cuba Group", BANCO_NACIONAL),
        ("Banco Nacional de Cuba Holding Group International Trading Ltd", BANCO_NACIONAL),
    ],
)
def test_a_whole_distinctive_listed_name_among_other_words_is_at_least_review(
    screener: Screener, name: str, entry_id: str
) -> None:
    result = screen(screener, name)
    match = next(m for m in result.matches if m.entry_id == entry_id)
    assert match.band in ("review", "hit")
    feature = next(f for f in match.features if f.name == "contains_listed_name")
    assert feature.contribution > 0 and "whole listed name" in feature.description


def test_a_contained_name_is_found_however_long_the_rest(screener: Screener) -> None:
    rng = random.Random(11)
    words = [w for w in screener.index.vocab if w.isalpha() and len(w) > 4]
    filler = " ".join(rng.choice(words) for _ in range(200))
    for name in (
        filler[: MAX_NAME_LENGTH - 13] + " Tornado Cash",
        "Tornado Cash " + filler[: MAX_NAME_LENGTH - 13],
        filler[:400] + " Tornado Cash " + filler[:400],
    ):
        assert len(name) <= MAX_NAME_LENGTH
        result = screen(screener, name)
        assert result.status in ("review", "hit")
        assert score_of(result, TORNADO_CASH)


@pytest.mark.parametrize(
    "name",
    [
        "Bank Consulting Group",  # one common word of many listed names
        "Smith Trading Company",  # a common surname
        "National Bank of Springfield Holdings",
        "Cash Tornado Foundation",  # the words, not the name as a phrase
    ],
)
def test_common_or_scattered_words_do_not_count_as_a_contained_name(
    screener: Screener, name: str
) -> None:
    for match in screen(screener, name).matches:
        assert "contains_listed_name" not in {f.name for f in match.features}


def test_a_person_name_with_words_added_is_not_a_contained_name(screener: Screener) -> None:
    result = screen(screener, "Vladimir Putin Memorial Library Foundation")
    for match in result.matches:
        if match.kind == "person":
            assert "contains_listed_name" not in {f.name for f in match.features}


def test_the_contained_name_feature_reaches_review_at_the_default_thresholds() -> None:
    config = ScreeningConfig()
    # the query is mostly other words: the name alone scores low, the feature lifts it
    for share in (0.3, 0.6, 0.9, 1.0):
        name_score = 0.3 + 0.7 * (1 - share)
        score, parts = score_evidence(Evidence(name_score, contained_share=share))
        assert config.band(score) in ("review", "hit")
        assert "contains_listed_name" in {f.name for f, _ in parts}
    assert score_evidence(Evidence(0.5))[0] == 0.5  # no contained name, no lift


@pytest.mark.parametrize("name", ["", "   ", "...", "-/-", "\u200b\u200d", "\t\u00a0"])
def test_empty_or_punctuation_only_names_are_invalid(name: str) -> None:
    with pytest.raises(ValidationError, match="name"):
        ScreeningQuery(name=name)


def test_names_over_the_limit_are_invalid() -> None:
    ScreeningQuery(name="x" * MAX_NAME_LENGTH)
    with pytest.raises(ValidationError, match="1,000 characters"):
        ScreeningQuery(name="x" * (MAX_NAME_LENGTH + 1))


def test_token_windows_bound_each_alignment_and_cover_every_short_run() -> None:
    for count in (0, 1, MAX_TOKENS, MAX_TOKENS + 1, 150, 333, 500):
        windows = token_windows(count)
        assert all(stop - start <= MAX_TOKENS for start, stop in windows)
        assert windows[0][0] == 0 and windows[-1][1] == count
        half = min(count, MAX_TOKENS // 2)
        for start in range(count - half + 1):
            assert any(a <= start and start + half <= b for a, b in windows)


def test_the_matcher_aligns_at_most_max_tokens_at_once(
    screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    original = Matcher._match_window

    def spy(self: Matcher, q: tuple[str, ...], *args: object, **kwargs: object) -> object:
        seen.append(len(q))
        return original(self, q, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Matcher, "_match_window", spy)
    rng = random.Random(5)
    name = " ".join(rng.choice(["Ab", "Cd", "Ef", "Gh", "Ij", "Kl"]) + str(i) for i in range(300))
    screen(screener, name[:MAX_NAME_LENGTH])
    assert seen and max(seen) <= MAX_TOKENS
    assert len(normalize_name(name[:MAX_NAME_LENGTH]).tokens) > MAX_TOKENS


@pytest.mark.parametrize(
    "name",
    [
        "x" * MAX_NAME_LENGTH,  # one word longer than any listed one
        "-".join(["abu", "bakr", "al"] * 200)[:MAX_NAME_LENGTH],  # a hyphen chain
        ("a b c d e f " * 200)[:MAX_NAME_LENGTH],  # single letters
        ("a.b." * 300)[:MAX_NAME_LENGTH],  # one dotted abbreviation
    ],
)
def test_shapes_that_used_to_stall_the_matcher_screen(screener: Screener, name: str) -> None:
    assert screen(screener, name).status in ("clear", "review", "hit")


def test_a_word_longer_than_any_listed_one_is_looked_up_as_itself(screener: Screener) -> None:
    matcher = screener.matcher
    assert matcher._lookup("q" * (matcher.longest + 1)) == {}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory,
        warm_rules: Callable[..., None]) -> dict[str, str]:
    cache, lists = tmp_path_factory.mktemp("cli-cache"), tmp_path_factory.mktemp("user-lists")
    warm_rules(lists, cache)  # the compiled rules as after an earlier run
    return {**os.environ, "PRICING_ENGINE_CACHE": str(cache),
            "PRICING_ENGINE_LISTS_DIR": str(lists)}


def run(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, "screen", *args], input=stdin, capture_output=True, text=True, env=env, timeout=300
    )


def test_cli_screens_zero_width_spaces_as_the_listed_name(env: dict[str, str]) -> None:
    done = run(env, between_letters("Tornado Cash", "\u200b"), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "hit"
    assert result["matches"][0]["entry_id"] == TORNADO_CASH


def test_cli_shows_why_a_contained_name_is_reviewed(env: dict[str, str]) -> None:
    done = run(env, "Tornado Cash DAO", "--format", "json", "--fail-on", "review")
    assert done.returncode == 3, done.stderr
    match = json.loads(done.stdout)["matches"][0]
    assert match["entry_id"] == TORNADO_CASH
    assert "contains_listed_name" in {f["name"] for f in match["features"]}


@pytest.mark.parametrize("name", ["x" * 5000, "", "   ", "...", "-/-"])
def test_cli_refuses_a_name_too_long_or_empty_in_one_line(env: dict[str, str], name: str) -> None:
    done = run(env, "--format", "json", "--", name)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and "name" in done.stderr
    assert len(done.stderr) < 300  # the message, not the name echoed back


def test_cli_batch_gives_an_error_record_for_a_name_too_long(env: dict[str, str]) -> None:
    rows = [{"id": "ok", "name": "Tornado Cash"}, {"id": "long", "name": "y" * 5000}]
    done = run(env, "--input", "-", stdin="".join(json.dumps(r) + "\n" for r in rows))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in records] == ["ok", "long"]
    assert records[0]["status"] == "hit"
    assert "1,000 characters" in records[1]["error"]


EXAMPLE = (
    Path(__file__).resolve().parents[2] / "examples" / "proposals" / "sanctions-light-variant.yaml"
)


def check_with_end_user(
    env: dict[str, str], tmp_path: Path, name: str
) -> subprocess.CompletedProcess[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert 'end_user: {name: "Tornado Kash"' in text
    proposal = tmp_path / "proposal.yaml"
    data = text.replace('end_user: {name: "Tornado Kash"', f"end_user: {{name: {json.dumps(name)}")
    proposal.write_text(data, encoding="utf-8")
    return subprocess.run(
        [EXE, "check", str(proposal), "--format", "json"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def test_check_refuses_an_end_user_hidden_by_invisible_characters_and_a_word(
    env: dict[str, str], tmp_path: Path
) -> None:
    done = check_with_end_user(env, tmp_path, between_letters("Tornado Cash", "\u200b") + " DAO")
    assert done.returncode == 4, done.stderr  # refused


@pytest.mark.parametrize("name", ["z" * 5000, "...", "   "])
def test_check_gives_one_line_and_exit_2_for_an_unscreenable_party_name(
    env: dict[str, str], tmp_path: Path, name: str
) -> None:
    done = check_with_end_user(env, tmp_path, name)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "end_user.name" in done.stderr


@pytest.mark.parametrize("name, script", [
    ("习近平", "CJK"), ("ประยุทธ์ จันทร์โอชา", "THAI"),
    ("नरेंद्र मोदी", "DEVANAGARI"), ("Acme 北京 Trading", "CJK"),
])
def test_letters_no_rule_reads_make_a_name_a_review_not_a_clear(
        screener: Screener, name: str, script: str) -> None:
    result = screen(screener, name)
    assert result.status == "review"
    assert script in result.unread_scripts


def test_readable_scripts_are_not_flagged(screener: Screener) -> None:
    for name in ("Acme Trading GmbH", "Владимир Путин", "Ñandú Ltda", "Müller & Søn", "김정은"):
        assert screen(screener, name).unread_scripts == ()


def test_a_batch_row_in_an_unread_script_fails_fail_on_review(tmp_path: Path) -> None:
    rows = tmp_path / "in.csv"
    rows.write_text("id,name\n1,Acme Trading GmbH\n2,北京贸易有限公司\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "screen", "--input",
                           str(rows), "--output-format", "jsonl", "--fail-on", "review"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 3, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["status"] for r in records] == ["clear", "review"]
    assert records[1]["unread_scripts"] == ["CJK"]


# Letters of other scripts drawn like Latin capitals (a few of each: the kind, not a list).
LOOK_ALIKE_CAPITALS = {
    "Cyrillic": {"A": "\u0410", "B": "\u0412", "C": "\u0421", "E": "\u0415", "H": "\u041d",
                 "K": "\u041a", "O": "\u041e", "P": "\u0420", "T": "\u0422", "X": "\u0425"},
    "Greek": {"A": "\u0391", "B": "\u0392", "E": "\u0395", "I": "\u0399", "K": "\u039a",
              "N": "\u039d", "O": "\u039f", "T": "\u03a4", "X": "\u03a7"},
    "Armenian": {"O": "\u0555", "U": "\u054d"},
}
LISTED = {"TORNADO CASH": TORNADO_CASH, "BANCO NACIONAL DE CUBA": BANCO_NACIONAL}


@pytest.mark.parametrize("script", sorted(LOOK_ALIKE_CAPITALS))
@pytest.mark.parametrize("listed", sorted(LISTED))
def test_look_alike_letters_of_another_script_screen_as_the_latin_name(
    screener: Screener, script: str, listed: str
) -> None:
    """Every letter that has a look-alike drawn with it: read by sound, "ВАNСО" is "vanso"."""
    table = LOOK_ALIKE_CAPITALS[script]
    spoofed = "".join(table.get(ch, ch) for ch in listed)
    assert spoofed != listed
    plain = screen(screener, listed)
    result = screen(screener, spoofed)
    assert score_of(result, LISTED[listed]) == score_of(plain, LISTED[listed])
    assert result.status == plain.status == "hit"


def test_a_word_of_its_own_script_keeps_its_reading_by_sound(screener: Screener) -> None:
    """Only words wholly in Latin-looking letters get the look-alike reading."""
    assert score_of(screen(screener, "Владимир Владимирович ПУТИН"), PUTIN) is not None
    assert latin_look_alike("Сергей Иванов") is None  # г, й, И, в, н: Cyrillic only
    assert latin_look_alike("ВЕРА Ivanova") == "BEPA Ivanova"  # also read by sound: "vera"


def test_a_right_to_left_override_screens_as_the_name_shown(screener: Screener) -> None:
    for listed, entry in LISTED.items():
        stored = "\u202e" + listed[::-1] + "\u202c"  # shows as the listed name
        result = screen(screener, stored)
        assert result.status == "hit" and score_of(result, entry) is not None, stored
        assert screen(screener, f"Acme {stored} Ltd").status != "clear"


def test_case_changed_at_random_inside_words_still_matches(screener: Screener) -> None:
    """Rule 2 splits "SveTlaNa" at its capitals; the name as typed is read as well."""
    rng = random.Random(20261201)
    for listed, entry in LISTED.items():
        for _ in range(10):
            mixed = "".join(c.upper() if rng.random() < 0.4 else c.lower() for c in listed)
            result = screen(screener, mixed)
            assert result.status == "hit" and score_of(result, entry) is not None, mixed


@pytest.mark.parametrize("party", [
    'buyer: {name: "Tornado Cash", country: GB, type: consumer}',
    'buyer: {name: "Vladimir Vladimirovich Putin", country: GB, type: business}',
])
def test_check_does_not_let_a_stated_kind_hide_a_listed_party(
    env: dict[str, str], tmp_path: Path, party: str
) -> None:
    """A listed entity sold to as a consumer, a listed person as a business: still found."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('end_user: {name: "Tornado Kash", country: GB, kind: entity}',
                        'end_user: {name: "Midlands Fluid Systems Ltd", country: GB}')
    assert "Tornado Kash" not in text
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(text.replace(
        'buyer: {name: "Midlands Fluid Systems Ltd", country: GB, type: business}', party),
        encoding="utf-8")
    done = subprocess.run([EXE, "check", str(proposal), "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr  # refused


def test_check_does_not_let_a_party_kind_hide_a_listed_entity(
    env: dict[str, str], tmp_path: Path
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(text.replace('end_user: {name: "Tornado Kash", country: GB, kind: entity}',
                                     'end_user: {name: "Tornado Cash", country: GB, kind: person}'),
                        encoding="utf-8")
    done = subprocess.run([EXE, "check", str(proposal), "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr


def test_names_made_of_common_words_are_found_against_every_list(screener: Screener) -> None:
    # "abd" is like hundreds of listed words (abdi, abda, abed ...) and every name that holds
    # several of them shared more than the query weighs: the exact names were cut
    found = screener.screen(ScreeningQuery(name="Abdul Hadi", kind="person"))
    assert {"13126", "QDi.218"} <= {m.entry_id for m in found.matches}  # OFAC, UN: strong
    assert found.matches[0].score == 1.0
    # a single letter that no walk looks up does not lift the share names must reach
    assert "KPi.040" in {m.entry_id for m in screener.screen(
        ScreeningQuery(name="CHO IL U", kind="person")).matches}  # UN: CHO IL U


@pytest.mark.parametrize(("name", "entry"), [
    ("PAO, Yu Liang", "11288"),  # a Chinese surname spelt like the legal form PAO
    ("SA'B, Ilyas", "13423"),  # "sab" (S.A.B.)
    ("KHUN SA", "6709"),  # S.A. at the end
    ("MUJEL, A.S.", "9932"),  # A.S.
])
def test_a_person_named_like_a_legal_form_is_found_without_a_kind(
    screener: Screener, name: str, entry: str
) -> None:
    # screened without a kind (as `check` screens a party), a name with a word read as a
    # legal form was searched among entities only, and a listed person came back clear
    assert entry in {m.entry_id for m in screen(screener, name).matches}


def test_a_listed_name_given_as_it_is_listed_finds_its_entry(screener: Screener) -> None:
    # a sample of every bundled list's names, each screened exactly as listed; names made
    # only of legal forms or particles ("PTE OOO", "Ben") are out of reach by design
    names = [(lst.info.list_id, e.entry_id, name, e.kind)
             for lst in load_bundled() for e in lst.entities
             for name, _ in e.names()]  # fmt: skip
    sample = random.Random(20261201).sample(names, 600)
    missed = []
    for list_id, entry_id, name, kind in sample:
        if all(t == "~lf" or len(t) <= 3 for t in normalize_name(name).tokens):
            continue
        query = ScreeningQuery(name=name, kind=kind if kind in ("person", "entity") else None)
        result = screener.screen(query)
        if result.status == "clear":
            missed.append((list_id, entry_id, name))
    assert missed == []
