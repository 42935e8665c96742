"""The paper's experiments on our data, its published numbers, and the comparison tables."""
