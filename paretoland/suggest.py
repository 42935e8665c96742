"""The closest valid names to a misspelt one: "did you mean ...?".

Every message that refuses an unknown name (a config key or option, a province, a
city, a column, a stakeholder key) finds its suggestions here, so they all behave
alike: :mod:`difflib`'s similarity ratio first, then, when nothing is similar
enough, an option that starts the word or that the word starts ("tol" for
"tolerance", "max" for "maximise").
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["closest", "did_you_mean"]


def closest(word: Any, options: Iterable[Any], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """Return up to ``n`` options closest to ``word``, best first.

    Parameters
    ----------
    word : object
        The unknown name (compared as a string, case-sensitively).
    options : iterable
        The valid names (compared as strings).
    n : int
        The most suggestions returned.
    cutoff : float
        The least :class:`difflib.SequenceMatcher` ratio, in [0, 1].

    Returns
    -------
    list of str
        The options whose ratio is at least ``cutoff``; if none, the options that
        start ``word`` or that ``word`` starts (ignoring case, both at least two
        characters long), longest first; possibly empty.

    Examples
    --------
    >>> closest("n_gens", ["n_gen", "pop_size"])
    ['n_gen']
    >>> closest("maximise", ["max", "min"])
    ['max']
    """
    names, word = [str(o) for o in options], str(word)
    return (
        difflib.get_close_matches(word, names, n=n, cutoff=cutoff)
        or sorted((o for o in names if _prefixes(o, word)), key=len, reverse=True)[:n]
    )


def did_you_mean(
    word: Any,
    options: Iterable[Any],
    *,
    n: int = 1,
    cutoff: float = 0.6,
    render: Callable[[str], str] = repr,
) -> str:
    """Return ``"did you mean 'x'?"`` (or ``"'x' or 'y'"``) for the closest options, or ``""``.

    The arguments are those of :func:`closest`; ``render`` writes each suggestion
    (``repr`` by default: ``'x'``).

    Examples
    --------
    >>> did_you_mean("Sichuang", ["Sichuan", "Shanxi"])
    "did you mean 'Sichuan'?"
    >>> did_you_mean("zzz", ["Sichuan"])
    ''
    """
    match = closest(word, options, n=n, cutoff=cutoff)
    return f"did you mean {' or '.join(map(render, match))}?" if match else ""


def _prefixes(option: str, word: str) -> bool:
    """Whether one starts the other ("tolerance" and "tol", "maximise" and "max")."""
    a, b = option.lower(), word.lower()
    return min(len(a), len(b)) > 1 and (a.startswith(b) or b.startswith(a))
