"""Land the raw contract's files on a server engine (Spark, PostgreSQL) as tables `raw_<source>.<table>`.

On DuckDB nothing is landed: `create_raw_relations()` makes views over the files at run start. Spark and
PostgreSQL cannot see the files the same way from dbt, so this command copies them in first, checked against
the same contract (the sources' YAML): a missing optional column becomes a null column, a missing optional
table an empty table (both with a warning); a missing required column or table stops with an error that names
the table and column. Extra columns in a file are kept (staging ignores them unless passed through).
A table is its file `<source>/<table>.parquet|csv` plus any part files `<source>/<table>/*.parquet|csv`
(an appending loader's extra files, as DuckDB staging reads them): each file is checked like the table file
(magic bytes, UTF-8, required columns, naming the file) and the files are combined by column name, a column
a file lacks being null in its rows; a 0-byte file is skipped with a warning.

Spark: the files are read by Spark itself (`parquet.`path`` or a CSV reader) and written as managed tables of
the project's Spark warehouse, in the `spark` target's own session (the statements run through dbt, so the
warehouse and metastore settings are the profile's). PostgreSQL: the files are read with pyarrow and copied
with COPY over the connection the `postgres` target uses (POSTGRES_HOST/PORT/USER/PASSWORD/DB).
"""
