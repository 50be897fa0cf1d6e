"""Claim sets, one module per section of the supplement; each exposes ``claims()``.

:func:`aptheory.claims.registry` discovers the modules of this package, so adding a section
means adding a module here and nothing else.
"""
