"""Rule families: levers, bounds, conservation by construction, allocations."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland.exceptions import ConfigError
from paretoland.frontier.levers import (
    FEATURE_NAMES,
    ParametricFamily,
    PerCityFamily,
    standardised_features,
)
from paretoland.model.counterfactual import run_counterfactual
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.model.quotas import QuotaRule


def test_parametric_levers_are_the_papers_twelve_weights(small_calibration) -> None:
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), 0.3, weight_bound=2.0)
    assert family.n_levers == 12
    assert family.names[:3] == tuple(f"productive.sell.{f}" for f in FEATURE_NAMES)
    assert family.names[10] == "residential.buy.tfp"
    assert (family.lower == -2.0).all() and (family.upper == 2.0).all()
    assert ParametricFamily(small_calibration, QuotaRule(land_use="residential")).n_levers == 6


def test_features_are_standardised(small_calibration) -> None:
    z = standardised_features(small_calibration, "productive")
    assert z.shape == (small_calibration.n_cities, 3)
    assert np.allclose(z.mean(axis=0), 0.0) and np.allclose(z.std(axis=0), 1.0)
    land_per_worker = small_calibration.land_productive / small_calibration.labour
    assert np.corrcoef(z[:, 0], land_per_worker)[0, 1] == pytest.approx(1.0)


@pytest.mark.parametrize("family_class", [ParametricFamily, PerCityFamily])
def test_random_levers_conserve_land_and_respect_roles(small_calibration, family_class) -> None:
    cal = small_calibration
    family = family_class(cal, QuotaRule(land_use="both"), 0.3)
    rng = np.random.default_rng(0)
    for x in rng.uniform(family.lower, family.upper, size=(20, family.n_levers)):
        trade = family.trade(x)
        for use, wedge in (
            ("productive", cal.wedge_productive),
            ("residential", cal.wedge_residential),
        ):
            sold, bought = getattr(trade, f"sold_{use}"), getattr(trade, f"bought_{use}")
            assert sold.sum() == pytest.approx(bought.sum(), rel=1e-12, abs=1e-6)
            assert (wedge[sold > 0] < 0).all() and (wedge[bought > 0] > 0).all()
            stock = getattr(cal, f"land_{use}")
            assert (sold <= 0.3 * stock * (1 + 1e-12)).all()


def test_zero_weights_move_nothing_and_change_nothing(small_calibration) -> None:
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"))
    trade = family.trade(np.zeros(family.n_levers))
    assert trade.land_moved == 0.0
    cf = run_counterfactual(small_calibration, trade)
    assert cf.outcomes.as_dict() == dict.fromkeys(OUTCOME_NAMES, 0.0)


def test_per_city_levers_name_eligible_cities(small_calibration) -> None:
    cal = small_calibration
    family = PerCityFamily(cal, QuotaRule(land_use="productive"), 0.25)
    sellers = cal.data.codes[cal.wedge_productive < 0]
    buyers = cal.data.codes[cal.wedge_productive > 0]
    assert family.names == tuple(
        [f"productive.sell.{c}" for c in sellers] + [f"productive.buy.{c}" for c in buyers]
    )
    assert family.upper[: len(sellers)].max() == 0.25 and family.upper[len(sellers) :].max() == 1.0
    # one buyer with all the weight receives everything
    x = np.zeros(family.n_levers)
    x[: len(sellers)] = 0.1
    x[len(sellers)] = 1.0
    table = family.allocation(x)
    bought = table["bought_productive_km2"].to_numpy()
    assert np.count_nonzero(bought) == 1
    assert bought.sum() == pytest.approx(table["sold_productive_km2"].sum())
    assert table["share_sold_productive"].max() == pytest.approx(0.1)


def test_out_of_bounds_lever_is_named(small_calibration) -> None:
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), weight_bound=1.0)
    x = np.zeros(12)
    x[4] = 1.5
    with pytest.raises(ConfigError, match="productive.buy.tfp = 1.5"):
        family.trade(x)
    with pytest.raises(ConfigError, match="12 levers"):
        family.trade(np.zeros(3))


def test_family_rejects_split_land_use(small_calibration) -> None:
    with pytest.raises(ConfigError, match="land_use"):
        ParametricFamily(small_calibration, QuotaRule(land_use="split"))


# ------------------------------------------------------------------------ derivatives
def _central(family, x: np.ndarray, dx: np.ndarray, h: float = 1e-7) -> tuple[dict, dict]:
    plus, minus = family.shares_and_weights(x + h * dx), family.shares_and_weights(x - h * dx)
    return (
        {use: (plus[0][use] - minus[0][use]) / (2 * h) for use in family.uses},
        {use: (plus[1][use] - minus[1][use]) / (2 * h) for use in family.uses},
    )


@pytest.mark.parametrize("family_class", [ParametricFamily, PerCityFamily])
def test_lever_derivatives_match_differences_and_transpose(small_calibration, family_class) -> None:
    family = family_class(small_calibration, QuotaRule(land_use="both"), 0.3)
    rng = np.random.default_rng(1)
    x = family.lower + (family.upper - family.lower) * rng.uniform(0.3, 0.7, family.n_levers)
    assert family.kinks(x) == ()
    dx = rng.normal(size=family.n_levers)
    d_shares, d_weights = family.shares_and_weights_jvp(x, dx)
    want_shares, want_weights = _central(family, x, dx)
    for use in family.uses:
        np.testing.assert_allclose(d_shares[use][0], want_shares[use], atol=1e-7)
        np.testing.assert_allclose(d_weights[use][0], want_weights[use], atol=1e-7)
    n = small_calibration.n_cities
    c_shares = {use: rng.normal(size=(1, n)) for use in family.uses}
    c_weights = {use: rng.normal(size=(1, n)) for use in family.uses}
    pulled = family.shares_and_weights_vjp(x, c_shares, c_weights)[0]
    left = sum(
        float(c_shares[u][0] @ d_shares[u][0] + c_weights[u][0] @ d_weights[u][0])
        for u in family.uses
    )
    assert float(pulled @ dx) == pytest.approx(left, rel=1e-12)


def test_parametric_kinks_are_one_sided(small_calibration) -> None:
    """At ω = 0 every score sits on the kink.

    Forward mode moves into the interior only, the gradient holds the cities at their
    bound, and the kinks are listed.
    """
    family = ParametricFamily(small_calibration, QuotaRule(land_use="productive"), 0.3)
    x = np.zeros(6)
    assert len(family.kinks(x)) == 2
    for sign in (1.0, -1.0):
        dx = sign * np.eye(6)
        d_shares, d_weights = family.shares_and_weights_jvp(x, dx)
        t = 1e-3
        for j in range(6):
            shares, weights = family.shares_and_weights(x + t * dx[j])  # positively homogeneous
            np.testing.assert_allclose(
                d_shares["productive"][j], shares["productive"] / t, atol=1e-12
            )
            np.testing.assert_allclose(
                d_weights["productive"][j], weights["productive"] / t, atol=1e-12
            )
    n = small_calibration.n_cities
    ones = {"productive": np.ones((1, n))}
    assert np.all(family.shares_and_weights_vjp(x, ones, ones) == 0.0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda c: ParametricFamily(c, QuotaRule(land_use="split")),
            r'ParametricFamily land_use = "split": not a valid option',
        ),
        (
            lambda c: PerCityFamily(c, QuotaRule(), max_share=1.0),
            r"PerCityFamily max_share = 1\.0: must lie strictly between 0 and 1",
        ),
        (
            lambda c: ParametricFamily(c, QuotaRule(), weight_bound=-1),
            r"ParametricFamily weight_bound = -1\.0: must be positive",
        ),
    ],
)
def test_family_options_are_checked_as_in_a_run_file(small_calibration, make, message) -> None:
    with pytest.raises(ConfigError, match=message):
        make(small_calibration)
