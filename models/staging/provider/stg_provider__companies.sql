-- grain: one row per provider company id (latest verified version, quarantined rows excluded)
with companies as (
    select * from {{ ref('base_provider__companies') }}
)

select
    provider_company_id,
    company_name,
    company_name_key,
    domain,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    street,
    street_key,
    city,
    state_code,
    postal_code,
    country_code,
    industry,
    naics_code,
    employee_count,
    annual_revenue,
    linkedin_url,
    last_verified_at
{{ passthrough_columns('provider', 'companies') }}
from companies
where quarantine_reason is null and version_rank = 1
