"""A mutation check of the mathematics: plausible mistakes, applied one at a time.

Run by hand, not as a test (issue 11, item 6)::

    nice -n 15 python benchmarks/mutation_check.py            # the whole catalogue, 2 jobs
    python benchmarks/mutation_check.py --only eq27 --only fastap --jobs 1
    python benchmarks/mutation_check.py --list                 # the catalogue, nothing run

Each entry of :data:`CATALOGUE` is one mistake a developer could plausibly make in the
mathematics: a quantity (H(0) handling, ranks, the self term k != i, L_ij, Q and H~), a bound
formula made looser *and* tighter (a factor 2 or an additive shift), a simulator (the
error-driven run of Section 1, the runs of Section 3), the fast AP-loss of
``aptheory/core/fastap.py``, or a strategy made weaker. An entry names the file, an exact
source snippet, its replacement, and the targets that should notice: the audit restricted to
the related section (``aptheory audit --section S [--id ...] --json``) and specific pytest
files.

How a mutation is judged:

1. The working tree is copied once to a snapshot (without ``.venv``, ``.git`` and caches),
   and every snippet must occur **exactly once** in its file of the snapshot; otherwise the
   script stops before running anything, so the catalogue cannot rot silently.
2. Every target is run on the unmutated snapshot (the baseline): the claims that already
   mismatch and the tests that already fail there are recorded (other work in progress on
   the tree must not count as kills).
3. Each mutation is applied to a worker's copy of the snapshot (``PYTHONPATH`` points
   there, bytecode writing is off so no stale ``.pyc`` is read), its targets are run with a
   timeout, and the file is restored. The mutation is **killed** if a target newly fails:
   an audit claim whose status differs from its documented one or whose twin survives
   (compared with the baseline), an audit that crashes, a pytest test that fails (and did
   not fail at the baseline), or a timeout.

Why not mutmut. mutmut (3.x, not installed here; it is not a dependency and is not added)
generates *syntactic* mutants: every ``+`` to ``-``, every number ``n`` to ``n + 1``, every
string changed, every ``<`` to ``<=``. On numeric code most of them are either equivalent
(``x.max()`` of a one-element array, a tolerance 1e-12 to 2e-12, a ``0.5`` in a docstring
example, an error message) or killed trivially by any test that runs the line (a sign flip
in a gradient), and they do not produce the mistakes that matter here: a bound constant
changed by a factor 2 in a direction where the changed bound still holds, or a strategy that
stops drawing H(0) = 0. Counted on this tree (``ast`` over ``aptheory/core`` and
``aptheory/sections/{separable,smoothed,inseparable,consistency}`` without the figure
modules: 43 files, about 12,000 lines): about 6,700 operators, comparisons, numbers and
strings, each of which mutmut would mutate at least once. Even at 10 s per mutant (a
handful of test files; the README's whole suite has a 120 s budget) that is more than
18 hours on one core, far beyond the 30 minutes of the issue, and most of the time would go
to equivalent or trivially killed mutants. A hand-written catalogue of the plausible
mistakes, each with the targets that should kill it, runs in minutes and says, for every
survivor, which mistake went unnoticed. (One equivalent mutant found while writing it:
in ``fastap.py``, ``np.maximum.accumulate(prec)[last - 1]`` to ``[first]`` changes nothing,
as tied positives have equal precision; the catalogue flips the direction instead.)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXCLUDE = {".venv", ".git", "build", ".hypothesis", "figures", "notebooks", "__pycache__"}
TIMEOUT = 300.0  # seconds per target; a mutant that hangs a target counts as killed


@dataclass(frozen=True)
class Mutation:
    """One plausible mistake: ``old`` (exactly once in ``file``) replaced by ``new``."""

    name: str
    file: str
    old: str
    new: str
    description: str
    audit: tuple[str, ...] = ()  # sections to audit
    ids: tuple[str, ...] = ()  # restrict the audit to these claim ids (empty: whole section)
    tests: tuple[str, ...] = ()  # pytest paths


@dataclass
class Outcome:
    mutation: Mutation
    killed: bool
    by: list[str] = field(default_factory=list)
    seconds: float = 0.0
    judged: bool = True  # False: no target of the chosen kinds (--targets)


# --------------------------------------------------------------------------- catalogue

SEP_BOUNDS = "aptheory/sections/separable/bounds.py"
SEP_SUP = "aptheory/sections/separable/suprema.py"
SEP_CLAIMS = "aptheory/sections/separable/claims.py"
SEP_RAT = "aptheory/sections/separable/rational.py"
EXACT = "aptheory/core/exact.py"
RANKING = "aptheory/core/ranking.py"
FASTAP = "aptheory/core/fastap.py"
STRAT = "aptheory/strategies.py"
INS_RUNS = "aptheory/sections/inseparable/runs.py"
INS_BOUNDS = "aptheory/sections/inseparable/bounds.py"
INS_COMP = "aptheory/sections/inseparable/comparator.py"
INS_CLAIMS = "aptheory/sections/inseparable/claims.py"
SM_CLAIMS = "aptheory/sections/smoothed/claims.py"
SM_NUM = "aptheory/sections/smoothed/numerics.py"
SM_CERT = "aptheory/sections/smoothed/certificates.py"
SM_THR = "aptheory/sections/smoothed/threshold.py"
CONS_NUM = "aptheory/sections/consistency/numerics.py"

T_SEP_BOUNDS = "tests/sections/separable/test_separable_bounds.py"
T_SEP_BV = "tests/sections/separable/test_separable_by_value.py"
T_SEP_ALG = "tests/sections/separable/test_separable_algorithm.py"
T_SEP_RAT = "tests/sections/separable/test_separable_rational.py"
T_EXACT = "tests/core/test_exact.py"
T_RANKING = "tests/core/test_ranking.py"
T_FASTAP = "tests/core/test_fastap.py"
T_STRAT = "tests/test_strategies_coverage.py"
T_INS_BV = "tests/sections/inseparable/test_inseparable_bounds_by_value.py"
T_INS_BOUNDS = "tests/sections/inseparable/test_inseparable_bounds.py"
T_INS_RUNS = "tests/sections/inseparable/test_inseparable_runs.py"
T_INS_NEW = "tests/sections/inseparable/test_inseparable_claims_by_value.py"
T_SM_CONST = "tests/sections/smoothed/test_smoothed_constants.py"
T_SM_NUM = "tests/sections/smoothed/test_smoothed_numerics.py"
T_SM_BV = "tests/sections/smoothed/test_smoothed_by_value.py"
T_SM_THR = "tests/sections/smoothed/test_smoothed_threshold.py"
T_CONS_NUM = "tests/sections/consistency/test_consistency_numerics.py"

_PM = "Fraction(o.n_pos * o.n_neg, o.n_neg + 1)"
_B27 = '"bound27": 8 / delta * sum_lu + 4 * r2 / delta**2 * dist_sq,'
_Q = "inner = (np.clip(x, -delta, delta) + delta) ** 2 / (4.0 * delta)"
_SELF = "h[np.arange(pos_idx.size), pos_idx] = 0.0  # k != i"

_CATALOGUE: tuple[Mutation, ...] = (
    # ---- Section 1: the constants c, C, C / c^2 and the corrected ones (bounds.py)
    Mutation(
        "sep-c-half",
        SEP_BOUNDS,
        "c = eps / (max_size * norm)",
        "c = eps / (2 * max_size * norm)",
        "c of eq. (6) halved (bound C/c^2 four times looser)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-C-double",
        SEP_BOUNDS,
        "big_c = float(_pair_masses(problem).max())",
        "big_c = 2 * float(_pair_masses(problem).max())",
        "C of eq. (7) doubled (looser)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-bound-tighter",
        SEP_BOUNDS,
        "bound=big_c / c**2,",
        "bound=big_c / (2 * c**2),",
        "C / c^2 of eq. (10) halved (tighter)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-maxterm-double",
        SEP_BOUNDS,
        "return h / (p + h * n)",
        "return 2 * h / (p + h * n)",
        "lower bound h / (|P| + h |N|) of max L_ij doubled (tighter)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-maxterm-shift",
        SEP_BOUNDS,
        "return h / (p + h * n)",
        "return h / (p + h * n + 1)",
        "lower bound of max L_ij with a +1 in the denominator (looser)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-maxterm-size",
        SEP_BOUNDS,
        "return h / (n - 1 + h)",
        "return h / (n + h)",
        "per-size lower bound h / (n - 1 + h) shifted to h / (n + h) (looser)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-harmonic-mass-shift",
        SEP_BOUNDS,
        "return sum((Fraction(n, n + 1 + r) for r in range(p)), Fraction(0))",
        "return sum((Fraction(n, n + 2 + r) for r in range(p)), Fraction(0))",
        "harmonic mass |N| (H_{|N|+|P|} - H_|N|) shifted by one (tighter)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-smax-shift",
        SEP_BOUNDS,
        "s_max = max(p * n / (n + 1) for p, n in sizes)",
        "s_max = max(p * n / (n + 2) for p, n in sizes)",
        "s_max = |P||N|/(|N|+1) of the sharper bound shifted to /(|N|+2) (tighter)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-perceptron-double",
        SEP_BOUNDS,
        "perceptron_bound=(r / gamma) ** 2,",
        "perceptron_bound=2 * (r / gamma) ** 2,",
        "(R / gamma)^2 doubled (looser)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    Mutation(
        "sep-c-at-zero-double",
        SEP_BOUNDS,
        "c_h = eps * mmt / norm",
        "c_h = 2 * eps * mmt / norm",
        "corrected c of eq. (6) under H(0) doubled (bound four times tighter)",
        ("separable",),
        tests=(T_SEP_BOUNDS,),
    ),
    # ---- Section 1: suprema.py
    Mutation(
        "sup-norm-half",
        SEP_SUP,
        "return harmonic_mass(p, m) ** 2 / (p * m)",
        "return harmonic_mass(p, m) ** 2 / (2 * p * m)",
        "per-size supremum S^2 / (p m) of eq7-norm-bound halved",
        ("separable",),
        ("eq7-norm-bound",),
        tests=(T_SEP_BV,),
    ),
    Mutation(
        "sup-all-sizes-shift",
        SEP_SUP,
        "return u * (2.0 - u)",
        "return u * (2.5 - u)",
        "supremum over sizes u (2 - u) shifted to u (2.5 - u)",
        ("separable",),
        ("eq7-norm-bound",),
        tests=(T_SEP_BV,),
    ),
    Mutation(
        "sup-step-mass-shift",
        SEP_SUP,
        "return harmonic_mass(p, m) * (m + 1) / (p * m)",
        "return harmonic_mass(p, m) * (m + 2) / (p * m)",
        "supremum of eq10-step-mass with (m + 2) for (m + 1)",
        ("separable",),
        ("eq10-step-mass",),
        tests=(T_SEP_BV,),
    ),
    # ---- Section 1: the claims' right sides
    Mutation(
        "eq10-step-mass-looser",
        SEP_CLAIMS,
        _PM,
        "Fraction(o.n_pos * o.n_neg, o.n_neg + 2)",
        "eq10 step mass |P||N|/(|N|+1) shifted to /(|N|+2)... in the claim (tighter)",
        ("separable",),
        tests=(T_SEP_BV,),
    ),
    Mutation(
        "eq10-step-mass-shift",
        SEP_CLAIMS,
        _PM,
        "Fraction(o.n_pos * o.n_neg + 1, o.n_neg + 1)",
        "eq10 step mass with an additive 1/(|N|+1) (looser, still holds)",
        ("separable",),
        tests=(T_SEP_BV,),
    ),
    Mutation(
        "eq7-sharp-double",
        SEP_CLAIMS,
        "return o.update_norm_sq(), harmonic_mass(o.n_pos, o.n_neg) ** 2 * o.max_pair_sq()",
        "return o.update_norm_sq(), 2 * harmonic_mass(o.n_pos, o.n_neg) ** 2 * o.max_pair_sq()",
        "sharp norm bound of eq. (7) doubled in the claim (looser, still holds)",
        ("separable",),
        tests=(T_SEP_BV,),
    ),
    Mutation(
        "sep-positive-ties",
        SEP_CLAIMS,
        "POSITIVE_TIES = (1.0, 0.5)",
        "POSITIVE_TIES = (1.0,)",
        "strategy weaker: the separable runs no longer draw H(0) = 1/2",
        ("separable",),
        tests=(T_SEP_BV,),
    ),
    # ---- Section 1: the exact simulator (rational.py)
    Mutation(
        "rat-rank-self",
        SEP_RAT,
        "d_i = b * (1 + above + p - phi) + a * (tied + phi - plo - 1)",
        "d_i = b * (1 + above + p - phi) + a * (tied + phi - plo)",
        "simulator's rank(i) counts i itself as tied (k != i dropped)",
        ("separable",),
        tests=(T_SEP_ALG, T_SEP_RAT),
    ),
    Mutation(
        "rat-tie-numerator",
        SEP_RAT,
        "w = b * above + a * tied",
        "w = b * above + b * tied",
        "simulator's numerator reads ties as H(0) = 1 whatever H(0)",
        ("separable",),
        tests=(T_SEP_ALG, T_SEP_RAT),
    ),
    Mutation(
        "rat-ties-not-errors",
        SEP_RAT,
        "return high >= low, high > low",
        "return high > low, high > low",
        "simulator stops at ties (x_ij = 0 not an error)",
        ("separable",),
        tests=(T_SEP_ALG, T_SEP_RAT),
    ),
    # ---- core: exact H, ranks, H~, Q
    Mutation(
        "exact-h0-ignored",
        EXACT,
        "return Fraction(1) if x > 0 else (Fraction(0) if x < 0 else h0)",
        "return Fraction(1) if x > 0 else (Fraction(0) if x < 0 else Fraction(1))",
        "exact H ignores the tie value: H(0) = 1 always",
        ("ranking",),
        tests=(T_EXACT,),
    ),
    Mutation(
        "exact-rank-self",
        EXACT,
        "plus = (1 + above_pos) * hd + hn * (n_pos - 1)  # times hd",
        "plus = (1 + above_pos) * hd + hn * n_pos  # times hd",
        "exact rank+(i) includes i itself (H(0) self term)",
        ("ranking",),
        tests=(T_EXACT,),
    ),
    Mutation(
        "exact-q-half",
        EXACT,
        "return (x + d) ** 2 / (4 * d)",
        "return (x + d) ** 2 / (2 * d)",
        "exact Q of eq. (18) with 2 delta for 4 delta",
        ("inseparable",),
        tests=(T_EXACT,),
    ),
    Mutation(
        "exact-ht-slope",
        EXACT,
        "return min(Fraction(1), max(Fraction(0), x / (2 * d) + Fraction(1, 2)))",
        "return min(Fraction(1), max(Fraction(0), x / d + Fraction(1, 2)))",
        "exact H~ with half-width delta / 2",
        ("inseparable",),
        tests=(T_EXACT,),
    ),
    # ---- core: the float reference (ranking.py)
    Mutation(
        "ranking-self",
        RANKING,
        _SELF,
        "pass  # k != i",
        "reference rank(i) counts i itself (k != i dropped)",
        ("ranking",),
        tests=(T_RANKING,),
    ),
    Mutation(
        "ranking-h0",
        RANKING,
        "return np.where(x > 0, 1.0, np.where(x < 0, 0.0, at_zero))",
        "return np.where(x >= 0, 1.0, np.where(x < 0, 0.0, at_zero))",
        "reference H ignores H(0) (ties count 1)",
        ("ranking",),
        tests=(T_RANKING,),
    ),
    Mutation(
        "ranking-q",
        RANKING,
        _Q,
        "inner = (np.clip(x, -delta, delta) + delta) ** 2 / (2.0 * delta)",
        "reference Q with 2 delta for 4 delta",
        ("inseparable",),
        tests=(T_RANKING,),
    ),
    Mutation(
        "ranking-interp",
        RANKING,
        "below = s_pos[None, :] <= s_pos[:, None]",
        "below = s_pos[None, :] < s_pos[:, None]",
        "interpolated precision excludes tied positives (and i itself)",
        ("ranking",),
        tests=(T_RANKING,),
    ),
    Mutation(
        "ranking-grad-scale",
        RANKING,
        "grad[~p] = terms.sum(axis=0) / n_pos",
        "grad[~p] = terms.sum(axis=0)",
        "reference gradient of a negative without 1/|P|",
        ("ranking",),
        tests=(T_RANKING,),
    ),
    # ---- core: the fast AP-loss (fastap.py)
    Mutation(
        "fastap-h0-neg",
        FASTAP,
        "h_neg = (n_neg - le_t) + at_zero * (le_t - lt_t)",
        "h_neg = (n_neg - le_t) + (le_t - lt_t)",
        "fast AP-loss: tied negatives count 1 whatever H(0)",
        tests=(T_FASTAP,),
    ),
    Mutation(
        "fastap-self",
        FASTAP,
        "h_pos = (n_pos - last) + at_zero * (last - first - 1)",
        "h_pos = (n_pos - last) + at_zero * (last - first)",
        "fast AP-loss: i counted among its own tied positives",
        tests=(T_FASTAP,),
    ),
    Mutation(
        "fastap-ht-self",
        FASTAP,
        "rank_plus = 1.0 + _window_sums(t, ty, lower, upper, d2) - 0.5",
        "rank_plus = 1.0 + _window_sums(t, ty, lower, upper, d2)",
        "fast AP-loss, piecewise: the self term H~(0) = 1/2 not removed",
        tests=(T_FASTAP,),
    ),
    Mutation(
        "fastap-grad-ties",
        FASTAP,
        "alpha = (w_cum[lt] + at_zero * (w_cum[le] - w_cum[lt])) / n_pos",
        "alpha = w_cum[le] / n_pos",
        "fast gradient of a negative: tied positives weigh 1 whatever H(0)",
        tests=(T_FASTAP,),
    ),
    Mutation(
        "fastap-ht-offset",
        FASTAP,
        "ht_neg = (n_neg - cum_count[i_hi]) + 0.5 * inside + (total - inside * ty) / d2",
        "ht_neg = (n_neg - cum_count[i_hi]) + inside + (total - inside * ty) / d2",
        "fast AP-loss, H~ numerator with offset 1 instead of 1/2",
        tests=(T_FASTAP,),
    ),
    Mutation(
        "fastap-interp-ties",
        FASTAP,
        "best = np.maximum.accumulate(prec)[last - 1]",
        "best = np.maximum.accumulate(prec[::-1])[::-1][first]",
        "fast interpolated precision taken over the higher-scored positives (direction)",
        tests=(T_FASTAP,),
    ),
    Mutation(
        "fastap-pos-scale",
        FASTAP,
        "g_pos[order] = -row / n_pos",
        "g_pos[order] = -row",
        "fast gradient of a positive without 1/|P|",
        tests=(T_FASTAP,),
    ),
    # ---- strategies made weaker
    Mutation(
        "strat-no-h0-zero",
        STRAT,
        "return st.sampled_from([0.0, 0.5, 1.0])",
        "return st.sampled_from([0.5, 1.0])",
        "at_zero_values no longer draws H(0) = 0",
        ("ranking", "consistency", "inseparable"),
        tests=(T_STRAT,),
    ),
    Mutation(
        "strat-no-half-ties",
        STRAT,
        "return st.sampled_from([0.0, 0.5, 1.0])",
        "return st.sampled_from([0.0, 1.0])",
        "at_zero_values no longer draws H(0) = 1/2",
        ("ranking", "consistency", "inseparable"),
        tests=(T_STRAT,),
    ),
    Mutation(
        "strat-coarse-grid",
        STRAT,
        "values = st.integers(-grid, grid).map(lambda v: v / 2.0)",
        "values = st.integers(-grid, grid).map(lambda v: v / 2.0 + v * 1e-3)",
        "tied_scores: scores perturbed so that only equal grid points tie (weaker search)",
        ("ranking", "inseparable"),
        tests=(T_STRAT,),
    ),
    # ---- Section 3: the runs (runs.py)
    Mutation(
        "runs-eta-double",
        INS_RUNS,
        'return delta / check_positive(radius, "radius") ** 2',
        'return 2 * delta / check_positive(radius, "radius") ** 2',
        "eta = 2 delta / R^2 instead of delta / R^2",
        ("inseparable",),
        tests=(T_INS_BV, T_INS_RUNS),
    ),
    Mutation(
        "runs-q",
        INS_RUNS,
        _Q,
        "inner = (np.clip(x, -delta, delta) + delta) ** 2 / (2.0 * delta)",
        "run's surrogate Q with 2 delta for 4 delta",
        ("inseparable",),
        tests=(T_INS_BV, T_INS_RUNS),
    ),
    Mutation(
        "runs-ht",
        INS_RUNS,
        "g_x = np.clip(x / (2.0 * delta) + 0.5, 0.0, 1.0) / d[:, None]",
        "g_x = np.clip(x / delta + 0.5, 0.0, 1.0) / d[:, None]",
        "run's gradient with H~ of half-width delta / 2",
        ("inseparable",),
        tests=(T_INS_BV, T_INS_RUNS),
    ),
    Mutation(
        "runs-self",
        INS_RUNS,
        _SELF,
        "pass  # k != i",
        "run's D_i counts i itself",
        ("inseparable",),
        tests=(T_INS_BV, T_INS_RUNS),
    ),
    Mutation(
        "runs-printed",
        INS_RUNS,
        'step = eta if update == "gradient" else eta * sample.n_positive',
        "step = eta",
        "printed update of (16) simulated with step eta (the |P| lost)",
        ("inseparable",),
        tests=(T_INS_BV, T_INS_RUNS),
    ),
    Mutation(
        "runs-ap-h0",
        INS_RUNS,
        "ap[t] = np.sum(np.where(x > 0, 1.0, np.where(x < 0, 0.0, at_zero)).sum(axis=1) / d)",
        "ap[t] = np.sum(np.where(x >= 0, 1.0, np.where(x < 0, 0.0, at_zero)).sum(axis=1) / d)",
        "run's L_AP reads ties as 1 whatever H(0)",
        ("inseparable",),
        tests=(T_INS_BV, T_INS_RUNS),
    ),
    # ---- Section 3: the bounds (bounds.py, comparator.py)
    Mutation(
        "eq27-16",
        INS_BOUNDS,
        _B27,
        '"bound27": 16 / delta * sum_lu + 4 * r2 / delta**2 * dist_sq,',
        "(27) with 16/delta for 8/delta (looser)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq27-4",
        INS_BOUNDS,
        _B27,
        '"bound27": 4 / delta * sum_lu + 4 * r2 / delta**2 * dist_sq,',
        "(27) with 4/delta for 8/delta (tighter)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq27-dist",
        INS_BOUNDS,
        _B27,
        '"bound27": 8 / delta * sum_lu + 2 * r2 / delta**2 * dist_sq,',
        "(27) with 2 R^2/delta^2 for 4 R^2/delta^2 (tighter)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq29-plus2",
        INS_BOUNDS,
        "b29 = float((np.log(n_pos) + 1) / n_pos * b)",
        "b29 = float((np.log(n_pos) + 2) / n_pos * b)",
        "(29) with ln|P| + 2 for ln|P| + 1 (looser)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq29-plus0",
        INS_BOUNDS,
        "b29 = float((np.log(n_pos) + 1) / n_pos * b)",
        "b29 = float((np.log(n_pos) + 0) / n_pos * b)",
        "(29) with ln|P| for ln|P| + 1 (tighter)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq26-double",
        INS_BOUNDS,
        '"bound26": 2 * sum_lu + r2 / delta * dist_sq,',
        '"bound26": 4 * sum_lu + r2 / delta * dist_sq,',
        "(26) with 4 sum l(u) for 2 sum l(u) (looser)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq24-half",
        INS_BOUNDS,
        '"bound24": dist_sq / (2 * eta) + eta * r2 / (2 * delta) * sum_l,',
        '"bound24": dist_sq / (2 * eta) + eta * r2 / (4 * delta) * sum_l,',
        "(24) with eta R^2 / (4 delta) for / (2 delta) (tighter)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq21-double",
        INS_BOUNDS,
        '"bound21": dist_sq / (2 * eta) + eta / 2 * sum_g,',
        '"bound21": dist_sq / eta + eta / 2 * sum_g,',
        "(21) with ||u - theta1||^2 / eta for / (2 eta) (looser)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq32-eps-double",
        INS_BOUNDS,
        "eps = 4 * r2 * dist_sq / (delta**2 * T)",
        "eps = 8 * r2 * dist_sq / (delta**2 * T)",
        "the epsilon of (29)/(31)/(32) doubled (looser)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq31-shift",
        INS_BOUNDS,
        "b31 = b / (1 + b)",
        "b31 = b / (2 + b)",
        "(31) with b / (2 + b) for b / (1 + b) (tighter)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq31-sharp-shift",
        INS_BOUNDS,
        '"bound31_sharp": (b + eps) / (1 + b),',
        '"bound31_sharp": (b + 2 * eps) / (1 + b),',
        "sharper remainder of (31) with 2 eps (looser)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "floor29-shift",
        INS_BOUNDS,
        "first29 = 2.0 * (math.log(n) + 1.0) / n",
        "first29 = 2.0 * (math.log(n) + 2.0) / n",
        "floor of (29) with ln n + 2 (looser)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "z-mean",
        INS_COMP,
        "return a, float(a.max())",
        "return a, float(a.mean())",
        "Z(u) = mean_i A_i(u) instead of max_i (tighter)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    # ---- Section 3: the claims' right sides
    Mutation(
        "eq28-plus2",
        INS_CLAIMS,
        "return _surrogate_vs_harmonic_z(ex, plus=1.0)",
        "return _surrogate_vs_harmonic_z(ex, plus=2.0)",
        "(28) claim with (ln|P| + 2)/|P| Z (looser)",
        ("inseparable",),
        tests=(T_INS_NEW,),
    ),
    Mutation(
        "eq28-run-plus2",
        INS_CLAIMS,
        "return _run_vs_harmonic_z(spec, plus=1.0)",
        "return _run_vs_harmonic_z(spec, plus=2.0)",
        "(28) run claim with (ln|P| + 2)/|P| Z (looser)",
        ("inseparable",),
        tests=(T_INS_BV,),
    ),
    Mutation(
        "eq28-log-plus2",
        INS_CLAIMS,
        "return float(harmonic(n)), math.log(n) + 1.0",
        "return float(harmonic(n)), math.log(n) + 2.0",
        "H_n <= ln n + 2 (looser)",
        ("inseparable",),
        tests=(T_INS_NEW,),
    ),
    Mutation(
        "eq28-harmonic-shift",
        INS_CLAIMS,
        "return _harmonic_sum(ex), harmonic(int(ex.positive.sum()))",
        "return _harmonic_sum(ex), harmonic(int(ex.positive.sum()) + 1)",
        "(28) harmonic step with H_{|P|+1} for H_|P| (looser)",
        ("inseparable",),
        tests=(T_INS_NEW,),
    ),
    # ---- Section 2: constants of (14), the function, the thresholds of (15)
    Mutation(
        "eq14-upper-half",
        SM_CLAIMS,
        "return _upper_ratio(th, Fraction(1, 3))",
        "return _upper_ratio(th, Fraction(1, 2))",
        "eq14 upper bound with 1/2 for 1/3 (looser)",
        ("smoothed",),
        tests=(T_SM_CONST,),
    ),
    Mutation(
        "eq14-lower-twelfth",
        SM_CLAIMS,
        "return _lower_ratio(th, Fraction(1, 6))",
        "return _lower_ratio(th, Fraction(1, 12))",
        "eq14 lower bound with 1/12 for 1/6 (looser)",
        ("smoothed",),
        tests=(T_SM_CONST,),
    ),
    Mutation(
        "eq15-stall-one",
        SM_CLAIMS,
        "return _stall_ratio(th, Fraction(1, 2))",
        "return _stall_ratio(th, Fraction(1, 1))",
        "stall gap |F - 1/6| <= e^-theta1 for 1/2 e^-theta1 (looser)",
        ("smoothed",),
        tests=(T_SM_CONST,),
    ),
    Mutation(
        "eq14-denominator",
        SM_NUM,
        "return 0.5 * (p / (1.0 + p + q) + r1 / (1.0 + r1 + r2))",
        "return 0.5 * (p / (1.0 + p + q) + r1 / (1.0 + r1))",
        "F of eq. (14) with a term of the second denominator dropped",
        ("smoothed",),
        tests=(T_SM_BV, T_SM_NUM),
    ),
    Mutation(
        "grad-scale",
        SM_NUM,
        "scale = 0.5 / tau",
        "scale = 1.0 / tau",
        "gradient of F doubled (signs and ratios of (15) unchanged)",
        ("smoothed",),
        tests=(T_SM_BV, T_SM_NUM),
    ),
    Mutation(
        "right-x0-up",
        SM_CERT,
        "RIGHT_X0 = Fraction(2026526765736018217, 10**20)",
        "RIGHT_X0 = Fraction(2126526765736018217, 10**20)",
        "certified threshold of (15), right inequality, 5% too high (still certified)",
        ("smoothed",),
        tests=(T_SM_CONST,),
    ),
    Mutation(
        "trap-a0",
        SM_CERT,
        "TRAP_A0 = Fraction(1, 10)",
        "TRAP_A0 = Fraction(1, 20)",
        "certified trap at theta1 >= ln 20 for ln 10 (looser, still certified)",
        ("smoothed",),
        tests=(T_SM_CONST,),
    ),
    Mutation(
        "threshold-ray",
        SM_THR,
        "return _poly_ab_value(table, np.exp(-t), np.exp((rk - 2.0) * t))",
        "return _poly_ab_value(table, np.exp(-t), np.exp((rk - 1.0) * t))",
        "chain threshold theta1*(r) with b = e^((r - 1) t) for e^((r - 2) t)",
        ("smoothed",),
        tests=(T_SM_BV, T_SM_THR),
    ),
    # ---- Section 4
    Mutation(
        "hinge-grad",
        CONS_NUM,
        "return tuple(float(act[i] - 1.0) if i == y else 0.0 for i in range(2))",
        "return tuple(float(act[i]) if i == y else 0.0 for i in range(2))",
        "hinge gradient 1_{y=i} L_i for 1_{y=i} (L_i - 1)",
        ("consistency",),
        tests=(T_CONS_NUM,),
    ),
)


# The audit each mutation runs: whole sections where the section is cheap (ranking,
# smoothed, consistency), otherwise the claims of the section that read the mutated code.
SEP_RUNS = (
    "eq2-update",
    "eq4-step-gain",
    "eq5-lower-bound",
    "eq5-lower-bound-corrected",
    "eq6-linear-growth",
    "eq6-linear-growth-corrected",
    "eq7-step-growth",
    "eq8-norm-upper",
    "eq9-sandwich",
    "eq10-steps",
    "eq10-steps-corrected",
    "eq10-sharper",
)
SEP_ORDERS = (
    "eq3-definition",
    "eq4-sum-ge-max",
    "eq4-max-ge-inverse-size",
    "eq4-max-ge-inverse-size-half",
    "eq4-max-ge-corrected",
    "eq7-cross-identity",
    "eq7-norm-bound",
    "eq7-norm-bound-sharp",
    "eq10-step-mass",
)
INS_RUN_IDS = (
    "eq16-printed-update-eq26",
    "eq21-regret-le-telescoped",
    "eq24-regret-bound",
    "eq26-surrogate-bound",
    "eq27-ap-loss-bound",
    "eq28-run",
    "eq29-offline-bound",
    "eq30-run",
    "eq31-offline-bound",
    "eq31-sharper-remainder",
    "eq32-min-bound",
)
INS_ONE = (
    "eq19-Q-ge-quarter-delta-H",
    "eq19-surrogate-ge-ap-loss",
    "eq23-grad-sq-le-l-over-delta",
    "eq28-harmonic-step",
    "eq28-harmonic-le-log",
    "eq28-surrogate-le-harmonic-Z",
    "eq28-Z-ge-quarter-delta",
    "eq29-vacuous-small-P",
    "eq30-surrogate-le-precision-Z",
    "eq31-first-term-ge-two-thirds",
)
AUDIT_SCOPE: dict[str, tuple[str, ...]] = {
    SEP_BOUNDS: SEP_RUNS + ("eq4-max-ge-corrected", "eq7-norm-bound-sharp"),
    SEP_RAT: SEP_RUNS,
    SEP_CLAIMS: SEP_ORDERS + SEP_RUNS,
    INS_RUNS: INS_RUN_IDS,
    INS_BOUNDS: INS_RUN_IDS + ("eq29-vacuous-small-P",),
    INS_COMP: INS_RUN_IDS,
    INS_CLAIMS: INS_ONE + INS_RUN_IDS,
}


def _scoped(m: Mutation) -> Mutation:
    """``m`` with its audit restricted as :data:`AUDIT_SCOPE` says."""
    if m.ids:
        return replace(m, audit=())
    if m.file in AUDIT_SCOPE:
        return replace(m, audit=(), ids=AUDIT_SCOPE[m.file])
    if "inseparable" in m.audit:
        return replace(m, audit=tuple(s for s in m.audit if s != "inseparable"), ids=INS_ONE)
    return m


CATALOGUE: tuple[Mutation, ...] = tuple(_scoped(m) for m in _CATALOGUE)


# ------------------------------------------------------------------------------ running


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(
        src,
        dst,
        ignore=lambda d, names: [n for n in names if n in EXCLUDE or n.endswith(".egg-info")],
    )


def check_catalogue(tree: Path, catalogue: Sequence[Mutation]) -> None:
    """Every snippet must occur exactly once in its file; stop loudly otherwise."""
    bad = []
    names = [m.name for m in catalogue]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        bad.append(f"duplicate names: {sorted(dup)}")
    for m in catalogue:
        path = tree / m.file
        if not path.exists():
            bad.append(f"{m.name}: {m.file} does not exist")
            continue
        count = path.read_text().count(m.old)
        if count != 1:
            bad.append(f"{m.name}: snippet occurs {count} times in {m.file}: {m.old!r}")
        if m.old == m.new:
            bad.append(f"{m.name}: replacement equals the snippet")
        for t in m.tests:
            if not (tree / t).exists():
                bad.append(f"{m.name}: test target {t} does not exist")
        if not m.tests and not m.audit:
            bad.append(f"{m.name}: no target")
    if bad:
        raise SystemExit("mutation catalogue is out of date:\n  " + "\n  ".join(bad))


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


def _target_key(m: Mutation) -> list[tuple[str, tuple[str, ...]]]:
    """The targets of ``m``, the by-value tests first (cheap, and they kill most mutants)."""
    keys: list[tuple[str, tuple[str, ...]]] = [("pytest", (t,)) for t in m.tests]
    if m.audit:
        keys.append(("audit", tuple(m.audit)))
    if m.ids:
        keys.append(("audit", tuple(f"id:{i}" for i in m.ids)))
    return keys


def _targets(m: Mutation, kinds: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [k for k in _target_key(m) if k[0] in kinds]


def _run_audit(tree: Path, spec: tuple[str, ...], timeout: float) -> set[str] | str:
    """The set of claims that mismatch (status or twin), or a failure string."""
    cmd = [sys.executable, "-m", "aptheory.cli", "audit", "--quiet", "--json"]
    for s in spec:
        cmd += ["--id", s[3:]] if s.startswith("id:") else ["--section", s]
    try:
        proc = subprocess.run(
            cmd, cwd=tree, env=_env(tree), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    if proc.returncode not in (0, 1):
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return f"crash (rc {proc.returncode}: {tail[:80]})"
    try:
        rows = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return "crash (no JSON)"
    bad = set()
    for row in rows:
        if row.get("status") != row.get("expected"):
            bad.add(f"{row['id']}:status={row.get('status')}")
        if row.get("twin_refuted") is False:
            bad.add(f"{row['id']}:twin-survived")
    return bad


_FAILED = re.compile(r"^(FAILED|ERROR) (\S+)", re.MULTILINE)


def _run_pytest(tree: Path, path: str, timeout: float) -> set[str] | str:
    """The set of failing test ids, or a failure string."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", path]
    try:
        proc = subprocess.run(
            cmd, cwd=tree, env=_env(tree), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    failed = {m.group(2) for m in _FAILED.finditer(proc.stdout)}
    if proc.returncode not in (0, 1) and not failed:
        return f"pytest error (rc {proc.returncode})"
    return failed


def _run_target(tree: Path, key: tuple[str, tuple[str, ...]], timeout: float) -> set[str] | str:
    kind, spec = key
    return (
        _run_audit(tree, spec, timeout) if kind == "audit" else _run_pytest(tree, spec[0], timeout)
    )


def _label(key: tuple[str, tuple[str, ...]]) -> str:
    kind, spec = key
    if kind == "audit":
        names = [s.removeprefix("id:") for s in spec]
        return "audit " + (",".join(names) if len(names) <= 3 else f"{len(names)} claims")
    return Path(spec[0]).name


def run_mutation(
    tree: Path,
    m: Mutation,
    baseline: dict[tuple[str, tuple[str, ...]], set[str] | str],
    timeout: float,
    kinds: tuple[str, ...] = ("pytest", "audit"),
) -> Outcome:
    path = tree / m.file
    original = path.read_text()
    start = time.perf_counter()
    out = Outcome(m, False)
    if not _targets(m, kinds):
        out.judged = False
        return out
    try:
        path.write_text(original.replace(m.old, m.new, 1))
        for key in _targets(m, kinds):
            base = baseline.get(key)
            if isinstance(base, str):
                continue  # the target does not run on the unmutated tree: it cannot judge
            got = _run_target(tree, key, timeout)
            if isinstance(got, str):
                out.by.append(f"{_label(key)}: {got}")
            else:
                new = sorted(s.rsplit("::", 1)[-1] for s in got - (base or set()))
                if new:
                    shown = ", ".join(new[:2]) + (f" (+{len(new) - 2})" if len(new) > 2 else "")
                    out.by.append(f"{_label(key)}: {shown}")
            if out.by:
                break  # killed: the remaining targets need not run
    finally:
        path.write_text(original)
    out.killed = bool(out.by)
    out.seconds = time.perf_counter() - start
    return out


def select(catalogue: Sequence[Mutation], only: Sequence[str]) -> list[Mutation]:
    if not only:
        return list(catalogue)
    return [m for m in catalogue if any(o in m.name or o in m.file for o in only)]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2, help="mutations run at once (default 2)")
    ap.add_argument(
        "--only", action="append", default=[], help="substring of a name or file (repeatable)"
    )
    ap.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per target")
    ap.add_argument(
        "--targets",
        choices=("all", "audit", "tests"),
        default="all",
        help="judge by every target (default), by the audit only, or by the pytest files only",
    )
    ap.add_argument("--list", action="store_true", help="print the catalogue and stop")
    ap.add_argument("--keep", action="store_true", help="keep the temporary trees")
    args = ap.parse_args(argv)
    chosen = select(CATALOGUE, args.only)
    if not chosen:
        raise SystemExit("--only matched no mutation")
    if args.list:
        for m in chosen:
            print(f"{m.name:24s} {m.file:44s} {m.description}")
        print(f"{len(chosen)} mutations")
        return 0

    kinds = {"all": ("pytest", "audit"), "audit": ("audit",), "tests": ("pytest",)}[args.targets]
    t0 = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="aptheory-mut-"))
    try:
        snapshot = work / "snapshot"
        _copy_tree(ROOT, snapshot)
        check_catalogue(snapshot, CATALOGUE)  # the whole catalogue, whatever --only says
        jobs = max(1, min(args.jobs, len(chosen)))
        trees = []
        for k in range(jobs):
            tree = work / f"w{k}"
            _copy_tree(snapshot, tree)
            trees.append(tree)

        keys = sorted({k for m in chosen for k in _targets(m, kinds)})
        print(f"baseline: {len(keys)} targets on the unmutated tree ...", flush=True)
        with ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(lambda k: _run_target(snapshot, k, args.timeout), keys))
        baseline = dict(zip(keys, results, strict=True))
        for key, res in baseline.items():
            if isinstance(res, str) or res:
                print(f"  baseline {_label(key)}: {res if isinstance(res, str) else sorted(res)}")

        print(f"{len(chosen)} mutations, {jobs} jobs ...", flush=True)
        free = list(trees)
        outcomes: list[Outcome] = []

        def work_one(m: Mutation) -> Outcome:
            tree = free.pop()
            try:
                return run_mutation(tree, m, baseline, args.timeout, kinds)
            finally:
                free.append(tree)

        with ThreadPoolExecutor(jobs) as pool:
            for o in pool.map(work_one, chosen):
                outcomes.append(o)
                verdict = "killed" if o.killed else ("SURVIVED" if o.judged else "n/a")
                print(f"  {o.mutation.name:24s} {verdict:8s} {o.seconds:6.1f}s", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"{'mutation':24s} {'file':36s} {'verdict':8s} killed by / description")
    for o in outcomes:
        m = o.mutation
        short = m.file.removeprefix("aptheory/")
        verdict = "killed" if o.killed else ("SURVIVED" if o.judged else "n/a")
        why = o.by[0] if o.by else m.description
        print(f"{m.name:24s} {short:36s} {verdict:8s} {why}")
    judged = [o for o in outcomes if o.judged]
    killed = sum(o.killed for o in judged)
    rate = killed / max(len(judged), 1)
    print()
    skipped = len(outcomes) - len(judged)
    print(
        f"{killed} of {len(judged)} mutations killed ({100 * rate:.1f}%)"
        + (f", {skipped} without a target of this kind" if skipped else "")
        + ", "
        f"{time.perf_counter() - t0:.0f} s with {args.jobs} jobs (targets: {args.targets})"
    )
    survivors = [o.mutation.name for o in judged if not o.killed]
    if survivors:
        print("survivors: " + ", ".join(survivors))
    return 0 if rate >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
