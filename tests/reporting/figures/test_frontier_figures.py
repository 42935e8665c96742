"""Frontier figures: the 2-D projections, the scatter matrix and parallel coordinates."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures import (
    frontier_2d,
    frontier_views,
    nondominated_2d,
    parallel_coordinates,
    scatter_matrix,
    special_points,
)

NAMES = ["gdp", "welfare", "output_gap", "welfare_gap"]


def _row(data: pd.DataFrame, kind: str) -> pd.Series:
    rows = data[data["kind"] == kind]
    assert len(rows) == 1, f"expected one {kind} row, got {len(rows)}"
    return rows.iloc[0]


def _values(result, point: int) -> pd.Series:
    return result.pareto_set.set_index("point").loc[point, NAMES].astype(float)


def test_nondominated_2d_keeps_the_2d_front() -> None:
    values = np.array([[1.0, 5.0], [2.0, 3.0], [1.5, 6.0], [3.0, 4.0], [0.5, 1.0]])
    # maximise the first, minimise the second: (0.5, 1) and (2, 3) are dominated by nobody
    # among themselves and (3, 4) has the largest x
    assert nondominated_2d(values, ("max", "min")).tolist() == [3, 1, 4]
    assert nondominated_2d(values, ("min", "min")).tolist() == [4]


def test_frontier_2d_marks_every_special_point(small_run, chosen) -> None:
    fig = frontier_2d(small_run, "gdp", "output_gap", chosen=chosen)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    data = fig.paretoland_data
    assert list(data.columns) == ["kind", "label", "point", "objective", "gdp", "output_gap"]
    assert (data["kind"] == "pareto").sum() == len(small_run.pareto_set)
    status_quo = _row(data, "status_quo")
    assert status_quo["gdp"] == 0.0 and status_quo["output_gap"] == 0.0
    point = _row(data, "chosen")
    expected = _values(small_run, chosen)
    assert point["point"] == chosen
    assert point["gdp"] == pytest.approx(expected["gdp"])
    assert point["output_gap"] == pytest.approx(expected["output_gap"])
    optima = data[data["kind"] == "optimum"]
    frontier_rows = small_run.table4[small_run.table4["source"] == "frontier"]
    assert sorted(optima["objective"]) == sorted(frontier_rows["objective"])
    converged = (small_run.uniform_rules["status"] == "converged").sum()
    assert data["kind"].isin(["uniform_intra", "uniform_inter"]).sum() == converged


def test_frontier_2d_draws_the_chosen_point_where_the_data_says(small_run, chosen) -> None:
    fig = frontier_2d(small_run, "welfare", "welfare_gap", chosen=chosen)
    ax = fig.axes[0]
    stars = [c for c in ax.collections if "point" in str(c.get_label())]
    assert len(stars) == 1
    expected = _values(small_run, chosen)[["welfare", "welfare_gap"]].to_numpy()
    np.testing.assert_allclose(stars[0].get_offsets()[0], expected)
    assert "better" in ax.get_xlabel() and "→" in ax.get_xlabel() and "↓" in ax.get_ylabel()


def test_front_2d_rows_are_not_dominated_in_the_view(small_run) -> None:
    data = frontier_2d(small_run, "gdp", "output_gap").paretoland_data
    front = data.loc[data["kind"] == "front_2d", ["gdp", "output_gap"]].to_numpy()
    cloud = data.loc[data["kind"] == "pareto", ["gdp", "output_gap"]].to_numpy()
    signed_front, signed_cloud = front * [-1, 1], cloud * [-1, 1]
    for point in signed_front:
        dominated = np.all(signed_cloud <= point, axis=1) & np.any(signed_cloud < point, axis=1)
        assert not dominated.any()


def test_uniform_rules_are_split_by_scope(small_run) -> None:
    rules = pd.DataFrame(
        {
            "table": ["table2", "table3", "table3"],
            "allocation": ["equal_area"] * 3,
            "land_use": ["productive", "both", "both"],
            "participation": ["all", "all", "pilot"],
            "status": ["converged", "converged", "no_trade"],
            "gdp": [0.5, 1.0, np.nan],
            "welfare": [0.2, 0.3, np.nan],
            "output_gap": [-1.0, -2.0, np.nan],
            "welfare_gap": [0.1, 0.4, np.nan],
        }
    )
    result = dataclasses.replace(small_run, uniform_rules=rules)
    special = special_points(result)
    assert _row(special, "uniform_intra")["gdp"] == 0.5
    assert _row(special, "uniform_inter")["gdp"] == 1.0


def test_frontier_views_are_the_two_standard_projections(small_run) -> None:
    views = frontier_views(small_run)
    assert list(views) == ["gdp_vs_output_gap", "welfare_vs_welfare_gap"]
    assert list(views["welfare_vs_welfare_gap"].paretoland_data.columns[-2:]) == [
        "welfare",
        "welfare_gap",
    ]


def test_bad_arguments_raise(small_run) -> None:
    with pytest.raises(ConfigError, match="not in the Pareto set"):
        frontier_2d(small_run, chosen=10_000)
    with pytest.raises(ConfigError, match="hypervolume"):
        frontier_2d(small_run, "hypervolume", "gdp")
    with pytest.raises(ConfigError, match="not supported"):
        frontier_2d(small_run, lang="fr")


def test_scatter_matrix_has_every_pair(small_run, chosen) -> None:
    fig = scatter_matrix(small_run, chosen=chosen)
    assert len(fig.axes) == 16
    data = fig.paretoland_data
    assert list(data.columns) == ["kind", "label", "point", "objective", *NAMES]
    point = _row(data, "chosen")
    np.testing.assert_allclose(point[NAMES].to_numpy(float), _values(small_run, chosen))
    # an off-diagonal panel: x = gdp (column 0), y = welfare (row 1)
    stars = [c for c in fig.axes[4].collections if "point" in str(c.get_label())]
    np.testing.assert_allclose(
        stars[0].get_offsets()[0], _values(small_run, chosen)[["gdp", "welfare"]].to_numpy()
    )


def test_parallel_coordinates_scale_so_that_up_is_better(small_run, chosen) -> None:
    fig = parallel_coordinates(small_run, chosen=chosen)
    assert len(fig.axes) == 1
    data = fig.paretoland_data
    scaled = data[[f"{n}_scaled" for n in NAMES]].to_numpy(float)
    assert np.nanmin(scaled) >= 0.0 and np.nanmax(scaled) <= 1.0
    best_gdp = data.loc[data["gdp"].idxmax(), "gdp_scaled"]
    best_gap = data.loc[data["output_gap"].idxmin(), "output_gap_scaled"]
    assert best_gdp == pytest.approx(1.0) and best_gap == pytest.approx(1.0)
    point = _row(data, "chosen")
    np.testing.assert_allclose(point[NAMES].to_numpy(float), _values(small_run, chosen))
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert texts.count("best:") == 4 and texts.count("worst:") == 4
