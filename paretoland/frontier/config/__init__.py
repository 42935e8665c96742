"""Run configuration of a frontier search: a strictly checked TOML file (docs/model.md §6).

A run is described by a TOML file with the sections ``[run]``, ``[data]``, ``[params]``,
``[rule]``, ``[objectives]``, ``[constraints]``, ``[algorithm]``, ``[solver]``,
``[hypervolume]`` and ``[baseline]``; ``problems/default.toml`` lists every key with its
default and meaning (:func:`~paretoland.frontier.config.layout.config_keys` lists
them). Each section is a frozen options
class (:mod:`paretoland.options`) whose fields declare their type, choices and range
once; ``[params]`` is a :class:`~paretoland.model.params.ModelParams` and ``[solver]``
an :class:`~paretoland.model.equilibrium.IterationConfig`, which check their own values.
The ``[rule]`` table builds the :class:`~paretoland.model.quotas.rule.QuotaRule` of the
market, whose options are declared and checked in :mod:`paretoland.model.quotas`.
:class:`~paretoland.frontier.config.run_config.RunConfig` holds the sections and
:func:`~paretoland.frontier.config.loading.load_config` builds one from a file or a dict.

Strictness is the point: an unknown section or key, a value of the wrong type (a
boolean is never a number, a float never an integer) or a value outside its allowed
set or range raises :class:`~paretoland.exceptions.ConfigError` naming the file, the
section and key, the bad value and the fix, with the closest valid name for a
misspelling (``[algorithm] n_gens: unknown key; did you mean 'n_gen'?``). Integers
are accepted where numbers are expected and stored as floats.

The modules, each importable from here:

- :mod:`~paretoland.frontier.config.search_sections`: ``[run]``, ``[data]``,
  ``[algorithm]``, ``[hypervolume]`` and ``[baseline]``, how the search runs;
- :mod:`~paretoland.frontier.config.problem_sections`: ``[rule]``, ``[objectives]`` and
  ``[constraints]``, what it optimises;
- :mod:`~paretoland.frontier.config.layout`: the sections in file order, their keys, and
  building each one from its table;
- :mod:`~paretoland.frontier.config.run_config`: ``RunConfig``, the sections checked
  together;
- :mod:`~paretoland.frontier.config.loading`: ``load_config`` and ``default_config``.
"""

from __future__ import annotations

from paretoland.frontier.config.layout import SECTIONS, config_keys
from paretoland.frontier.config.loading import default_config, load_config
from paretoland.frontier.config.problem_sections import (
    MARKET_KEYS,
    RULE_FAMILIES,
    ConstraintsSection,
    CustomObjective,
    ObjectivesSection,
    RuleSection,
)
from paretoland.frontier.config.run_config import RunConfig
from paretoland.frontier.config.search_sections import (
    ALGORITHM_NAMES,
    ALGORITHMS,
    BACKENDS,
    AlgorithmSection,
    BaselineSection,
    DataSection,
    HypervolumeSection,
    RunSection,
)

__all__ = [
    "ALGORITHMS",
    "ALGORITHM_NAMES",
    "BACKENDS",
    "MARKET_KEYS",
    "RULE_FAMILIES",
    "SECTIONS",
    "AlgorithmSection",
    "BaselineSection",
    "ConstraintsSection",
    "CustomObjective",
    "DataSection",
    "HypervolumeSection",
    "ObjectivesSection",
    "RuleSection",
    "RunConfig",
    "RunSection",
    "config_keys",
    "default_config",
    "load_config",
]
