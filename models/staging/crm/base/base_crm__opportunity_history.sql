-- grain: one row per raw crm.opportunity_history row (duplicates and unusable rows included)
with source as (
    select * from {{ source('crm', 'opportunity_history') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as opportunity_history_id,
        {{ nonblank_string('opportunity_id') }} as opportunity_id,
        {{ nonblank_string('stage_name') }} as stage_name_raw,
        {{ to_number('amount', 'double') }} as amount,
        {{ to_date('close_date') }} as close_date,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ row_as_json('source') }} as raw_record
    {{ passthrough_columns('crm', 'opportunity_history') }}
    from source
)

select
    *,
    case
        when opportunity_history_id is null then 'missing id'
        when opportunity_id is null then 'missing opportunity_id'
    end as quarantine_reason,
    row_number() over (
        partition by opportunity_history_id order by created_at desc nulls last, raw_record desc
    ) as version_rank
from renamed
