-- grain: one row per CRM account id (latest CDC version, soft-deleted and quarantined rows excluded)
with accounts as (
    select * from {{ ref('base_crm__accounts') }}
)

select
    account_id,
    account_name,
    account_name_key,
    website,
    domain,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    billing_street,
    billing_street_key,
    billing_city,
    billing_state_code,
    billing_postal_code,
    billing_country_code,
    industry,
    employee_count,
    annual_revenue,
    account_type,
    owner_id,
    parent_account_id,
    firmographics_verified_at,
    created_at,
    last_modified_at
{{ passthrough_columns('crm', 'account') }}
from accounts
where quarantine_reason is null and version_rank = 1 and not is_deleted
