"""Benchmarks of the revops project (benchmark-only dependencies live in the ``bench`` extra).

``python -m revops.bench.match``: accuracy, wall time and peak memory of the account matchers (ours and a
Splink baseline) against the generator's ground truth.
"""
