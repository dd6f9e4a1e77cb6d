"""A catalogue row whose number has '_' or another script's digits is an INVALID_INPUT row.

Each row's error names the file, line and column, as every other malformed row does; the
rows around it are read as before.
"""

from __future__ import annotations

from pathlib import Path

from pricing_engine.pricebook import CatalogueItem, load_catalogue


def test_a_csv_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "sku,hs_code,origin,unit_cost,unit_weight_kg,list_price\n"
        "PUMP-200,8413.70,DE,2900,38,4200\n"
        "TYPO,8413.70,DE,29_00,38,4200\n"
        "WIDE,8413.70,DE,2900,\uff13\uff18,4200\n"
        "ARABIC,8413.70,DE,2900,38,\u0664\u0662\u0660\u0660\n", encoding="utf-8")
    good, typo, wide, arabic = load_catalogue(path)
    assert isinstance(good, CatalogueItem)
    assert typo == (f"{path}:3:4: unit_cost: '29_00' is not a decimal number: write it "
                    "without '_' (digit grouping is not read)")
    assert wide == (f"{path}:4:5: unit_weight_kg: '\uff13\uff18' is not a decimal number: "
                    "write it with the ASCII digits 0-9")
    assert isinstance(arabic, str) and arabic.startswith(f"{path}:5:6: list_price: ")


def test_a_yaml_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("- {sku: A, hs_code: '8413.70', origin: DE, unit_cost: 2_900, "
                    "unit_weight_kg: '38', list_price: '4200'}\n", encoding="utf-8")
    (row,) = load_catalogue(path)
    assert row == (f"{path}:1:55: unit_cost: '2_900' is not a decimal number: write it "
                   "without '_' (digit grouping is not read)")
