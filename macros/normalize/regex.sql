{#-
  Regular-expression primitives. Regex syntax is not portable SQL, so every normalisation macro that needs
  one goes through these four: a new adapter adds `<adapter>__regex_*` here and nothing else. Patterns are
  Jinja strings (not SQL literals) in the syntax common to RE2, PostgreSQL AREs and Java: `\s`, `\d`,
  `[...]`, `(?:...)`, `^`, `$`, `{m,n}`; no word boundaries, no back-references, no POSIX `[[:classes:]]`.
  Jinja decodes escapes in its string literals ('\b' is a backspace), so write every backslash of a pattern
  doubled there: '^\\d{5}$' reaches the database as '^\d{5}$'. default__ raises, naming the macro to add.
-#}

{#- regex_literal(pattern): the pattern as a SQL string literal (quotes doubled). -#}
{% macro regex_literal(pattern) -%}
  {{ return(adapter.dispatch('regex_literal', 'revops')(pattern)) }}
{%- endmacro %}

{% macro default__regex_literal(pattern) -%}
  {{ return("'" ~ (pattern | replace("'", "''")) ~ "'") }}
{%- endmacro %}

{#- regex_replace_all(expr, pattern, replacement): expr with every match of pattern replaced by the plain text replacement. -#}
{% macro regex_replace_all(expr, pattern, replacement) -%}
  {{ return(adapter.dispatch('regex_replace_all', 'revops')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(expr, pattern, replacement) -%}
  {{ exceptions.raise_compiler_error("revops.regex_replace_all has no implementation for adapter '" ~ adapter.type() ~ "': add " ~ adapter.type() ~ "__regex_replace_all") }}
{%- endmacro %}

{% macro duckdb__regex_replace_all(expr, pattern, replacement) -%}
  regexp_replace({{ expr }}, {{ regex_literal(pattern) }}, {{ regex_literal(replacement) }}, 'g')
{%- endmacro %}

{#- regex_contains(expr, pattern): boolean, whether pattern matches somewhere in expr (anchor with ^ and $ for a full match); null for null. -#}
{% macro regex_contains(expr, pattern) -%}
  {{ return(adapter.dispatch('regex_contains', 'revops')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_contains(expr, pattern) -%}
  {{ exceptions.raise_compiler_error("revops.regex_contains has no implementation for adapter '" ~ adapter.type() ~ "': add " ~ adapter.type() ~ "__regex_contains") }}
{%- endmacro %}

{% macro duckdb__regex_contains(expr, pattern) -%}
  regexp_matches({{ expr }}, {{ regex_literal(pattern) }})
{%- endmacro %}

{#- regex_extract(expr, pattern, group=0): the text of capture group `group` (0: the whole match) of the first match; null when there is no match or it is empty. -#}
{% macro regex_extract(expr, pattern, group=0) -%}
  {{ return(adapter.dispatch('regex_extract', 'revops')(expr, pattern, group)) }}
{%- endmacro %}

{% macro default__regex_extract(expr, pattern, group=0) -%}
  {{ exceptions.raise_compiler_error("revops.regex_extract has no implementation for adapter '" ~ adapter.type() ~ "': add " ~ adapter.type() ~ "__regex_extract") }}
{%- endmacro %}

{% macro duckdb__regex_extract(expr, pattern, group=0) -%}
  nullif(regexp_extract({{ expr }}, {{ regex_literal(pattern) }}, {{ group }}), '')
{%- endmacro %}
