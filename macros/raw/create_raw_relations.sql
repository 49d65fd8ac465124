{#-
  create_raw_relations(): makes every source of the raw data contract readable as a relation
  `raw_<source>.<table>` before the models run (on-run-start).

  On DuckDB each relation is a view straight over the file `<RAW_DATA_DIR>/<source>/<table>.parquet`
  (or `.csv` with a header row) and any part files in the folder `<source>/<table>/`: nothing is copied. The contract lives in the sources' YAML: a column
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
  {%- set problems = [] -%}
  {%- for source_node in graph.sources.values() | sort(attribute='unique_id')
        if source_node.package_name == project_name and source_node.meta.get('raw_contract') -%}
    {%- set location = raw_file_location(raw_dir, source_node.source_name, source_node.name) -%}
    {%- set statement = raw_relation_sql(source_node, location, source_node.unique_id in needed_sources, problems) -%}
    {%- if statement -%}{%- do statements.append(statement) -%}{%- endif -%}
  {%- endfor -%}
  {%- if problems -%}
    {{ exceptions.raise_compiler_error(
        "the raw data cannot be read (" ~ problems | length ~ " problem(s)):\n  - " ~ problems | join("\n  - ")) }}
  {%- endif -%}
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

{#-
  Which files back a raw table: a dict with the format, `paths` (every file, in order) and `path` (the
  first, for messages), or none when no file exists. A table is `<source>/<table>.parquet` (or `.csv`),
  plus any part files in a folder beside it, `<source>/<table>/*.parquet` (or `*.csv`): loaders that
  append (a daily extract, change-data-capture batches) add a file there instead of rewriting the table.
  All files of a table are read as one relation, columns matched by name.
-#}
{% macro raw_file_location(raw_dir, source_name, table_name) %}
  {%- set base = raw_dir ~ '/' ~ source_name ~ '/' ~ table_name -%}
  {%- for file_format in ['parquet', 'csv'] -%}
    {%- set found = run_query(
        "select file from (select 0 as part, file from glob('" ~ base ~ "." ~ file_format ~ "')"
        ~ " union all select 1 as part, file from glob('" ~ base ~ "/*." ~ file_format ~ "'))"
        ~ " order by part, file").columns[0].values() | list -%}
    {%- if found | length > 0 -%}
      {{ return({'path': found[0], 'paths': found, 'format': file_format}) }}
    {%- endif -%}
  {%- endfor -%}
  {{ return(none) }}
{% endmacro %}

{% macro raw_file_reader(location) %}
  {%- set paths = location.get('paths', [location.path]) -%}
  {%- if paths | length == 1 -%}
    {%- set files = "'" ~ paths[0] ~ "'" -%}
    {%- set union = '' -%}
  {%- else -%}
    {%- set files = "['" ~ paths | join("', '") ~ "']" -%}
    {%- set union = ', union_by_name = true' -%}
  {%- endif -%}
  {%- if location.format == 'parquet' -%}
    {{ return("read_parquet(" ~ files ~ union ~ ")") }}
  {%- else -%}
    {{ return("read_csv(" ~ files ~ ", header = true, all_varchar = true, encoding = 'utf-8'" ~ union ~ ")") }}
  {%- endif -%}
{% endmacro %}

{#- The `create view` statement of one raw table, checked against its contract. -#}
{% macro raw_relation_sql(source_node, location, is_needed=true, problems=none) %}
  {%- if problems is none -%}{%- set problems = [] -%}{%- endif -%}
  {%- set table_label = source_node.source_name ~ '.' ~ source_node.name -%}
  {%- set relation = source_node.schema ~ '.' ~ source_node.identifier -%}
  {%- set contract_columns = source_node.columns.values() | list -%}
  {%- set passthrough = var('passthrough_columns', {}).get(table_label, []) -%}

  {%- if location is not none -%}
    {%- set checked = namespace(readable=[], failed=false) -%}
    {%- for path in location.get('paths', [location.path]) -%}
      {%- set file_problem = raw_file_problem(table_label, {'path': path, 'format': location.format}) -%}
      {%- if file_problem == 'empty file' -%}
        {#- a 0-byte file has no header: read as an empty table with the contract's columns -#}
        {{ exceptions.warn("raw table " ~ table_label ~ ": " ~ path ~ " is an empty file (0 bytes): read as an empty table") }}
      {%- elif file_problem -%}
        {%- do problems.append(file_problem) -%}
        {%- set checked.failed = true -%}
      {%- else -%}
        {%- set checked.readable = checked.readable + [path] -%}
      {%- endif -%}
    {%- endfor -%}
    {%- if checked.failed -%}{{ return(none) }}{%- endif -%}
    {%- if checked.readable -%}
      {%- set location = {'path': checked.readable[0], 'paths': checked.readable, 'format': location.format} -%}
    {%- else -%}
      {%- set location = none -%}
      {%- set is_needed = false -%}
    {%- endif -%}
  {%- endif -%}
  {%- if location is none -%}
    {%- if not source_node.meta.get('optional', false) and is_needed -%}
      {%- do problems.append(
          "raw table " ~ table_label ~ " is required but no file was found at "
          ~ raw_data_dir() ~ "/" ~ source_node.source_name ~ "/" ~ source_node.name ~ ".parquet (or .csv)") -%}
      {{ return(none) }}
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
  {%- set file_types = dict(zip(file_columns, described.columns[1].values())) -%}
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
    {%- do problems.append(
        "raw table " ~ table_label ~ " (" ~ location.path ~ ") is missing required column(s) "
        ~ missing_required | join(', ') ~ "; the file has: " ~ file_columns | join(', ')) -%}
    {{ return(none) }}
  {%- endif -%}
  {%- do raw_type_drift_problems(table_label, location, reader, contract_columns, file_types, problems) -%}
  {%- set row_count = run_query('select count(*) from ' ~ reader).columns[0].values()[0] -%}
  {%- if row_count == 0 and not source_node.meta.get('optional', false) -%}
    {{ exceptions.warn("raw table " ~ table_label ~ " is required and has no rows: the models that read it will be empty") }}
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

{#-
  raw_file_problem(table_label, location): why the file cannot be read as its format, or 'empty file' for a
  0-byte file, or none. A Parquet file must start and end with the magic bytes `PAR1`; a CSV file must not
  be a known binary format (Parquet, ZIP/xlsx, gzip, xls, PDF) and must be UTF-8: lines with other bytes
  (Windows-1252 or Latin-1 exports) are counted and named.
-#}
{% macro raw_file_problem(table_label, location) %}
  {%- set probe = run_query(
      "select size, hex(content[1:4]), hex(content[-4:]) from read_blob('" ~ location.path ~ "')") -%}
  {%- set size, head, tail = probe.rows[0][0], probe.rows[0][1], probe.rows[0][2] -%}
  {%- if size == 0 -%}{{ return('empty file') }}{%- endif -%}
  {%- set signatures = {'50415231': 'a Parquet file', '504B0304': 'a ZIP archive (an .xlsx workbook?)',
      '1F8B0800': 'a gzip archive', 'D0CF11E0': 'an .xls workbook', '25504446': 'a PDF document'} -%}
  {%- if location.format == 'parquet' -%}
    {%- if head != '50415231' or tail != '50415231' -%}
      {{ return("raw table " ~ table_label ~ ": " ~ location.path ~ " is not a Parquet file ("
          ~ (("it looks like " ~ signatures[head]) if head in signatures and head != '50415231'
             else "no PAR1 magic bytes at its start and end") ~ "); re-export it as Parquet or CSV") }}
    {%- endif -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set signature = signatures.get(head) or signatures.get(head[:4] ~ '0800') -%}
  {%- if signature -%}
    {{ return("raw table " ~ table_label ~ ": " ~ location.path ~ " is not a CSV file (it looks like "
        ~ signature ~ "); re-export it as CSV or Parquet") }}
  {%- endif -%}
  {%- set invalid = run_query(raw_csv_invalid_utf8_sql(location.path)) -%}
  {%- if invalid.rows[0][0] > 0 -%}
    {{ return("raw table " ~ table_label ~ ": " ~ location.path ~ " is not UTF-8: " ~ invalid.rows[0][0]
        ~ " line(s) hold other bytes, first at line " ~ invalid.rows[0][1] ~ " in column "
        ~ invalid.rows[0][2] ~ "; re-export the file as UTF-8") }}
  {%- endif -%}
  {{ return(none) }}
{% endmacro %}

{#-
  The lines of a CSV file that are not valid UTF-8: how many, the first one's line number and the header
  name of the column its first bad byte falls in (counting delimiters, quotes not considered). The file is
  read as a blob whose text form escapes every byte >= 0x80 as `\xHH`; valid UTF-8 sequences are removed and
  any escaped byte left over is invalid.
-#}
{% macro raw_csv_invalid_utf8_sql(path) %}
  {%- set sql -%}
    with file_text as (
        select cast(content as varchar) as body from read_blob('{{ path }}')
    ),

    file_lines as (
        select
            unnest(string_split(body, '\x0A')) as line_text,
            generate_subscripts(string_split(body, '\x0A'), 1) as line_number
        from file_text
    ),

    residues as (
        select
            line_number,
            regexp_replace(
                line_text,
                '\\x(C[2-9A-F]|D[0-9A-F])\\x[89AB][0-9A-F]|\\xE[0-9A-F](\\x[89AB][0-9A-F]){2}|\\xF[0-4](\\x[89AB][0-9A-F]){3}',
                '',
                'g'
            ) as residue
        from file_lines
    ),

    invalid_lines as (
        select
            line_number,
            residue
        from residues
        where regexp_matches(residue, '\\x[89A-F][0-9A-F]')
    ),

    first_invalid as (
        select
            line_number,
            length(regexp_replace(regexp_extract(residue, '^(.*?)\\x[89A-F][0-9A-F]', 1), '[^,]', '', 'g'))
            + 1 as column_position
        from invalid_lines
        order by line_number
        limit 1
    ),

    header as (
        select string_split(regexp_replace(line_text, '^\\xEF\\xBB\\xBF', ''), ',') as column_names
        from file_lines
        where line_number = 1
    )

    select
        (select count(*) from invalid_lines) as invalid_lines,
        first_invalid.line_number,
        coalesce(
            replace(header.column_names[first_invalid.column_position], '\x22', ''),
            '#' || first_invalid.column_position
        )
    from (select 1) as one_row
    left join first_invalid on true
    left join header on true
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}

{#-
  raw_type_drift_problems(...): compares each Parquet column with the `data_type` the contract gives it
  (timestamp, date, boolean, bigint, double; columns without one are text). A column whose type changed
  is read through the same conversion staging uses (to_utc_timestamp, to_date, to_boolean, to_number):
  when no value can be read the run stops with an error naming the table, column, types and count; when
  some values cannot be read it warns with the count (they become null); when all read it warns that the
  type changed. CSV columns are text by nature and are checked value by value in staging.
-#}
{% macro raw_type_drift_problems(table_label, location, reader, contract_columns, file_types, problems) %}
  {%- if location.format != 'parquet' -%}{{ return(none) }}{%- endif -%}
  {%- set families = {
      'timestamp': ['TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'DATE'],
      'date': ['DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S'],
      'boolean': ['BOOLEAN'],
      'bigint': ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT'],
      'double': ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT',
                 'FLOAT', 'DOUBLE'],
  } -%}
  {%- set drifted = [] -%}
  {%- for column in contract_columns if column.data_type and (column.name | lower) in file_types -%}
    {%- set file_type = file_types[column.name | lower] | upper -%}
    {%- set expected = column.data_type | lower -%}
    {%- if expected in families and file_type not in families[expected]
          and not (expected in ['bigint', 'double'] and file_type.startswith('DECIMAL')) -%}
      {%- do drifted.append({'name': column.name | lower, 'expected': expected, 'file_type': file_type}) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if not drifted -%}{{ return(none) }}{%- endif -%}
  {%- set counts = [] -%}
  {%- for column in drifted -%}
    {%- set converted = {
        'timestamp': to_utc_timestamp(column.name), 'date': to_date(column.name),
        'boolean': to_boolean(column.name), 'bigint': to_number(column.name, 'double'),
        'double': to_number(column.name, 'double')}[column.expected] -%}
    {%- do counts.append('count(' ~ column.name ~ '), count(' ~ column.name ~ ') - count(' ~ converted ~ ')') -%}
  {%- endfor -%}
  {%- set result = run_query('select ' ~ counts | join(', ') ~ ' from ' ~ reader).rows[0] -%}
  {%- for column in drifted -%}
    {%- set present, unreadable = result[2 * loop.index0], result[2 * loop.index0 + 1] -%}
    {%- set what = "raw table " ~ table_label ~ ": column " ~ column.name ~ " is " ~ column.file_type
        ~ " where the contract expects " ~ column.expected -%}
    {%- if present > 0 and unreadable == present -%}
      {%- do problems.append(what ~ "; " ~ unreadable ~ " of " ~ present
          ~ " value(s) cannot be read as " ~ column.expected) -%}
    {%- elif unreadable > 0 -%}
      {{ exceptions.warn(what ~ "; " ~ unreadable ~ " of " ~ present ~ " value(s) cannot be read as "
          ~ column.expected ~ " and are read as null") }}
    {%- else -%}
      {{ exceptions.warn(what ~ "; every value reads as " ~ column.expected) }}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}
