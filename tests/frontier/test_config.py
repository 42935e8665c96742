"""Tests of paretoland.frontier.config: loading, round trips and every kind of error."""

from __future__ import annotations

import pickle
import re
import tomllib
from pathlib import Path

import pytest

from paretoland.exceptions import ConfigError
from paretoland.frontier.config import (
    CustomObjective,
    RunConfig,
    config_keys,
    default_config,
    load_config,
)
from paretoland.model.equilibrium.inputs import IterationConfig
from paretoland.model.params import ModelParams
from paretoland.model.quotas import BUYER_PRICE_TIERS, PILOT_SELLER_PROVINCES, QuotaRule

PROBLEMS = Path(__file__).resolve().parents[2] / "problems"
EXAMPLES = [
    "default.toml",
    "nsga3_four_objectives.toml",
    "per_city_pareto.toml",
    "per_city_pareto_loss.toml",
    "per_city_frontier.toml",
    "random_search.toml",
]
CUSTOM = {"name": "beijing_gdp", "function": "mypackage.module:beijing_gdp", "sense": "max"}


def _write(folder: Path, text: str, name: str = "run.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ loading


def test_defaults() -> None:
    cfg = load_config()
    assert cfg == default_config() == RunConfig() == load_config({})
    assert cfg.run.n_jobs == 2 and cfg.algorithm.name == "nsga2"
    assert cfg.algorithm.pop_size == 100 and cfg.algorithm.n_gen == 200
    assert cfg.objective_names == ("gdp", "welfare", "output_gap", "welfare_gap")
    assert cfg.objective_senses == {
        "gdp": "max",
        "welfare": "max",
        "output_gap": "min",
        "welfare_gap": "min",
    }
    assert cfg.hv_reference == dict.fromkeys(cfg.objective_names, 0.0)
    assert cfg.hv_scale == dict.fromkeys(cfg.objective_names, 1.0)
    assert cfg.params == ModelParams.paper_baseline() and cfg.solver == IterationConfig()
    assert cfg.rule.seller_provinces == PILOT_SELLER_PROVINCES
    assert cfg.rule.buyer_prices == BUYER_PRICE_TIERS
    assert cfg.data_path is None and cfg.source is None


@pytest.mark.skipif(not (PROBLEMS / "default.toml").exists(), reason="no problems/ folder")
def test_default_file_equals_builtin_defaults() -> None:
    cfg = load_config(PROBLEMS / "default.toml")
    assert cfg == default_config()
    assert cfg.source == (PROBLEMS / "default.toml").resolve()


def _documented_keys(text: str) -> dict[str, set[str]]:
    """Return the keys written in each section of a TOML file, commented out or not."""
    keys: dict[str, set[str]] = {}
    section = ""
    for line in text.splitlines():
        header = re.match(r"#?\s*\[\[?([\w.]+)\]\]?", line)
        if header:
            section = header.group(1)
            keys.setdefault(section, set())
            continue
        key = re.match(r"#?\s*(\w+)\s*=", line)
        if key and section:
            keys[section].add(key.group(1))
    return keys


@pytest.mark.skipif(not (PROBLEMS / "default.toml").exists(), reason="no problems/ folder")
def test_default_file_documents_every_key() -> None:
    documented = _documented_keys((PROBLEMS / "default.toml").read_text(encoding="utf-8"))
    custom = set(CustomObjective.keys())
    assert documented.pop("objectives.custom") == custom
    documented["objectives"].add("custom")
    assert documented == {name: set(keys) for name, keys in config_keys().items()}


@pytest.mark.skipif(not PROBLEMS.exists(), reason="no problems/ folder")
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_files_load(name: str) -> None:
    cfg = load_config(PROBLEMS / name)
    assert load_config(cfg.to_dict()) == cfg


@pytest.mark.skipif(not PROBLEMS.exists(), reason="no problems/ folder")
def test_example_file_contents() -> None:
    nsga3 = load_config(PROBLEMS / "nsga3_four_objectives.toml")
    assert (nsga3.run.name, nsga3.algorithm.name) == ("nsga3-four", "nsga3")
    assert (nsga3.algorithm.n_partitions, nsga3.algorithm.pop_size) == (6, 84)
    per_city = load_config(PROBLEMS / "per_city_pareto.toml")
    assert (per_city.run.name, per_city.rule.family) == ("per-city-pareto", "per_city")
    assert per_city.constraints.pareto_improvement
    assert per_city.objective_names == ("gdp", "output_gap")
    loss = load_config(PROBLEMS / "per_city_pareto_loss.toml")
    assert (loss.algorithm.name, loss.constraints.max_origin_loss) == ("gradient", 0.5)
    city = load_config(PROBLEMS / "per_city_frontier.toml")
    assert (city.algorithm.name, city.rule.family, len(city.objective_names)) == (
        "hybrid",
        "per_city",
        4,
    )
    random = load_config(PROBLEMS / "random_search.toml")
    assert (random.run.name, random.algorithm.name) == ("random-search", "random")
    assert random.algorithm.n_samples == random.algorithm.total_samples == 20000


def test_string_path_and_ints_as_floats(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[rule]\nseller_price = 600\nbuyer_prices = { "北京" = 1000 }\n'
        "[params]\nkappa = 4\n[hypervolume]\nscale = { gdp = 2 }\n",
    )
    cfg = load_config(str(path))
    assert cfg.rule.seller_price == 600.0 and isinstance(cfg.rule.seller_price, float)
    assert cfg.rule.buyer_prices == {"北京": 1000.0}
    assert isinstance(cfg.params.kappa, float) and cfg.params.kappa == 4.0
    assert cfg.hv_scale["gdp"] == 2.0 and isinstance(cfg.hv_scale["gdp"], float)


def test_custom_objective() -> None:
    cfg = load_config(
        {
            "objectives": {"names": ["gdp", "beijing_gdp"], "custom": [CUSTOM]},
            "hypervolume": {"reference": {"beijing_gdp": -1.0}},
        }
    )
    assert cfg.objectives.custom == (CustomObjective(**CUSTOM),)
    assert cfg.objective_senses == {"gdp": "max", "beijing_gdp": "max"}
    assert cfg.custom_objectives == {"beijing_gdp": CustomObjective(**CUSTOM)}
    assert cfg.hv_reference == {"gdp": 0.0, "beijing_gdp": -1.0}
    unused = load_config({"objectives": {"custom": [CUSTOM]}})
    assert unused.custom_objectives == {}


def test_algorithm_variants() -> None:
    ga = load_config({"algorithm": {"name": "ga", "objective": "welfare_gap"}})
    assert ga.algorithm.objective == "welfare_gap"
    assert load_config({"algorithm": {"name": "nsga3"}}).algorithm.n_partitions == 0
    assert load_config({"run": {"n_jobs": -1}}).run.n_jobs == -1
    random = load_config({"algorithm": {"name": "random", "pop_size": 10, "n_gen": 3}})
    assert random.algorithm.total_samples == 30
    dask = load_config({"run": {"backend": "dask", "scheduler": "tcp://10.0.0.1:8786"}})
    assert dask.run.scheduler == "tcp://10.0.0.1:8786"


def test_params_and_solver() -> None:
    cfg = load_config(
        {
            "params": {"alpha": 0.83, "tenure_rate": 0.05},
            "solver": {"method": "damped", "damping": 0.5, "tol": 1e-8},
        }
    )
    assert cfg.params == ModelParams.paper_baseline().replace(alpha=0.83, tenure_rate=0.05)
    assert cfg.solver == IterationConfig(method="damped", damping=0.5, tol=1e-8)


# --------------------------------------------------------------- round trips


def _rich() -> RunConfig:
    return load_config(
        {
            "run": {"name": "rich.run-1", "seed": 7, "backend": "dask", "scheduler": "tcp://h:1"},
            "data": {"path": "/somewhere/data"},
            "params": {"eta": 0.31, "tenure_rate": 0.04},
            "rule": {
                "family": "per_city",
                "participation": "custom",
                "seller_provinces": ["四川", "Gansu"],
                "buyer_provinces": ["Beijing"],
                "buyer_prices": {"Beijing": 900},
            },
            "objectives": {
                "names": ["welfare", "beijing_gdp"],
                "measure": "theil",
                "custom": [CUSTOM],
            },
            "constraints": {"pareto_improvement": True, "min_seller_receipts": 1.5},
            "algorithm": {"name": "ga", "objective": "beijing_gdp", "pop_size": 8},
            "solver": {"damping": 0.7, "backend": "numpy"},
            "hypervolume": {"reference": {"welfare": -0.5}, "scale": {"beijing_gdp": 3.0}},
            "baseline": {"random_samples": 0, "uniform_rules": False},
        }
    )


@pytest.mark.parametrize("cfg", [default_config(), _rich()], ids=["default", "rich"])
def test_round_trip(cfg: RunConfig) -> None:
    assert load_config(cfg.to_dict()) == cfg
    assert load_config(tomllib.loads(cfg.to_toml())) == cfg
    assert pickle.loads(pickle.dumps(cfg)) == cfg


def test_round_trip_through_file(tmp_path: Path) -> None:
    cfg = _rich()
    assert load_config(_write(tmp_path, cfg.to_toml())) == cfg


def test_replace_merges_and_checks() -> None:
    cfg = _rich()
    new = cfg.replace(algorithm={"pop_size": 20}, run={"n_jobs": 1})
    assert new.algorithm == cfg.algorithm.__class__(name="ga", objective="beijing_gdp", pop_size=20)
    assert new.run.n_jobs == 1 and new.run.seed == 7 and new.rule == cfg.rule
    assert cfg.algorithm.pop_size == 8  # the original is unchanged
    assert cfg.replace(solver={"damping": None}).solver.damping is None
    assert cfg.replace(params=ModelParams()).params == ModelParams()
    with pytest.raises(ConfigError, match=r"\[algorithm\] n_gen = 0"):
        cfg.replace(algorithm={"n_gen": 0})
    with pytest.raises(ConfigError, match="unknown section 'algoritm'; did you mean 'algorithm'"):
        cfg.replace(algoritm={"n_gen": 5})


def test_rule_table_builds_the_market() -> None:
    table = {
        "family": "per_city",
        "land_use": "productive",
        "participation": "custom",
        "seller_provinces": ["Sichuan"],
        "buyer_provinces": ["Beijing"],
        "seller_price": 500,
        "max_share": 0.2,
    }
    rule = load_config({"rule": table}).rule
    assert rule.market == QuotaRule(
        land_use="productive",
        participation="custom",
        seller_provinces=("Sichuan",),
        buyer_provinces=("Beijing",),
        seller_price=500.0,
    )
    assert (rule.family, rule.max_share, rule.weight_bound) == ("per_city", 0.2, 3.0)
    assert rule.land_use == "productive" and rule.seller_price == 500.0  # read through
    assert {k: v for k, v in rule.to_table().items() if k in table} == {
        **table,
        "seller_price": 500.0,
    }
    assert list(rule.to_table()) == list(config_keys()["rule"])
    with pytest.raises(AttributeError, match="allocation"):
        rule.allocation  # noqa: B018 (the market's other options are not the run file's)
    with pytest.raises(ConfigError, match=r'\[rule\] land_use = "split": not a valid option'):
        load_config({"rule": {"land_use": "split"}})
    with pytest.raises(ConfigError, match=r"\[rule\] allocation: unknown key"):
        load_config({"rule": {"allocation": "equal_area"}})


def test_keep_tibet_key(tmp_path: Path) -> None:
    assert default_config().data.keep_tibet is False
    folder = tmp_path / "cfg"
    folder.mkdir()
    cfg = load_config(_write(folder, '[data]\npath = "../d"\nkeep_tibet = true\n'))
    assert cfg.data.keep_tibet is True and cfg.data_path == (tmp_path / "d").resolve()
    assert load_config(cfg.to_dict()).data.keep_tibet is True
    assert cfg.replace(data={"keep_tibet": False}).data.keep_tibet is False
    with pytest.raises(ConfigError, match=r"\[data\] keep_tibet"):
        load_config({"data": {"keep_tibet": "yes"}})


def test_load_data_applies_the_sample(tmp_path: Path) -> None:
    import numpy as np

    from paretoland import CityData
    from paretoland.data.synthetic import synthetic_frames

    cities, migration = synthetic_frames(31, np.random.default_rng(3))  # city 25: Tibet
    folder = CityData.from_frames(cities, migration).to_dir(tmp_path / "d")
    cfg = load_config({"data": {"path": str(folder)}})
    assert cfg.load_data().n_cities == 30
    assert cfg.replace(data={"keep_tibet": True}).load_data().n_cities == 31


def test_relative_data_path(tmp_path: Path) -> None:
    folder = tmp_path / "configs"
    folder.mkdir()
    cfg = load_config(_write(folder, '[data]\npath = "../mydata"\n'))
    assert cfg.data_path == (tmp_path / "mydata").resolve()
    assert Path(cfg.data.path).is_absolute()
    assert load_config(cfg.to_dict()).data_path == cfg.data_path
    assert load_config({"data": {"path": "rel/data"}}).data_path == Path("rel/data")
    assert (
        load_config(_write(folder, '[data]\npath = "/abs/data"\n')).data_path
        == Path("/abs/data").resolve()
    )


# -------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param(
            {"algoritm": {}},
            r"\[algoritm\]: unknown section; did you mean "
            r"\[algorithm\]\?",
            id="unknown-section",
        ),
        pytest.param(
            {"seed": 3}, r"seed = 3: unknown top-level key.*under \[run\]", id="top-level-key"
        ),
        pytest.param({"run": 3}, r"\[run\]: expected a table", id="section-not-table"),
        pytest.param(
            {"algorithm": {"n_gens": 5}},
            r"\[algorithm\] n_gens: unknown key; did you mean 'n_gen'\?",
            id="unknown-key",
        ),
        pytest.param(
            {"params": {"alpah": 0.5}},
            r"\[params\] alpah: unknown key; did you mean 'alpha'\?",
            id="params-key",
        ),
        pytest.param(
            {"solver": {"tolerance": 1e-8}},
            r"\[solver\] tolerance: unknown key; "
            r"did you mean 'tol'\?",
            id="solver-key",
        ),
        pytest.param(
            {"rule": {"land_use": "resdential"}},
            r'\[rule\] land_use = "resdential": not a valid option; did you mean '
            r'"residential"\? Choose one of',
            id="misspelt-option",
        ),
        pytest.param(
            {"algorithm": {"name": "nsga-2"}},
            r'\[algorithm\] name = "nsga-2": .*did you mean "nsga2"',
            id="algorithm",
        ),
        pytest.param(
            {"objectives": {"measure": "gini_index"}},
            r'\[objectives\] measure = "gini_index".*did you mean "gini"',
            id="measure",
        ),
        pytest.param(
            {"params": {"wedge_basis": "observd"}},
            r'\[params\] wedge_basis = "observd".*did you mean "observed"',
            id="params-option",
        ),
        pytest.param(
            {"solver": {"method": "andersen"}},
            r'\[solver\] method = "andersen".*did you mean "anderson"',
            id="solver",
        ),
        pytest.param(
            {"algorithm": {"pop_size": "ten"}},
            r'\[algorithm\] pop_size = "ten": expected a whole number.*'
            r"e\.g\. pop_size = 100",
            id="string-for-int",
        ),
        pytest.param(
            {"algorithm": {"n_gen": 2.0}},
            r"\[algorithm\] n_gen = 2\.0: expected a whole number",
            id="float-for-int",
        ),
        pytest.param(
            {"algorithm": {"n_gen": True}},
            r"\[algorithm\] n_gen = true: expected a whole number",
            id="bool-for-int",
        ),
        pytest.param(
            {"rule": {"max_share": False}},
            r"\[rule\] max_share = false: expected a finite number",
            id="bool-for-float",
        ),
        pytest.param(
            {"params": {"kappa": True}},
            r"\[params\] kappa = true: expected a finite number",
            id="params-bool",
        ),
        pytest.param(
            {"solver": {"max_iter": 10.5}},
            r"\[solver\] max_iter = 10\.5: expected a whole number",
            id="solver-type",
        ),
        pytest.param(
            {"run": {"checkpoint": "yes"}},
            r'\[run\] checkpoint = "yes": expected true or false',
            id="str-for-bool",
        ),
        pytest.param(
            {"rule": {"seller_provinces": "Sichuan"}},
            r'\[rule\] seller_provinces = "Sichuan": expected a list',
            id="str-for-list",
        ),
        pytest.param(
            {"rule": {"seller_price": float("nan")}},
            r"\[rule\] seller_price = nan: expected a finite number",
            id="nan",
        ),
        pytest.param(
            {"algorithm": {"pop_size": 3}},
            r"\[algorithm\] pop_size = 3: must be at least 4",
            id="pop-size",
        ),
        pytest.param(
            {"rule": {"max_share": 1.5}},
            r"\[rule\] max_share = 1\.5: must lie strictly between 0 and 1",
            id="max-share",
        ),
        pytest.param(
            {"rule": {"weight_bound": 0}},
            r"\[rule\] weight_bound = 0\.0: must be positive",
            id="weight-bound",
        ),
        pytest.param(
            {"rule": {"buyer_prices": {"Beijing": -1}}},
            r"\[rule\] buyer_prices\.Beijing = -1\.0: must be at least 0",
            id="negative-price",
        ),
        pytest.param(
            {"run": {"n_jobs": 0}}, r"\[run\] n_jobs = 0: .*-1 for all cores", id="n-jobs"
        ),
        pytest.param({"run": {"seed": -1}}, r"\[run\] seed = -1: must lie in", id="seed"),
        pytest.param(
            {"run": {"name": "my run/1"}},
            r'\[run\] name = "my run/1": must be a '
            "folder name",
            id="run-name",
        ),
        pytest.param({"run": {"name": ""}}, r'\[run\] name = "": must be', id="empty-name"),
        pytest.param(
            {"run": {"scheduler": "tcp://h:1"}},
            r'\[run\] scheduler = "tcp://h:1": .*only used with backend = "dask"',
            id="scheduler",
        ),
        pytest.param(
            {"params": {"alpha": 1.5}},
            r"\[params\] The parameter alpha must lie strictly between 0 and 1 "
            r"\(got 1\.5\)",
            id="params-range",
        ),
        pytest.param(
            {"solver": {"tol": 2}},
            r"\[solver\] The iteration option tol .*got 2\.0",
            id="solver-range",
        ),
        pytest.param(
            {"rule": {"seller_provinces": ["Sichuang"]}},
            r'\[rule\] seller_provinces: unknown province "Sichuang"; did you mean '
            r'"Sichuan"\?',
            id="unknown-province",
        ),
        pytest.param(
            {"rule": {"buyer_prices": {"Bejing": 900}}},
            r'\[rule\] buyer_prices: unknown province "Bejing"; did you mean '
            r'"Beijing"\?',
            id="unknown-price-province",
        ),
        pytest.param(
            {"rule": {"buyer_provinces": ["Sichuan", "四川"]}},
            r'\[rule\] buyer_provinces: "四川" is the same province as "Sichuan"',
            id="duplicate-province",
        ),
        pytest.param(
            {"rule": {"participation": "custom", "seller_provinces": []}},
            r"\[rule\] seller_provinces = \[\]: must name at least one province",
            id="custom-participation-empty",
        ),
        pytest.param(
            {"objectives": {"names": []}},
            r"\[objectives\] names = \[\]: name at "
            "least one",
            id="no-objectives",
        ),
        pytest.param(
            {"objectives": {"names": ["gdp", "gdp"]}},
            r'\[objectives\] names = .*"gdp" appears twice',
            id="duplicate-objective",
        ),
        pytest.param(
            {"objectives": {"names": ["gdp", "welfre"]}},
            r'\[objectives\] names\[1\] = "welfre": not a built-in outcome or a custom '
            r'objective; did you mean "welfare"\?',
            id="unknown-objective",
        ),
        pytest.param(
            {"objectives": {"custom": [{"name": "x", "sense": "max"}]}},
            r"\[objectives\] custom\[0\]: missing key 'function'",
            id="custom-missing-function",
        ),
        pytest.param(
            {"objectives": {"custom": [{**CUSTOM, "functon": "a:b"}]}},
            r"\[objectives\] custom\[0\] functon: unknown key; did you mean "
            r"'function'\?",
            id="custom-unknown-key",
        ),
        pytest.param(
            {"objectives": {"custom": [{**CUSTOM, "function": "mypackage.module"}]}},
            r'\[objectives\] custom "beijing_gdp" function = "mypackage\.module": must '
            r'have the form "module:function"',
            id="custom-bad-form",
        ),
        pytest.param(
            {"objectives": {"custom": [{**CUSTOM, "name": "gdp"}]}},
            r'\[objectives\] custom name = "gdp": clashes with the built-in',
            id="custom-clash",
        ),
        pytest.param(
            {"objectives": {"custom": [{**CUSTOM, "name": "beijing gdp"}]}},
            r'\[objectives\] custom name = "beijing gdp": must be identifier-like',
            id="custom-not-identifier",
        ),
        pytest.param(
            {"objectives": {"custom": [{**CUSTOM, "sense": "maximise"}]}},
            r'\[objectives\] custom "beijing_gdp" sense = "maximise": not a valid '
            r'option; did you mean "max"\?',
            id="custom-sense",
        ),
        pytest.param(
            {"objectives": {"custom": [CUSTOM, CUSTOM]}},
            r'\[objectives\] custom = .*"beijing_gdp" appears twice',
            id="custom-duplicate",
        ),
        pytest.param(
            {"objectives": {"custom": ["a:b"]}},
            r"\[objectives\] custom\[0\]: expected a table",
            id="custom-not-table",
        ),
        pytest.param(
            {
                "algorithm": {"name": "ga", "objective": "welfar"},
                "objectives": {"names": ["welfare", "output_gap"]},
            },
            r'\[algorithm\] objective = "welfar": not one of \[objectives\] names; '
            r'did you mean "welfare"\?',
            id="ga-objective",
        ),
        pytest.param(
            {"hypervolume": {"reference": {"gpd": 1.0}}},
            r"\[hypervolume\] reference\.gpd: not an objective of this run; did you "
            r'mean "gdp"\?',
            id="hv-reference-key",
        ),
        pytest.param(
            {"objectives": {"names": ["gdp"]}, "hypervolume": {"scale": {"welfare": 1}}},
            r"\[hypervolume\] scale\.welfare: not an objective of this run",
            id="hv-scale-key",
        ),
        pytest.param(
            {"hypervolume": {"scale": {"gdp": 0}}},
            r"\[hypervolume\] scale\.gdp = 0\.0: must be positive",
            id="hv-scale-zero",
        ),
        pytest.param(
            {"hypervolume": {"scale": {"gdp": -2.5}}},
            r"\[hypervolume\] scale\.gdp = -2\.5: must be positive",
            id="hv-scale-negative",
        ),
        pytest.param(
            {"baseline": {"random_samples": -1}},
            r"\[baseline\] random_samples = -1: must be at least 0",
            id="baseline",
        ),
        pytest.param(
            {"constraints": {"min_seller_receipts": -0.1}},
            r"\[constraints\] min_seller_receipts = -0\.1: must be at least 0",
            id="receipts",
        ),
        pytest.param(
            {"constraints": {"pareto_improvement": 1}},
            r"\[constraints\] pareto_improvement = 1: expected true or false",
            id="int-for-bool",
        ),
    ],
)
def test_errors(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(table)


def test_error_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "[algorithm]\nn_gens = 5\n")
    with pytest.raises(
        ConfigError,
        match=re.escape(f"{path}: [algorithm] n_gens: unknown key; did you mean 'n_gen'?"),
    ):
        load_config(path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError, match=re.escape(f"{path}: no such configuration file")):
        load_config(path)


def test_toml_syntax_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "[algorithm]\npop_size = = 3\n")
    with pytest.raises(
        ConfigError,
        match=re.escape(f"{path}: not valid TOML: Invalid value (at line 2, column 12)"),
    ):
        load_config(path)


def test_bad_source_type() -> None:
    with pytest.raises(ConfigError, match="load_config.. takes a path"):
        load_config(3)  # type: ignore[arg-type]


def test_direct_construction_is_checked() -> None:
    with pytest.raises(ConfigError, match=r"RunConfig\.params must be a ModelParams"):
        RunConfig(params={"alpha": 0.5})  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r'\[objectives\] custom "x" function = "f"'):
        CustomObjective(name="x", function="f", sense="max")
