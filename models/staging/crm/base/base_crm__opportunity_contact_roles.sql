-- grain: one row per raw crm.opportunity_contact_role row (duplicates and unusable rows included)
{{ config(unique_key='opportunity_contact_role_id') }}
{%- set raw_table = source('crm', 'opportunity_contact_role') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as opportunity_contact_role_id,
        {{ nonblank_string('opportunity_id') }} as opportunity_id,
        {{ nonblank_string('contact_id') }} as contact_id,
        {{ nonblank_string('role') }} as contact_role,
        coalesce({{ to_boolean('is_primary') }}, false) as is_primary,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'opportunity_contact_role') }}
    from source
),

classified as (
    select
        *,
        case when opportunity_contact_role_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'opportunity_contact_role_id',
        'created_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    opportunity_contact_role_id,
    opportunity_id,
    contact_id,
    contact_role,
    is_primary,
    created_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'opportunity_contact_role') }}
from versions
