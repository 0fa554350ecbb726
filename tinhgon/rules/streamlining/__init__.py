"""Benefits on leaving the service: staff streamlining, restructuring, voluntary resignation.

One module per decree version (``nd29_2023``, ``nd154_2025``, ``nd178_2024`` — as amended by ND
67/2025 — and ``nd170_2025``), shared modules (``common``, ``salary``, ``settings``) and the rule
surface ``benefits`` (``streamlining_benefits`` in :mod:`tinhgon.rules.catalogue`).
"""
