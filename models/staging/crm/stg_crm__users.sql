-- grain: one row per CRM user id (quarantined and duplicate rows excluded)
with users as (
    select * from {{ ref('base_crm__users') }}
)

select
    user_id,
    user_name,
    email,
    email_domain,
    is_email_valid,
    department,
    user_role,
    time_zone,
    is_active
{{ passthrough_columns('crm', 'user') }}
from users
where quarantine_reason is null and version_rank = 1
