"""Section 1 of the supplement: Proposition 1, the error-driven algorithm on separable data.

The proof copies Novikoff's perceptron argument: <theta(t), theta*> grows at least linearly
(eqs. 4-6), ||theta(t)||^2 at most linearly (eqs. 7-8), so the run stops after at most
C / c^2 updates (eqs. 9-10). Each module holds one concern:

- :mod:`.problems` - the data: separable multi-sample problems with a known margin;
- :mod:`.algorithm` - the algorithm of eqs. (2)-(3) and the trace of one run, in exact
  rational arithmetic (:mod:`.rational`: no rounding decides a tie);
- :mod:`.bounds` - the constants c, C, C / c^2 and the corrected and sharper bounds;
- :mod:`.suprema` - the supremum of lhs / rhs of each inequality, where a closed form exists;
- :mod:`.sweeps` - steps taken against the bounds over many problems;
- :mod:`.proof` - every line of the proof as a family of inequalities on a run, the proof
  table;
- :mod:`.examples` - the examples of the claims (runs and orderings) and their strategies;
- :mod:`.claims` - the claims (``CLAIMS``); :mod:`.figures` - ``separable_margin``,
  ``separable_envelopes``.

| equation | module | function |
|---|---|---|
| (1) margin of theta* | ``problems`` | ``separable_problem``, ``check_separable`` |
| (1) within samples only | ``problems`` | ``separable_problem(..., stacked=True)`` |
| (1) with exact ties | ``problems`` | ``integer_problem`` |
| (1) on a run | ``proof`` | ``eq1_margin`` (a plain loop over the pairs) |
| (2) the update | ``algorithm`` | ``error_driven_update``, ``simulate_error_driven`` |
| (2)-(3), exactly | ``rational`` | ``exact_step``, ``RationalTheta`` |
| (3) L_ij, float | ``aptheory.core.ranking`` | ``primary_terms`` |
| (3) L_ij, exact | ``aptheory.core.exact`` | ``exact_primary_terms`` |
| (4) last line | ``bounds`` | ``max_term_lower_bound`` (h / (n_pos + h n_neg), sharp) |
| (4) last line, any split | ``bounds`` | ``max_term_lower_bound_of_size`` (h / (n - 1 + h)) |
| (4)-(10) on a run | ``proof`` | ``eq4_identity`` ... ``eq10_steps``, ``proof_lines`` |
| (6) c, (7) C, (10) C / c^2 | ``bounds`` | ``constants``, ``pair_masses`` |
| (5), (6), (10) corrected | ``bounds`` | ``min_max_term``, ``Constants.c_at_zero`` |
| (7) sharp norm bound | ``bounds`` | ``harmonic_mass`` |
| suprema of lhs / rhs | ``suprema`` | ``norm_bound_ratio_supremum``, ``KNOWN_SUPREMA`` |
| (10) steps vs bounds | ``sweeps`` | ``sweep`` |
| (3)-(10), all orderings | ``examples`` | ``Ordering`` (``terms``, ``update``, ``cross``) |

``algorithm.primary_terms_exact`` (0.1's exact L_ij) is a thin wrapper over
``exact_primary_terms``.
"""
