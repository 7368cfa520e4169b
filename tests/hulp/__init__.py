"""Shared helpers of the tests and the benchmarks."""
