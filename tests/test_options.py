"""Tests of paretoland.options: declared options checked alike from Python and TOML."""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field

import numpy as np
import pytest

from paretoland.exceptions import ConfigError
from paretoland.options import (
    OptionError,
    Options,
    Spec,
    checked_values,
    coerce,
    option,
    render,
    table_of,
)


@dataclass(frozen=True)
class Inner(Options):
    name: str
    size: int = option(1, at_least=1, meaning="items")

    def _label(self) -> str:
        return f"[outer] inner {render(self.name)}"


@dataclass(frozen=True)
class Outer(Options):
    mode: str = option("fast", choices=("fast", "exact"))
    share: float = option(0.5, above=0.0, below=1.0, meaning="a share")
    rate: float = option(0.0, at_least=0.0, below=1.0)
    limit: float = option(2.0, above=1.0)
    count: int = option(3, at_least=0, at_most=10)
    ceiling: float = option(1.0, at_most=1.0)
    cap: float = option(-1.0, below=0.0)
    scale: dict[str, float] = option(factory=dict, above=0.0, each=True, meaning="units")
    names: tuple[str, ...] = ()
    optional: float | None = None
    inner: tuple[Inner, ...] = ()
    plain: bool = True
    _LABEL = "[outer]"

    def _check(self) -> None:
        if self.plain and self.optional == 9.0:
            self._bad("optional", "clashes with plain = true.")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"mode": "fsat"},
            '[outer] mode = "fsat": not a valid option; did you mean "fast"? '
            'Choose one of "fast", "exact".',
        ),
        (
            {"share": 1.0},
            "[outer] share = 1.0: must lie strictly between 0 and 1 (a share), e.g. share = 0.5.",
        ),
        ({"rate": 1}, "[outer] rate = 1.0: must lie in [0, 1), e.g. rate = 0.0."),
        ({"limit": 1}, "[outer] limit = 1.0: must be greater than 1, e.g. limit = 2.0."),
        ({"count": 11}, "[outer] count = 11: must lie in [0, 10], e.g. count = 3."),
        ({"ceiling": 1.5}, "[outer] ceiling = 1.5: must be at most 1, e.g. ceiling = 1.0."),
        ({"cap": 0.0}, "[outer] cap = 0.0: must be less than 0, e.g. cap = -1.0."),
        ({"scale": {"a b": 0}}, '[outer] scale."a b" = 0.0: must be positive (units).'),
        ({"scale": {"a": "1"}}, '[outer] scale.a = "1": expected a finite number'),
        ({"scale": [1]}, "[outer] scale = [1]: expected a table, e.g. { name = value }"),
        ({"names": ["a", 2]}, "[outer] names[1] = 2: expected a string in quotes"),
        (
            {"count": 2.0},
            "[outer] count = 2.0: expected a whole number (an integer, no "
            "decimal point), e.g. count = 3",
        ),
        ({"share": True}, "[outer] share = true: expected a finite number, e.g. share = 0.5"),
        (
            {"share": float("inf")},
            "[outer] share = inf: expected a finite number, e.g. share = 0.5",
        ),
        (
            {"plain": 1},
            "[outer] plain = 1: expected true or false (a TOML boolean, no "
            "quotes), e.g. plain = true",
        ),
        ({"optional": 9}, "[outer] optional = 9.0: clashes with plain = true."),
        (
            {"inner": [{"name": "x", "size": 0}]},
            '[outer] inner "x" size = 0: must be at least 1 (items), e.g. size = 1.',
        ),
        ({"inner": [{"size": 2}]}, "[outer] inner[0]: missing key 'name'; every entry needs name."),
        (
            {"inner": [{"name": "x", "sise": 2}]},
            "[outer] inner[0] sise: unknown key; did you mean 'size'? Valid keys: name, size.",
        ),
        ({"inner": ["x"]}, '[outer] inner[0]: expected a table of keys and values, got "x".'),
    ],
)
def test_messages_from_python_and_tables(changes: dict, message: str) -> None:
    with pytest.raises(OptionError, match=f"^{re.escape(message)}$"):
        Outer(**changes)
    with pytest.raises(OptionError, match=f"^{re.escape(message)}$"):
        Outer.from_table(changes)


def test_values_are_cast() -> None:
    outer = Outer.from_table(
        {"limit": 3, "scale": {"a": 2}, "names": ["x"], "optional": 3, "inner": [{"name": "y"}]}
    )
    assert outer.limit == 3.0 and isinstance(outer.limit, float)
    assert outer.scale == {"a": 2.0} and isinstance(outer.scale["a"], float)
    assert outer.names == ("x",) and outer.optional == 3.0
    assert outer.inner == (Inner("y"),)
    assert Outer(count=np.int64(4), share=np.float64(0.25)).count == 4
    assert Outer(optional=None).optional is None


def test_table_round_trip() -> None:
    outer = Outer(mode="exact", inner=(Inner("y", 2),), scale={"a": 1.0})
    table = table_of(outer)
    assert table["inner"] == [{"name": "y", "size": 2}] and "optional" not in table
    assert Outer.from_table(table) == outer
    assert Outer.keys()[:3] == ("mode", "share", "rate")


def test_unknown_key_and_table_label() -> None:
    with pytest.raises(OptionError, match=r"^\[x\] shar: unknown key; did you mean 'share'\?"):
        Outer.from_table({"shar": 0.2}, "[x]")
    with pytest.raises(OptionError, match=r"^\[outer\]: expected a table of keys and values"):
        Outer.from_table(3)


def test_option_error_relabels_and_pickles() -> None:
    with pytest.raises(OptionError) as caught:
        Outer(share=2.0)
    error = caught.value
    assert isinstance(error, ConfigError)
    assert (error.label, error.key, error.value) == ("[outer]", "share", 2.0)
    assert str(error.relabel("QuotaRule")).startswith("QuotaRule share = 2.0: must lie")
    for err in (error, OptionError("[a]", "b", "no value given.")):
        again = pickle.loads(pickle.dumps(err))
        assert type(again) is OptionError and str(again) == str(err)
    assert str(OptionError("", "k", "bad.", None)) == "k = None: bad."


def test_spec_parse_replaces_the_type_check() -> None:
    def split(value: object, label: str, key: str) -> tuple[str, ...]:
        if not isinstance(value, str):
            raise OptionError(label, key, "expected words in one string", value)
        return tuple(value.split())

    @dataclass(frozen=True)
    class Sentence(Options):
        words: tuple[str, ...] = option("", parse=split)

    assert Sentence("a b").words == ("a", "b")
    with pytest.raises(OptionError, match=r"^words = 3: expected words"):
        Sentence(3)  # type: ignore[arg-type]


def test_checked_values_for_plain_dataclasses() -> None:
    @dataclass(frozen=True)
    class Plain:
        method: str = "a"
        tol: float = 1e-3
        items: tuple[int, ...] = field(default=())

    values = checked_values(Plain, {"tol": 1, "items": [1]}, "[plain]", {"method": ("a", "b")})
    assert values == {"tol": 1.0, "items": (1,)}
    with pytest.raises(OptionError, match=r'^\[plain\] method = "c": not a valid option'):
        checked_values(Plain, {"method": "c"}, "[plain]", {"method": ("a", "b")})
    with pytest.raises(OptionError, match=r"^\[plain\] tl: unknown key; did you mean 'tol'"):
        checked_values(Plain, {"tl": 1}, "[plain]", {})


def test_coerce_other_classes_by_isinstance() -> None:
    array = np.zeros(2)
    assert coerce(array, np.ndarray, "[x]", "a") is array
    with pytest.raises(OptionError, match=r"^\[x\] a = 3: expected a ndarray"):
        coerce(3, np.ndarray, "[x]", "a")


def test_spec_check_each_on_tuples() -> None:
    with pytest.raises(OptionError, match=r"^\[x\] k\[1\] = -1: must be at least 0\.$"):
        Spec(at_least=0, each=True).check("[x]", "k", (1, -1))
