{#-
  Base tables are incremental by id (issue 10). A base table holds every raw row with its version rank
  among the rows of its id, and nothing in a row depends on rows of other ids. So a run re-normalises only
  the ids whose raw rows changed and replaces those ids' rows (`delete+insert` on the id):

  - changed_raw_ids_filter(raw_table, raw_id_column): on an incremental run, the `where` of the base model's
    import CTE: the raw rows of every id that has a raw row the base table does not hold yet, counting
    copies (a raw row's fingerprint occurs more often in the raw table than in the base table: a new row, or
    one more identical copy of a re-delivered one), and every row without an id. Renders nothing on a full
    build. The id is compared as staged (`nonblank_string`), as the base table stores it.
  - base_lookup_relation(raw_table, import_cte='source'): what the model's value lookups read: the raw
    table on a full build (read directly, so DuckDB does not store the import CTE), the import CTE (only
    the changed ids' rows) on an incremental run.
  - delete_base_rows_without_id(): the pre-hook of every base table. Rows without an id are ranked among
    themselves and the delete of `delete+insert` cannot match them, so an incremental run deletes them and
    the filter above writes them all again (they are few: each is quarantined as 'missing id').

  A raw row that disappears from the raw table stays in the base table until `--full-refresh`, as raw
  tables are append-only logs. A change to a normalisation macro or to a seed the base models read (e.g.
  `free_email_domains`) changes rows already stored: run `dbt build --full-refresh --select staging+`.
-#}
{% macro changed_raw_ids_filter(raw_table, raw_id_column) -%}
  {%- if is_incremental() %}
    where
        {{ nonblank_string(raw_id_column) }} is null
        or {{ nonblank_string(raw_id_column) }} in (
            select {{ nonblank_string('changed_rows.' ~ raw_id_column) }}
            from {{ raw_table }} as changed_rows
            where
                {{ nonblank_string('changed_rows.' ~ raw_id_column) }} is not null
                and {{ row_fingerprint('changed_rows') }} in (
                    select raw_copies.row_fingerprint
                    from (
                        select
                            {{ row_fingerprint('raw_rows') }} as row_fingerprint,
                            count(*) as copies
                        from {{ raw_table }} as raw_rows
                        group by {{ row_fingerprint('raw_rows') }}
                    ) as raw_copies
                    left join (
                        select
                            stored.row_fingerprint,
                            count(*) as copies
                        from {{ this }} as stored
                        group by stored.row_fingerprint
                    ) as stored_copies
                        on raw_copies.row_fingerprint = stored_copies.row_fingerprint
                    where raw_copies.copies > coalesce(stored_copies.copies, 0)
                )
        )
  {%- endif %}
{%- endmacro %}

{% macro base_lookup_relation(raw_table, import_cte='source') -%}
  {{ return(import_cte if is_incremental() else raw_table) }}
{%- endmacro %}

{% macro delete_base_rows_without_id() -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where {{ config.get('unique_key') }} is null
  {%- endif -%}
{%- endmacro %}
