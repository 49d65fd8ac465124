-- grain: one row per segment of ICP accounts, plus one row `all`
with account_coverage as (
    select * from {{ ref('fct_account_coverage') }}
),

icp_accounts as (
    select *
    from account_coverage
    where is_icp
),

per_segment as (
    select
        segment,
        is_engaged_in_period,
        is_in_crm,
        is_in_provider,
        is_in_discovery,
        has_usable_dm_contact
    from icp_accounts
    union all
    select
        'all' as segment,
        is_engaged_in_period,
        is_in_crm,
        is_in_provider,
        is_in_discovery,
        has_usable_dm_contact
    from icp_accounts
),

counted as (
    select
        segment,
        count(*) as icp_accounts,
        count(case when is_engaged_in_period then 1 end) as engaged_icp_accounts,
        count(case when is_in_crm then 1 end) as icp_accounts_in_crm,
        count(case when is_in_crm and has_usable_dm_contact then 1 end) as icp_accounts_with_usable_dm_contact,
        count(case when is_in_provider then 1 end) as icp_accounts_in_provider,
        count(case when is_in_discovery then 1 end) as icp_accounts_in_discovery,
        count(case when is_in_provider and is_in_crm then 1 end) as icp_accounts_in_provider_and_crm,
        count(case when is_in_discovery and is_in_crm then 1 end) as icp_accounts_in_discovery_and_crm,
        count(case when is_in_provider and is_in_discovery then 1 end) as icp_accounts_in_provider_and_discovery,
        count(case when is_in_provider and is_in_discovery and is_in_crm then 1 end) as icp_accounts_in_all_three,
        count(case when is_in_discovery and not is_in_provider and not is_in_crm then 1 end)
            as icp_accounts_only_in_discovery,
        count(case when is_in_crm and has_usable_dm_contact and is_in_provider then 1 end)
            as icp_accounts_marketing_and_sales
    from per_segment
    group by segment
)

select
    segment,
    icp_accounts,
    engaged_icp_accounts,
    cast(engaged_icp_accounts as double) / icp_accounts as icp_penetration,
    icp_accounts_in_crm,
    icp_accounts_with_usable_dm_contact,
    cast(icp_accounts_with_usable_dm_contact as double) / icp_accounts as account_universe_coverage,
    icp_accounts_in_provider,
    icp_accounts_in_discovery,
    icp_accounts_in_provider_and_crm,
    icp_accounts_in_discovery_and_crm,
    icp_accounts_in_provider_and_discovery,
    icp_accounts_in_all_three,
    icp_accounts_only_in_discovery,
    icp_accounts_marketing_and_sales
from counted
