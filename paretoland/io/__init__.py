"""Input and output plumbing below every other layer: all-or-nothing writes and provenance."""
