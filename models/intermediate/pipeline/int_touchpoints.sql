-- grain: one row per touchpoint: a marketing engagement or a sales activity, with its channel
with engagements as (
    select * from {{ ref('int_marketing_engagements') }}
),

activities as (
    select * from {{ ref('int_sales_activities') }}
),

campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

channels as (
    select * from {{ ref('channels') }}
),

utm_channel_map as (
    select * from {{ ref('utm_channel_map') }}
),

campaign_type_channel_map as (
    select * from {{ ref('campaign_type_channel_map') }}
),

touch_type_channel_defaults as (
    select * from {{ ref('touch_type_channel_defaults') }}
),

web_sessions as (
    select * from {{ ref('stg_engagement__web_sessions') }}
),

people as (
    select * from {{ ref('int_people') }}
),

session_browsers as (
    select
        engagements.engagement_key,
        engagements.person_id,
        web_sessions.anonymous_id
    from engagements
    inner join web_sessions
        on engagements.engagement_key = 'web_session:' || web_sessions.session_id
    where web_sessions.anonymous_id is not null
),

{# identity stitching: a browser seen with exactly one person's email is that person in all its sessions #}
stitched_browsers as (
    select
        anonymous_id,
        min(person_id) as person_id
    from session_browsers
    where person_id is not null
    group by anonymous_id
    having count(distinct person_id) = 1
),

stitched_sessions as (
    select
        session_browsers.engagement_key,
        stitched_browsers.person_id,
        people.account_key
    from session_browsers
    inner join stitched_browsers
        on session_browsers.anonymous_id = stitched_browsers.anonymous_id
    left join people
        on stitched_browsers.person_id = people.person_id
    where session_browsers.person_id is null
),

marketing_touches as (
    select
        engagements.engagement_key as touchpoint_key,
        engagements.engagement_type as touch_type,
        'marketing' as touch_category,
        engagements.engaged_at as touch_at,
        coalesce(engagements.person_id, stitched_sessions.person_id) as person_id,
        coalesce(stitched_sessions.account_key, engagements.account_key) as account_key,
        stitched_sessions.person_id is not null as is_identity_stitched,
        cast(null as {{ dbt.type_string() }}) as opportunity_id,
        engagements.campaign_id,
        lower(trim(engagements.utm_source)) as utm_source,
        lower(trim(engagements.utm_medium)) as utm_medium,
        engagements.utm_campaign
    from engagements
    left join stitched_sessions
        on engagements.engagement_key = stitched_sessions.engagement_key
),

sales_touches as (
    select
        'task:' || task_id as touchpoint_key,
        case lower(task_type)
            when 'call' then 'sales_call'
            when 'email' then 'sales_email'
            when 'meeting' then 'sales_meeting'
            else 'sales_task'
        end as touch_type,
        'sales' as touch_category,
        activity_at as touch_at,
        person_id,
        account_key,
        false as is_identity_stitched,
        opportunity_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign
    from activities
    where is_sales_touch and activity_at is not null
),

touches as (
    select * from marketing_touches
    union all
    select * from sales_touches
),

{# channel: the CRM campaign's type, else UTM source and medium, else medium alone, else source alone, else the touch type's default #}
channelled as (
    select
        touches.*,
        campaigns.campaign_name,
        campaigns.campaign_type,
        coalesce(
            campaign_channels.channel,
            utm_exact.channel,
            utm_medium_only.channel,
            utm_source_only.channel,
            type_defaults.channel,
            'Other'
        ) as channel,
        case
            when campaign_channels.channel is not null then 'campaign_type'
            when coalesce(utm_exact.channel, utm_medium_only.channel, utm_source_only.channel) is not null
                then 'utm'
            when type_defaults.channel is not null then 'touch_type'
            else 'none'
        end as channel_rule
    from touches
    left join campaigns
        on touches.campaign_id = campaigns.campaign_id
    left join campaign_type_channel_map as campaign_channels
        on lower(trim(campaigns.campaign_type)) = campaign_channels.campaign_type
    left join utm_channel_map as utm_exact
        on
            touches.utm_source = utm_exact.utm_source
            and touches.utm_medium = utm_exact.utm_medium
    left join utm_channel_map as utm_medium_only
        on
            utm_medium_only.utm_source = '*'
            and touches.utm_medium = utm_medium_only.utm_medium
    left join utm_channel_map as utm_source_only
        on
            utm_source_only.utm_medium = '*'
            and touches.utm_source = utm_source_only.utm_source
    left join touch_type_channel_defaults as type_defaults
        on touches.touch_type = type_defaults.touch_type
)

select
    channelled.touchpoint_key,
    channelled.touch_type,
    channelled.touch_category,
    channelled.touch_at,
    channelled.person_id,
    channelled.account_key,
    channelled.is_identity_stitched,
    channelled.opportunity_id,
    channelled.campaign_id,
    channelled.campaign_name,
    channelled.campaign_type,
    channelled.utm_source,
    channelled.utm_medium,
    channelled.utm_campaign,
    channelled.channel,
    channelled.channel_rule,
    coalesce(channels.channel_group, 'other') as channel_group,
    channelled.touch_type not in (
        {%- for touch_type in var('pipeline_excluded_touch_types') %}
            '{{ touch_type }}'{{ ',' if not loop.last }}
        {%- endfor %}
        {%- if var('pipeline_excluded_touch_types') | length == 0 %}''{% endif %}
    ) as is_attributable
from channelled
left join channels
    on channelled.channel = channels.channel
