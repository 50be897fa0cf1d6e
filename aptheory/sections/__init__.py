"""One package per section of the supplement, each with its model code, claims and figures.

| package | the supplement |
|---|---|
| ``ranking`` | the ranking core shared by every section: eqs. (3), (17) |
| ``separable`` | Section 1, Proposition 1 on separable data: eqs. (1)-(10) |
| ``smoothed`` | Section 2, the smoothed AP-loss counterexample: eqs. (11)-(15) |
| ``inseparable`` | Section 3, the inseparable case: eqs. (16)-(32) |
| ``consistency`` | Section 4, consistency with cross-entropy and hinge: eqs. (33)-(38) |
| ``detection`` | Section 5, the loss comparison of Table 1 and Figure 1, in miniature |
"""
