"""Tests of the benchmarks package: the report renderer and a small end-to-end run."""
