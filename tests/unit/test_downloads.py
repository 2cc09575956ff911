"""CSV exports open safely in a spreadsheet."""

import io

import pandas as pd

from components.downloads import safe_csv


def test_formula_like_text_is_defused_and_numbers_are_not():
    df = pd.DataFrame(
        {
            "counterparty": ['=HYPERLINK("x")', "+86 138", "@SUM(A1)", "-1", "天猫超市", None],
            "amount": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    text = safe_csv(df).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text))
    assert list(back["counterparty"].iloc[:5]) == [
        '\'=HYPERLINK("x")',
        "'+86 138",
        "'@SUM(A1)",
        "'-1",
        "天猫超市",
    ]
    assert pd.isna(back["counterparty"].iloc[5])
    assert back["amount"].iloc[0] == -5.0  # numbers stay numbers
    assert safe_csv(df).startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese right


def test_full_width_formula_signs_are_defused_too():
    """＝＋－＠ at a cell's start: spreadsheets in Chinese locales treat them as = + - @."""
    cells = ['＝HYPERLINK("x")', "＋86 138", "－1", "＠SUM(A1)", "商户＝某店"]
    text = safe_csv(pd.DataFrame({"counterparty": cells})).decode("utf-8-sig")
    back = list(pd.read_csv(io.StringIO(text))["counterparty"])
    assert back == ["'" + c for c in cells[:4]] + [cells[4]]
