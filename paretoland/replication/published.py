"""The paper's published results (Ma and Ni, seed ``000``, sections 四–五), for comparison.

Every number is a % change, as printed in the paper's tables; none is used in any
computation. Keys name the experiment cell the way :mod:`paretoland.replication.experiments` does:
``(allocation, land_use, participation)`` for Tables 2–3, the land-use case for
Table 1 and the objective for Table 4. Outcome dicts follow
:data:`paretoland.model.outcomes.aggregate.OUTCOME_NAMES` (gdp, output_gap, welfare, welfare_gap).
"""

from __future__ import annotations

from paretoland.model.outcomes import OUTCOME_NAMES

__all__ = [
    "PAPER_TABLE1",
    "PAPER_TABLE2",
    "PAPER_TABLE3",
    "PAPER_TABLE4",
    "PAPER_TRANSFER_20",
    "paper_cell",
]

_GRID_COLUMNS = [
    (use, part) for use in ("productive", "residential", "both") for part in ("pilot", "all")
]


def _grid(
    equal_area: list[list[float]], equal_proportion: list[list[float]]
) -> dict[tuple[str, str, str], dict[str, float]]:
    """Turn the printed panels into ``{(allocation, use, part): outcomes}``.

    Panels have rows: outcomes; columns: productive pilot/all, residential pilot/all,
    both pilot/all.
    """
    table = {}
    for allocation, rows in (("equal_area", equal_area), ("equal_proportion", equal_proportion)):
        for j, (use, part) in enumerate(_GRID_COLUMNS):
            table[(allocation, use, part)] = {
                name: rows[i][j] for i, name in enumerate(OUTCOME_NAMES)
            }
    return table


PAPER_TABLE2 = _grid(  # 表2 逐步开放建设用地指标省内交易的模拟分析
    [
        [0.116, 1.915, 0.126, 2.365, 0.144, 2.551],
        [-0.404, -1.290, -0.341, -1.728, -0.372, -1.745],
        [0.363, 2.526, 0.328, 3.129, 0.381, 3.294],
        [-0.013, -0.035, -0.011, -0.056, -0.011, -0.057],
    ],
    [
        [0.168, 1.964, 0.140, 2.488, 0.154, 2.659],
        [-0.257, -0.987, -0.278, -1.299, -0.272, -1.211],
        [0.314, 2.394, 0.298, 3.063, 0.312, 3.158],
        [-0.009, -0.032, -0.008, -0.041, -0.008, -0.038],
    ],
)
"""Table 2, intra-province trading: ``{(allocation, land_use, participation): outcomes}``."""

PAPER_TABLE3 = _grid(  # 表3 逐步开放建设用地指标跨省交易的模拟分析
    [
        [0.024, 2.499, 0.078, 2.906, 0.184, 3.178],
        [-0.185, -1.918, -0.245, -1.588, -0.284, -1.624],
        [0.315, 3.263, 0.400, 3.547, 0.532, 3.812],
        [-0.005, -0.065, -0.006, -0.057, -0.006, -0.058],
    ],
    [
        [0.086, 2.735, 0.213, 3.227, 0.322, 3.456],
        [-0.044, -0.995, -0.032, -0.806, 0.028, -0.651],
        [0.312, 3.099, 0.416, 3.504, 0.542, 3.624],
        [0.001, -0.041, 0.003, -0.031, 0.006, -0.027],
    ],
)
"""Table 3, inter-province trading: ``{(allocation, land_use, participation): outcomes}``."""

PAPER_TABLE1: dict[str, dict[str, float]] = {  # 表1 基于建设用地指标省内实际交易案例的量化分析
    "productive": {"gdp": 0.049, "output_gap": 0.100, "welfare": -0.024, "welfare_gap": 0.005},
    "residential": {"gdp": 0.002, "output_gap": 0.000, "welfare": -0.007, "welfare_gap": 0.000},
    "split": {"gdp": 0.024, "output_gap": 0.041, "welfare": -0.009, "welfare_gap": 0.002},
}
"""Table 1, the recorded 2023 intra-province transactions of Inner Mongolia, Anhui,
Hubei, Guangxi and Sichuan, by land-use case (``"split"``: half and half)."""

PAPER_TABLE4: dict[str, dict[str, float]] = {  # 表4 效率与公平统筹视角下建设用地指标的最优空间配置
    "gdp": {"gdp": 4.003, "output_gap": -0.930, "welfare": 2.988, "welfare_gap": -0.038},
    "output_gap": {"gdp": 3.345, "output_gap": -1.907, "welfare": 3.251, "welfare_gap": -0.038},
    "welfare": {"gdp": 3.332, "output_gap": -0.925, "welfare": 3.258, "welfare_gap": -0.040},
    "welfare_gap": {"gdp": 2.984, "output_gap": -1.283, "welfare": 3.141, "welfare_gap": -0.055},
}
"""Table 4, the best of one million random allocations for each single objective
(keyed by the objective optimised)."""

PAPER_TRANSFER_20: dict[tuple[str, str, str], dict[str, float]] = {
    ("equal_area", "both", "all"): {
        "gdp": round(3.178 + 0.502, 3),
        "output_gap": round(-1.624 + 0.038, 3),
        "welfare": round(3.812 + 0.455, 3),
    },
}
"""附表1 (transfer share 20 %) is not printed in the text; section 五(一) states, for the
inter-province, both-uses, all-provinces, equal-area cell, that GDP and welfare rise by
0.502 and 0.455 points more than in Table 3 and the output gap narrows 0.038 points
less. These are those Table 3 figures plus the stated differences; the welfare gap is
described only as "relatively stable"."""


def paper_cell(
    experiment: str, allocation: str | None, land_use: str, participation: str | None
) -> dict[str, float]:
    """Return the paper's outcomes for one cell, or ``{}`` where the paper prints none.

    Parameters
    ----------
    experiment : str
        ``"table1"``, ``"table2"``, ``"table3"`` or ``"transfer_share=0.2"``.
    allocation, land_use, participation : str
        The cell (``allocation`` and ``participation`` are ignored for Table 1).
    """
    if experiment == "table1":
        return dict(PAPER_TABLE1.get(land_use, {}))
    if allocation is None or participation is None:
        return {}
    tables = {
        "table2": PAPER_TABLE2,
        "table3": PAPER_TABLE3,
        "transfer_share=0.2": PAPER_TRANSFER_20,
    }
    return dict(tables.get(experiment, {}).get((allocation, land_use, participation), {}))
