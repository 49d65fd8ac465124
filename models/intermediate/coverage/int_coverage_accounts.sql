-- grain: one row per resolved business (account_key of dim_accounts), with its ICP verdict and CRM owner
{% set states = var('coverage_icp_states') %}
with accounts as (
    select * from {{ ref('dim_accounts') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

icp_segments as (
    select * from {{ ref('icp_segments') }}
),

-- owner: the owner of the business's oldest top-level CRM account (duplicates usually share it)
crm_owners as (
    select
        matches.account_key,
        crm_accounts.owner_id,
        row_number() over (
            partition by matches.account_key
            order by
                case when crm_accounts.parent_account_id is null then 0 else 1 end,
                crm_accounts.created_at asc,
                crm_accounts.account_id asc
        ) as owner_rank
    from matches
    inner join crm_accounts on matches.source_record_id = crm_accounts.account_id
    where matches.source = 'crm'
),

criteria as (
    select
        accounts.account_key,
        accounts.segment_family,
        accounts.segment,
        accounts.employee_count,
        accounts.annual_revenue,
        accounts.state_code,
        accounts.is_in_crm,
        accounts.is_in_provider,
        accounts.is_in_discovery,
        coalesce(icp_segments.is_icp, false) as is_icp_segment,
        coalesce(
            accounts.employee_count between {{ var('coverage_icp_employee_min') }}
            and {{ var('coverage_icp_employee_max') }},
            true
        ) as is_icp_employee_range,
        coalesce(
            accounts.annual_revenue between {{ var('coverage_icp_revenue_min') }}
            and {{ var('coverage_icp_revenue_max') }},
            true
        ) as is_icp_revenue_band,
        {% if states | length > 0 %}
            coalesce(accounts.state_code in ('{{ states | join("', '") }}'), false) as is_icp_geography
        {% else %}
            true as is_icp_geography
        {% endif %}
    from accounts
    left join icp_segments on accounts.segment = icp_segments.segment
)

select
    criteria.account_key,
    criteria.segment_family,
    coalesce(criteria.segment, 'unknown') as segment,
    crm_owners.owner_id,
    criteria.is_in_crm,
    criteria.is_in_provider,
    criteria.is_in_discovery,
    criteria.is_icp_segment,
    criteria.is_icp_employee_range,
    criteria.is_icp_revenue_band,
    criteria.is_icp_geography,
    (
        criteria.is_icp_segment
        and criteria.is_icp_employee_range
        and criteria.is_icp_revenue_band
        and criteria.is_icp_geography
    ) as is_icp,
    concat_ws(
        '; ',
        case
            when criteria.segment is null then 'segment unknown'
            when criteria.is_icp_segment then 'segment ' || criteria.segment || ' in ICP'
            else 'segment ' || criteria.segment || ' outside ICP'
        end,
        case
            when criteria.employee_count is null then 'employee count unknown (not excluded)'
            when criteria.is_icp_employee_range
                then 'employees ' || cast(criteria.employee_count as {{ dbt.type_string() }}) || ' in range'
            else 'employees ' || cast(criteria.employee_count as {{ dbt.type_string() }}) || ' outside range'
        end,
        case
            when criteria.annual_revenue is null then 'revenue unknown (not excluded)'
            when not criteria.is_icp_revenue_band then 'revenue outside band'
        end,
        {% if states | length > 0 %}
            case
                when criteria.state_code is null then 'state unknown'
                when not criteria.is_icp_geography then 'state ' || criteria.state_code || ' outside ICP'
            end
        {% else %}
            cast(null as {{ dbt.type_string() }})
        {% endif %}
    ) as icp_reasons
from criteria
left join crm_owners on criteria.account_key = crm_owners.account_key and crm_owners.owner_rank = 1
