"""The memo's words in English and Chinese: headings, captions, table labels, notes.

``WORDS[lang][key]``; the texts are in :mod:`.words_en` and :mod:`.words_zh`, key for
key, and those with ``{fields}`` are filled by :func:`word`. Prose that needs its own
sentence structure per language lives in :mod:`.summary`.
"""

from __future__ import annotations

from typing import Any

from paretoland.reporting.figures.labels import check_language
from paretoland.reporting.memo.words_en import EN
from paretoland.reporting.memo.words_zh import ZH

__all__ = [
    "ALGORITHM_NAMES",
    "algorithm_name",
    "MEASURE_NAMES",
    "METHOD_NAMES",
    "RULE_VALUES",
    "WORDS",
    "group_names",
    "word",
]

WORDS: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}
"""Every text of the memo by language and key."""

METHOD_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "knee": "the knee method",
        "pseudo_weights": "Deb's pseudo-weights",
        "asf": "the achievement scalarising function (ASF)",
        "compromise": "compromise programming",
        "topsis": "TOPSIS",
        "given": "the user",
    },
    "zh": {
        "knee": "拐点法",
        "pseudo_weights": "Deb伪权重法",
        "asf": "增广成就标量化函数法（ASF）",
        "compromise": "折中规划法",
        "topsis": "逼近理想解排序法（TOPSIS）",
        "given": "用户",
    },
}
"""Decision methods as a sentence names them."""

MEASURE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "cv": "coefficient of variation",
        "theil": "Theil index",
        "gini": "Gini coefficient",
        "var_log": "variance of logs",
    },
    "zh": {"cv": "变异系数", "theil": "泰尔指数", "gini": "基尼系数", "var_log": "对数方差"},
}
"""Dispersion measures of the gaps, by name."""


RULE_VALUES: dict[str, dict[str, str]] = {
    "en": {
        "parametric": "the paper's parametric rule (12 weights)",
        "per_city": "one share per seller and one weight per buyer",
        "productive": "productive land",
        "residential": "residential land",
        "both": "productive and residential land",
        "inter": "between provinces",
        "intra": "within provinces",
        "all": "all provinces",
        "pilot": "the pilot provinces",
        "custom": "the provinces the run names",
    },
    "zh": {
        "parametric": "论文的参数化规则（12个权重）",
        "per_city": "逐城市规则（每个卖方一个比例、每个买方一个权重）",
        "productive": "生产用地",
        "residential": "居住用地",
        "both": "生产用地与居住用地",
        "inter": "跨省",
        "intra": "省内",
        "all": "全部省份",
        "pilot": "试点省份",
        "custom": "运行配置所列省份",
    },
}
"""The values of a run's ``[rule]`` settings in words."""


ALGORITHM_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "nsga2": "NSGA-II",
        "nsga3": "NSGA-III",
        "ga": "a genetic algorithm",
        "random": "random search",
        "gradient": "a gradient sweep of scalarised subproblems",
        "hybrid": "{evolution} seeded with the parametric frontier and polished with gradients",
    },
    "zh": {
        "nsga2": "NSGA-II",
        "nsga3": "NSGA-III",
        "ga": "遗传算法",
        "random": "随机搜索",
        "gradient": "梯度法（标量化子问题）",
        "hybrid": "以参数化前沿为种子、梯度精修的 {evolution}",
    },
}
"""Search algorithms of a run, as printed (see :func:`algorithm_name`)."""


def algorithm_name(algorithm: Any, lang: str) -> str:
    """Return a run's search algorithm in words (``algorithm``: its ``[algorithm]`` section)."""
    text = ALGORITHM_NAMES[check_language(lang)].get(algorithm.name, algorithm.name)
    evolution = "NSGA-III" if getattr(algorithm, "evolution", "nsga2") == "nsga3" else "NSGA-II"
    return text.format(evolution=evolution)


def group_names(groups: list[str], lang: str) -> str:
    """Join stakeholder group names for prose (``central_government`` → ``central government``)."""
    names = [str(g).replace("_", " ") for g in groups]
    return ("、" if lang == "zh" else ", ").join(names)


def word(key: str, lang: str, **fields: object) -> str:
    """Return the memo text ``key`` in ``lang``, with ``fields`` filled in."""
    text = WORDS[check_language(lang)][key]
    return text.format(**fields) if fields else text
