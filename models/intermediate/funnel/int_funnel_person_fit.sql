-- grain: one row per person (int_people), with the fit score on CRM firmographics and on dim_accounts
with people as (
    select * from {{ ref('int_people') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

industry_segments as (
    select * from {{ ref('industry_segments') }}
),

fit_rules as (
    select * from {{ ref('funnel_fit_rules') }}
),

{# what the CRM itself holds for the person: the CRM account, else what the lead captured #}
crm_values as (
    select
        people.person_id,
        coalesce(crm_accounts.industry, leads.industry) as industry,
        coalesce(crm_accounts.employee_count, leads.employee_count) as employee_count,
        crm_accounts.annual_revenue,
        coalesce(crm_accounts.billing_country_code, leads.country_code) as country_code,
        case
            when crm_accounts.account_id is not null then crm_accounts.firmographics_verified_at
            else leads.created_at
        end as verified_at
    from people
    left join crm_accounts
        on people.crm_account_id = crm_accounts.account_id
    left join leads
        on people.person_type = 'lead' and people.lead_id = leads.lead_id
),

{# the freshest golden values of the resolved business (dim_accounts addresses are US addresses) #}
fresh_values as (
    select
        people.person_id,
        accounts.industry,
        accounts.segment,
        accounts.employee_count,
        accounts.annual_revenue,
        case when accounts.state_code is not null then 'US' end as country_code
    from people
    inner join accounts
        on people.account_key = accounts.account_key
),

attribute_values as (
    select
        'crm' as basis,
        crm_values.person_id,
        'segment' as fit_attribute,
        industry_segments.segment as text_value,
        cast(null as {{ dbt.type_float() }}) as number_value
    from crm_values
    left join industry_segments
        on lower(crm_values.industry) = industry_segments.industry
    union all
    select
        'crm' as basis,
        person_id,
        'employee_count' as fit_attribute,
        cast(null as {{ dbt.type_string() }}) as text_value,
        cast(employee_count as {{ dbt.type_float() }}) as number_value
    from crm_values
    union all
    select
        'crm' as basis,
        person_id,
        'annual_revenue' as fit_attribute,
        cast(null as {{ dbt.type_string() }}) as text_value,
        cast(annual_revenue as {{ dbt.type_float() }}) as number_value
    from crm_values
    union all
    select
        'crm' as basis,
        person_id,
        'country_code' as fit_attribute,
        country_code as text_value,
        cast(null as {{ dbt.type_float() }}) as number_value
    from crm_values
    union all
    select
        'fresh' as basis,
        person_id,
        'segment' as fit_attribute,
        segment as text_value,
        cast(null as {{ dbt.type_float() }}) as number_value
    from fresh_values
    union all
    select
        'fresh' as basis,
        person_id,
        'employee_count' as fit_attribute,
        cast(null as {{ dbt.type_string() }}) as text_value,
        cast(employee_count as {{ dbt.type_float() }}) as number_value
    from fresh_values
    union all
    select
        'fresh' as basis,
        person_id,
        'annual_revenue' as fit_attribute,
        cast(null as {{ dbt.type_string() }}) as text_value,
        cast(annual_revenue as {{ dbt.type_float() }}) as number_value
    from fresh_values
    union all
    select
        'fresh' as basis,
        person_id,
        'country_code' as fit_attribute,
        country_code as text_value,
        cast(null as {{ dbt.type_float() }}) as number_value
    from fresh_values
),

{# the rules each value meets; a value no rule accepts scores 0 (below) #}
rule_matches as (
    select
        attribute_values.person_id,
        attribute_values.basis,
        attribute_values.fit_attribute,
        fit_rules.points
    from attribute_values
    inner join fit_rules
        on
            attribute_values.fit_attribute = fit_rules.attribute
            and (fit_rules.match_value is null or attribute_values.text_value = fit_rules.match_value)
            and (fit_rules.min_value is null or attribute_values.number_value >= fit_rules.min_value)
            and (fit_rules.max_value is null or attribute_values.number_value <= fit_rules.max_value)
            and (attribute_values.text_value is not null or attribute_values.number_value is not null)
),

{# per person and attribute the best rule it meets, pivoted in one aggregation over the people #}
attribute_points as (
    select
        {%- for basis in ['crm', 'fresh'] %}
            {%- for attribute in ['segment', 'employee_count', 'annual_revenue', 'country_code'] %}
                coalesce(max(case when basis = '{{ basis }}' and fit_attribute = '{{ attribute }}' then points end), 0)
                    as {{ basis }}_{{ attribute }}_points,
            {%- endfor %}
        {%- endfor %}
        person_id
    from rule_matches
    group by person_id
),

scores as (
    select
        *,
        crm_segment_points + crm_employee_count_points + crm_annual_revenue_points + crm_country_code_points
            as crm_fit_score,
        fresh_segment_points + fresh_employee_count_points + fresh_annual_revenue_points + fresh_country_code_points
            as fresh_fit_score
    from attribute_points
)

select
    people.person_id,
    people.account_key,
    fresh_values.person_id is not null as has_fresh_firmographics,
    coalesce(scores.fresh_fit_score, 0) as fit_score,
    coalesce(scores.fresh_segment_points, 0) as fit_segment_points,
    coalesce(scores.fresh_employee_count_points, 0) as fit_employee_points,
    coalesce(scores.fresh_annual_revenue_points, 0) as fit_revenue_points,
    coalesce(scores.fresh_country_code_points, 0) as fit_geography_points,
    coalesce(scores.fresh_fit_score, 0) >= {{ var('funnel_fit_threshold') }} as is_fit,
    coalesce(scores.crm_fit_score, 0) as crm_fit_score,
    coalesce(scores.crm_fit_score, 0) >= {{ var('funnel_fit_threshold') }} as is_fit_on_crm_firmographics,
    crm_values.industry as crm_industry,
    crm_values.employee_count as crm_employee_count,
    crm_values.annual_revenue as crm_annual_revenue,
    crm_values.verified_at as crm_firmographics_verified_at,
    fresh_values.segment,
    fresh_values.employee_count,
    fresh_values.annual_revenue
from people
left join scores
    on people.person_id = scores.person_id
left join crm_values
    on people.person_id = crm_values.person_id
left join fresh_values
    on people.person_id = fresh_values.person_id
