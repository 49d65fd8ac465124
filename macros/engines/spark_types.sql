{#-
  Spark has no length-less `varchar` (its parser requires varchar(n)) and no `text`: the project's YAML
  (contract data types, seed column types) says `varchar`, as DuckDB and PostgreSQL do. On Spark these two
  dbt hooks translate the declared type to Spark's `string`; models write `dbt.type_string()` in casts.
-#}
{% macro engines_spark_type(type) -%}
  {%- set normalized = type | string | lower | trim -%}
  {{ return('string' if normalized in ['varchar', 'text', 'character varying'] else type) }}
{%- endmacro %}

{#- dbt.cast on Spark (used by the contract check's empty-schema query). -#}
{% macro spark__cast(field, type) -%}
  cast({{ field }} as {{ engines_spark_type(type) }})
{%- endmacro %}

{#- dbt-spark's seed table DDL with the declared column types translated. -#}
{% macro spark__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = engines_spark_type(column_override.get(col_name, inferred_type)) -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ partition_cols(label="partitioned by") }}
    {{ clustered_cols(label="clustered by") }}
    {{ location_clause() }}
    {{ comment_clause() }}
  {% endset %}

  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}

  {{ return(sql) }}
{% endmacro %}

{#- dbt.type_string() on Spark (dbt-spark leaves it to a default that renders `varchar`). -#}
{% macro spark__type_string() -%}
  {{ return('string') }}
{%- endmacro %}

{#- dbt-spark's seed rows in session mode: values are written as literals with quotes escaped (the session
    cursor pastes bindings unescaped, so "New Year's Day" broke the insert), declared types translated. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set batch_size = get_batch_size() -%}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set types = [] -%}
  {%- for col_name in agate_table.column_names -%}
    {%- do types.append(engines_spark_type(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)))) -%}
  {%- endfor -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(batch_size) -%}
    {%- set sql -%}
      insert into {{ this.render() }} values
      {% for row in chunk -%}
        ({%- for value in row -%}
          {%- if value is none -%}
            cast(null as {{ types[loop.index0] }})
          {%- else -%}
            cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ types[loop.index0] }})
          {%- endif -%}
          {%- if not loop.last %}, {% endif -%}
        {%- endfor -%})
        {%- if not loop.last %},{% endif %}
      {% endfor %}
    {%- endset -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(statements[0] if statements else '') }}
{% endmacro %}

{#- A timestamp with time zone type (an instant): Spark's `timestamp` is one (local-time-zone semantics). -#}
{% macro type_timestamp_tz() -%}
  {{ return(adapter.dispatch('type_timestamp_tz', 'revops')()) }}
{%- endmacro %}

{% macro default__type_timestamp_tz() -%}
  {{ return('timestamp with time zone') }}
{%- endmacro %}

{% macro spark__type_timestamp_tz() -%}
  {{ return('timestamp') }}
{%- endmacro %}
