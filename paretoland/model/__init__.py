"""The model layer: the spatial equilibrium and what quota trading does to it.

Parameters, calibration and wedges, the equilibrium, quota rules and transactions,
institutions, outcomes and counterfactuals (``docs/model.md`` §1–§5).
"""
