-- grain: one row per raw crm.user row (duplicates and unusable rows included)
{{ config(unique_key='user_id') }}
{%- set raw_table = source('crm', 'user') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as user_id,
        {{ person_name_clean('name') }} as user_name,
        {{ email_normalized('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        {{ email_is_valid('email') }} as is_email_valid,
        {{ nonblank_string('department') }} as department,
        {{ nonblank_string('user_role') }} as user_role,
        {{ nonblank_string('time_zone_sid_key') }} as time_zone,
        {{ to_boolean('is_active') }} as is_active,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'user') }}
    from source
),

classified as (
    select
        *,
        case when user_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'user_id',
        'is_active desc nulls last, row_fingerprint desc',
    ) }}
)

-- users carry no timestamp: an active version is preferred, then the raw row's fingerprint breaks ties
select
    user_id,
    user_name,
    email,
    email_domain,
    is_email_valid,
    department,
    user_role,
    time_zone,
    is_active,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'user') }}
from versions
