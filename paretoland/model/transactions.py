"""Recorded quota transactions (docs/model.md §5; the paper's Table 1 experiment).

:func:`load_transactions` reads a table of recorded quota sales (seller city, buyer
city, area, price, optionally the use of the land) and matches the cities to a
:class:`~paretoland.data.dataset.CityData`; :func:`transactions_trade` turns the result
into a :class:`~paretoland.model.quotas.trade.QuotaTrade` that
:func:`~paretoland.model.counterfactual.run_counterfactual` solves.

Conventions settled here:

- Trades are direct: each row's seller receives area × price from its buyer, so the
  transfers F_d sum to zero and there is no intermediary.
- Since the use of a traded quota is rarely recorded, the paper runs three cases:
  all productive, all residential, half and half (``use="split"``). ``"recorded"``
  takes each row's own ``use``; rows marked ``unknown`` are split.
- A split row moves ``productive_share`` of its area between the two cities'
  productive land and the rest between their residential land.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.data.dataset import M2_PER_KM2, M2_PER_MU, CityData
from paretoland.data.validation._cells import NUMBER, is_missing
from paretoland.data.validation.files import read_table
from paretoland.exceptions import ConfigError, DataError
from paretoland.model.calibration import Calibration
from paretoland.model.quotas import QuotaTrade, trade_from_flows
from paretoland.suggest import closest

__all__ = [
    "M2_PER_MU",
    "TRANSACTION_USES",
    "TRADE_USES",
    "Transactions",
    "load_transactions",
    "transactions_trade",
]

"""Square metres per mu (亩)."""
TRANSACTION_USES: tuple[str, ...] = ("productive", "residential", "unknown")
"""Values of the ``use`` column."""
TRADE_USES: tuple[str, ...] = ("productive", "residential", "split", "recorded")
"""Options of :func:`transactions_trade`'s ``use``."""

_CITY_COLUMNS = ("seller", "buyer")
_AREA_COLUMNS = {"area_mu": M2_PER_MU, "area_m2": 1.0}  # column -> m² per unit
_PRICE_COLUMNS = {"price_yuan_mu": 1.0 / M2_PER_MU, "price_yuan_m2": 1.0}  # -> yuan/m² factor
_NAME_SUFFIXES = ("自治州", "地区", "盟", "市")
_CODE = re.compile(r"\d{6}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, eq=False)
class Transactions:
    """Recorded quota transactions matched to a dataset's cities.

    Build it with :func:`load_transactions`. ``k`` is the number of transactions,
    ``n`` the number of cities of the dataset.

    Attributes
    ----------
    seller, buyer : ndarray(int, shape=(k,))
        Index of the selling and buying city in the dataset's order.
    area_m2 : ndarray(float, shape=(k,))
        Area traded (m²), positive.
    price_yuan_m2 : ndarray(float, shape=(k,))
        Price paid (yuan per m²), non-negative.
    use : ndarray(object, shape=(k,))
        ``"productive"``, ``"residential"`` or ``"unknown"``.
    frame : DataFrame
        The input table (one row per transaction, extra columns kept, ``use`` filled
        and lower-cased) with the added columns ``seller_code``, ``buyer_code``,
        ``area_m2`` and ``price_yuan_m2``.
    city_codes : ndarray(str, shape=(n,))
        City codes of the dataset the transactions were matched to.
    province_codes : ndarray(str, shape=(n,))
        Province codes of that dataset's cities.
    """

    seller: np.ndarray
    buyer: np.ndarray
    area_m2: np.ndarray
    price_yuan_m2: np.ndarray
    use: np.ndarray
    frame: pd.DataFrame
    city_codes: np.ndarray
    province_codes: np.ndarray

    def __post_init__(self) -> None:
        k = len(self.frame)
        for name in ("seller", "buyer", "area_m2", "price_yuan_m2", "use"):
            values = np.array(getattr(self, name))
            if values.shape != (k,):
                raise DataError(f"Transactions.{name} has shape {values.shape}, expected ({k},).")
            values.flags.writeable = False
            object.__setattr__(self, name, values)
        for name in ("city_codes", "province_codes"):
            values = np.array(getattr(self, name), dtype=str)
            values.flags.writeable = False
            object.__setattr__(self, name, values)
        if self.province_codes.shape != self.city_codes.shape:
            raise DataError("Transactions.city_codes and province_codes differ in shape.")

    @property
    def n_transactions(self) -> int:
        """Number of transactions ``k``."""
        return len(self.frame)

    @property
    def total_area_m2(self) -> float:
        """Total area traded (m²)."""
        return float(self.area_m2.sum())

    @property
    def total_value_yuan(self) -> float:
        """Total money paid, Σ area × price (yuan)."""
        return float(self.area_m2 @ self.price_yuan_m2)

    @property
    def intra_province(self) -> np.ndarray:
        """ndarray(bool, shape=(k,)): seller and buyer are in the same province."""
        return self.province_codes[self.seller] == self.province_codes[self.buyer]


# ---------------------------------------------------------------------------- loading
def load_transactions(source: str | Path | pd.DataFrame, data: CityData) -> Transactions:
    """Load recorded quota transactions and match their cities to a dataset.

    Parameters
    ----------
    source : str, Path or DataFrame
        A CSV file (UTF-8) or a table with the columns ``seller`` and ``buyer`` (a
        6-digit city code, a Chinese name with or without its 市/地区/盟/自治州
        suffix, or a pinyin name, case-insensitive); exactly one of ``area_mu`` and
        ``area_m2``; exactly one of ``price_yuan_mu`` and ``price_yuan_m2`` (yuan per
        unit of area); optionally ``use`` (``productive``, ``residential`` or
        ``unknown``; all ``unknown`` if absent). Other columns (e.g. ``date``) are
        kept and ignored.
    data : CityData
        The dataset whose cities the transactions name.

    Returns
    -------
    Transactions

    Raises
    ------
    DataError
        If the table is empty or lacks a column, or a cell is empty, unknown,
        ambiguous, non-numeric, non-finite or out of range (a non-positive area, a
        negative price), or a seller is its own buyer. Row numbers count data rows
        from 1, as in the file without its header.
    """
    frame = _read(source)
    area_column = _one_of(frame, _AREA_COLUMNS, "area")
    price_column = _one_of(frame, _PRICE_COLUMNS, "price")
    lookup = _CityLookup(data)
    seller = lookup.resolve_column(frame, "seller")
    buyer = lookup.resolve_column(frame, "buyer")
    area = _numbers(frame, area_column, allow_zero=False) * _AREA_COLUMNS[area_column]
    price = _numbers(frame, price_column, allow_zero=True) * _PRICE_COLUMNS[price_column]
    use = _uses(frame)
    _check_distinct(frame, seller, buyer)
    codes = data.codes
    frame = frame.assign(
        use=use,
        seller_code=codes[seller],
        buyer_code=codes[buyer],
        area_m2=area,
        price_yuan_m2=price,
    )
    return Transactions(
        seller=seller,
        buyer=buyer,
        area_m2=area,
        price_yuan_m2=price,
        use=use,
        frame=frame,
        city_codes=codes,
        province_codes=data.province_codes,
    )


def _read(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Return the table, index reset and column names stripped, with the required columns."""
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        what = "the transactions table"
    elif isinstance(source, (str, Path)):
        frame = read_table(Path(source), "transactions")
        what = f"transactions file {source}"
    else:
        raise ConfigError(
            f"source must be a CSV path or a DataFrame (got {type(source).__name__})."
        )
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame) == 0:
        raise DataError(
            f"{what} has no transactions (no data rows).\nFix: add one row per "
            "transaction: seller, buyer, area_mu (or area_m2), price_yuan_mu (or "
            "price_yuan_m2)."
        )
    missing = [c for c in _CITY_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(
            f"{what} is missing the column(s) {', '.join(missing)} (it has "
            f"{', '.join(frame.columns)}).\nFix: name the selling city's column "
            "'seller' and the buying city's 'buyer'."
        )
    return frame


def _one_of(frame: pd.DataFrame, options: dict[str, float], what: str) -> str:
    """Return the one column of ``options`` the table has."""
    present = [c for c in options if c in frame.columns]
    names = " or ".join(options)
    if len(present) == 1:
        return present[0]
    if not present:
        raise DataError(
            f"the transactions have no {what} column.\nFix: add {names} (one of "
            f"them; 1 mu = {M2_PER_MU:.4f} m²)."
        )
    raise DataError(
        f"the transactions have both {what} columns, {' and '.join(present)}.\n"
        f"Fix: keep exactly one of {names} and drop the other."
    )


def _where(row: int, column: str, cell: object) -> str:
    return f"transactions row {row + 1}, column {column!r}, value {cell!r}"


def _numbers(frame: pd.DataFrame, column: str, *, allow_zero: bool) -> np.ndarray:
    """Parse one numeric column; a price may be 0, an area must be positive."""
    out = np.empty(len(frame))
    for i, cell in enumerate(frame[column]):
        where = _where(i, column, cell)
        if is_missing(cell):
            raise DataError(
                f"{where}: the cell is empty.\nFix: fill in the {column} of every "
                "transaction, or drop the row."
            )
        if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool):
            value = float(cell)
        elif isinstance(cell, str) and NUMBER.fullmatch(cell.strip()):
            value = float(cell.strip())
        else:
            raise DataError(
                f"{where}: not a number.\nFix: write a plain number (no units, no "
                "thousands separators)."
            )
        if not np.isfinite(value):
            raise DataError(f"{where}: not finite.\nFix: write a finite number.")
        if value < 0 or (value == 0 and not allow_zero):
            sign = "negative" if allow_zero else "not positive"
            raise DataError(
                f"{where}: {sign}.\nFix: write a "
                f"{'non-negative' if allow_zero else 'positive'} {column}, or drop "
                "the row."
            )
        out[i] = value
    return out


def _uses(frame: pd.DataFrame) -> np.ndarray:
    """Return the ``use`` column, lower-cased; all ``"unknown"`` if the column is absent."""
    if "use" not in frame.columns:
        return np.full(len(frame), "unknown", dtype=object)
    out = np.empty(len(frame), dtype=object)
    for i, cell in enumerate(frame["use"]):
        value = cell.strip().lower() if isinstance(cell, str) else cell
        if is_missing(cell) or value not in TRANSACTION_USES:
            problem = "the cell is empty" if is_missing(cell) else "unknown use"
            raise DataError(
                f"{_where(i, 'use', cell)}: {problem}.\nFix: write one of "
                f"{', '.join(TRANSACTION_USES)} (unknown if the use is not "
                "recorded)."
            )
        out[i] = value
    return out


def _check_distinct(frame: pd.DataFrame, seller: np.ndarray, buyer: np.ndarray) -> None:
    same = np.flatnonzero(seller == buyer)
    if same.size:
        i = int(same[0])
        raise DataError(
            f"{_where(i, 'seller', frame['seller'].iloc[i])}: the seller is also "
            f"the buyer (column 'buyer', value {frame['buyer'].iloc[i]!r}).\nFix: "
            "a transaction moves quota between two different cities; correct or "
            "drop the row."
        )


class _CityLookup:
    """Match a cell (code, Chinese name, pinyin name) to a city index."""

    def __init__(self, data: CityData) -> None:
        self.data = data
        self.by_code = {code: i for i, code in enumerate(data.codes)}
        self.by_zh = _groups(data.names_zh)
        self.by_short = _groups([_strip_suffix(n) for n in data.names_zh])
        self.by_pinyin = _groups([n.casefold() for n in data.names])

    def matches(self, cell: object) -> list[int]:
        """Return the indices of the cities the cell names (none, one or several)."""
        if isinstance(cell, (float, np.floating)) and float(cell).is_integer():
            cell = int(cell)
        text = str(cell).strip()
        if isinstance(cell, (int, np.integer)) or _CODE.fullmatch(text):
            return [self.by_code[text]] if text in self.by_code else []
        for table, key in (
            (self.by_zh, text),
            (self.by_short, _strip_suffix(text)),
            (self.by_pinyin, text.casefold()),
        ):
            if key in table:
                return table[key]
        return []

    def resolve_column(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        """City indices of a column, shape (k,); raises on an empty, unknown or ambiguous cell."""
        out = np.empty(len(frame), dtype=np.int64)
        for i, cell in enumerate(frame[column]):
            where = _where(i, column, cell)
            if is_missing(cell):
                raise DataError(
                    f"{where}: the cell is empty.\nFix: name the {column} city by "
                    "its 6-digit city code, Chinese name or pinyin name."
                )
            found = self.matches(cell)
            if len(found) > 1:
                raise DataError(
                    f"{where}: ambiguous, it names {len(found)} cities: "
                    f"{'; '.join(self.describe(j) for j in found)}.\nFix: use the "
                    "6-digit city code (or the Chinese name)."
                )
            if not found:
                raise DataError(
                    f"{where}: no such city in the dataset. {self.suggest(cell)}"
                    "\nFix: correct the name, or use the 6-digit city code "
                    "(column city_code of cities.csv)."
                )
            out[i] = found[0]
        return out

    def describe(self, index: int) -> str:
        """``"<code> <name_zh> (<pinyin>, <province>)"``."""
        d = self.data
        return f"{d.codes[index]} {d.names_zh[index]} ({d.names[index]}, {d.provinces[index]})"

    def suggest(self, cell: object) -> str:
        """Return the closest city names and codes (Chinese, codes or pinyin, as the cell)."""
        text = str(cell).strip()
        d = self.data
        if _CJK.search(text):
            text = _strip_suffix(text)
            keys = [_strip_suffix(z) for z in d.names_zh]
            shown = [f"{z} {c}" for z, c in zip(d.names_zh, d.codes, strict=True)]
        elif text.isdigit():
            keys = list(d.codes)
            shown = [f"{c} {z} ({n})" for c, z, n in zip(d.codes, d.names_zh, d.names, strict=True)]
        else:
            keys = [n.casefold() for n in d.names]
            shown = [f"{n} {c}" for n, c in zip(d.names, d.codes, strict=True)]
        labels: dict[str, list[str]] = {}
        for key, label in zip(keys, shown, strict=True):
            labels.setdefault(key, []).append(label)
        close = closest(text.casefold(), labels, n=5, cutoff=0.5)
        if not close:
            return "No close match."
        return f"Closest: {', '.join(item for c in close for item in labels[c])}."


def _groups(names: list[str] | np.ndarray) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        out.setdefault(str(name), []).append(i)
    return out


def _strip_suffix(name: str) -> str:
    for suffix in _NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


# ---------------------------------------------------------------------------- the trade
def transactions_trade(
    calibration: Calibration,
    transactions: Transactions,
    *,
    use: str = "recorded",
    productive_share: float = 0.5,
) -> QuotaTrade:
    """Turn recorded transactions into a quota trade on the calibrated baseline.

    Each transaction moves its area from the seller's land to the buyer's: productive
    land R^Y, residential land R^H, or both in the ratio ``productive_share`` :
    ``1 − productive_share``. The buyer pays the seller area × price, so
    F_d = receipts − payments sums to zero.

    Parameters
    ----------
    calibration : Calibration
        The baseline; its dataset must be the one the transactions were loaded for.
    transactions : Transactions
        From :func:`load_transactions`.
    use : {"recorded", "productive", "residential", "split"}
        The use of the traded land: every row's own ``use`` (rows marked
        ``unknown`` split by ``productive_share``), all productive, all residential,
        or every row split by ``productive_share``.
    productive_share : float
        Productive share of a split transaction, in [0, 1].

    Returns
    -------
    QuotaTrade
        Land hats R̂^Y, R̂^H (shape ``(n,)``), transfers F (yuan), no mobility-cost
        change, and the land sold and bought (m²) and money received and paid (yuan)
        per city; a city that both sells and buys keeps its gross amounts.

    Raises
    ------
    ConfigError
        If ``use`` or ``productive_share`` is invalid.
    DataError
        If the transactions were loaded for another dataset, or a city would sell
        all its land of a use (sold ≥ stock + bought).
    """
    if use not in TRADE_USES:
        raise ConfigError(f"use must be one of {TRADE_USES} (got {use!r}).")
    if isinstance(productive_share, bool) or not _in_unit_interval(productive_share):
        raise ConfigError(f"productive_share must lie in [0, 1] (got {productive_share!r}).")
    _check_dataset(calibration, transactions)
    share = _productive_shares(transactions, use, productive_share)
    n = calibration.n_cities
    area, seller, buyer = transactions.area_m2, transactions.seller, transactions.buyer

    def total(city: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return np.bincount(city, weights=weights, minlength=n).astype(np.float64)

    sold_y, sold_h = total(seller, area * share), total(seller, area * (1.0 - share))
    bought_y, bought_h = total(buyer, area * share), total(buyer, area * (1.0 - share))
    value = area * transactions.price_yuan_m2
    receipts, payments = total(seller, value), total(buyer, value)
    _check_land_left(calibration, "productive", sold_y, bought_y)
    _check_land_left(calibration, "residential", sold_h, bought_h)
    return trade_from_flows(
        calibration,
        sold_productive=sold_y,
        sold_residential=sold_h,
        bought_productive=bought_y,
        bought_residential=bought_h,
        receipts=receipts,
        payments=payments,
    )


def _in_unit_interval(value: object) -> bool:
    try:
        return 0.0 <= float(value) <= 1.0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _check_dataset(calibration: Calibration, transactions: Transactions) -> None:
    codes = calibration.data.codes
    if np.array_equal(codes, transactions.city_codes):
        return
    raise DataError(
        f"these transactions were matched to a dataset of {len(transactions.city_codes)} "
        f"cities that differs from the calibration's dataset ({len(codes)} cities, "
        f"{calibration.data.source}): the city codes or their order differ.\nFix: load them "
        "with load_transactions(source, calibration.data)."
    )


def _productive_shares(transactions: Transactions, use: str, share: float) -> np.ndarray:
    """Productive share of each transaction's area, shape (k,)."""
    k = transactions.n_transactions
    if use == "productive":
        return np.ones(k)
    if use == "residential":
        return np.zeros(k)
    if use == "split":
        return np.full(k, float(share))
    recorded = transactions.use
    return np.select([recorded == "productive", recorded == "residential"], [1.0, 0.0], share)


def _check_land_left(
    calibration: Calibration, use: str, sold: np.ndarray, bought: np.ndarray
) -> None:
    """Raise if a city's land of ``use`` would vanish (sold ≥ stock + bought)."""
    stock = calibration.land_productive if use == "productive" else calibration.land_residential
    bad = np.flatnonzero(sold >= stock + bought)
    if bad.size:
        i = int(bad[0])
        data = calibration.data
        others = f" ({bad.size - 1} other cities too)" if bad.size > 1 else ""
        raise DataError(
            f"city {data.codes[i]} ({data.names[i]}) would sell {sold[i] / M2_PER_KM2:.3f} km² "
            f"of {use} land but holds {stock[i] / M2_PER_KM2:.3f} km² (and buys "
            f"{bought[i] / M2_PER_KM2:.3f} km²){others}, leaving none.\nFix: check the units "
            f"of the area column (area_mu is in mu, 1 mu = {M2_PER_MU:.2f} m²; area_m2 in "
            "m²), or spread the land over both uses (use='split')."
        )
