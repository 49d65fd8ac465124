-- grain: one row per CRM contact id (latest CDC version, soft-deleted and quarantined rows excluded)
with contacts as (
    select * from {{ ref('base_crm__contacts') }}
)

select
    contact_id,
    account_id,
    first_name,
    last_name,
    full_name_key,
    title,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    mobile_phone_raw,
    mobile_phone_e164,
    mobile_phone_extension,
    is_mobile_phone_valid,
    lead_source,
    owner_id,
    created_at,
    last_modified_at
{{ passthrough_columns('crm', 'contact') }}
from contacts
where quarantine_reason is null and version_rank = 1 and not is_deleted
