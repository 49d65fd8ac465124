-- grain: one row per resolved business (account_key), with golden attributes chosen by survivorship
{#
  Survivorship, per attribute: among the business's records that have a value, the most recently verified
  wins; on equal verification times the CRM wins, then the provider, then discovery. The address is taken
  as a whole from one record so street, city, state and ZIP never mix. Each attribute carries the source
  that supplied it and when that source last verified it.
#}
{%- set attributes = {
    'name': 'record_name',
    'domain': 'domain',
    'phone': 'phone_e164',
    'address': 'street',
    'industry': 'industry',
    'employee_count': 'employee_count',
    'annual_revenue': 'annual_revenue',
} %}

with records as (
    select * from {{ ref('int_account_records') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

segments as (
    select * from {{ ref('industry_segments') }}
),

members as (
    select
        matches.account_key,
        records.*,
        case records.source when 'crm' then 1 when 'provider' then 2 else 3 end as source_priority
    from records
    inner join matches on records.record_key = matches.record_key
),

{% for attribute, column in attributes.items() %}
    {{ attribute }}_survivors as (
        select
            account_key,
            {% if attribute == 'address' %}
                street,
                city,
                state_code,
                postal_code,
            {% else %}
                {{ column }} as {{ attribute }},
            {% endif %}
            source as {{ attribute }}_source,
            verified_at as {{ attribute }}_verified_at,
            row_number() over (
                partition by account_key order by verified_at desc nulls last, source_priority asc, record_key asc
            ) as survivor_rank
        from members
        where {{ column }} is not null
    ),

{% endfor %}
account_flags as (
    select
        account_key,
        max(case when source = 'crm' then 1 else 0 end) = 1 as is_in_crm,
        max(case when source = 'provider' then 1 else 0 end) = 1 as is_in_provider,
        max(case when source = 'discovery' then 1 else 0 end) = 1 as is_in_discovery,
        count(case when source = 'discovery' then 1 end) as location_count,
        greatest(count(case when source = 'crm' and parent_record_key is null then 1 end) - 1, 0)
            as crm_duplicate_count,
        count(*) as source_record_count
    from members
    group by account_key
)

select
    account_flags.account_key,
    name_survivors.name as account_name,
    name_survivors.name_source,
    name_survivors.name_verified_at,
    domain_survivors.domain,
    domain_survivors.domain_source,
    domain_survivors.domain_verified_at,
    phone_survivors.phone as phone_e164,
    phone_survivors.phone_source,
    phone_survivors.phone_verified_at,
    address_survivors.street,
    address_survivors.city,
    address_survivors.state_code,
    address_survivors.postal_code,
    address_survivors.address_source,
    address_survivors.address_verified_at,
    industry_survivors.industry,
    industry_survivors.industry_source,
    industry_survivors.industry_verified_at,
    employee_count_survivors.employee_count,
    employee_count_survivors.employee_count_source,
    employee_count_survivors.employee_count_verified_at,
    annual_revenue_survivors.annual_revenue,
    annual_revenue_survivors.annual_revenue_source,
    annual_revenue_survivors.annual_revenue_verified_at,
    segments.segment_family,
    case when account_flags.location_count > 1 then 'franchise_operator' else segments.segment end as segment,
    account_flags.is_in_crm,
    account_flags.is_in_provider,
    account_flags.is_in_discovery,
    account_flags.location_count,
    account_flags.crm_duplicate_count,
    account_flags.source_record_count
from account_flags
{% for attribute in attributes %}
    left join {{ attribute }}_survivors
        on
            account_flags.account_key = {{ attribute }}_survivors.account_key
            and {{ attribute }}_survivors.survivor_rank = 1
{% endfor %}
left join segments on lower(industry_survivors.industry) = segments.industry
