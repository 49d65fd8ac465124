-- grain: one row per CRM account owner (owner_id; `unassigned` for businesses whose CRM account has none)
with account_coverage as (
    select * from {{ ref('fct_account_coverage') }}
),

missing_mobiles as (
    select * from {{ ref('fct_missing_dm_mobiles') }}
),

owned as (
    select
        coalesce(account_coverage.owner_id, 'unassigned') as owner_id,
        account_coverage.account_key,
        account_coverage.needs_firmographic_correction,
        missing_mobiles.account_key is not null as is_missing_dm_mobile,
        coalesce(missing_mobiles.can_fill, false) as can_fill_dm_mobile
    from account_coverage
    left join missing_mobiles on account_coverage.account_key = missing_mobiles.account_key
    where account_coverage.is_in_crm
),

counted as (
    select
        owner_id,
        count(*) as crm_accounts,
        count(case when needs_firmographic_correction then 1 end) as accounts_with_stale_firmographics,
        count(case when is_missing_dm_mobile then 1 end) as icp_accounts_missing_dm_mobile,
        count(case when can_fill_dm_mobile then 1 end) as icp_accounts_fillable_dm_mobile,
        count(case when needs_firmographic_correction or is_missing_dm_mobile then 1 end)
            as accounts_needing_correction
    from owned
    group by owner_id
)

select
    owner_id,
    crm_accounts,
    accounts_with_stale_firmographics,
    icp_accounts_missing_dm_mobile,
    icp_accounts_fillable_dm_mobile,
    accounts_needing_correction,
    {{ var('coverage_cleanup_minutes_manual') }} as minutes_per_account_manual,
    {{ var('coverage_cleanup_minutes_discovery_first') }} as minutes_per_account_discovery_first,
    cast(accounts_needing_correction * {{ var('coverage_cleanup_minutes_manual') }} as double) / 60
        as cleanup_hours_manual,
    cast(accounts_needing_correction * {{ var('coverage_cleanup_minutes_discovery_first') }} as double) / 60
        as cleanup_hours_discovery_first
from counted
