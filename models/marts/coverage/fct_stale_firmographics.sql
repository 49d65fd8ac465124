-- grain: one row per top-level CRM account and firmographic field (industry, employee_count, annual_revenue)
with checks as (
    select * from {{ ref('int_coverage_firmographic_checks') }}
),

accounts as (
    select * from {{ ref('int_coverage_accounts') }}
)

select
    checks.account_id as crm_account_id,
    checks.account_key,
    accounts.segment,
    accounts.is_icp,
    checks.owner_id,
    checks.field,
    checks.crm_value,
    checks.crm_verified_at,
    checks.status,
    checks.is_stale,
    checks.is_stale_by_age,
    checks.disagrees_with_fresher_provider,
    checks.provider_value,
    checks.provider_verified_at,
    checks.recommended_value,
    checks.recommended_source,
    checks.recommended_verified_at
from checks
left join accounts on checks.account_key = accounts.account_key
