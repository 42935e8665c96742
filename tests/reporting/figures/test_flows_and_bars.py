"""Province flows of one allocation, and ranked bars."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland.exceptions import ConfigError, DataError
from paretoland.reporting.figures import province_flows, province_totals, ranked_bars

LAND = [
    "sold_productive_km2",
    "sold_residential_km2",
    "bought_productive_km2",
    "bought_residential_km2",
]


def _toy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province_pinyin": ["Hebei", "Hebei", "Sichuan", "Beijing"],
            "sold_productive_km2": [3.0, 1.0, 0.0, 0.0],
            "sold_residential_km2": [1.0, 0.0, 0.0, 0.0],
            "bought_productive_km2": [0.0, 0.0, 4.0, 0.0],
            "bought_residential_km2": [0.0, 0.0, 1.0, 0.0],
            "receipts_yuan": [3e8, 2e8, 0.0, 0.0],
            "payments_yuan": [0.0, 0.0, 5e8, 0.0],
        }
    )


def test_province_flows_of_one_point_add_up(small_run, chosen) -> None:
    allocations = small_run.allocations()
    one = allocations[allocations["point"] == chosen]
    fig = province_flows(one)
    assert len(fig.axes) == 2
    data = fig.paretoland_data
    np.testing.assert_allclose(data[LAND].sum().to_numpy(), one[LAND].sum().to_numpy())
    assert data["received_100m_yuan"].sum() == pytest.approx(one["receipts_yuan"].sum() / 1e8)
    assert data["paid_100m_yuan"].sum() == pytest.approx(one["payments_yuan"].sum() / 1e8)
    with pytest.raises(DataError, match="points"):
        province_flows(allocations)


def test_province_totals_put_sellers_first_and_drop_idle_provinces() -> None:
    totals = province_totals(_toy())
    assert totals["province"].tolist() == ["Hebei", "Sichuan"]
    assert totals.loc[0, "sold_productive_km2"] == 4.0
    assert totals.loc[0, "received_100m_yuan"] == pytest.approx(5.0)
    assert province_totals(_toy(), lang="zh")["province"].tolist() == ["河北", "四川"]
    with pytest.raises(DataError, match="receipts_yuan"):
        province_totals(_toy().drop(columns="receipts_yuan"))


def test_province_flows_without_trade_says_so() -> None:
    idle = _toy().assign(**{c: 0.0 for c in [*LAND, "receipts_yuan", "payments_yuan"]})
    fig = province_flows(idle)
    assert fig.paretoland_data.empty
    assert any("No land traded" in t.get_text() for t in fig.axes[0].texts)


def test_ranked_bars_show_the_largest_gains_and_losses() -> None:
    values = pd.Series(np.arange(-10.0, 11.0), index=[f"city{k}" for k in range(21)])
    fig = ranked_bars(values, top=3, title="t", unit="% change")
    assert len(fig.axes) == 2
    data = fig.paretoland_data
    gains = data[data["group"] == "gain"]
    losses = data[data["group"] == "loss"]
    assert gains["value"].tolist() == [10.0, 9.0, 8.0]
    assert losses["value"].tolist() == [-10.0, -9.0, -8.0]
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["city20", "city19", "city18"]
    with pytest.raises(ConfigError, match="top"):
        ranked_bars(values, top=0, title="t", unit="u")


def test_ranked_bars_with_only_gains() -> None:
    fig = ranked_bars(pd.Series([1.0, 2.0], index=["a", "b"]), title="t", unit="u")
    assert (fig.paretoland_data["group"] == "gain").all()
    assert any(t.get_text() == "none" for t in fig.axes[0].texts)
