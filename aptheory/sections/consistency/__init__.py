"""Section 4 (Observation 1): error-driven updates that *are* gradient descent.

With softmax as the activation the error-driven update g_i = L_i - 1[y = i] is the gradient
of the cross-entropy (eqs. 33-35); with the loss-augmented step L_i = H(x_i - 1) it is the
gradient of the hinge loss (eqs. 36-38) - everywhere except at the kink x_y = 1, where the
hinge loss has no gradient and eq. (38) depends on the value H(0):

- every H(0) in [0, 1] gives a *subgradient* (g_y = H(0) - 1 lies in [-1, 0]);
- H(0) = 1 gives the right derivative (g_y = 0) and the error-driven rule "no loss, no
  update" (the loss is 0 at x_y = 1);
- H(0) = 1/2 gives the symmetric derivative (g_y = -1/2: central finite differences, and
  sympy's derivative of Max(1 - x, 0), which uses Heaviside(0) = 1/2); H(0) = 0 gives the left
  derivative (g_y = -1). What an automatic-differentiation framework returns at the kink
  depends on the framework and on how the hinge is written, and is not checked here.

Notation as in ``docs/MATH.md``. Where each equation lives:

| equation | module | function |
|---|---|---|
| (33) softmax L_i | ``numerics`` | ``softmax`` |
| (34) cross-entropy L_ce | ``numerics`` | ``cross_entropy`` |
| (35) g_i = L_i - 1[y = i] | ``numerics`` | ``cross_entropy_grad`` |
| (35) derived from (33)-(34) | ``symbolic`` | ``derive_cross_entropy_gradient`` |
| (36) outputs (-x, x) | ``numerics`` | ``hinge_outputs`` |
| (36) L_i = H(x_i - 1) | ``numerics`` | ``hinge_activation`` |
| (37) hinge loss | ``numerics`` | ``hinge_loss``, ``hinge_loss_of_outputs`` |
| (38) g_i = 1[y = i](L_i - 1) | ``numerics`` | ``hinge_grad`` |
| (38) derived from (36)-(37) | ``symbolic`` | ``derive_hinge_gradient`` |
| finite differences for (35), (38) | ``numerics`` | ``central_difference`` |
| the claims of (33)-(38) | ``claims`` | ``CLAIMS`` |
| suprema of their lhs / rhs | ``tightness`` | ``known_suprema`` |
"""
