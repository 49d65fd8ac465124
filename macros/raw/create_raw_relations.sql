{#-
  create_raw_relations(): makes every source of the raw data contract readable as a relation
  `raw_<source>.<table>` before the models run (on-run-start).

  On DuckDB each relation is a view straight over the file `<RAW_DATA_DIR>/<source>/<table>.parquet`
  (or `.csv` with a header row): nothing is copied. The contract lives in the sources' YAML: a column
  whose `meta.optional` is true may be missing (it becomes null, with a warning), a table whose
  `meta.optional` is true may be missing (it becomes an empty relation, with a warning). A missing
  required table that a selected model reads, or a missing required column, stops the run with an error
  naming the table and column. Extra columns in a
  file are kept in the view and ignored by staging unless listed in `var('passthrough_columns')`.
  Other adapters land raw tables with `python -m revops.load_raw` and skip this step.
-#}
{% macro create_raw_relations() %}
  {{ return(adapter.dispatch('create_raw_relations', 'revops')()) }}
{% endmacro %}

{% macro default__create_raw_relations() %}
  {{ return('') }}
{% endmacro %}

{% macro duckdb__create_raw_relations() %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set raw_dir = raw_data_dir() -%}
  {%- set needed_sources = sources_needed_by_selection() -%}
  {%- set statements = [] -%}
  {%- for source_node in graph.sources.values() | sort(attribute='unique_id')
        if source_node.package_name == project_name and source_node.meta.get('raw_contract') -%}
    {%- set location = raw_file_location(raw_dir, source_node.source_name, source_node.name) -%}
    {%- do statements.append(raw_relation_sql(source_node, location, source_node.unique_id in needed_sources)) -%}
  {%- endfor -%}
  {%- set schemas = [] -%}
  {%- for source_node in graph.sources.values() if source_node.meta.get('raw_contract') -%}
    {%- if source_node.schema not in schemas -%}{%- do schemas.append(source_node.schema) -%}{%- endif -%}
  {%- endfor -%}
  {%- for schema in schemas -%}
    {%- do run_query('create schema if not exists ' ~ schema) -%}
  {%- endfor -%}
  {%- for statement in statements -%}
    {%- do run_query(statement) -%}
  {%- endfor -%}
  {{ return('') }}
{% endmacro %}

{#-
  The sources that the selected models read directly. A required raw file that no selected model needs
  may be missing (e.g. `dbt build --select +account_matches` with only the account files at hand). A table
  marked `meta.optional_for_matching` (the people listed on accounts: shared-contact evidence for the
  matcher) is not needed when every selected model is staging or account matching.
-#}
{% macro sources_needed_by_selection() %}
  {%- set needed = [] -%}
  {%- set ns = namespace(match_only=true) -%}
  {%- for unique_id in selected_resources -%}
    {%- set node = graph.nodes.get(unique_id) -%}
    {%- if node and node.resource_type == 'model' -%}
      {%- set area = node.fqn[1:3] -%}
      {%- if area[0] != 'staging' and area not in [['intermediate', 'accounts'], ['marts', 'accounts']] -%}
        {%- set ns.match_only = false -%}
      {%- endif -%}
    {%- endif -%}
    {%- if node -%}
      {%- for dependency in node.depends_on.nodes if dependency.startswith('source.') -%}
        {%- do needed.append(dependency) -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if ns.match_only -%}
    {%- set needed = needed | reject('in', sources_optional_for_matching()) | list -%}
  {%- endif -%}
  {{ return(needed) }}
{% endmacro %}

{% macro sources_optional_for_matching() %}
  {%- set optional = [] -%}
  {%- for source_node in graph.sources.values() if source_node.meta.get('optional_for_matching') -%}
    {%- do optional.append(source_node.unique_id) -%}
  {%- endfor -%}
  {{ return(optional) }}
{% endmacro %}

{#- The raw data folder as an absolute path (relative values resolve against the folder dbt runs from). -#}
{% macro raw_data_dir() %}
  {%- set raw_dir = env_var('RAW_DATA_DIR', 'data/raw') | trim -%}
  {%- if not raw_dir.startswith('/') -%}
    {%- set raw_dir = env_var('PWD', '.') ~ '/' ~ raw_dir -%}
  {%- endif -%}
  {{ return(raw_dir.rstrip('/')) }}
{% endmacro %}

{#- Which file backs a raw table: a dict with path and format, or none when no file exists. -#}
{% macro raw_file_location(raw_dir, source_name, table_name) %}
  {%- for file_format in ['parquet', 'csv'] -%}
    {%- set path = raw_dir ~ '/' ~ source_name ~ '/' ~ table_name ~ '.' ~ file_format -%}
    {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
    {%- if found > 0 -%}
      {{ return({'path': path, 'format': file_format}) }}
    {%- endif -%}
  {%- endfor -%}
  {{ return(none) }}
{% endmacro %}

{% macro raw_file_reader(location) %}
  {%- if location.format == 'parquet' -%}
    {{ return("read_parquet('" ~ location.path ~ "')") }}
  {%- else -%}
    {{ return("read_csv('" ~ location.path ~ "', header = true, all_varchar = true, encoding = 'utf-8')") }}
  {%- endif -%}
{% endmacro %}

{#- The `create view` statement of one raw table, checked against its contract. -#}
{% macro raw_relation_sql(source_node, location, is_needed=true) %}
  {%- set table_label = source_node.source_name ~ '.' ~ source_node.name -%}
  {%- set relation = source_node.schema ~ '.' ~ source_node.identifier -%}
  {%- set contract_columns = source_node.columns.values() | list -%}
  {%- set passthrough = var('passthrough_columns', {}).get(table_label, []) -%}

  {%- if location is none -%}
    {%- if not source_node.meta.get('optional', false) and is_needed -%}
      {{ exceptions.raise_compiler_error(
          "raw table " ~ table_label ~ " is required but no file was found at "
          ~ raw_data_dir() ~ "/" ~ source_node.source_name ~ "/" ~ source_node.name ~ ".parquet (or .csv)") }}
    {%- endif -%}
    {%- if source_node.meta.get('optional', false) -%}
      {{ exceptions.warn("raw table " ~ table_label ~ " is optional and missing: it is read as an empty table") }}
    {%- elif source_node.meta.get('optional_for_matching', false) -%}
      {{ exceptions.warn("raw table " ~ table_label ~ " is missing: this match-only build reads it as an empty table (no shared-contact evidence)") }}
    {%- else -%}
      {{ exceptions.warn("raw table " ~ table_label ~ " is missing; no selected model reads it: it is read as an empty table") }}
    {%- endif -%}
    {%- set empty_columns = [] -%}
    {%- for column in contract_columns -%}
      {%- do empty_columns.append('cast(null as varchar) as ' ~ column.name) -%}
    {%- endfor -%}
    {%- for column_name in passthrough -%}
      {%- do empty_columns.append('cast(null as varchar) as ' ~ column_name) -%}
    {%- endfor -%}
    {{ return('create or replace view ' ~ relation ~ ' as select ' ~ empty_columns | join(', ') ~ ' where false') }}
  {%- endif -%}

  {%- set reader = raw_file_reader(location) -%}
  {%- set described = run_query('describe select * from ' ~ reader) -%}
  {%- set file_columns = described.columns[0].values() | map('lower') | list -%}
  {%- set missing_required = [] -%}
  {%- set filled = [] -%}
  {%- for column in contract_columns if column.name | lower not in file_columns -%}
    {%- if column.meta.get('optional', false) -%}
      {%- do filled.append(column.name) -%}
    {%- else -%}
      {%- do missing_required.append(column.name) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if missing_required -%}
    {{ exceptions.raise_compiler_error(
        "raw table " ~ table_label ~ " (" ~ location.path ~ ") is missing required column(s) "
        ~ missing_required | join(', ') ~ "; the file has: " ~ file_columns | join(', ')) }}
  {%- endif -%}
  {%- for column_name in passthrough if column_name | lower not in file_columns -%}
    {%- do filled.append(column_name) -%}
  {%- endfor -%}
  {%- for column_name in filled -%}
    {{ exceptions.warn("raw table " ~ table_label ~ ": column " ~ column_name ~ " is missing; read as null") }}
  {%- endfor -%}
  {%- set extra_select = [] -%}
  {%- for column_name in filled -%}
    {%- do extra_select.append('cast(null as varchar) as ' ~ column_name) -%}
  {%- endfor -%}
  {{ return('create or replace view ' ~ relation ~ ' as select *'
      ~ (', ' ~ extra_select | join(', ') if extra_select else '') ~ ' from ' ~ reader) }}
{% endmacro %}
