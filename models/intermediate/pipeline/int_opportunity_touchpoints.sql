-- grain: one row per opportunity and touchpoint in its window (the lookback before creation up to its close)
with opportunities as (
    select * from {{ ref('int_opportunities') }}
),

touchpoints as (
    select * from {{ ref('int_touchpoints') }}
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

role_people as (
    select distinct
        contact_roles.opportunity_id,
        person_lookup.person_id,
        1 as link_priority
    from contact_roles
    inner join person_lookup
        on
            contact_roles.contact_id = person_lookup.identifier
            and person_lookup.identifier_type = 'contact_id'
),

account_people as (
    select
        opportunities.opportunity_id,
        people.person_id,
        2 as link_priority
    from opportunities
    inner join people
        on opportunities.account_key = people.account_key
),

opportunity_people as (
    select
        opportunity_id,
        person_id,
        min(link_priority) as link_priority
    from (
        select * from role_people
        union all
        select * from account_people
    ) as linked_people
    group by opportunity_id, person_id
),

{# a touch reaches an opportunity when it is logged on it, or through a contact role or a person of its business #}
links as (
    select
        opportunity_people.opportunity_id,
        touchpoints.touchpoint_key,
        opportunity_people.link_priority
    from opportunity_people
    inner join touchpoints
        on opportunity_people.person_id = touchpoints.person_id
    union all
    select
        opportunity_id,
        touchpoint_key,
        0 as link_priority
    from touchpoints
    where opportunity_id is not null
),

best_links as (
    select
        opportunity_id,
        touchpoint_key,
        min(link_priority) as link_priority
    from links
    group by opportunity_id, touchpoint_key
)

select
    opportunities.opportunity_id,
    touchpoints.touchpoint_key,
    touchpoints.touch_at,
    touchpoints.touch_type,
    touchpoints.touch_category,
    touchpoints.channel,
    touchpoints.channel_group,
    touchpoints.campaign_id,
    touchpoints.person_id,
    case best_links.link_priority
        when 0 then 'opportunity'
        when 1 then 'contact_role'
        else 'account_person'
    end as link_method,
    touchpoints.is_attributable,
    touchpoints.touch_at <= opportunities.created_at as is_before_creation,
    touchpoints.is_attributable and touchpoints.touch_at <= opportunities.created_at as is_in_attribution_path,
    touchpoints.is_attributable and touchpoints.channel_group = 'marketing' as is_marketing_influence
from best_links
inner join opportunities
    on best_links.opportunity_id = opportunities.opportunity_id
inner join touchpoints
    on best_links.touchpoint_key = touchpoints.touchpoint_key
where
    touchpoints.touch_at >= opportunities.window_start_at
    and (opportunities.window_end_at is null or touchpoints.touch_at <= opportunities.window_end_at)
