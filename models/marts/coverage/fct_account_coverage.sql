-- grain: one row per resolved business (every account_key of dim_accounts)
with accounts as (
    select * from {{ ref('int_coverage_accounts') }}
),

engagement as (
    select * from {{ ref('int_coverage_account_engagement') }}
),

decision_makers as (
    select * from {{ ref('int_coverage_decision_makers') }}
),

firmographic_checks as (
    select * from {{ ref('int_coverage_firmographic_checks') }}
),

account_decision_makers as (
    select
        account_key,
        count(*) as decision_makers,
        count(case when is_in_crm then 1 end) as crm_decision_makers,
        max(case when has_usable_crm_contact then 1 else 0 end) = 1 as has_usable_dm_contact,
        max(case when has_usable_crm_mobile then 1 else 0 end) = 1 as has_usable_dm_mobile,
        max(case when has_crm_mobile then 1 else 0 end) = 1 as has_crm_dm_mobile,
        max(case when has_provider_mobile then 1 else 0 end) = 1 as has_provider_dm_mobile,
        max(case when has_discovery_mobile then 1 else 0 end) = 1 as has_discovery_dm_mobile,
        max(case when fill_mobile_e164 is not null then 1 else 0 end) = 1 as has_usable_third_party_dm_mobile
    from decision_makers
    group by account_key
),

account_firmographics as (
    select
        account_key,
        count(case when is_stale then 1 end) as stale_firmographic_fields
    from firmographic_checks
    group by account_key
)

select
    accounts.account_key,
    accounts.segment_family,
    accounts.segment,
    accounts.owner_id,
    accounts.is_icp,
    accounts.icp_reasons,
    accounts.is_icp_segment,
    accounts.is_icp_employee_range,
    accounts.is_icp_revenue_band,
    accounts.is_icp_geography,
    accounts.is_in_crm,
    accounts.is_in_provider,
    accounts.is_in_discovery,
    engagement.account_key is not null as is_engaged_in_period,
    coalesce(engagement.touches, 0) as touches_in_period,
    engagement.last_touched_at,
    coalesce(account_decision_makers.decision_makers, 0) as decision_makers,
    coalesce(account_decision_makers.crm_decision_makers, 0) as crm_decision_makers,
    coalesce(account_decision_makers.has_usable_dm_contact, false) as has_usable_dm_contact,
    coalesce(account_decision_makers.has_usable_dm_mobile, false) as has_usable_dm_mobile,
    coalesce(account_decision_makers.has_crm_dm_mobile, false) as has_crm_dm_mobile,
    coalesce(account_decision_makers.has_provider_dm_mobile, false) as has_provider_dm_mobile,
    coalesce(account_decision_makers.has_discovery_dm_mobile, false) as has_discovery_dm_mobile,
    coalesce(account_decision_makers.has_usable_third_party_dm_mobile, false) as has_usable_third_party_dm_mobile,
    coalesce(account_firmographics.stale_firmographic_fields, 0) as stale_firmographic_fields,
    coalesce(account_firmographics.stale_firmographic_fields, 0) > 0 as needs_firmographic_correction
from accounts
left join engagement on accounts.account_key = engagement.account_key
left join account_decision_makers on accounts.account_key = account_decision_makers.account_key
left join account_firmographics on accounts.account_key = account_firmographics.account_key
