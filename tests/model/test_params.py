"""ModelParams: defaults, validation, robustness sets and the tenure factor."""

from __future__ import annotations

import math

import pytest

from paretoland import ConfigError, ModelParams


def test_paper_baseline_values() -> None:
    p = ModelParams.paper_baseline()
    assert (p.alpha, p.eta, p.kappa, p.sigma, p.rho) == (0.67, 0.13, 3.0, 0.65, 0.103)
    assert p.wedge_basis == "uniform" and p.tenure_rate is None


def test_params_are_frozen() -> None:
    with pytest.raises(AttributeError):
        ModelParams().alpha = 0.5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        pytest.param({"alpha": 1.2}, "alpha", id="alpha>1"),
        pytest.param({"alpha": 0.0}, "alpha", id="alpha=0"),
        pytest.param({"eta": -0.1}, "eta", id="eta<0"),
        pytest.param({"sigma": float("nan")}, "sigma", id="sigma-nan"),
        pytest.param({"kappa": 1.0}, "kappa", id="kappa=1"),
        pytest.param({"rho": 1.0}, "rho", id="rho=1"),
        pytest.param({"wedge_basis": "mean"}, "wedge_basis", id="basis-unknown"),
        pytest.param({"tenure_rate": 5.0}, "tenure_rate", id="tenure-percent-not-share"),
        pytest.param({"price_winsor": 0.6}, "price_winsor", id="winsor>0.5"),
        pytest.param({"alpha": "0.6"}, "alpha", id="alpha-string"),
    ],
)
def test_invalid_parameters_are_refused_by_name(changes: dict, named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        ModelParams(**changes)


def test_replace_rejects_unknown_names() -> None:
    with pytest.raises(ConfigError, match="kapa"):
        ModelParams().replace(kapa=2.0)
    assert ModelParams().replace(kappa=4.0).kappa == 4.0


def test_robustness_variants_are_the_papers() -> None:
    variants = ModelParams.robustness_variants()
    assert variants["alpha=0.83"].alpha == 0.83
    assert variants["eta=0.31"].eta == 0.31
    assert [variants[k].kappa for k in ("kappa=1.5", "kappa=4")] == [1.5, 4.0]
    assert [variants[k].sigma for k in ("sigma=0.55", "sigma=0.75")] == [0.55, 0.75]
    assert [variants[k].rho for k in ("rho=0.05", "rho=0.15")] == [0.05, 0.15]
    assert [variants[f"tenure r={r:g}"].tenure_rate for r in (0.04, 0.05, 0.06)] == [
        0.04,
        0.05,
        0.06,
    ]
    # every variant changes exactly one thing relative to the baseline
    base = ModelParams.paper_baseline().to_dict()
    for name, params in variants.items():
        changed = {k for k, v in params.to_dict().items() if v != base[k]}
        assert len(changed) == 1, name


def test_tenure_factor_matches_eq_21() -> None:
    assert ModelParams().tenure_factor == 1.0
    r = 0.05
    expected = (1 - 1.05**-70) / (1 - 1.05**-50)
    assert math.isclose(ModelParams(tenure_rate=r).tenure_factor, expected, rel_tol=1e-15)
    # a 70-year lease is worth more than a 50-year one, and more so at lower rates
    factors = [ModelParams(tenure_rate=r).tenure_factor for r in (0.04, 0.05, 0.06)]
    assert factors[0] > factors[1] > factors[2] > 1.0
    assert math.isclose(factors[1], 1.05953, abs_tol=1e-5)  # 1.0595 at r = 5 %
