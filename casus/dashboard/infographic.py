"""The infographic (placeholder: being built)."""
