"""Factor values read the way people write them."""

from limitlens import catalog


def test_money_percent_bool_and_options():
    f = catalog.by_id()
    assert f["income_monthly"].display_value(12000, "zh") == "¥12,000/月"
    assert f["income_monthly"].display_value(12000, "en") == "¥12,000/month"
    assert f["assets"].display_value(86845.4, "en") == "¥86,845"
    assert f["bills_on_time"].display_value(0.5, "zh") == "50%"
    assert f["real_name"].display_value(True, "zh") == "是"
    assert f["region_tier"].display_value("tier1", "en") == "Tier 1 city"
    assert f["borrow_frequency"].display_value(1.25, "en") == "1.2 per month"
    assert f["sesame_score"].display_value(735, "zh") == "735 分"
