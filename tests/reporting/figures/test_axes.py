"""Every figure function draws into the caller's axes (``ax=``) as well as its own figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from paretoland.decision.allocation import chosen_allocation
from paretoland.exceptions import ConfigError
from paretoland.model.wedges import wedge_shares
from paretoland.reporting.figures import (
    city_map,
    frontier_2d,
    frontier_views,
    parallel_coordinates,
    province_flows,
    ranked_bars,
    scatter_matrix,
)
from paretoland.reporting.figures.wedges import plot_wedge_shares


def _drawn(ax) -> bool:
    return bool(ax.collections or ax.lines or ax.patches)


@pytest.fixture(scope="module")
def allocation(small_run, chosen):
    return chosen_allocation(small_run, chosen)


def test_one_panel_figures_draw_into_the_given_axes(
    small_run, small_calibration, chosen, allocation
) -> None:
    fig = Figure()
    ax2d, axpar, axmap, axwedge = fig.subplots(1, 4)
    assert plot_wedge_shares(wedge_shares(small_calibration), ax=axwedge) is fig
    assert frontier_2d(small_run, chosen=chosen, ax=ax2d) is fig
    assert parallel_coordinates(small_run, chosen=chosen, ax=axpar) is fig
    gdp = allocation.cities["gdp_change_pct"]  # indexed by city_code: maps as it is
    assert city_map(gdp, title="GDP", ax=axmap) is fig
    assert all(_drawn(ax) for ax in (ax2d, axpar, axmap, axwedge))
    assert ax2d.get_legend() is not None and not fig.legends  # the legend beside its axes
    assert fig.paretoland_data["status"].eq("value").sum() == len(gdp)
    assert not fig.get_suptitle()


def test_several_panel_figures_take_an_array_of_axes(small_run, chosen, allocation) -> None:
    n = len(small_run.objective_names)
    fig = Figure()
    grid = fig.subplots(n, n)
    assert scatter_matrix(small_run, chosen=chosen, ax=grid) is fig
    assert all(_drawn(ax) for ax in grid.flat)
    fig.suptitle("mine")
    two = Figure().subplots(1, 2)
    cities = allocation.cities
    bars = ranked_bars(cities["welfare_change_pct"], title="Welfare", unit="%", ax=two)
    assert bars is two[0].figure and all(_drawn(ax) for ax in two)
    flows = Figure().subplots(1, 2)  # not sharing y: the provinces still line up
    province_flows(allocation.allocation, ax=list(flows))
    assert flows[0].get_ylim() == flows[1].get_ylim() and flows[0].get_yticklabels()
    views = Figure().subplots(1, 2)
    drawn = frontier_views(small_run, chosen=chosen, ax=views)
    assert [f for f in drawn.values()] == [views[0].figure] * 2
    ranked_bars(cities["welfare_change_pct"], title="other", unit="%", ax=grid[0, :2])
    assert fig.get_suptitle() == "mine"  # the caller's title stays


def test_quality_figures_draw_into_the_given_axes(small_run) -> None:
    from paretoland.frontier.comparison import compare_runs
    from paretoland.reporting.figures.quality import anytime_curves, attainment_surfaces

    comparison = compare_runs([small_run])
    fig = Figure()
    grid = fig.subplots(2, 3)
    assert anytime_curves(comparison, ax=grid[0]) is fig
    assert attainment_surfaces(comparison, "gdp", "output_gap", ax=grid[1, 0]) is fig
    assert all(_drawn(ax) for ax in [*grid[0], grid[1, 0]])
    with pytest.raises(ConfigError, match="3 matplotlib Axes"):
        anytime_curves(comparison, ax=grid[1, :2])


def test_own_figures_are_unchanged_without_ax(small_run, chosen) -> None:
    fig = frontier_2d(small_run, chosen=chosen)
    assert len(fig.axes) == 1 and len(fig.legends) == 1
    fig = scatter_matrix(small_run, chosen=chosen)
    assert len(fig.axes) == len(small_run.objective_names) ** 2 and fig.get_suptitle()


def test_wrong_axes_are_refused(small_run) -> None:
    fig = Figure()
    with pytest.raises(ConfigError, match="2 matplotlib Axes"):
        ranked_bars(pd.Series({"a": 1.0}), title="t", unit="u", ax=fig.subplots(1, 2)[0])
    with pytest.raises(ConfigError, match="one matplotlib Axes"):
        frontier_2d(small_run, ax=np.array(fig.subplots(1, 2)))
    n = len(small_run.objective_names)
    with pytest.raises(ConfigError, match=f"{n} × {n} panels"):
        scatter_matrix(small_run, ax=Figure().subplots(2, 2))
