"""How the kernels are compiled: numba's ``njit`` with a cache that follows every source.

numba's on-disk cache (``cache=True``) keys a compiled function on its own bytecode and
on a stamp of the one file that defines it. It does not see what the function froze in
at compile time from elsewhere: module constants such as ``STATUS_MAX_ITER`` in
:mod:`~paretoland.model.equilibrium.layout`, which numba treats as compile-time
constants, and the kernels of other files it calls, which are compiled into it. An edit
to either left stale machine code in the cache, silently.

:func:`kernel` caches with numba's own machinery and in numba's usual places
(``__pycache__`` beside the source; numba's user-wide cache directory, e.g.
``~/.cache/numba``, when that is not writable, as in a read-only site-packages; or
``NUMBA_CACHE_DIR``), but stamps every kernel's cache with a SHA-256 digest of all the
sources the kernels are compiled from: every module of this package and ``layout.py``
(:func:`kernel_sources`). numba treats a cache whose stamp differs from the source's as
empty and overwrites it, so an edit to any of those files recompiles every kernel on
first use, and an unchanged installation loads them from the cache as before. The
digest is computed once per process (a few hundred microseconds).

Kernels may therefore import only from this package and from ``layout`` (a test checks
it). Setting numba's ``NUMBA_CACHE_LOCATOR_CLASSES`` replaces these stamped locators
with the ones it names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from numba import njit
from numba.core.caching import FunctionCache

__all__ = ["kernel", "kernel_sources", "sources_digest"]

_LAYOUT = ("paretoland.model.equilibrium", "layout.py")


def kernel_sources() -> list[tuple[str, str]]:
    """Return the (package, file name) of every source the kernels are compiled from.

    Every ``.py`` file of this package, sorted, then ``layout.py``.
    """
    package = __name__.rpartition(".")[0]
    names = sorted(f.name for f in resources.files(package).iterdir() if f.name.endswith(".py"))
    return [(package, name) for name in names] + [_LAYOUT]


@cache
def sources_digest() -> str:
    """Return the SHA-256 digest (hex) of every kernel source, read once per process."""
    hasher = hashlib.sha256()
    for package, name in kernel_sources():
        source = resources.files(package).joinpath(name).read_bytes()
        hasher.update(f"{package}/{name}:{len(source)}:".encode())
        hasher.update(source)
    return hasher.hexdigest()


class _SourcesStamp:
    """Locator mixin: numba's stamp of the defining file, and the kernel sources' digest."""

    def get_source_stamp(self) -> tuple[object, str]:
        return super().get_source_stamp(), sources_digest()  # type: ignore[misc]


class _KernelCacheImpl(FunctionCache._impl_class):  # type: ignore[misc,valid-type]
    """numba's cache of compiled functions, with every locator stamped by the digest."""

    _locator_classes = [
        type(locator.__name__, (_SourcesStamp, locator), {})
        for locator in FunctionCache._impl_class._locator_classes
    ]


class _KernelCache(FunctionCache):
    """numba's ``FunctionCache`` (what ``cache=True`` makes) with the stamped locators."""

    _impl_class = _KernelCacheImpl


def kernel(function: Callable | None = None, /, **options: Any) -> Any:
    """Compile a kernel: ``numba.njit`` with ``error_model="numpy"`` and the stamped cache.

    Use as ``@kernel`` or ``@kernel(parallel=True)``; keyword options go to
    :func:`numba.njit`. ``error_model="numpy"`` makes a division by zero give inf or NaN
    as in IEEE arithmetic (and in the numpy twin) instead of raising, which the statuses
    report; without it each division carries a Python-style check that keeps LLVM from
    vectorising the city loops (the batched solver is 1.6× faster with it).
    """

    def compile_kernel(function: Callable) -> Any:
        dispatcher = njit(error_model="numpy", **options)(function)
        # what cache=True does (Dispatcher.enable_caching), with the stamped cache
        dispatcher._cache = _KernelCache(dispatcher.py_func)
        return dispatcher

    return compile_kernel if function is None else compile_kernel(function)
