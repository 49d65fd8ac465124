-- grain: one row per top-level CRM account and firmographic field (industry, employee_count, annual_revenue)
{#
  Staleness rule: a CRM value is stale when it was verified longer ago than var
  coverage_firmographics_stale_after_days before the as-of (`stale_age`), or when the horizontal provider
  verified the business later and its value differs (industry: another label; counts and revenue: by more than
  var coverage_firmographics_tolerance, relative) (`stale_disagrees`, which wins). The recommended fresh value
  is the provider's when it was verified after the CRM's. Child accounts (franchise sites) carry no
  firmographics of their own and are left out. Discovery lists categories and employee buckets per site, so
  it is not used to judge the CRM's values.
#}
with crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

provider_companies as (
    select * from {{ ref('stg_provider__companies') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

as_of as (
    select * from {{ ref('int_coverage_as_of') }}
),

crm as (
    select
        crm_accounts.account_id,
        matches.account_key,
        crm_accounts.owner_id,
        crm_accounts.industry,
        crm_accounts.employee_count,
        crm_accounts.annual_revenue,
        coalesce(crm_accounts.firmographics_verified_at, crm_accounts.last_modified_at) as verified_at
    from crm_accounts
    inner join matches on crm_accounts.account_id = matches.source_record_id and matches.source = 'crm'
    where crm_accounts.parent_account_id is null
),

provider_ranked as (
    select
        matches.account_key,
        provider_companies.industry,
        provider_companies.employee_count,
        provider_companies.annual_revenue,
        provider_companies.last_verified_at,
        row_number() over (
            partition by matches.account_key
            order by provider_companies.last_verified_at desc nulls last, provider_companies.provider_company_id asc
        ) as freshness_rank
    from provider_companies
    inner join matches
        on provider_companies.provider_company_id = matches.source_record_id and matches.source = 'provider'
),

provider as (
    select *
    from provider_ranked
    where freshness_rank = 1
),

fields as (
    select
        crm.account_id,
        crm.account_key,
        crm.owner_id,
        'industry' as field,
        crm.industry as crm_value,
        cast(null as double) as crm_number,
        crm.verified_at as crm_verified_at,
        provider.industry as provider_value,
        cast(null as double) as provider_number,
        provider.last_verified_at as provider_verified_at
    from crm
    left join provider on crm.account_key = provider.account_key

    union all

    select
        crm.account_id,
        crm.account_key,
        crm.owner_id,
        'employee_count' as field,
        cast(crm.employee_count as {{ dbt.type_string() }}) as crm_value,
        cast(crm.employee_count as double) as crm_number,
        crm.verified_at as crm_verified_at,
        cast(provider.employee_count as {{ dbt.type_string() }}) as provider_value,
        cast(provider.employee_count as double) as provider_number,
        provider.last_verified_at as provider_verified_at
    from crm
    left join provider on crm.account_key = provider.account_key

    union all

    select
        crm.account_id,
        crm.account_key,
        crm.owner_id,
        'annual_revenue' as field,
        cast(cast(crm.annual_revenue as decimal(18, 2)) as {{ dbt.type_string() }}) as crm_value,
        crm.annual_revenue as crm_number,
        crm.verified_at as crm_verified_at,
        cast(cast(provider.annual_revenue as decimal(18, 2)) as {{ dbt.type_string() }}) as provider_value,
        provider.annual_revenue as provider_number,
        provider.last_verified_at as provider_verified_at
    from crm
    left join provider on crm.account_key = provider.account_key
),

judged as (
    select
        fields.*,
        coalesce(
            fields.provider_verified_at > fields.crm_verified_at or fields.crm_verified_at is null, false
        ) as is_provider_fresher,
        coalesce(
            fields.crm_verified_at
            < {{ dbt.dateadd('day', -1 * var('coverage_firmographics_stale_after_days'), 'as_of.as_of_at') }},
            true
        ) as is_stale_by_age,
        coalesce(
            case
                when fields.field = 'industry' then lower(trim(fields.crm_value)) != lower(trim(fields.provider_value))
                else
                    abs(fields.crm_number - fields.provider_number)
                    > {{ var('coverage_firmographics_tolerance') }}
                    * case when abs(fields.provider_number) > 1 then abs(fields.provider_number) else 1 end
            end,
            false
        ) as differs_from_provider
    from fields
    cross join as_of
),

recommended as (
    select
        *,
        is_provider_fresher
        and provider_value is not null
        and (crm_value is null or is_stale_by_age or differs_from_provider) as has_recommendation
    from judged
)

select
    account_id,
    account_key,
    owner_id,
    field,
    crm_value,
    crm_verified_at,
    provider_value,
    provider_verified_at,
    is_stale_by_age,
    is_provider_fresher and differs_from_provider as disagrees_with_fresher_provider,
    case
        when crm_value is null then 'missing'
        when is_provider_fresher and differs_from_provider then 'stale_disagrees'
        when is_stale_by_age then 'stale_age'
        else 'fresh'
    end as status,
    crm_value is not null and (is_stale_by_age or (is_provider_fresher and differs_from_provider)) as is_stale,
    case
        when has_recommendation
            then provider_value
    end as recommended_value,
    case
        when has_recommendation
            then 'provider'
    end as recommended_source,
    case
        when has_recommendation
            then provider_verified_at
    end as recommended_verified_at
from recommended
