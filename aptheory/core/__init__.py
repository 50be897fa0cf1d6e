"""The core every section shares.

- :mod:`aptheory.core.validation` - the one validation vocabulary of the public boundary;
- :mod:`aptheory.core.exact` - H, H~, Q, ranks and L_ij in exact rational arithmetic;
- :mod:`aptheory.core.ranking` - the plain float reference functions (eqs. 3, 11, 16, 17);
- :mod:`aptheory.core.fastap` - the same AP-loss and gradient in O(n log |P|), exact;
- :mod:`aptheory.core.linear` - the linear scorer: samples, pair features, the Jacobian;
- :mod:`aptheory.core.io` - atomic, deterministic writing; :mod:`aptheory.core.progress` -
  the progress line of long commands.
"""
