-- grain: one row per opportunity, with its business, amounts in the reporting currency and attribution window
with opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

contact_roles as (
    select * from {{ ref('stg_crm__opportunity_contact_roles') }}
),

person_lookup as (
    select * from {{ ref('int_person_lookup') }}
),

people as (
    select * from {{ ref('int_people') }}
),

funnel_mqls as (
    select * from {{ ref('int_funnel_mqls') }}
),

stage_visits as (
    select * from {{ ref('int_opportunity_stage_visits') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

crm_accounts as (
    select
        source_record_id as account_id,
        account_key
    from matches
    where source = 'crm'
),

{# each rate holds from its date until the next one; the first rate of a currency also covers earlier dates #}
rate_periods as (
    select
        currency_code,
        case
            when row_number() over (partition by currency_code order by rate_date) = 1
                then cast('1900-01-01' as date)
            else rate_date
        end as valid_from,
        lead(rate_date) over (partition by currency_code order by rate_date) as valid_to,
        usd_per_unit
    from currency_rates
),

amounts as (
    select
        opportunity_id,
        coalesce(currency_code, '{{ var("default_currency") }}') as currency_code,
        cast(created_at as date) as pipeline_rate_date,
        close_date as bookings_rate_date
    from opportunities
),

{# each amount is converted at its own date: pipeline at creation, bookings at close #}
rate_lookups as (
    select
        opportunity_id,
        'pipeline' as amount_kind,
        currency_code,
        pipeline_rate_date as rate_date
    from amounts
    union all
    select
        opportunity_id,
        'bookings' as amount_kind,
        currency_code,
        bookings_rate_date as rate_date
    from amounts
),

conversion_rates as (
    select
        rate_lookups.opportunity_id,
        rate_lookups.amount_kind,
        source_rates.usd_per_unit / reporting_rates.usd_per_unit as rate
    from rate_lookups
    inner join rate_periods as source_rates
        on
            rate_lookups.currency_code = source_rates.currency_code
            and rate_lookups.rate_date >= source_rates.valid_from
            and (source_rates.valid_to is null or rate_lookups.rate_date < source_rates.valid_to)
    inner join rate_periods as reporting_rates
        on
            reporting_rates.currency_code = '{{ var("reporting_currency") }}'
            and rate_lookups.rate_date >= reporting_rates.valid_from
            and (reporting_rates.valid_to is null or rate_lookups.rate_date < reporting_rates.valid_to)
),

{# the opportunity's main person: the primary contact role, else the earliest role #}
ranked_role_people as (
    select
        contact_roles.opportunity_id,
        person_lookup.person_id,
        row_number() over (
            partition by contact_roles.opportunity_id
            order by
                case when contact_roles.is_primary then 0 else 1 end,
                contact_roles.created_at,
                contact_roles.opportunity_contact_role_id
        ) as role_rank
    from contact_roles
    inner join person_lookup
        on
            contact_roles.contact_id = person_lookup.identifier
            and person_lookup.identifier_type = 'contact_id'
),

primary_people as (
    select
        ranked_role_people.opportunity_id,
        ranked_role_people.person_id,
        people.created_at as person_created_at
    from ranked_role_people
    inner join people
        on ranked_role_people.person_id = people.person_id
    where ranked_role_people.role_rank = 1
),

converting_leads as (
    select
        converted_opportunity_id as opportunity_id,
        min(created_at) as lead_created_at
    from leads
    where converted_opportunity_id is not null
    group by converted_opportunity_id
),

{# the person behind the opportunity: the earliest lead converted into it, else its primary person #}
converting_people as (
    select
        leads.converted_opportunity_id as opportunity_id,
        person_lookup.person_id,
        row_number() over (
            partition by leads.converted_opportunity_id order by leads.created_at, leads.lead_id
        ) as lead_rank
    from leads
    inner join person_lookup
        on leads.lead_id = person_lookup.identifier and person_lookup.identifier_type = 'lead_id'
    where leads.converted_opportunity_id is not null
),

{# that person's latest MQL (the funnel's definition) at or before the opportunity was created #}
opportunity_mqls as (
    select
        opportunities.opportunity_id,
        max(funnel_mqls.mql_at) as mql_at
    from opportunities
    left join converting_people
        on opportunities.opportunity_id = converting_people.opportunity_id and converting_people.lead_rank = 1
    left join primary_people
        on opportunities.opportunity_id = primary_people.opportunity_id
    inner join funnel_mqls
        on coalesce(converting_people.person_id, primary_people.person_id) = funnel_mqls.person_id
    where funnel_mqls.mql_at <= opportunities.created_at
    group by opportunities.opportunity_id
),

{# the W-shaped model's middle milestone: the MQL, else the converting lead's creation, else the person's #}
lead_milestones as (
    select
        opportunities.opportunity_id,
        coalesce(
            opportunity_mqls.mql_at, converting_leads.lead_created_at, primary_people.person_created_at
        ) as lead_milestone_at,
        case
            when opportunity_mqls.mql_at is not null then 'mql'
            when converting_leads.lead_created_at is not null then 'lead_created'
            when primary_people.person_created_at is not null then 'person_created'
        end as lead_milestone_type
    from opportunities
    left join opportunity_mqls
        on opportunities.opportunity_id = opportunity_mqls.opportunity_id
    left join converting_leads
        on opportunities.opportunity_id = converting_leads.opportunity_id
    left join primary_people
        on opportunities.opportunity_id = primary_people.opportunity_id
),

closes as (
    select
        opportunity_id,
        min(entered_at) as closed_at
    from stage_visits
    where is_closed_stage
    group by opportunity_id
)

select
    opportunities.opportunity_id,
    opportunities.opportunity_name,
    opportunities.account_id,
    crm_accounts.account_key,
    accounts.segment_family,
    accounts.segment,
    opportunities.opportunity_type,
    opportunities.owner_id,
    opportunities.lead_source,
    opportunities.campaign_id,
    opportunities.stage,
    opportunities.stage_order,
    opportunities.forecast_category,
    coalesce(opportunities.is_closed, false) as is_closed,
    coalesce(opportunities.is_won, false) as is_won,
    coalesce(opportunities.is_closed, false) and not coalesce(opportunities.is_won, false) as is_lost,
    opportunities.created_at,
    case
        when coalesce(opportunities.is_closed, false)
            then coalesce(closes.closed_at, cast(opportunities.close_date as {{ dbt.type_timestamp() }}))
    end as closed_at,
    opportunities.close_date,
    opportunities.amount,
    amounts.currency_code,
    opportunities.currency_code is null as is_default_currency,
    pipeline_rates.rate is null as is_currency_rate_missing,
    opportunities.amount * pipeline_rates.rate as pipeline_amount,
    case when coalesce(opportunities.is_won, false) then opportunities.amount * bookings_rates.rate end
        as bookings_amount,
    primary_people.person_id as primary_person_id,
    lead_milestones.lead_milestone_at,
    lead_milestones.lead_milestone_type,
    {{ dbt.dateadd('day', -1 * var('pipeline_lookback_days'), 'opportunities.created_at') }} as window_start_at,
    case
        when coalesce(opportunities.is_closed, false)
            then coalesce(closes.closed_at, cast(opportunities.close_date as {{ dbt.type_timestamp() }}))
    end as window_end_at
from opportunities
inner join amounts
    on opportunities.opportunity_id = amounts.opportunity_id
left join crm_accounts
    on opportunities.account_id = crm_accounts.account_id
left join accounts
    on crm_accounts.account_key = accounts.account_key
left join conversion_rates as pipeline_rates
    on opportunities.opportunity_id = pipeline_rates.opportunity_id and pipeline_rates.amount_kind = 'pipeline'
left join conversion_rates as bookings_rates
    on opportunities.opportunity_id = bookings_rates.opportunity_id and bookings_rates.amount_kind = 'bookings'
left join primary_people
    on opportunities.opportunity_id = primary_people.opportunity_id
left join lead_milestones
    on opportunities.opportunity_id = lead_milestones.opportunity_id
left join closes
    on opportunities.opportunity_id = closes.opportunity_id
