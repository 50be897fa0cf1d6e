"""Section 2 of the supplement: gradient descent on the sigmoid-smoothed AP-loss stalls at 1/6.

The smoothed loss F of eq. (11) (H replaced by the sigmoid S of eq. (12)) on three points of
a linear model s = f1 theta1 + f2 theta2 (eq. (13)): the negative (0, 0), the positives
(1, 0) and (-3, 1). Where each equation's code is:

| eq. | module | function(s) |
|---|---|---|
| (11) | symbolic | ``smoothed_ap_loss_symbolic`` (any scores, any S) |
| (11)-(14) | symbolic | ``derive_symbolic``: (11) on (13) is (14); gradient; tau |
| (12) | numerics | ``sigmoid_terms_mp`` (S in mpmath) |
| (13) | numerics | ``FEATURES``, ``POSITIVE``, ``scores`` |
| (14) | numerics | ``F``, ``grad_F`` (float64); ``F_mp``, ``grad_F_mp`` (mpmath) |
| (15) | symbolic | ``gradient_polynomials`` (the inequalities as polynomial signs) |
| (15) | threshold | ``chain_holds``, ``chain_threshold`` (theta1*(r), numerical) |
| (14) | bounds | ``prove_eq14_bound`` (F between (.)/6 and (.)/3, exact, whole plane) |
| (14), (15) | bounds | ``prove_stall_gap`` (0 < F - 1/6 < e^-theta1 / 2, exact) |
| (15) | certificates | ``certify_chain_cone``, ``certify_box``, ``certify_dtheta2`` |
| (15) | certificates | ``certify_dtheta2_sturm``, ``right_threshold`` (the sharp theta1*) |
| (15) | certificates | ``certify_dtheta2_wedge`` (dF/dtheta2 >= 0 only in a wedge) |
| (15) | certificates | ``certify_threshold_staircase``, ``box_lower_bound`` (intervals) |
| (15) | dynamics | ``gradient_descent``, ``classify``, ``basin_map``, ``stall_boundary`` |
| (14), tau | dynamics | ``tau_sweep`` (the temperature of S(x / tau)) |
| (2), (3) | error_driven | ``error_driven`` (Proposition 1's algorithm on (13)) |

``claims`` holds the claims of eqs. (11)-(15), ``tightness`` the suprema of their lhs / rhs
(``known_suprema``) and ``figures`` the figures ``smoothed_*``.
The 0.1 module :mod:`aptheory.counterexample` re-exports the public names of all of these.
"""
