"""Scoring candidates: objectives in their own sense, constraints, failures; batches."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from paretoland import IterationConfig
from paretoland.exceptions import ConfigError
from paretoland.frontier.evaluation import FAILED_VIOLATION, FrontierModel, Objective
from paretoland.frontier.indicators import BUILTIN_SENSES
from paretoland.frontier.levers import ParametricFamily
from paretoland.frontier.parallel import BatchEvaluator, split_batches
from paretoland.frontier.problem import QuotaProblem
from paretoland.model.counterfactual import run_counterfactual
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.model.quotas import QuotaRule


def richest_gdp(cf) -> float:
    """Return a user objective: % change of the richest city's GDP."""
    table = cf.city_table()
    return float(table.loc[table["gdp_before_yuan"].idxmax(), "gdp_change_pct"])


@pytest.fixture
def model(small_calibration):
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), 0.3)
    objectives = tuple(Objective.builtin(n) for n in OUTCOME_NAMES)
    return FrontierModel(family, objectives, pareto_improvement=True, min_seller_receipts=1e6)


@pytest.fixture
def population(model):
    family = model.family
    return np.random.default_rng(5).uniform(family.lower, family.upper, (9, family.n_levers))


def test_objectives_are_the_outcomes_in_their_own_sense(model, population) -> None:
    scores = model.evaluate(population)
    assert scores.objectives.shape == (9, 4) and scores.constraints.shape == (9, 3)
    for i, x in enumerate(population):
        cf = run_counterfactual(model.calibration, model.family.trade(x))
        assert scores.statuses[i] == cf.status
        if cf.converged:  # the batched solver rounds the migration sums differently
            np.testing.assert_allclose(
                scores.objectives[i], list(cf.outcomes.as_dict().values()), rtol=1e-9, atol=1e-11
            )
            worst = 100 * (1 - cf.equilibrium.welfare_hat.min())
            assert scores.constraints[i, 1] == pytest.approx(worst)
            assert scores.constraints[i, 0] == 0.0
    assert model.senses.tolist() == [-1.0, 1.0, -1.0, 1.0]


def test_problem_hands_pymoo_sign_flipped_objectives(model, population) -> None:
    with BatchEvaluator(model) as evaluator:
        problem = QuotaProblem(model, evaluator)
        out = problem.evaluate(population, return_as_dictionary=True)
    own = model.evaluate(population).objectives
    assert np.array_equal(out["F"], own * np.array([-1.0, 1.0, -1.0, 1.0]))
    assert len(problem.drain()) == 1 and problem.drain() == []
    restored = pickle.loads(pickle.dumps(problem))
    assert restored.evaluator is None and restored.n_var == 12


def test_a_failed_equilibrium_is_a_violated_constraint(small_calibration, population) -> None:
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), 0.3)
    model = FrontierModel(
        family, (Objective.builtin("gdp"),), iteration=IterationConfig(max_iter=1)
    )
    scores = model.evaluate(population[:3])
    moved = [family.trade(x).land_moved > 0 for x in population[:3]]
    for i, trades in enumerate(moved):
        if trades:
            assert scores.statuses[i] == "max_iter" and scores.messages[i]
            assert scores.constraints[i, 0] == FAILED_VIOLATION and scores.objectives[i, 0] == 0.0


def test_user_objective_by_import_path(small_calibration, population) -> None:
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), 0.3)
    custom = Objective("richest_gdp", "max", "tests.frontier.test_evaluation:richest_gdp")
    model = FrontierModel(family, (Objective.builtin("gdp"), custom))
    scores = model.evaluate(population[:2])
    for i, x in enumerate(population[:2]):
        cf = run_counterfactual(small_calibration, family.trade(x))
        if cf.converged:
            assert scores.objectives[i, 1] == pytest.approx(richest_gdp(cf), rel=1e-10)
    with pytest.raises(ConfigError, match="cannot import"):
        FrontierModel(family, (Objective("x", "max", "no.such.module:f"),)).evaluate(population[:1])


def test_split_batches_cover_the_population_in_order() -> None:
    parts = split_batches(10, 3)
    assert [(p.start, p.stop) for p in parts] == [(0, 3), (3, 7), (7, 10)]
    assert split_batches(2, 8) == [slice(0, 1), slice(1, 2)]


@pytest.mark.slow
def test_two_loky_workers_give_identical_scores(model, population) -> None:
    sequential = model.evaluate(population)
    with BatchEvaluator(model, n_jobs=2, backend="loky") as evaluator:
        first = evaluator(population)
        second = evaluator(population[::-1])
        path = evaluator._file
        assert path is not None and path.exists()
    assert not path.exists()
    assert np.array_equal(first.objectives, sequential.objectives)
    assert np.array_equal(first.constraints, sequential.constraints)
    assert first.statuses == sequential.statuses
    assert np.array_equal(second.objectives, sequential.objectives[::-1])


def test_tasks_do_not_carry_the_model(model, population) -> None:
    """A loky task is (token, path, batch): the model crosses to a worker once, by file."""
    with BatchEvaluator(model, n_jobs=2, backend="loky") as evaluator:
        task = (evaluator._token, evaluator._model_file(), population[:5])
        assert len(pickle.dumps(task)) < 2_000
        assert len(pickle.dumps(model)) > 10 * len(pickle.dumps(task))


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_scores(model, population) -> None:
    pytest.importorskip("dask.distributed")
    sequential = model.evaluate(population)
    with BatchEvaluator(model, n_jobs=2, backend="dask") as evaluator:
        scores = evaluator(population)
        # Back-to-back calls reuse the one scattered model (re-scattering under the
        # same key raced with its release and lost the model: dask/distributed#3703).
        repeats = [evaluator(population) for _ in range(6)]
    assert np.array_equal(scores.objectives, sequential.objectives)
    for again in repeats:
        assert np.array_equal(again.constraints, sequential.constraints)
    assert scores.statuses == sequential.statuses


def _best_gdp(model, rows: np.ndarray) -> float:
    """Return the best GDP of some rows (a module-level task, as workers need)."""
    return float(model.evaluate(rows).objectives[:, 0].max())


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["loky", "dask"])
def test_map_spreads_tasks_and_keeps_their_order(model, population, backend) -> None:
    if backend == "dask":
        pytest.importorskip("dask.distributed")
    tasks = [population[i : i + 3] for i in range(0, 9, 3)]
    expected = [_best_gdp(model, rows) for rows in tasks]
    with BatchEvaluator(model, n_jobs=2, backend=backend) as evaluator:
        assert evaluator.map(_best_gdp, tasks) == expected


def test_bad_parallel_options(model) -> None:
    with pytest.raises(ConfigError, match="backend"):
        BatchEvaluator(model, backend="mpi")
    with pytest.raises(ConfigError, match="n_jobs"):
        BatchEvaluator(model, n_jobs=0)


def test_a_candidates_scores_do_not_depend_on_its_batch(small_calibration) -> None:
    """Bit for bit, whatever the batch size, the candidate's place in it and the lanes."""
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), 0.3)
    model = FrontierModel(family, tuple(Objective.builtin(n) for n in BUILTIN_SENSES)[:4])
    X = np.random.default_rng(5).uniform(family.lower, family.upper, size=(41, family.n_levers))
    whole = model.evaluate(X, lanes=2)
    for part in (slice(0, 1), slice(3, 10), slice(10, 41)):
        alone = model.evaluate(X[part], lanes=1)
        np.testing.assert_array_equal(alone.objectives, whole.objectives[part])
        np.testing.assert_array_equal(alone.constraints, whole.constraints[part])
        assert alone.statuses == whole.statuses[part]
