"""Land the raw contract's files on a server engine (Spark, PostgreSQL) as tables `raw_<source>.<table>`.

On DuckDB nothing is landed: `create_raw_relations()` makes views over the files at run start. Spark and
PostgreSQL cannot see the files the same way from dbt, so this command copies them in first, checked against
the same contract (the sources' YAML): a missing optional column becomes a null column, a missing optional
table an empty table (both with a warning); a missing required column or table stops with an error that names
the table and column. Extra columns in a file are kept (staging ignores them unless passed through).

Spark: the files are read by Spark itself (`parquet.`path`` or a CSV reader) and written as managed tables of
the project's Spark warehouse, in the `spark` target's own session (the statements run through dbt, so the
warehouse and metastore settings are the profile's). PostgreSQL: the files are read with pyarrow and copied
with COPY over the connection the `postgres` target uses (POSTGRES_HOST/PORT/USER/PASSWORD/DB).
"""
