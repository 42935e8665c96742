"""Declared options: settings whose fields carry their type, range and choices.

An *options class* is a frozen dataclass deriving from :class:`Options` whose fields
are each declared once, with a type hint and :func:`option`: the default, the allowed
choices or range, and the meaning quoted in messages. The same checks run however
the object is made:

- in Python (``QuotaRule(scope="intra")``), ``__post_init__`` checks every field
  against its type and casts it (an integer is accepted for a float and stored as
  one, a list for a tuple, a table for a nested options class; a boolean is never a
  number and a float never an integer), then against its choices and range, then
  runs the class's ``_check`` for rules that involve several fields;
- from a TOML table (:meth:`Options.from_table`), unknown and missing keys are
  refused first, with the closest valid key.

Every failure raises :class:`OptionError`, a :class:`~paretoland.exceptions.ConfigError`
naming where (``[rule]``), the key, the value as TOML writes it, the problem and the
fix::

    [algorithm] n_gens: unknown key; did you mean 'n_gen'? Valid keys: name, ...
    [algorithm] pop_size = "ten": expected a whole number (an integer, no decimal
    point), e.g. pop_size = 100
    [rule] max_share = 1.5: must lie strictly between 0 and 1 (...), e.g. max_share = 0.3.

The run configuration (:mod:`paretoland.frontier.config`), the quota rule
(:class:`~paretoland.model.quotas.rule.QuotaRule`) and the stakeholder file
(:mod:`paretoland.decision.stakeholders`) are all checked here.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import numbers
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, NoReturn

from paretoland.exceptions import ConfigError
from paretoland.suggest import did_you_mean

__all__ = [
    "OptionError",
    "Options",
    "Spec",
    "check_keys",
    "checked_values",
    "coerce",
    "hint",
    "option",
    "render",
    "render_key",
    "table_of",
]


class _Nothing(enum.Enum):
    """No value (``None`` is a value); an enum member, so it survives pickling."""

    NOTHING = 0


_NO_VALUE: Any = _Nothing.NOTHING


# --------------------------------------------------------------------- messages


def render(value: Any) -> str:
    """Write a value as TOML would (``"text"``, ``true``, ``nan``, ``[1, 2]``), for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(render, value)) + "]"
    if isinstance(value, Mapping):
        items = [f"{render_key(k)} = {render(v)}" for k, v in value.items()]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    return repr(value)


def render_key(key: Any) -> str:
    """Write a table key as TOML would: bare if it can be, else in quotes."""
    key = str(key)
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def hint(word: Any, options: Iterable[Any], render: Callable[[Any], str] = render) -> str:
    """Return ``"; did you mean X? "`` for the option closest to ``word``, else ``". "``.

    The next sentence follows directly, so it starts with a capital.
    """
    phrase = did_you_mean(word, options, render=render)
    return f"; {phrase} " if phrase else ". "


class OptionError(ConfigError):
    """A bad key or value: ``<label> <key> = <value>: <problem>``.

    Parameters
    ----------
    label : str
        Where: a section (``"[rule]"``), an entry (``"[objectives] custom[0]"``) or a
        class (``"QuotaRule"``); may be empty.
    key : str
        The key, with an index or table key if any (``"names[1]"``,
        ``"buyer_prices.Beijing"``); empty for the table itself.
    problem : str
        What is wrong and how to fix it.
    value : object, optional
        The bad value, shown after ``=``.
    """

    def __init__(self, label: str, key: str, problem: str, value: Any = _NO_VALUE) -> None:
        self.label, self.key, self.problem, self.value = label, key, problem, value
        where = " ".join(part for part in (label, key) if part)
        shown = "" if value is _NO_VALUE else f" = {render(value)}"
        super().__init__(f"{where}{shown}: {problem}")

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return type(self), (self.label, self.key, self.problem, self.value)

    def relabel(self, label: str) -> OptionError:
        """Return the same error, said of ``label`` (``QuotaRule`` read from ``[rule]``)."""
        return OptionError(label, self.key, self.problem, self.value)


# ------------------------------------------------------------------- field specs


@dataclass(frozen=True)
class Spec:
    """The allowed values of an option, beyond its type.

    Parameters
    ----------
    choices : tuple, optional
        The allowed values (``None`` is also allowed for an optional field).
    at_least, above, at_most, below : float, optional
        Closed or open bounds of a number.
    meaning : str
        What the value is, quoted in range messages (``"yuan per m²"``).
    each : bool
        Check the choices and bounds on every item of a tuple or value of a table.
    parse : callable, optional
        ``parse(value, label, key)`` returns the value checked and cast, instead of the
        check against the type hint (for types TOML lacks, such as a matrix of
        fractions); it raises :class:`OptionError`.
    """

    choices: tuple[Any, ...] | None = None
    at_least: float | None = None
    above: float | None = None
    at_most: float | None = None
    below: float | None = None
    meaning: str = ""
    each: bool = False
    parse: Callable[[Any, str, str], Any] | None = None

    def checked(self, value: Any, kind: Any, label: str, key: str, example: str = "") -> Any:
        """Return ``value`` checked against the type hint ``kind`` and this spec.

        See :func:`coerce` for the type check and the casts.
        """
        value = coerce(value, kind, label, key, example)
        self.check(label, key, value, "" if self.each else example)
        return value

    def check(self, label: str, key: str, value: Any, example: str = "") -> None:
        """Raise :class:`OptionError` if ``value`` (of the right type) is not allowed."""
        if self.each and isinstance(value, Mapping):
            for name, item in value.items():
                self._check_one(label, f"{key}.{render_key(name)}", item, "")
        elif self.each and isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                self._check_one(label, f"{key}[{i}]", item, "")
        elif value is not None:
            self._check_one(label, key, value, example)

    def _check_one(self, label: str, key: str, value: Any, example: str) -> None:
        if self.choices is not None and value not in self.choices:
            raise OptionError(
                label,
                key,
                f"not a valid option{hint(value, self.choices)}Choose one of "
                f"{', '.join(map(render, self.choices))}.",
                value,
            )
        if not self._in_range(value):
            meaning = f" ({self.meaning})" if self.meaning else ""
            raise OptionError(label, key, f"{self._range()}{meaning}{example}.", value)

    def _in_range(self, value: Any) -> bool:
        return (
            (self.at_least is None or value >= self.at_least)
            and (self.above is None or value > self.above)
            and (self.at_most is None or value <= self.at_most)
            and (self.below is None or value < self.below)
        )

    def _range(self) -> str:
        low = self.above if self.above is not None else self.at_least
        high = self.below if self.below is not None else self.at_most
        if low is not None and high is not None:
            if self.above is not None and self.below is not None:
                return f"must lie strictly between {_number(low)} and {_number(high)}"
            left = "(" if self.above is not None else "["
            right = ")" if self.below is not None else "]"
            return f"must lie in {left}{_number(low)}, {_number(high)}{right}"
        if low is not None:
            if self.above is None:
                return f"must be at least {_number(low)}"
            return "must be positive" if low == 0 else f"must be greater than {_number(low)}"
        assert high is not None  # a value out of range has a bound
        bound = "must be less than" if self.below is not None else "must be at most"
        return f"{bound} {_number(high)}"


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def option(
    default: Any = dataclasses.MISSING,
    *,
    factory: Callable[[], Any] | Any = dataclasses.MISSING,
    spec: Spec | None = None,
    **allowed: Any,
) -> Any:
    """Declare a field of an :class:`Options` class.

    Parameters
    ----------
    default : object, optional
        The default; omit it (and ``factory``) for a required field.
    factory : callable, optional
        Makes the default (for a mutable one, such as a table).
    spec : Spec, optional
        The allowed values, if declared elsewhere (shared by two classes).
    **allowed
        Otherwise the fields of :class:`Spec`: ``choices``, ``at_least``, ``above``,
        ``at_most``, ``below``, ``meaning``, ``each``, ``parse``.
    """
    spec = spec if spec is not None else Spec(**allowed)
    return dataclasses.field(default=default, default_factory=factory, metadata={"spec": spec})


# ----------------------------------------------------------------- type checks

_EXPECTED = {
    bool: "true or false (a TOML boolean, no quotes)",
    int: "a whole number (an integer, no decimal point)",
    float: "a finite number",
    str: "a string in quotes",
}


def coerce(value: Any, kind: Any, label: str, key: str, example: str = "") -> Any:
    """Check ``value`` against the type hint ``kind``; return it cast.

    Integers become floats where a float is expected, lists become tuples, tables
    become the nested options class; :class:`OptionError` names ``label`` and ``key``
    otherwise (``example`` ends a type message, e.g. ``", e.g. n_gen = 200"``).
    """
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in args if a is not type(None))
        return None if value is None else coerce(value, inner, label, key, example)
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise OptionError(label, key, f"expected a list in square brackets{example}", value)
        return tuple(coerce(v, args[0], label, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, Mapping):
            problem = f"expected a table, e.g. {{ name = value }}{example}"
            raise OptionError(label, key, problem, value)
        for name in value:
            if not isinstance(name, str):
                raise OptionError(label, key, f"the key {name!r} is not a string", value)
        return {k: coerce(v, args[1], label, f"{key}.{render_key(k)}") for k, v in value.items()}
    if isinstance(kind, type) and issubclass(kind, Options):
        return value if isinstance(value, kind) else kind.from_table(value, f"{label} {key}")
    if kind is float and _is_real(value) and math.isfinite(value):
        return float(value)
    if kind is int and _is_real(value) and isinstance(value, numbers.Integral):
        return int(value)
    if kind in (bool, str) and isinstance(value, kind):
        return value
    if kind not in _EXPECTED and isinstance(value, kind):
        return value
    expected = _EXPECTED.get(kind, f"a {getattr(kind, '__name__', kind)}")
    raise OptionError(label, key, f"expected {expected}{example}", value)


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _example(f: dataclasses.Field) -> str:
    """``", e.g. key = default"`` for a field with a plain default, else ``""``."""
    plain = isinstance(f.default, (bool, int, float, str))
    return f", e.g. {f.name} = {render(f.default)}" if plain else ""


def check_keys(label: str, table: Any, names: Sequence[str], required: Iterable[str] = ()) -> None:
    """Require a table whose keys are among ``names`` and include every ``required`` one."""
    if not isinstance(table, Mapping):
        raise OptionError(label, "", f"expected a table of keys and values, got {render(table)}.")
    for key in table:
        if key not in names:
            problem = f"unknown key{hint(key, names, _quoted)}Valid keys: {', '.join(names)}."
            raise OptionError(label, str(key), problem)
    required = tuple(required)
    for name in required:
        if name not in table:
            needs = ", ".join(required)
            raise OptionError(label, "", f"missing key '{name}'; every entry needs {needs}.")


def checked_values(
    cls: type, table: Any, label: str, choices: Mapping[str, tuple[Any, ...]]
) -> dict[str, Any]:
    """Check a table for a plain dataclass whose own ``__post_init__`` checks ranges.

    Unknown keys, types and the ``choices`` per key get this module's messages; the
    returned values (cast) are ready for ``cls(**values)``.
    """
    fields = {f.name: f for f in dataclasses.fields(cls)}
    check_keys(label, table, list(fields))
    hints = _hints(cls)
    return {
        key: Spec(choices=choices.get(key)).checked(
            value, hints[key], label, key, _example(fields[key])
        )
        for key, value in table.items()
    }


def _quoted(name: str) -> str:
    return f"'{name}'"


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def table_of(obj: Any) -> dict[str, Any]:
    """Return a dataclass as plain TOML-ready data: tuples as lists, ``None`` left out."""
    return obj.to_table() if isinstance(obj, Options) else _fields_table(obj)


def _fields_table(obj: Any) -> dict[str, Any]:
    return {
        f.name: _plain(getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if getattr(obj, f.name) is not None
    }


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return table_of(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- options class


class Options:
    """Base of the options classes: checks every field, then runs ``_check``.

    Subclasses are frozen dataclasses whose fields are declared with :func:`option`
    (a field without one is only checked against its type), and may set ``_LABEL``
    (how messages name them) and override ``_check``.
    """

    _LABEL: ClassVar[str] = ""

    def __post_init__(self) -> None:
        options: type = type(self)  # as plain `type`: mypy takes type[Options] as unhashable
        label, hints = self._label(), _hints(options)
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            spec = f.metadata.get("spec", Spec())
            raw = getattr(self, f.name)
            if spec.parse is None:
                value = spec.checked(raw, hints[f.name], label, f.name, _example(f))
            else:
                value = spec.parse(raw, label, f.name)
                spec.check(label, f.name, value)
            object.__setattr__(self, f.name, value)
        self._check()

    @classmethod
    def from_table(cls, table: Any, label: str | None = None) -> Any:
        """Build one from a table (a TOML table or dict), refusing unknown and missing keys.

        Parameters
        ----------
        table : mapping
            Keys and values.
        label : str, optional
            How key messages name the table (default: the class's ``_LABEL``);
            value messages name the object as its ``_label()`` does.
        """
        label = cls._LABEL if label is None else label
        required = [f.name for f in dataclasses.fields(cls) if _required(f)]  # type: ignore[arg-type]
        check_keys(label, table, cls.keys(), required)
        return cls(**table)

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Return the keys of its table, in file order."""
        return tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]

    def to_table(self) -> dict[str, Any]:
        """Return the options as plain data that :meth:`from_table` reads back."""
        return _fields_table(self)

    def _label(self) -> str:
        return self._LABEL

    def _check(self) -> None:
        """Check rules across fields (each field is checked already)."""

    def _bad(self, key: str, problem: str, value: Any = _NO_VALUE) -> NoReturn:
        """Raise :class:`OptionError` for ``key`` (its value unless ``value`` is given)."""
        raise OptionError(
            self._label(), key, problem, getattr(self, key) if value is _NO_VALUE else value
        )
