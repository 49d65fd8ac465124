{#-
  Spark and PostgreSQL variants of the project's dispatched macros (issue 11). The generic macro and its
  contract live beside the DuckDB variant (macros/normalize, macros/adapters, macros/matching,
  macros/funnel); each variant here gives the same result on its engine.
-#}

{#- ---- regexes (macros/normalize/regex.sql). Spark string literals unescape backslashes: double them. -#}
{% macro spark__regex_literal(pattern) -%}
  {{ return("'" ~ (pattern | replace("\\", "\\\\") | replace("'", "\\'")) ~ "'") }}
{%- endmacro %}

{% macro spark__regex_replace_all(expr, pattern, replacement) -%}
  regexp_replace({{ expr }}, {{ regex_literal(pattern) }}, {{ regex_literal(replacement | replace('$', '\\$')) }})
{%- endmacro %}

{% macro spark__regex_contains(expr, pattern) -%}
  ({{ expr }} rlike {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro spark__regex_extract(expr, pattern, group=0) -%}
  nullif(regexp_extract({{ expr }}, {{ regex_literal(pattern) }}, {{ group }}), '')
{%- endmacro %}

{% macro postgres__regex_replace_all(expr, pattern, replacement) -%}
  regexp_replace({{ expr }}, {{ regex_literal(pattern) }}, {{ regex_literal(replacement) }}, 'g')
{%- endmacro %}

{% macro postgres__regex_contains(expr, pattern) -%}
  ({{ expr }} ~ {{ regex_literal(pattern) }})
{%- endmacro %}

{#- regexp_match returns the capture groups: group 0 (the whole match) is the pattern wrapped in one more group. -#}
{% macro postgres__regex_extract(expr, pattern, group=0) -%}
  {%- if group == 0 -%}
  nullif((regexp_match({{ expr }}, {{ regex_literal('(' ~ pattern ~ ')') }}))[1], '')
  {%- else -%}
  nullif((regexp_match({{ expr }}, {{ regex_literal(pattern) }}))[{{ group }}], '')
  {%- endif -%}
{%- endmacro %}

{#- ---- safe casts (macros/adapters/safe_cast.sql). dbt-spark runs with ANSI mode off: a bad cast is null. -#}
{% macro spark__safe_cast(field, type) -%}
  cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro postgres__safe_cast(field, type) -%}
  revops_try_cast(cast({{ field }} as text), cast(null as {{ type }}))
{%- endmacro %}

{#- ---- timestamps (macros/normalize/types.sql) -#}
{% macro spark__to_utc_timestamp(expr) -%}
  {#- Spark reads an offset or zone in the text and converts to the session time zone (UTC in the profile);
      text without one is taken in the session time zone, i.e. as UTC. -#}
  cast(trim(cast({{ expr }} as string)) as timestamp)
{%- endmacro %}


{#- ---- string similarity (macros/matching/string_similarity.sql) -#}
{% macro spark__string_similarity(left_expr, right_expr) -%}
  {#-
    Jaro-Winkler as DuckDB's jaro_winkler_similarity computes it (the same steps as the PostgreSQL port,
    revops_jaro_winkler_similarity in postgres_compat.sql). Spark 4.3's own jaro_winkler_similarity is another
    definition: it adds the prefix boost below a Jaro of 0.7 and its Jaro differs on some pairs, which moved
    5.7% of the 1M name pairs to another agreement level.
    - match window: max(length) / 2 - 1 either side. Each character of the left string, in order, takes the
      first unmatched equal character of the right string inside the window. A fold over the left positions
      keeps one string as its state: the right string with its matched characters masked by chr(0) (so
      `locate` finds the first unmatched one; the strings must not contain chr(0) themselves), followed by
      the matched left characters in order. Native string functions per step keep it fast.
    - transpositions: matched characters of both strings, in order, that differ; halved, rounded down;
    - the prefix boost (0.1 per common leading character, at most 4) applies only above a Jaro of 0.7.
    `transform(array(x), v -> ...)[0]` binds x to the name v, as a let would.
  -#}
  {%- set a = '(' ~ left_expr ~ ')' -%}
  {%- set b = '(' ~ right_expr ~ ')' -%}
  case
    when {{ a }} is null or {{ b }} is null then cast(null as double)
    when length({{ a }}) = 0 or length({{ b }}) = 0 then cast(0.0 as double) {#- two empty strings too, as DuckDB -#}
    else transform(array(length({{ a }})), jw_la -> transform(array(length({{ b }})), jw_lb ->
      transform(array(greatest(greatest(jw_la, jw_lb) div 2 - 1, 0)), jw_window -> transform(
      array(aggregate(
        sequence(1, jw_la),
        {{ b }},
        (jw_state, jw_i) -> transform(
          array(locate(substring({{ a }}, jw_i, 1), jw_state, greatest(1, jw_i - jw_window))),
          jw_found -> case
            when jw_found between 1 and least(jw_lb, jw_i + jw_window)
              then concat(
                left(jw_state, jw_found - 1), chr(0), substring(jw_state, jw_found + 1), substring({{ a }}, jw_i, 1)
              )
            else jw_state
          end
        )[0]
      )),
      {#- jw_folded: the masked right string, then the matched left characters -#}
      jw_folded -> transform(
        array(length(jw_folded) - jw_lb),
        jw_matches -> case
          when jw_matches = 0 then cast(0.0 as double)
          else transform(
            array((
              jw_matches / jw_la
              + jw_matches / jw_lb
              + (jw_matches - size(filter(
                  zip_with(
                    split(substring(jw_folded, jw_lb + 1), ''),
                    transform(
                      filter(sequence(1, jw_lb), jw_q -> substring(jw_folded, jw_q, 1) = chr(0)),
                      jw_q -> substring({{ b }}, jw_q, 1)
                    ),
                    (jw_x, jw_y) -> jw_x <> jw_y
                  ),
                  jw_differs -> jw_differs
                )) div 2) / jw_matches
            ) / 3.0),
            jw_jaro -> case
              when jw_jaro > 0.7 then jw_jaro + 0.1 * size(filter(
                  sequence(1, least(4, jw_la, jw_lb)),
                  jw_n -> left({{ a }}, jw_n) = left({{ b }}, jw_n)
                )) * (1.0 - jw_jaro)
              else jw_jaro
            end
          )[0]
        end
      )[0]
    )[0])[0])[0])[0]
  end
{%- endmacro %}

{% macro postgres__string_similarity(left_expr, right_expr) -%}
  revops_jaro_winkler_similarity({{ left_expr }}, {{ right_expr }})
{%- endmacro %}

{#- ---- accents (macros/normalize/text.sql): the Latin-1 and Latin Extended-A letters that decompose
    into an ASCII letter and marks (as DuckDB's strip_accents strips them; 'ø', 'ł' stay). -#}
{% macro engines_accent_map() -%}
  {{ return(('ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž',
             'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz')) }}
{%- endmacro %}

{% macro spark__unaccented(expr) -%}
  {%- set accents = engines_accent_map() -%}
  translate({{ expr }}, '{{ accents[0] }}', '{{ accents[1] }}')
{%- endmacro %}

{% macro postgres__unaccented(expr) -%}
  {%- set accents = engines_accent_map() -%}
  translate({{ expr }}, '{{ accents[0] }}', '{{ accents[1] }}')
{%- endmacro %}

{#- ---- raw row as JSON (macros/staging/row_as_json.sql) -#}
{% macro spark__row_as_json(relation_alias) -%}
  {#- null columns written as `null`, as DuckDB and PostgreSQL do (Spark drops them by default) -#}
  to_json(struct({{ relation_alias }}.*), map('ignoreNullFields', 'false'))
{%- endmacro %}

{#- ---- url_host (macros/normalize/domain.sql). PostgreSQL regexes prefer the longest alternative (POSIX),
    where DuckDB and Java take the first that matches: '//cdn.example.org/x' would lose everything to
    `[/?#].*$`. The scheme and the path are therefore removed one after the other. -#}
{% macro postgres__url_host(expr) -%}
  {%- set lowered = 'lower(trim(cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')))' -%}
  {%- set without_scheme = regex_replace_all(lowered, '^(?:[a-z][a-z0-9+.-]*:)?//', '') -%}
  {%- set without_scheme_and_path = regex_replace_all(without_scheme, '[/?#].*$', '') -%}
  {{ regex_replace_all(without_scheme_and_path, '^.*@|\\.?:\\d*$|\\.$', '') }}
{%- endmacro %}

{#- ---- dates and numbers (macros/normalize/types.sql). The contract's timestamps and dates are ISO-8601:
    PostgreSQL would also read '03/01/2024' (DateStyle), DuckDB and Spark do not. -#}
{% macro engines_iso_date_pattern() -%}
  {{ return('^\\d{4}-\\d{1,2}-\\d{1,2}') }}
{%- endmacro %}

{% macro postgres__to_utc_timestamp(expr) -%}
  {#- As on DuckDB: text with an offset is read as timestamptz and converted to UTC; text without one is
      taken as UTC whatever the session time zone. -#}
  {%- set text = "trim(cast(" ~ expr ~ " as text))" -%}
  case
    when not {{ regex_contains(text, engines_iso_date_pattern()) }} then null
    when {{ regex_contains(text, '\\d:\\d{2}(?::\\d{2}(?:\\.\\d*)?)?\\s*[+A-Za-z-]') }}
      then {{ dbt.safe_cast(text, 'timestamp with time zone') }} at time zone 'UTC'
    else {{ dbt.safe_cast(text, 'timestamp') }}
  end
{%- endmacro %}

{% macro postgres__to_date(expr) -%}
  {%- set text = "trim(cast(" ~ expr ~ " as text))" -%}
  case when {{ regex_contains(text, engines_iso_date_pattern()) }} then {{ dbt.safe_cast(text, 'date') }} end
{%- endmacro %}

{#- An integer type gets a decimal text rounded half away from zero, as DuckDB's cast does ('12.7' -> 13);
    Spark would truncate and PostgreSQL reject it. -#}
{% macro engines_is_integer_type(type) -%}
  {{ return(type | lower | trim in ['integer', 'int', 'bigint', 'smallint', 'tinyint', 'int4', 'int8', 'int2']) }}
{%- endmacro %}

{% macro postgres__to_number(expr, type) -%}
  {%- set text = "trim(replace(replace(cast(" ~ expr ~ " as text), ',', ''), '$', ''))" -%}
  {%- if engines_is_integer_type(type) -%}
  cast(round({{ dbt.safe_cast(text, 'numeric') }}) as {{ type }})
  {%- else -%}
  {{ dbt.safe_cast(text, type) }}
  {%- endif -%}
{%- endmacro %}

{% macro spark__to_number(expr, type) -%}
  {%- set text = "trim(replace(replace(cast(" ~ expr ~ " as string), ',', ''), '$', ''))" -%}
  {%- if engines_is_integer_type(type) -%}
  cast(round(cast({{ text }} as decimal(38, 9)), 0) as {{ type }})
  {%- else -%}
  cast({{ text }} as {{ type }})
  {%- endif -%}
{%- endmacro %}

{#- pii_hash: DuckDB's sha256(text) is hex text; PostgreSQL hashes bytes (sha256(bytea) -> bytea), Spark
    has sha2(text, 256). Same salt and value -> the same 64 lowercase hex characters on all three. -#}
{% macro postgres__pii_hash(expression, salt) -%}
  case
    when {{ expression }} is not null
      then encode(sha256(convert_to('{{ salt }}' || cast({{ expression }} as text), 'UTF8')), 'hex')
  end
{%- endmacro %}

{% macro spark__pii_hash(expression, salt) -%}
  case
    when {{ expression }} is not null
      then sha2(concat('{{ salt }}', cast({{ expression }} as string)), 256)
  end
{%- endmacro %}
