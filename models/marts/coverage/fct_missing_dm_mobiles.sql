-- grain: one row per ICP business in the CRM without a usable decision-maker mobile in the CRM
with account_coverage as (
    select * from {{ ref('fct_account_coverage') }}
),

decision_makers as (
    select * from {{ ref('int_coverage_decision_makers') }}
),

fills as (
    select
        account_key,
        fill_mobile_e164,
        fill_mobile_source,
        role_class,
        row_number() over (
            partition by account_key
            order by case fill_mobile_source when 'discovery' then 1 else 2 end, person_key
        ) as fill_rank
    from decision_makers
    where fill_mobile_e164 is not null
),

fill_sources as (
    select
        account_key,
        max(case when fill_mobile_source = 'provider' then 1 else 0 end) = 1 as can_fill_from_provider,
        max(case when fill_mobile_source = 'discovery' then 1 else 0 end) = 1 as can_fill_from_discovery
    from fills
    group by account_key
)

select
    account_coverage.account_key,
    account_coverage.segment,
    account_coverage.owner_id,
    account_coverage.decision_makers,
    account_coverage.crm_decision_makers,
    account_coverage.has_crm_dm_mobile,
    coalesce(fill_sources.can_fill_from_provider, false) as can_fill_from_provider,
    coalesce(fill_sources.can_fill_from_discovery, false) as can_fill_from_discovery,
    fill_sources.account_key is not null as can_fill,
    fills.fill_mobile_source,
    fills.role_class as fill_role_class,
    {{ mask_phone('fills.fill_mobile_e164') }} as fill_mobile_masked,
    {{ pii_hash('fills.fill_mobile_e164') }} as fill_mobile_hash
from account_coverage
left join fill_sources on account_coverage.account_key = fill_sources.account_key
left join fills on account_coverage.account_key = fills.account_key and fills.fill_rank = 1
where account_coverage.is_icp and account_coverage.is_in_crm and not account_coverage.has_usable_dm_mobile
