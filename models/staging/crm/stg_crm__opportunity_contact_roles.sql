-- grain: one row per CRM opportunity contact role id (quarantined and duplicate rows excluded)
with opportunity_contact_roles as (
    select * from {{ ref('base_crm__opportunity_contact_roles') }}
)

select
    opportunity_contact_role_id,
    opportunity_id,
    contact_id,
    contact_role,
    is_primary,
    created_at
{{ passthrough_columns('crm', 'opportunity_contact_role') }}
from opportunity_contact_roles
where quarantine_reason is null and version_rank = 1
