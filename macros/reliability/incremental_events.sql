{#-
  incremental_event_filter(id_column, time_column, relation_alias=none): on an incremental run of an event model, a `where`
  condition (with a leading `and`) keeping the events to (re)write: ids the model does not hold yet, however
  late they arrive, and every event within var `event_lookback_days` of the newest event it holds (a
  re-delivered event whose content changed). Renders nothing on a full build. Used with
  `unique_key=<id>` and `incremental_strategy='delete+insert'`, so a re-written id replaces its old row.
-#}
{% macro incremental_event_filter(id_column, time_column, relation_alias=none) -%}
  {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
  {%- if is_incremental() %}
    and (
        {{ prefix }}{{ id_column }} not in (select existing.{{ id_column }} from {{ this }} as existing)
        or {{ prefix }}{{ time_column }} >= (
            select {{ dbt.dateadd('day', -1 * var('event_lookback_days', 3), 'max(existing.' ~ time_column ~ ')') }}
            from {{ this }} as existing
        )
    )
  {%- endif %}
{%- endmacro %}
