-- grain: one row per segment (plus `all`) and data source (crm, provider, discovery, provider_or_discovery)
{#
  Decision-maker mobile coverage per source: the share of the segment's businesses (the whole universe, ICP
  or not) for which the source holds a mobile of at least one decision-maker. Mobile accuracy: of the
  source's decision-maker mobiles that calls could check (see int_coverage_mobile_checks), the share
  confirmed.
#}
{% set sources = {
    'crm': "source = 'crm'",
    'provider': "source = 'provider'",
    'discovery': "source = 'discovery'",
    'provider_or_discovery': "source in ('provider', 'discovery')",
} %}
with accounts as (
    select * from {{ ref('int_coverage_accounts') }}
),

decision_makers as (
    select * from {{ ref('int_coverage_decision_makers') }}
),

mobile_checks as (
    select * from {{ ref('int_coverage_mobile_checks') }}
),

account_segments as (
    select
        account_key,
        segment,
        is_icp_segment
    from accounts
    union all
    select
        account_key,
        'all' as segment,
        false as is_icp_segment
    from accounts
),

source_mobiles as (
    {% for name, condition in sources.items() %}
        select
            '{{ name }}' as data_source,
            account_key,
            person_key,
            check_status
        from mobile_checks
        where {{ condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

data_sources as (
    {% for name in sources %}
        select '{{ name }}' as data_source
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

segment_sizes as (
    select
        account_segments.segment,
        max(case when account_segments.is_icp_segment then 1 else 0 end) = 1 as is_icp_segment,
        count(distinct account_segments.account_key) as accounts_in_segment,
        count(distinct decision_makers.person_key) as decision_makers
    from account_segments
    left join decision_makers on account_segments.account_key = decision_makers.account_key
    group by account_segments.segment
),

source_counts as (
    select
        account_segments.segment,
        source_mobiles.data_source,
        count(distinct source_mobiles.account_key) as accounts_with_dm_mobile,
        count(distinct source_mobiles.person_key) as decision_makers_with_mobile,
        count(*) as dm_mobiles,
        count(case when source_mobiles.check_status != 'unchecked' then 1 end) as mobiles_checked,
        count(case when source_mobiles.check_status = 'confirmed' then 1 end) as mobiles_confirmed,
        count(case when source_mobiles.check_status in ('wrong_number', 'contradicted') then 1 end)
            as mobiles_wrong
    from source_mobiles
    inner join account_segments on source_mobiles.account_key = account_segments.account_key
    group by account_segments.segment, source_mobiles.data_source
)

select
    segment_sizes.segment,
    data_sources.data_source,
    segment_sizes.is_icp_segment,
    segment_sizes.accounts_in_segment,
    coalesce(source_counts.accounts_with_dm_mobile, 0) as accounts_with_dm_mobile,
    cast(coalesce(source_counts.accounts_with_dm_mobile, 0) as double) / segment_sizes.accounts_in_segment
        as dm_mobile_coverage,
    segment_sizes.decision_makers,
    coalesce(source_counts.decision_makers_with_mobile, 0) as decision_makers_with_mobile,
    coalesce(source_counts.dm_mobiles, 0) as dm_mobiles,
    coalesce(source_counts.mobiles_checked, 0) as mobiles_checked,
    coalesce(source_counts.mobiles_confirmed, 0) as mobiles_confirmed,
    coalesce(source_counts.mobiles_wrong, 0) as mobiles_wrong,
    cast(source_counts.mobiles_confirmed as double) / nullif(source_counts.mobiles_checked, 0) as mobile_accuracy
from segment_sizes
cross join data_sources
left join source_counts
    on segment_sizes.segment = source_counts.segment and data_sources.data_source = source_counts.data_source
