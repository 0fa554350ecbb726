"""Legal rules as plain Python (stdlib only): no Django, no database, no other TinhGon app.

Every rule is a module with ``NAME``, ``SUMMARY``, ``INPUT_SCHEMA`` (JSON schema), ``parse``
(JSON → frozen input dataclass, raising :class:`~tinhgon.rules.base.RuleInputError` with a path and a
Vietnamese message) and ``evaluate`` (input → frozen result with ``explanation``). The catalogue in
:mod:`tinhgon.rules.catalogue` makes each rule reachable by CLI, API and a calculator page.
"""
