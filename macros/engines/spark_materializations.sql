{#-
  Spark: what the project's materializations need that dbt-spark does not offer on plain Parquet tables.

  Incremental `delete+insert` (the engagement staging models; the base tables are plain tables on Spark).
  dbt-spark knows append, insert_overwrite, merge and microbatch; merge needs a table format with row-level
  changes (Delta, Iceberg, Hudi), whose jars pyspark does not bundle and the local target cannot download.
  So:
  - with `+file_format: delta|iceberg|hudi` (a real cluster), delete+insert runs as `merge` on the model's
    unique_key: the same result (a re-written id replaces its row, new ids are added);
  - on Parquet (the local `spark` target), the model is rebuilt in full on every run (should_full_refresh
    is true for it, so is_incremental() is false and the lookback filter renders nothing): correct, only
    not incremental.
  Both macros are dbt's own names, overridden from the root project; other models and engines get the
  packaged behaviour unchanged.
-#}
{% macro engines_spark_row_level_formats() -%}
  {{ return(['delta', 'iceberg', 'hudi']) }}
{%- endmacro %}

{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) %}
  {%- if raw_strategy == 'delete+insert' -%}
    {{ return('merge' if file_format in engines_spark_row_level_formats() else 'delete+insert') }}
  {%- endif -%}
  {{ return(dbt_spark.dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format)) }}
{% endmacro %}

{% macro should_full_refresh() %}
  {%- if target.type == 'spark'
        and config.get('materialized') == 'incremental'
        and config.get('incremental_strategy') == 'delete+insert'
        and config.get('file_format', 'parquet') not in engines_spark_row_level_formats() -%}
    {{ return(true) }}
  {%- endif -%}
  {{ return(dbt.should_full_refresh()) }}
{% endmacro %}

{#-
  Grants: a local Spark session has no authorization (`GRANT`, `SHOW GRANTS` are not valid statements there);
  grants are applied on a real cluster (thrift/http: Databricks, a Hive/Ranger-backed Thrift server). dbt
  does not expose the connection method to Jinja, so the local session is recognised by its output name,
  `spark` in profiles/profiles.yml (the cluster outputs are named otherwise).
-#}
{% macro spark__apply_grants(relation, grant_config, should_revoke=True) %}
  {%- if target.name == 'spark' -%}
    {{ return('') }}
  {%- endif -%}
  {{ return(dbt.default__apply_grants(relation, grant_config, should_revoke)) }}
{% endmacro %}
