{#-
  ranked_versions(relation, id_column, order_by, skip_single_versions=false): a select of every row of
  `relation` (a CTE of the base model) with `version_rank`, its row_number among the rows of the same
  `id_column` in `order_by` order (1 = the version staging keeps; rows without an id are ranked among
  themselves, as `partition by` does).

  By default one row_number() over every row. With skip_single_versions on DuckDB: the same numbers, but
  only the ids that have more than one row go through the window, the others get 1 directly. `relation`
  is then read three times, so define it as `<name> as {{ not_materialized() }} (...)` (DuckDB would
  otherwise store the whole CTE first); each read evaluates the relation's per-row expressions again for
  the rows it keeps after the id semi-join, so it pays only where those are cheap next to the window: the
  event tables (web sessions at 100k accounts: the window was 3.1 s of 4.1 s, about half of it saved), not
  the CRM tables with their name/phone/address keys computed per row (1.5-2x slower there).
-#}
{% macro ranked_versions(relation, id_column, order_by, skip_single_versions=false) -%}
  {%- if skip_single_versions -%}
    {{ return(adapter.dispatch('ranked_versions_skipping_single', 'revops')(relation, id_column, order_by)) }}
  {%- else -%}
    {{ return(adapter.dispatch('ranked_versions', 'revops')(relation, id_column, order_by)) }}
  {%- endif -%}
{%- endmacro %}

{% macro default__ranked_versions_skipping_single(relation, id_column, order_by) -%}
  {{ return(adapter.dispatch('ranked_versions', 'revops')(relation, id_column, order_by)) }}
{%- endmacro %}

{% macro default__ranked_versions(relation, id_column, order_by) -%}
select
    {{ relation }}.*,
    row_number() over (partition by {{ id_column }} order by {{ order_by }}) as version_rank
from {{ relation }}
{%- endmacro %}

{% macro duckdb__ranked_versions_skipping_single(relation, id_column, order_by) -%}
{#- the ids with several rows, found once (DuckDB materialises a CTE read twice) -#}
with multi_version_ids as (
    select versioned.{{ id_column }} as multi_version_id
    from {{ relation }} as versioned
    where versioned.{{ id_column }} is not null
    group by versioned.{{ id_column }}
    having count(*) > 1
)

select
    {{ relation }}.*,
    row_number() over (partition by {{ id_column }} order by {{ order_by }}) as version_rank
from {{ relation }}
where
    {{ id_column }} is null
    or {{ id_column }} in (select multi_version_id from multi_version_ids)
union all
select
    {{ relation }}.*,
    cast(1 as bigint) as version_rank
from {{ relation }}
where
    {{ id_column }} is not null
    and {{ id_column }} not in (select multi_version_id from multi_version_ids)
{%- endmacro %}

{#-
  not_materialized(): the CTE keyword that asks the engine to inline a CTE at every reference instead of
  storing its result (`with x as not materialized (...)`); empty where the dialect has no such keyword or
  inlines anyway.
-#}
{% macro not_materialized() -%}
  {{ return(adapter.dispatch('not_materialized', 'revops')()) }}
{%- endmacro %}

{% macro default__not_materialized() -%}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
  not materialized
{%- endmacro %}
