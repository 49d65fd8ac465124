{#-
  run_landing_statements(statements, count_sql): runs each statement in order, then logs the rows of each
  landed table (count_sql: one row per table with table_label, row_count). Called by
  `python -m revops.load_raw --target spark` through `dbt run-operation`, so the statements run in the
  `spark` target's own session, warehouse and metastore.
-#}
{% macro run_landing_statements(statements, count_sql) %}
  {%- for statement in statements -%}
    {%- do run_query(statement) -%}
  {%- endfor -%}
  {%- if count_sql -%}
    {%- set counts = run_query(count_sql) -%}
    {%- for row in counts.rows -%}
      {{ log("  " ~ row[0] ~ ": " ~ row[1] ~ " rows", info=true) }}
    {%- endfor -%}
  {%- endif -%}
{% endmacro %}

{#-
  Spark and PostgreSQL: the raw tables are landed beforehand by `python -m revops.load_raw --target
  <target>`; at run start only check that every raw table the selected models read is there, and stop
  with an error naming the missing table and the command otherwise. On PostgreSQL also create the
  compatibility functions the models need (see engine_compat_functions).
-#}
{% macro spark__create_raw_relations() %}
  {{ return(check_landed_raw_tables()) }}
{% endmacro %}

{% macro postgres__create_raw_relations() %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- for statement in postgres_compat_statements() -%}
    {%- do run_query(statement) -%}
  {%- endfor -%}
  {{ return(check_landed_raw_tables()) }}
{% endmacro %}

{% macro check_landed_raw_tables() %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set needed_sources = sources_needed_by_selection() -%}
  {%- set missing = [] -%}
  {%- for source_node in graph.sources.values() | sort(attribute='unique_id')
        if source_node.package_name == project_name and source_node.meta.get('raw_contract')
        and source_node.unique_id in needed_sources -%}
    {%- set relation = adapter.get_relation(
        database=source_node.database, schema=source_node.schema, identifier=source_node.identifier) -%}
    {%- if relation is none -%}
      {%- do missing.append(source_node.schema ~ '.' ~ source_node.identifier) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if missing -%}
    {{ exceptions.raise_compiler_error(
        "raw table(s) " ~ missing | join(', ') ~ " not found on " ~ target.name
        ~ ": land the raw files first with `python -m revops.load_raw --target " ~ target.name ~ "`") }}
  {%- endif -%}
  {{ return('') }}
{% endmacro %}
