-- grain: one row per raw crm.user row (duplicates and unusable rows included)
with source as (
    select * from {{ source('crm', 'user') }}
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
        {{ row_as_json('source') }} as raw_record
    {{ passthrough_columns('crm', 'user') }}
    from source
)

-- users carry no timestamp: an active version is preferred, then the raw row text breaks ties deterministically
select
    *,
    case when user_id is null then 'missing id' end as quarantine_reason,
    row_number() over (
        partition by user_id order by is_active desc nulls last, raw_record desc
    ) as version_rank
from renamed
