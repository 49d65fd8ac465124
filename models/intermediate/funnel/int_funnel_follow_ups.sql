-- grain: one row per follow-up trigger (our MQL, the CRM's MQL, a high-intent form) with the first sales touch after it
with mqls as (
    select * from {{ ref('int_funnel_mqls') }}
),

engagements as (
    select * from {{ ref('int_marketing_engagements') }}
),

activities as (
    select * from {{ ref('int_sales_activities') }}
),

people as (
    select * from {{ ref('int_people') }}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

lead_history as (
    select * from {{ ref('stg_crm__lead_history') }}
),

{# untouched triggers accrue time up to the reference time: the var, else the latest event in the data #}
reference as (
    {%- if var('funnel_reference_time') %}
    select cast('{{ var("funnel_reference_time") }}' as timestamp) as reference_at
    {%- else %}
        select max(event_at) as reference_at
        from (
            select max(engaged_at) as event_at from engagements
            union all
            select max(activity_at) as event_at from activities
            union all
            select max(created_at) as event_at from lead_history
        ) as latest_events
    {%- endif %}
),

triggers as (
    select
        'mql:' || person_id || ':' || cast(cycle_number as {{ dbt.type_string() }}) as trigger_key,
        'mql' as trigger_type,
        person_id,
        cycle_number,
        mql_at as triggered_at,
        scored_form_type as form_type
    from mqls
    where is_mql
    union all
    select
        'crm_mql:' || person_id || ':' || cast(cycle_number as {{ dbt.type_string() }}) as trigger_key,
        'crm_mql' as trigger_type,
        person_id,
        cycle_number,
        crm_mql_at as triggered_at,
        cast(null as {{ dbt.type_string() }}) as form_type
    from mqls
    where is_crm_mql
    union all
    select
        'high_intent_form:' || engagement_key as trigger_key,
        'high_intent_form' as trigger_type,
        person_id,
        cast(null as integer) as cycle_number,
        engaged_at as triggered_at,
        form_type
    from engagements
    where is_high_intent and person_id is not null
),

sales_touches as (
    select
        task_id,
        person_id,
        account_key,
        activity_at
    from activities
    where is_sales_touch and activity_at is not null
),

{# a touch counts when it is on the person, or on the business the person belongs to #}
touch_candidates as (
    select
        triggers.trigger_key,
        sales_touches.task_id,
        sales_touches.activity_at
    from triggers
    inner join sales_touches
        on triggers.person_id = sales_touches.person_id and triggers.triggered_at <= sales_touches.activity_at
    union all
    select
        triggers.trigger_key,
        sales_touches.task_id,
        sales_touches.activity_at
    from triggers
    inner join people
        on triggers.person_id = people.person_id
    inner join sales_touches
        on people.account_key = sales_touches.account_key and triggers.triggered_at <= sales_touches.activity_at
),

ranked_touches as (
    select
        trigger_key,
        task_id,
        activity_at,
        row_number() over (partition by trigger_key order by activity_at, task_id) as touch_rank
    from touch_candidates
),

first_touches as (
    select * from ranked_touches
    where touch_rank = 1
)

select
    triggers.trigger_key,
    triggers.trigger_type,
    triggers.person_id,
    triggers.cycle_number,
    triggers.form_type,
    people.owner_id,
    coalesce(users.time_zone, '{{ var("funnel_default_time_zone") }}') as time_zone,
    triggers.triggered_at,
    first_touches.task_id as first_touch_task_id,
    first_touches.activity_at as first_touched_at,
    first_touches.task_id is not null as is_touched,
    reference.reference_at,
    triggers.triggered_at as start_at,
    case
        when first_touches.activity_at is not null then first_touches.activity_at
        when reference.reference_at > triggers.triggered_at then reference.reference_at
        else triggers.triggered_at
    end as end_at,
    case
        when triggers.form_type = 'demo_request' then {{ var('funnel_sla_demo_request_business_hours') }}
        else {{ var('funnel_sla_business_hours') }}
    end as sla_business_hours
from triggers
cross join reference
left join first_touches
    on triggers.trigger_key = first_touches.trigger_key
left join people
    on triggers.person_id = people.person_id
left join users
    on people.owner_id = users.user_id
