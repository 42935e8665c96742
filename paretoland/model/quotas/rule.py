"""The options of a uniform quota-trading rule (docs/model.md §5) and the 2018 defaults.

:class:`QuotaRule` declares who may trade (participation), in which pools (scope),
which land (land use), how much (transfer share), how a pool is shared among buyers
(allocation), at what prices, and the optional mobility-cost experiment; every option
is checked where it is declared. The constants are the 2018 cross-province rules
(跨省域调剂管理办法): the pilot seller and receiving provinces and the prices in
yuan/m².
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from paretoland.data.provinces import PROVINCES, province_by_name
from paretoland.options import OptionError, Options, hint, option, render

__all__ = [
    "PILOT_SELLER_PROVINCES",
    "RECEIVING_PROVINCES",
    "SELLER_PRICE",
    "BUYER_PRICE_TIERS",
    "DEFAULT_BUYER_PRICE",
    "QuotaRule",
]

PILOT_SELLER_PROVINCES: tuple[str, ...] = ("Qinghai", "Sichuan", "Gansu", "Yunnan", "Xinjiang")
"""The five provinces the 2018 cross-province rules (跨省域调剂管理办法) allow to sell."""
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
"""The eight provinces the 2018 cross-province rules allow to buy."""
SELLER_PRICE = 525.0  # yuan/m² (350,000 yuan/mu)
"""Yuan per m² sellers receive (350,000 yuan/mu)."""
BUYER_PRICE_TIERS: dict[str, float] = {  # yuan/m² (700,000 / 500,000 yuan/mu)
    "Beijing": 1050.0,
    "Shanghai": 1050.0,
    "Tianjin": 750.0,
    "Jiangsu": 750.0,
    "Zhejiang": 750.0,
    "Guangdong": 750.0,
}
"""Yuan per m² buyers pay, by province: 1,050 (700,000 yuan/mu) or 750 (500,000 yuan/mu)."""
DEFAULT_BUYER_PRICE = 450.0  # yuan/m² (300,000 yuan/mu)
"""Yuan per m² buyers in the other provinces pay (300,000 yuan/mu)."""
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
