"""Quota-trading rules (docs/model.md §5): who sells, who buys, how much, at what price.

A :class:`QuotaRule` turns a calibrated economy into a :class:`QuotaTrade`: the land
hats R̂^Y and R̂^H, the transfers F_d (yuan) and optional mobility-cost hats ĉ_od
that the equilibrium solver takes, plus the record of the trade (land sold and
bought per city and use, money received and paid, the central intermediary's
balance).

Conventions the paper leaves open, settled here:

- Sellers of land use k are participating cities with τ^k < 0, buyers those with
  τ^k > 0. A pool with sellers but no buyers moves no land (its sellers keep it).
- In a national pool a buyer's quota comes proportionally from every seller in the
  pool; the part that comes from its own province settles at the seller price (a
  trade inside one province), the rest at the buyer's tier price. The share from its
  own province is computed for each land use separately (each use has its own
  sellers); a ``"split"`` flow is one undifferentiated pool.
- ``land_use="split"`` trades undifferentiated construction land: a city sells if
  its land-weighted average wedge (R^Y τ^Y + R^H τ^H) / (R^Y + R^H) is negative and
  buys if it is positive; sellers give up both uses in proportion to their stocks,
  buyers use ``split_productive`` of what they receive as productive land.

Batches: :func:`trade_from_shares`, :func:`allocate_pools`, :func:`buyer_unit_price`
and :func:`trade_from_flows` take per-city arrays of shape ``(n,)`` (one candidate
rule) or ``(k, n)`` (a batch of k candidates, one per row; the single case is the
batch case without the leading axis). A batch trade holds ``(k, n)`` arrays; its
:meth:`QuotaTrade.row` is the single trade of one row.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from paretoland.data.provinces import PROVINCES, province_by_name
from paretoland.exceptions import ConfigError
from paretoland.model.calibration import Calibration
from paretoland.options import OptionError, Options, hint, option, render

__all__ = [
    "PILOT_SELLER_PROVINCES",
    "RECEIVING_PROVINCES",
    "SELLER_PRICE",
    "BUYER_PRICE_TIERS",
    "DEFAULT_BUYER_PRICE",
    "QuotaRule",
    "QuotaTrade",
    "allocate_pools",
    "apply_rule",
    "buyer_unit_price",
    "participants",
    "group_sums",
    "province_index",
    "trade_from_flows",
    "trade_from_shares",
    "traded_uses",
    "trading_pools",
]

# 2018 cross-province rules (跨省域调剂管理办法): the five provinces allowed to sell.
PILOT_SELLER_PROVINCES: tuple[str, ...] = ("Qinghai", "Sichuan", "Gansu", "Yunnan", "Xinjiang")
# ... and the eight receiving provinces.
RECEIVING_PROVINCES: tuple[str, ...] = (
    "Beijing",
    "Tianjin",
    "Shanghai",
    "Jiangsu",
    "Zhejiang",
    "Fujian",
    "Shandong",
    "Guangdong",
)
SELLER_PRICE = 525.0  # yuan/m² (350,000 yuan/mu)
BUYER_PRICE_TIERS: dict[str, float] = {  # yuan/m² (700,000 / 500,000 yuan/mu)
    "Beijing": 1050.0,
    "Shanghai": 1050.0,
    "Tianjin": 750.0,
    "Jiangsu": 750.0,
    "Zhejiang": 750.0,
    "Guangdong": 750.0,
}
DEFAULT_BUYER_PRICE = 450.0  # yuan/m² (300,000 yuan/mu)
LAND_USES = ("productive", "residential", "both", "split")
SCOPES = ("intra", "inter")
PARTICIPATION = ("all", "pilot", "custom")
ALLOCATIONS = ("equal_area", "equal_proportion")
MOBILITY = ("within_pilot", "between_pilot")
_PRICE = "prices are in yuan per m²"
_PROVINCE_HELP = 'Use pinyin (e.g. "Sichuan", "Inner Mongolia") or Chinese names ("四川省", "四川")'
_PINYIN = tuple(p.name_pinyin for p in PROVINCES)


@dataclass(frozen=True)
class QuotaRule(Options):
    """A uniform quota-trading rule of the paper's Tables 2–3 kind.

    Every option is checked where it is declared (:mod:`paretoland.options`), whether
    the rule is made in Python or read from a run file's ``[rule]`` table.

    Parameters
    ----------
    land_use : {"productive", "residential", "both", "split"}
        Which land is traded; "both" trades each use by its own wedge.
    scope : {"intra", "inter"}
        Intra-province pools (one per province) or one national pool.
    participation : {"all", "pilot", "custom"}
        All provinces; the paper's pilot sets (intra: the five pilot provinces trade
        within themselves; inter: the five sell to the eight receiving provinces);
        or ``seller_provinces`` / ``buyer_provinces``.
    allocation : {"equal_area", "equal_proportion"}
        Buyers get equal areas, or areas proportional to their own stock of the land.
    transfer_share : float
        Share s of its land each seller gives up, in (0, 1) (paper: 0.15; robustness
        0.20).
    split_productive : float
        With ``land_use="split"``, the productive share of the quota buyers receive,
        in [0, 1).
    seller_provinces, buyer_provinces : tuple of str
        With ``participation="custom"``: province names (pinyin or Chinese), each
        province once, at least one.
    seller_price : float
        Yuan per m² sellers receive, ≥ 0.
    buyer_prices : dict of str to float
        Yuan per m² buyers pay, by province name; others pay ``default_buyer_price``.
    default_buyer_price : float
        Yuan per m² for buyers in provinces not in ``buyer_prices``, ≥ 0.
    mobility : {None, "within_pilot", "between_pilot"}
        Lower mobility costs by ``mobility_cut`` between distinct cities of the same
        pilot province, or between cities of different pilot provinces.
    mobility_cut : float
        The proportional cut of c_od, in [0, 1) (paper: 10 %).
    """

    land_use: str = option("both", choices=LAND_USES)
    scope: str = option("inter", choices=SCOPES)
    participation: str = option("all", choices=PARTICIPATION)
    allocation: str = option("equal_area", choices=ALLOCATIONS)
    transfer_share: float = option(
        0.15, above=0.0, below=1.0, meaning="the share of its land each seller gives up"
    )
    split_productive: float = option(
        0.5, at_least=0.0, below=1.0, meaning="the productive share of a split quota"
    )
    seller_provinces: tuple[str, ...] = PILOT_SELLER_PROVINCES
    buyer_provinces: tuple[str, ...] = RECEIVING_PROVINCES
    seller_price: float = option(SELLER_PRICE, at_least=0.0, meaning=_PRICE)
    buyer_prices: dict[str, float] = option(
        factory=lambda: dict(BUYER_PRICE_TIERS), at_least=0.0, meaning=_PRICE, each=True
    )
    default_buyer_price: float = option(DEFAULT_BUYER_PRICE, at_least=0.0, meaning=_PRICE)
    mobility: str | None = option(None, choices=MOBILITY)
    mobility_cut: float = option(
        0.10, at_least=0.0, below=1.0, meaning="the proportional cut of mobility costs"
    )
    _LABEL = "QuotaRule"

    def _check(self) -> None:
        for key in ("seller_provinces", "buyer_provinces"):
            self._check_provinces(key, getattr(self, key))
            if self.participation == "custom" and not getattr(self, key):
                self._bad(key, 'must name at least one province when participation = "custom".')
        self._check_provinces("buyer_prices", self.buyer_prices)

    def _check_provinces(self, key: str, names: Iterable[str]) -> None:
        codes: dict[str, str] = {}
        for name in names:
            province = province_by_name(name)
            if province is None:
                problem = f"unknown province {render(name)}{hint(name, _PINYIN)}{_PROVINCE_HELP}."
                raise OptionError(self._label(), key, problem)
            if province.code in codes:
                raise OptionError(
                    self._label(),
                    key,
                    f"{render(name)} is the same province as {render(codes[province.code])}; "
                    "name each province once.",
                )
            codes[province.code] = name


@dataclass(frozen=True, eq=False)
class QuotaTrade:
    """The result of applying a rule, or of a batch of k candidate rules.

    Per-city arrays have shape ``(n,)`` for one trade, or ``(k, n)`` for a batch
    (row i is candidate i; see :attr:`batch_size` and :meth:`row`).

    Attributes
    ----------
    land_productive_hat, land_residential_hat : ndarray, shape (n,) or (k, n)
        R̂^Y and R̂^H (unit-free).
    transfers : ndarray, shape (n,) or (k, n)
        F_d = receipts − payments (yuan).
    mobility_cost_hat : ndarray, shape (n, n), or None
        ĉ_od, or None for unchanged mobility costs (shared by every row of a batch).
    sold_productive, sold_residential, bought_productive, bought_residential : ndarray
        Land sold and bought (m²), shape (n,) or (k, n).
    receipts, payments : ndarray, shape (n,) or (k, n)
        Money received by sellers and paid by buyers (yuan).
    """

    land_productive_hat: np.ndarray
    land_residential_hat: np.ndarray
    transfers: np.ndarray
    mobility_cost_hat: np.ndarray | None
    sold_productive: np.ndarray
    sold_residential: np.ndarray
    bought_productive: np.ndarray
    bought_residential: np.ndarray
    receipts: np.ndarray
    payments: np.ndarray

    @property
    def batch_size(self) -> int | None:
        """The number k of candidates of a batch trade; None for a single trade."""
        return None if self.transfers.ndim == 1 else int(self.transfers.shape[0])

    @property
    def land_moved(self) -> float | np.ndarray:
        """Total land traded, both uses (m²): a float, or shape (k,) for a batch."""
        moved = self.sold_productive.sum(axis=-1) + self.sold_residential.sum(axis=-1)
        return float(moved) if self.batch_size is None else moved

    @property
    def intermediary_balance(self) -> float | np.ndarray:
        """Return the central intermediary's balance −Σ F_d = payments − receipts (yuan).

        A float, or shape (k,) for a batch.
        """
        balance = -self.transfers.sum(axis=-1)
        return float(balance) if self.batch_size is None else balance

    @property
    def sellers(self) -> np.ndarray:
        """Boolean mask of cities that sold land (shape (n,) or (k, n))."""
        return (self.sold_productive + self.sold_residential) > 0

    @property
    def buyers(self) -> np.ndarray:
        """Boolean mask of cities that bought land (shape (n,) or (k, n))."""
        return (self.bought_productive + self.bought_residential) > 0

    def as_batch(self) -> QuotaTrade:
        """Return this trade as a batch trade: a single trade becomes one row (views)."""
        if self.batch_size is not None:
            return self
        return QuotaTrade(
            **{name: getattr(self, name)[None, :] for name in _CITY_FIELDS},
            mobility_cost_hat=self.mobility_cost_hat,
        )

    def row(self, i: int | np.ndarray) -> QuotaTrade:
        """Return the single trade of candidate ``i`` of a batch trade (arrays are views).

        An index array ``i`` gives the sub-batch of those candidates.
        """
        if self.batch_size is None:
            raise ConfigError(
                f"row() needs a batch trade; this trade has arrays of shape {self.transfers.shape}."
            )
        return QuotaTrade(
            **{name: getattr(self, name)[i] for name in _CITY_FIELDS},
            mobility_cost_hat=self.mobility_cost_hat,
        )


_CITY_FIELDS = (
    "land_productive_hat",
    "land_residential_hat",
    "transfers",
    "sold_productive",
    "sold_residential",
    "bought_productive",
    "bought_residential",
    "receipts",
    "payments",
)


def group_sums(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum ``values`` (shape (n,) or (k, n)) over the cities of each group, row by row.

    Returns shape ``(n_groups,)`` or ``(k, n_groups)``: one ``bincount`` on flattened
    offsets ``row * n_groups + group`` (a row's values are added in city order), or a
    row sum when there is one group. Either way a row of a batch gives exactly the sums
    of the same row alone.
    """
    if n_groups == 1:
        return values.sum(axis=-1, keepdims=True)
    lead = values.shape[:-1]
    flat = values.reshape(-1, values.shape[-1])
    rows = flat.shape[0]
    index = group if rows == 1 else _offsets(rows, group, n_groups)
    sums = np.bincount(index, weights=flat.ravel(), minlength=rows * n_groups)
    return sums.reshape(*lead, n_groups)


_OFFSETS: dict[tuple, np.ndarray] = {}
_OFFSETS_KEPT = 8


def _offsets(rows: int, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Return the flattened bincount index ``row * n_groups + group`` of ``rows`` rows.

    Read-only, shape (rows * n,); the last few are cached, as a population's batches
    reuse them.
    """
    key = (rows, n_groups, group.tobytes())
    index = _OFFSETS.get(key)
    if index is None:
        index = (np.arange(rows, dtype=np.int64)[:, None] * n_groups + group).ravel()
        index.flags.writeable = False
        while len(_OFFSETS) >= _OFFSETS_KEPT:
            _OFFSETS.pop(next(iter(_OFFSETS)), None)
        _OFFSETS[key] = index
    return index


def _spread(per_group: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Return each city's value of its group, from per-group values (..., n_groups).

    Shape (..., n), or (..., 1) (broadcasting) when there is one group.
    """
    return per_group if per_group.shape[-1] == 1 else per_group[..., group]


_PROVINCE_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_TIER_PRICES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def province_index(calibration: Calibration) -> tuple[np.ndarray, int]:
    """Return each city's province index and the number of provinces.

    The index is read-only int64, shape (n,), provinces in sorted code order; cached
    per calibration.
    """
    cached = _PROVINCE_INDEX.get(calibration)
    if cached is None:
        codes, index = np.unique(calibration.data.province_codes, return_inverse=True)
        index = index.astype(np.int64).reshape(-1)
        index.flags.writeable = False
        cached = _PROVINCE_INDEX[calibration] = (index, int(codes.size))
    return cached


def _tier_prices(calibration: Calibration, rule: QuotaRule) -> np.ndarray:
    """Return each city's buyer tier price under ``rule`` (yuan/m², shape (n,)).

    Read-only, cached per calibration and (default price, price table).
    """
    key = (float(rule.default_buyer_price), tuple(sorted(rule.buyer_prices.items())))
    by_rule = _TIER_PRICES.setdefault(calibration, {})
    tier = by_rule.get(key)
    if tier is None:
        tiers = {province_by_name(n).code: p for n, p in rule.buyer_prices.items()}  # type: ignore[union-attr]
        tier = np.array(
            [tiers.get(c, rule.default_buyer_price) for c in calibration.data.province_codes],
            dtype=np.float64,
        )
        tier.flags.writeable = False
        by_rule[key] = tier
    return tier


def allocate_pools(
    sell_area: np.ndarray, buyer_weight: np.ndarray, pool: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pool sellers' quotas and share each pool among its buyers.

    Parameters
    ----------
    sell_area : ndarray, shape (n,) or (k, n)
        Land each city offers (m²; 0 for non-sellers); one row per candidate of a batch.
    buyer_weight : ndarray, shape (n,) or (k, n)
        Non-negative weights of buyers (0 for non-buyers); broadcast against
        ``sell_area``.
    pool : ndarray of int, shape (n,)
        Pool index of each city (the same for every row).

    Returns
    -------
    sold, bought : ndarray, shape (n,) or (k, n)
        Land sold and bought (m²). Pools without buyers sell nothing, so
        Σ sold = Σ bought within every pool (of every row).
    """
    sell_area, buyer_weight = np.broadcast_arrays(
        np.asarray(sell_area, dtype=np.float64), np.asarray(buyer_weight, dtype=np.float64)
    )
    return _allocate(np.array(sell_area), buyer_weight, np.asarray(pool))


def _allocate(
    sell: np.ndarray, weight: np.ndarray, pool: np.ndarray, *, overwrite_weight: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Run :func:`allocate_pools` on float arrays, in place where it may.

    ``sell`` (owned by the caller, writeable, of the full shape) becomes the land sold
    in place, and ``weight`` the land bought in place too if ``overwrite_weight``
    allows and it has the full shape.
    """
    n_pools = int(pool.max()) + 1
    offered = group_sums(sell, pool, n_pools)
    weights = group_sums(weight, pool, n_pools)
    active = np.broadcast_to(weights > 0, np.broadcast_shapes(offered.shape, weights.shape))
    per_weight = np.divide(offered, weights, out=np.zeros(active.shape), where=active)
    if not active.all():  # pools without buyers sell nothing
        np.copyto(sell, 0.0, where=~_spread(active, pool))
    per_city = _spread(per_weight, pool)
    if overwrite_weight and _writeable_as(weight, sell.shape):
        weight *= per_city
        return sell, weight
    return sell, weight * per_city


def _writeable_as(array: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether ``array`` can take a float result of ``shape`` in place."""
    return (
        array.shape == shape
        and array.dtype == np.float64
        and array.flags.writeable
        and array.base is None
    )


def apply_rule(calibration: Calibration, rule: QuotaRule) -> QuotaTrade:
    """Apply a quota rule to the calibrated baseline.

    Parameters
    ----------
    calibration : Calibration
        The baseline (wedges, land, provinces).
    rule : QuotaRule
        The rule.

    Returns
    -------
    QuotaTrade

    Raises
    ------
    ConfigError
        If the rule moves no land (no pool has both sellers and buyers).
    """
    sellers_ok, buyers_ok = participants(calibration, rule)
    shares, weights = {}, {}
    for use, wedge, stock in traded_uses(calibration, rule):
        shares[use] = np.where(sellers_ok & (wedge < 0), rule.transfer_share, 0.0)
        buyers = buyers_ok & (wedge > 0)
        weights[use] = np.where(buyers, 1.0 if rule.allocation == "equal_area" else stock, 0.0)
    trade = trade_from_shares(calibration, rule, shares, weights)
    if trade.land_moved == 0:
        raise ConfigError(
            "This rule moves no land: no pool has both a seller (τ < 0) and a buyer (τ > 0) "
            f"among the participating cities (land_use={rule.land_use!r}, scope={rule.scope!r}, "
            f"participation={rule.participation!r}). Widen participation or the scope."
        )
    return trade


def trade_from_shares(
    calibration: Calibration,
    rule: QuotaRule,
    shares: dict[str, np.ndarray],
    weights: dict[str, np.ndarray],
    *,
    overwrite: bool = False,
) -> QuotaTrade:
    """Turn sellers' shares and buyers' weights into a trade under a rule's market.

    The rule supplies the market: land use, pools (scope), prices and mobility; its
    ``transfer_share`` and ``allocation`` are ignored. Each pool's land goes to its
    buyers in proportion to their weights, so Σ sold = Σ bought in every pool by
    construction; a pool whose buyers all have zero weight sells nothing.

    Parameters
    ----------
    calibration : Calibration
        The baseline.
    rule : QuotaRule
        The market.
    shares : dict of str to ndarray, shape (n,) or (k, n)
        For each traded use (``traded_uses``: "productive", "residential" or "split"),
        the share of its stock each city sells (0 for non-sellers; < 1); with a
        leading axis, one row per candidate of a batch.
    weights : dict of str to ndarray, shape (n,) or (k, n)
        For each traded use, non-negative buyer weights (0 for non-buyers).
    overwrite : bool
        Allow the function to overwrite the share and weight arrays (when they are
        float64 arrays of the full shape owning their data), saving memory and time on
        large batches. Default False: the inputs are left unchanged.

    Returns
    -------
    QuotaTrade
        Possibly moving no land; with per-city arrays of shape ``(k, n)`` if any share
        or weight has a leading axis (the arrays are broadcast together), ``(n,)``
        otherwise.
    """
    n = calibration.n_cities
    uses = traded_uses(calibration, rule)
    missing = [use for use, _, _ in uses if use not in shares or use not in weights]
    if missing:
        raise ConfigError(
            f"shares and weights must give the traded use(s) {missing} of "
            f"land_use={rule.land_use!r}."
        )
    arrays = [np.asarray(d[use], dtype=np.float64) for use, _, _ in uses for d in (shares, weights)]
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shape = ()
    if len(shape) not in (1, 2) or shape[-1] != n:
        raise ConfigError(
            f"shares and weights must have shape ({n},) or (k, {n}); got "
            f"{sorted({a.shape for a in arrays})}."
        )
    pool = trading_pools(calibration, rule)
    trades = {}
    if overwrite and len({id(a) for a in arrays}) < len(arrays):
        overwrite = False  # one array given twice: never write through an alias
    for i, (use, _, stock) in enumerate(uses):
        share, weight = arrays[2 * i], arrays[2 * i + 1]
        if overwrite and _writeable_as(share, shape):
            share *= stock
            offer = share
        else:
            offer = share * stock
            if offer.shape != shape:
                offer = np.array(np.broadcast_to(offer, shape))
        # offer becomes the land sold (and weight the land bought if overwrite)
        trades[use] = _allocate(offer, weight, pool, overwrite_weight=overwrite)
    payments = _payments(calibration, rule, trades, pool)
    land_y, land_h = calibration.land_productive, calibration.land_residential
    sold_y, sold_h, bought_y, bought_h = _by_use(trades, rule, land_y, land_h)
    receipts = sold_y + sold_h  # a fresh array: seller price × land sold, in place
    receipts *= rule.seller_price
    return trade_from_flows(
        calibration,
        sold_productive=sold_y,
        sold_residential=sold_h,
        bought_productive=bought_y,
        bought_residential=bought_h,
        receipts=receipts,
        payments=payments,
        mobility_cost_hat=_mobility_cost_hat(calibration, rule),
    )


def trade_from_flows(
    calibration: Calibration,
    *,
    sold_productive: np.ndarray,
    sold_residential: np.ndarray,
    bought_productive: np.ndarray,
    bought_residential: np.ndarray,
    receipts: np.ndarray,
    payments: np.ndarray,
    mobility_cost_hat: np.ndarray | None = None,
) -> QuotaTrade:
    """Assemble a :class:`QuotaTrade` from land and money flows per city.

    Parameters
    ----------
    calibration : Calibration
        The baseline (land stocks R^Y, R^H in m²).
    sold_productive, sold_residential, bought_productive, bought_residential : ndarray
        Land sold and bought per city and use (m², shape ``(n,)`` or ``(k, n)`` for a
        batch of k candidates, non-negative).
    receipts, payments : ndarray
        Money received for land sold and paid for land bought (yuan, shape ``(n,)`` or
        ``(k, n)``).
    mobility_cost_hat : ndarray, shape (n, n), optional
        ĉ_od, or None (one matrix for every row of a batch).

    Returns
    -------
    QuotaTrade
        With ``R̂^k = 1 + (bought^k − sold^k) / R^k`` and ``F = receipts − payments``.
        Callers make sure no city sells all its land of a use (the hats stay positive).
    """
    hats = []
    for bought, sold, land in (
        (bought_productive, sold_productive, calibration.land_productive),
        (bought_residential, sold_residential, calibration.land_residential),
    ):
        hat = np.subtract(bought, sold, dtype=np.float64)  # 1 + (bought − sold) / R, in place
        hat /= land
        hat += 1.0
        hats.append(hat)
    return QuotaTrade(
        land_productive_hat=hats[0],
        land_residential_hat=hats[1],
        transfers=receipts - payments,
        mobility_cost_hat=mobility_cost_hat,
        sold_productive=sold_productive,
        sold_residential=sold_residential,
        bought_productive=bought_productive,
        bought_residential=bought_residential,
        receipts=receipts,
        payments=payments,
    )


def _province_mask(calibration: Calibration, names: tuple[str, ...]) -> np.ndarray:
    codes = {province_by_name(n).code for n in names}  # type: ignore[union-attr]
    return np.isin(calibration.data.province_codes, list(codes))


def participants(calibration: Calibration, rule: QuotaRule) -> tuple[np.ndarray, np.ndarray]:
    """Return boolean masks (shape (n,)) of cities allowed to sell and to buy under ``rule``."""
    everyone = np.ones(calibration.n_cities, dtype=bool)
    if rule.participation == "all":
        return everyone, everyone
    if rule.participation == "pilot" and rule.scope == "intra":
        pilot = _province_mask(calibration, PILOT_SELLER_PROVINCES)
        return pilot, pilot
    if rule.participation == "pilot":
        return (
            _province_mask(calibration, PILOT_SELLER_PROVINCES),
            _province_mask(calibration, RECEIVING_PROVINCES),
        )
    return (
        _province_mask(calibration, rule.seller_provinces),
        _province_mask(calibration, rule.buyer_provinces),
    )


def trading_pools(calibration: Calibration, rule: QuotaRule) -> np.ndarray:
    """Return each city's pool index (int, shape (n,)).

    0 everywhere for inter-province trading, the province's index for intra-province
    trading.
    """
    if rule.scope == "inter":
        return np.zeros(calibration.n_cities, dtype=np.int64)
    return province_index(calibration)[0].copy()


def traded_uses(
    calibration: Calibration, rule: QuotaRule
) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Return ``(use, wedge, stock)`` for each land use the rule trades.

    τ^k and R^k (m²) per city, or for ``"split"`` the land-weighted wedge and total
    construction land.
    """
    land_y, land_h = calibration.land_productive, calibration.land_residential
    if rule.land_use == "split":
        total = land_y + land_h
        wedge = (
            land_y * calibration.wedge_productive + land_h * calibration.wedge_residential
        ) / total
        return [("split", wedge, total)]
    uses = [
        ("productive", calibration.wedge_productive, land_y),
        ("residential", calibration.wedge_residential, land_h),
    ]
    return uses if rule.land_use == "both" else [u for u in uses if u[0] == rule.land_use]


def _by_use(
    trades: dict[str, tuple[np.ndarray, np.ndarray]],
    rule: QuotaRule,
    land_y: np.ndarray,
    land_h: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return sold and bought land per use, (sold_y, sold_h, bought_y, bought_h).

    From the ``(sold, bought)`` of each traded use; arrays of shape (n,) or (k, n).
    """
    if rule.land_use == "split":
        sold, bought = trades["split"]
        share_y = land_y / (land_y + land_h)
        return (
            sold * share_y,
            sold * (1 - share_y),
            bought * rule.split_productive,
            bought * (1 - rule.split_productive),
        )
    zero = np.zeros(next(iter(trades.values()))[0].shape)
    sold_y, bought_y = trades.get("productive", (zero, zero))
    sold_h, bought_h = trades.get("residential", (zero, zero))
    return sold_y, sold_h, bought_y, bought_h


def _payments(
    calibration: Calibration, rule: QuotaRule, trades: dict, pool: np.ndarray
) -> np.ndarray:
    """Return what each buyer pays (yuan), use by use.

    Each traded use's quota is priced with the own-province share of that use's pool
    (docs/model.md §5); ``trades`` maps each use to its ``(sold, bought)`` arrays, shape
    (n,) or (k, n) (a ``"split"`` flow is one use).
    """
    payments = None
    for sold, bought in trades.values():
        paid = buyer_unit_price(calibration, rule, sold, pool)
        paid *= bought
        payments = paid if payments is None else np.add(payments, paid, out=payments)
    assert payments is not None  # a rule trades at least one use
    return payments


def buyer_unit_price(
    calibration: Calibration, rule: QuotaRule, sold: np.ndarray, pool: np.ndarray
) -> np.ndarray:
    """Return the yuan per m² each buyer pays.

    The seller price for the part of its quota that comes from its own province, its
    tier price for the rest.

    Call it once per land use, with that use's land sold: the own-province share of a
    use's quota depends on where that use's sellers are.

    Parameters
    ----------
    calibration : Calibration
        The baseline (provinces).
    rule : QuotaRule
        Seller price, tier prices and default buyer price.
    sold : ndarray, shape (n,) or (k, n)
        Land of one use each city sells (m²); one row per candidate of a batch.
    pool : ndarray of int, shape (n,)
        Pool index of each city.

    Returns
    -------
    ndarray, shape (n,) or (k, n)
        The unit price (yuan/m²) every city would pay per m² bought. The tier prices
        and province index are cached per calibration, so repeated calls are cheap.
    """
    sold = np.asarray(sold, dtype=np.float64)
    pool = np.asarray(pool)
    tier = _tier_prices(calibration, rule)
    province, n_provinces = province_index(calibration)
    n_pools = int(pool.max()) + 1
    key = pool * n_provinces + province
    same = _spread(group_sums(sold, key, n_pools * n_provinces), key)
    pool_total = _spread(group_sums(sold, pool, n_pools), pool)
    positive = pool_total > 0
    own_share = np.divide(same, pool_total, out=same, where=positive)  # same: a fresh array
    if not positive.all():
        np.copyto(own_share, 0.0, where=~positive)
    price = own_share * rule.seller_price
    np.subtract(1.0, own_share, out=own_share)
    if own_share.shape == price.shape == np.broadcast_shapes(own_share.shape, tier.shape):
        own_share *= tier  # (1 − own share) × tier, then + own share × seller price
    else:
        own_share = own_share * tier
    own_share += price
    return own_share


def _mobility_cost_hat(calibration: Calibration, rule: QuotaRule) -> np.ndarray | None:
    if rule.mobility is None:
        return None
    codes = calibration.data.province_codes
    pilot = _province_mask(calibration, PILOT_SELLER_PROVINCES)
    same = codes[:, None] == codes[None, :]
    both_pilot = pilot[:, None] & pilot[None, :]
    pairs = both_pilot & (same if rule.mobility == "within_pilot" else ~same)
    np.fill_diagonal(pairs, False)
    return np.where(pairs, 1.0 - rule.mobility_cut, 1.0)
