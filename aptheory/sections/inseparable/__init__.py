"""Section 3 of the supplement: the inseparable case, eqs. (16)-(32).

The modified error-driven algorithm replaces H by the piecewise step H~ in the numerator of
the primary terms (eq. 16). It is gradient descent on the surrogate loss l(x, x^) of eq. (18),
whose denominators are frozen at the current iterate, and the regret machinery of online
convex optimisation (eqs. 20-27) bounds its accumulated AP-loss; the offline setting adds
(28)-(32). Notation as in the supplement (``docs/MATH.md``): x_ij = s_j - s_i, P, N, delta.

| equation | module | function |
|---|---|---|
| data (no linear model separates) | `data` | `inseparable_samples`, `is_separable`, `separation` |
| inseparability, certified | `data` | `inseparability_certificate`, `planted_samples` |
| (16) modified update, L~_ij | `surrogate` | `modified_update`, `modified_terms` |
| (16) as printed, no 1/P | `surrogate` | `printed_update`; runs with `update="printed"` |
| (18) surrogate l(x, x^), D_i | `surrogate` | `surrogate_loss`, `denominators`, `surrogate_theta` |
| (18)-(30) exactly, in Fractions | `surrogate` | `exact_surrogate` |
| (20) convexity, condition (1) | `surrogate` | `convexity_gap` |
| (22), (23) gradients | `surrogate` | `surrogate_grad_theta`, `surrogate_grad_pairs` |
| condition (2) R, eta before (25) | `runs` | `data_radius`, `step_size` |
| the runs, Sec. 3.2 and 3.3 | `runs` | `simulate_inseparable`, `run_online`, `run_offline` |
| (20) l^(t)(u); Z(u), A_i(u) | `comparator` | `comparator_losses`, `offline_constants` |
| the comparator u | `comparator` | `comparator`, `offline_comparator` |
| (21), (24), (26), (27), (29), (31), (32) | `bounds` | `regret_bounds` (`Bounds`) |
| (28) harmonic number | `bounds` | `harmonic` |
| Z(u) >= delta/4 on inseparable data; floors of (29), (31), (32) | `bounds` | `offline_floors` |
| tightness, (32) crossover | `tightness` | `best_bounds`, `tightness_sweep`, `crossover_z` |
| known suprema of lhs/rhs | `tightness` | `known_suprema` (and `gradient_ratio_supremum`, ...) |
| the claims (16)-(32) | `claims` | `CLAIMS`; their examples in `examples` |
| what a search covered | `examples` | `coverage_of` (certified share, sizes, horizons T) |
| figures | `figures` | `draw_online`, `draw_offline`, `draw_tightness` (and `fig_*`) |

The modules depend on each other in this order: ``data`` -> ``surrogate`` -> ``runs`` ->
``comparator`` -> ``bounds`` -> ``tightness``; ``examples`` and ``claims`` use them all.
"""
