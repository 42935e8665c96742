"""The model layer: parameters, calibration and wedges, the equilibrium, quota rules and
transactions, institutions, outcomes and counterfactuals (``docs/model.md`` §1–§5).
"""
