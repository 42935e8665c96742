"""What a frontier optimises: objectives, built-in outcomes or user functions.

An :class:`Objective` is a name and a sense (``"max"`` or ``"min"``): one of the
built-in outcomes and institution indicators
(:data:`~paretoland.frontier.indicators.BUILTIN_SENSES`), or a user function
``"package.module:function"`` of a converged
:class:`~paretoland.model.counterfactual.Counterfactual`
(:func:`load_objective_function`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paretoland.exceptions import ConfigError
from paretoland.frontier.indicators import BUILTIN_SENSES

if TYPE_CHECKING:
    from paretoland.model.counterfactual import Counterfactual

__all__ = ["Objective", "load_objective_function"]


def load_objective_function(path: str) -> Callable[[Counterfactual], float]:
    """Import a user objective ``"package.module:function"``.

    The function takes a :class:`~paretoland.model.counterfactual.Counterfactual` (converged)
    and returns a float.
    """
    module_name, _, attribute = path.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise ConfigError(
            f"cannot import the objective function {path!r}: {error}. Give "
            "'module:function' for a module on the Python path."
        ) from error
    if not callable(function):
        raise ConfigError(f"the objective {path!r} is not callable.")
    return function


@dataclass(frozen=True)
class Objective:
    """A named objective with its sense.

    Attributes
    ----------
    name : str
        One of :data:`~paretoland.model.outcomes.aggregate.OUTCOME_NAMES`, or a user name.
    sense : {"max", "min"}
    function : str
        ``""`` for the built-in outcomes, else ``"module:function"``.
    """

    name: str
    sense: str
    function: str = ""

    def __post_init__(self) -> None:
        if self.sense not in ("max", "min"):
            raise ConfigError(
                f"objective {self.name}: sense must be 'max' or 'min' (got {self.sense!r})."
            )
        if not self.function and self.name not in BUILTIN_SENSES:
            raise ConfigError(
                f"objective {self.name!r} is not one of {tuple(BUILTIN_SENSES)}; "
                "give a 'module:function' for a user objective."
            )

    @classmethod
    def builtin(cls, name: str) -> Objective:
        """Return the built-in objective ``name`` with its sense (:data:`BUILTIN_SENSES`)."""
        if name not in BUILTIN_SENSES:
            raise ConfigError(f"unknown objective {name!r}; choose from {tuple(BUILTIN_SENSES)}.")
        return cls(name, BUILTIN_SENSES[name])
