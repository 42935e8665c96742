"""The output layer: console reports, figures, the wedge export and the policy memo."""
