-- grain: one row per provider contact id (latest verified version, quarantined rows excluded)
with contacts as (
    select * from {{ ref('base_provider__contacts') }}
)

select
    provider_contact_id,
    provider_company_id,
    first_name,
    last_name,
    full_name_key,
    title,
    seniority,
    department,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    direct_dial_raw,
    direct_dial_e164,
    direct_dial_extension,
    is_direct_dial_valid,
    mobile_phone_raw,
    mobile_phone_e164,
    mobile_phone_extension,
    is_mobile_phone_valid,
    linkedin_url,
    has_linkedin,
    last_verified_at
{{ passthrough_columns('provider', 'contacts') }}
from contacts
where quarantine_reason is null and version_rank = 1
