"""The ranking core shared by every section: eqs. (3) and (17).

The step functions, ranks, primary terms L_ij and the AP-loss themselves live in the shared
core (:mod:`aptheory.core.ranking` in float64, :mod:`aptheory.core.exact` in Fractions);
this package holds the claims that check them and the figure that draws them.

| equation | module | function |
|---|---|---|
| (3) L_ij = H(x_ij) / rank(i) | :mod:`aptheory.core.ranking` | ``primary_terms`` |
| (3) exact L_ij | :mod:`aptheory.core.exact` | ``exact_primary_terms``, ``exact_ranks`` |
| (17) L_AP = 1 - AP | :mod:`aptheory.core.ranking` | ``ap_loss`` |
| error-driven gradient (docs/MATH.md) | :mod:`aptheory.core.ranking` | ``ap_loss_grad`` |
| claims of (3), (17) and the gradient | :mod:`.claims` | ``CLAIMS`` |
| figure ``ranking_gradient`` | :mod:`.figures` | ``draw_gradient``, ``fig_gradient`` |
"""
