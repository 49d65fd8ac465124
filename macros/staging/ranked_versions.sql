{#-
  ranked_versions(relation, id_column, order_by): a select of every row of `relation` (a CTE of the base
  model) with `version_rank`, its row_number among the rows of the same `id_column` in `order_by` order
  (1 = the version staging keeps; rows without an id are ranked among themselves, as `partition by` does).

  default__: one row_number() over every row. duckdb__: the same numbers, but only the ids that have more
  than one row go through the window (its partitioning and sorting is most of a base table's cost, and most
  ids have a single version); the others get 1 directly. `relation` is read three times there, so define
  it as `<name> as {{ not_materialized() }} (...)`: DuckDB would otherwise store the whole CTE first.
-#}
{% macro ranked_versions(relation, id_column, order_by) -%}
  {{ return(adapter.dispatch('ranked_versions', 'revops')(relation, id_column, order_by)) }}
{%- endmacro %}

{% macro default__ranked_versions(relation, id_column, order_by) -%}
select
    {{ relation }}.*,
    row_number() over (partition by {{ id_column }} order by {{ order_by }}) as version_rank
from {{ relation }}
{%- endmacro %}

{% macro duckdb__ranked_versions(relation, id_column, order_by) -%}
{%- set multi_version_ids -%}
    select versioned.{{ id_column }}
    from {{ relation }} as versioned
    where versioned.{{ id_column }} is not null
    group by versioned.{{ id_column }}
    having count(*) > 1
{%- endset -%}
select
    {{ relation }}.*,
    row_number() over (partition by {{ id_column }} order by {{ order_by }}) as version_rank
from {{ relation }}
where
    {{ id_column }} is null
    or {{ id_column }} in (
        {{ multi_version_ids }}
    )
union all
select
    {{ relation }}.*,
    cast(1 as bigint) as version_rank
from {{ relation }}
where
    {{ id_column }} is not null
    and {{ id_column }} not in (
        {{ multi_version_ids }}
    )
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
