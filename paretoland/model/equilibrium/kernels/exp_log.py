"""exp and log over whole arrays, as loops LLVM vectorises. Private.

The map of docs/model.md §3 spends most of its time in them, and numba calls the scalar
libm functions, which LLVM cannot vectorise. These kernels do the range reduction by
bit manipulation through int64 views and evaluate the polynomials of fdlibm's e_exp.c
and e_log.c: within 1 ulp of libm; exp(0) = 1 and log(1) = 0 exactly, which keeps the
no-trade point exact. Arguments outside the regular range go through libm. Twins:
:mod:`paretoland.model.equilibrium.reference.exp_log`.

fdlibm: Copyright (C) 1993-2004 by Sun Microsystems, Inc. All rights reserved.
Permission to use, copy, modify, and distribute this software is freely granted,
provided that this notice is preserved.
"""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium.kernels.compiler import kernel

__all__: list[str] = []

_LOG2_E = 1.4426950408889634
_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10
_ROUNDER = 6755399441055744.0  # 1.5 · 2^52: x + _ROUNDER − _ROUNDER rounds x to an integer
_ROUNDER_BITS = 0x4338000000000000  # its bit pattern, whose low bits then hold that integer
_EXP_P1, _EXP_P2 = 1.66666666666666019037e-01, -2.77777777770155933842e-03
_EXP_P3, _EXP_P4 = 6.61375632143793436117e-05, -1.65339022054652515390e-06
_EXP_P5 = 4.13813679705723846039e-08
_EXP_MIN, _EXP_MAX = -708.0, 709.0  # outside, libm (over/underflow, subnormals)
_LOG_LG1, _LOG_LG2 = 6.666666666666735130e-01, 3.999999999940941908e-01
_LOG_LG3, _LOG_LG4 = 2.857142874366239149e-01, 2.222219843214978396e-01
_LOG_LG5, _LOG_LG6 = 1.818357216161805012e-01, 1.531383769920937332e-01
_LOG_LG7 = 1.479819860511658591e-01
_ONE_BITS = 0x3FF0000000000000  # bits of 1.0
_HALF_SQRT2_BITS = 0x3FE6A09E667F3BCD  # bits of √2/2: mantissas are reduced to [√2/2, √2)
_MANTISSA = 0x000FFFFFFFFFFFFF
_TWO_52, _TWO_52_BITS = 4503599627370496.0, 0x4330000000000000  # 2^52 + j has bits _TWO_52_BITS + j
_LOG_MIN = 2.2250738585072014e-308  # smallest normal; below, and for inf/NaN, libm


@kernel
def _exp_into(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """Out = exp(x) elementwise, as a vectorised loop.

    x, out, scratch : (m,) float64, C-contiguous, not overlapping (LLVM runs overlapping
    arrays through its scalar loop); scratch is overwritten. Within 1 ulp
    of ``np.exp``; exp(0) = 1 exactly. If any x is outside [−708, 709] or NaN, the
    whole array goes through libm's exp instead.
    """
    regular = True
    for i in range(x.shape[0]):
        regular &= (x[i] > _EXP_MIN) & (x[i] < _EXP_MAX)
    if not regular:
        for i in range(x.shape[0]):
            out[i] = np.exp(x[i])
        return
    for i in range(x.shape[0]):  # x = k ln 2 + r, |r| ≤ ln 2 / 2; exp(r) by fdlibm
        value = x[i]
        rounded = value * _LOG2_E + _ROUNDER
        k = rounded - _ROUNDER
        hi = value - k * _LN2_HI
        lo = k * _LN2_LO
        r = hi - lo
        rr = r * r
        c = r - rr * (_EXP_P1 + rr * (_EXP_P2 + rr * (_EXP_P3 + rr * (_EXP_P4 + rr * _EXP_P5))))
        out[i] = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
        scratch[i] = rounded
    bits, k_bits = out.view(np.int64), scratch.view(np.int64)
    for i in range(x.shape[0]):  # times 2^k: k added to the exponent field
        bits[i] += (k_bits[i] - _ROUNDER_BITS) << 52


@kernel
def _log_into(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """Out = log(x) elementwise, as a vectorised loop.

    x, out, scratch : (m,) float64, C-contiguous, not overlapping (LLVM runs overlapping
    arrays through its scalar loop); scratch is overwritten. Within 1 ulp
    of ``np.log``; log(1) = 0 exactly. If any x is not a positive finite normal number
    (0, negative, subnormal, inf, NaN), the whole array goes through libm's log instead.
    """
    regular = True
    for i in range(x.shape[0]):
        regular &= (x[i] >= _LOG_MIN) & (x[i] < np.inf)
    if not regular:
        for i in range(x.shape[0]):
            out[i] = np.log(x[i])
        return
    x_bits, bits, k_bits = x.view(np.int64), out.view(np.int64), scratch.view(np.int64)
    for i in range(x.shape[0]):  # x = 2^k m, m in [√2/2, √2): out = m, scratch = 2^52 + k + 1023
        shifted = x_bits[i] + (_ONE_BITS - _HALF_SQRT2_BITS)
        k_bits[i] = _TWO_52_BITS + (shifted >> 52)
        bits[i] = (shifted & _MANTISSA) + _HALF_SQRT2_BITS
    for i in range(x.shape[0]):  # log(1 + f) by fdlibm, plus k ln 2
        f = out[i] - 1.0
        k = (scratch[i] - _TWO_52) - 1023.0
        half_square = 0.5 * f * f
        s = f / (2.0 + f)
        z = s * s
        w = z * z
        even = w * (_LOG_LG2 + w * (_LOG_LG4 + w * _LOG_LG6))
        odd = z * (_LOG_LG1 + w * (_LOG_LG3 + w * (_LOG_LG5 + w * _LOG_LG7)))
        out[i] = k * _LN2_HI - (
            (half_square - (s * (half_square + (odd + even)) + k * _LN2_LO)) - f
        )
