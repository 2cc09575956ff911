"""Factor values read the way people write them."""

from limitlens import catalog
from limitlens.format import factor_value


def test_money_percent_bool_and_options():
    f = catalog.by_id()
    assert factor_value(f["income_monthly"], 12000, "zh") == "¥12,000/月"
    assert factor_value(f["income_monthly"], 12000, "en") == "¥12,000/month"
    assert factor_value(f["assets"], 86845.4, "en") == "¥86,845"
    assert factor_value(f["bills_on_time"], 0.5, "zh") == "50%"
    assert factor_value(f["real_name"], True, "zh") == "是"
    assert factor_value(f["region_tier"], "tier1", "en") == "Tier 1 city"
    assert factor_value(f["borrow_frequency"], 1.25, "en") == "1.2 per month"
    assert factor_value(f["sesame_score"], 735, "zh") == "735 分"
