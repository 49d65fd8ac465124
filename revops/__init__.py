"""revops: RevOps dbt project helpers (synthetic data generator lives in revops.generate)."""
