-- grain: one row per resolved business with at least one engagement or sales touch in the period
{#
  Engaged in the period (var coverage_engagement_period_days before the as-of): e-mail opens, clicks and
  unsubscribes, web sessions, form submissions and ad clicks attributed by company domain or (non-personal)
  e-mail domain; CRM tasks on the business's contacts, leads or accounts; campaign memberships of its
  contacts and leads. Sent, delivered and bounced e-mails are deliveries, not engagement.
  Kept here until the shared person/touchpoint models land.
#}
with email_events as (
    select * from {{ ref('stg_engagement__email_events') }}
),

web_sessions as (
    select * from {{ ref('stg_engagement__web_sessions') }}
),

form_submissions as (
    select * from {{ ref('stg_engagement__form_submissions') }}
),

ad_clicks as (
    select * from {{ ref('stg_engagement__ad_clicks') }}
),

tasks as (
    select * from {{ ref('stg_crm__tasks') }}
),

campaign_members as (
    select * from {{ ref('stg_crm__campaign_members') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

domain_accounts as (
    select * from {{ ref('int_coverage_domain_accounts') }}
),

person_accounts as (
    select * from {{ ref('int_coverage_person_accounts') }}
),

as_of as (
    select * from {{ ref('int_coverage_as_of') }}
),

domain_touches as (
    select
        'email' as channel,
        email_domain as domain,
        occurred_at as touched_at
    from email_events
    where event_type in ('open', 'click', 'unsubscribe') and not coalesce(is_free_email, true)

    union all

    select
        'web' as channel,
        coalesce(company_domain, case when not coalesce(is_free_email, true) then email_domain end) as domain,
        started_at as touched_at
    from web_sessions

    union all

    select
        'form' as channel,
        email_domain as domain,
        submitted_at as touched_at
    from form_submissions
    where not coalesce(is_free_email, true)

    union all

    select
        'ad' as channel,
        coalesce(company_domain, case when not coalesce(is_free_email, true) then email_domain end) as domain,
        clicked_at as touched_at
    from ad_clicks
),

touches as (
    select
        domain_touches.channel,
        domain_accounts.account_key,
        domain_touches.touched_at
    from domain_touches
    inner join domain_accounts on domain_touches.domain = domain_accounts.domain

    union all

    select
        'sales_task' as channel,
        coalesce(person_accounts.account_key, matches.account_key) as account_key,
        cast(tasks.activity_date as timestamp) as touched_at
    from tasks
    left join person_accounts on tasks.who_id = person_accounts.person_id
    left join matches on tasks.what_id = matches.source_record_id and matches.source = 'crm'

    union all

    select
        'campaign' as channel,
        person_accounts.account_key,
        coalesce(campaign_members.first_responded_at, campaign_members.created_at) as touched_at
    from campaign_members
    inner join person_accounts
        on coalesce(campaign_members.contact_id, campaign_members.lead_id) = person_accounts.person_id
)

select
    touches.account_key,
    count(*) as touches,
    count(case when touches.channel in ('email', 'web', 'form', 'ad') then 1 end) as marketing_touches,
    count(case when touches.channel = 'sales_task' then 1 end) as sales_touches,
    count(case when touches.channel = 'campaign' then 1 end) as campaign_touches,
    max(touches.touched_at) as last_touched_at
from touches
cross join as_of
where
    touches.account_key is not null
    and touches.touched_at <= as_of.as_of_at
    and touches.touched_at > {{ dbt.dateadd('day', -1 * var('coverage_engagement_period_days'), 'as_of.as_of_at') }}
group by touches.account_key
