-- grain: one row per marketing engagement event (web session, email open or click, form submission, ad click, campaign response)
{#
  A table, rebuilt on every run: each engagement's person and business come from int_people and account
  matching, which change with the CRM, so every row is recomputed. It used to be incremental (compute every
  row, write the new or changed ones); at 1M accounts that comparison of 12M computed rows with 12M stored
  ones ran out of DuckDB's memory beside int_sales_activities and saved little (DECISIONS.md, 2026-12-05).
  The event's email finds the person and is not carried further: no model reads it here, and writing 12M
  addresses of personal data cost time at 1M accounts.
#}
with web_sessions as (
    select * from {{ ref('stg_engagement__web_sessions') }}
),

email_events as (
    select * from {{ ref('stg_engagement__email_events') }}
),

form_submissions as (
    select * from {{ ref('stg_engagement__form_submissions') }}
),

ad_clicks as (
    select * from {{ ref('stg_engagement__ad_clicks') }}
),

campaign_members as (
    select * from {{ ref('stg_crm__campaign_members') }}
),

campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

person_lookup as (
    select * from {{ ref('int_person_lookup') }}
),

people as (
    select * from {{ ref('int_people') }}
),

account_domains as (
    select * from {{ ref('int_account_domains') }}
),

events as (
    select
        'web_session:' || session_id as engagement_key,
        'web_session' as engagement_type,
        started_at as engaged_at,
        email,
        email_domain,
        company_domain,
        cast(null as {{ dbt.type_string() }}) as crm_person_key,
        page_category,
        cast(null as {{ dbt.type_string() }}) as form_type,
        false as is_high_intent,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        utm_source,
        utm_medium,
        utm_campaign
    from web_sessions
    union all
    select
        'email_event:' || event_id as engagement_key,
        'email_' || event_type as engagement_type,
        occurred_at as engaged_at,
        email,
        email_domain,
        cast(null as {{ dbt.type_string() }}) as company_domain,
        cast(null as {{ dbt.type_string() }}) as crm_person_key,
        cast(null as {{ dbt.type_string() }}) as page_category,
        cast(null as {{ dbt.type_string() }}) as form_type,
        false as is_high_intent,
        campaign_id,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        'email' as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign
    from email_events
    where event_type in ('open', 'click')
    union all
    select
        'form_submission:' || submission_id as engagement_key,
        'form_submission' as engagement_type,
        submitted_at as engaged_at,
        email,
        email_domain,
        cast(null as {{ dbt.type_string() }}) as company_domain,
        cast(null as {{ dbt.type_string() }}) as crm_person_key,
        cast(null as {{ dbt.type_string() }}) as page_category,
        form_type,
        is_high_intent,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        utm_source,
        utm_medium,
        utm_campaign
    from form_submissions
    union all
    select
        'ad_click:' || click_id as engagement_key,
        'ad_click' as engagement_type,
        clicked_at as engaged_at,
        email,
        email_domain,
        company_domain,
        cast(null as {{ dbt.type_string() }}) as crm_person_key,
        cast(null as {{ dbt.type_string() }}) as page_category,
        cast(null as {{ dbt.type_string() }}) as form_type,
        false as is_high_intent,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        utm_source,
        utm_medium,
        utm_campaign
    from ad_clicks
    union all
    select
        'campaign_response:' || campaign_members.campaign_member_id as engagement_key,
        'campaign_response' as engagement_type,
        campaign_members.first_responded_at as engaged_at,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as email_domain,
        cast(null as {{ dbt.type_string() }}) as company_domain,
        coalesce(
            'contact_id:' || campaign_members.contact_id, 'lead_id:' || campaign_members.lead_id
        ) as crm_person_key,
        cast(null as {{ dbt.type_string() }}) as page_category,
        cast(null as {{ dbt.type_string() }}) as form_type,
        false as is_high_intent,
        campaign_members.campaign_id,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium,
        campaigns.campaign_name as utm_campaign
    from campaign_members
    left join campaigns
        on campaign_members.campaign_id = campaigns.campaign_id
    where campaign_members.has_responded and campaign_members.first_responded_at is not null
),

events_with_people as (
    select
        events.*,
        coalesce(crm_people.person_id, email_people.person_id) as person_id
    from events
    left join person_lookup as crm_people
        on events.crm_person_key = crm_people.identifier_type || ':' || crm_people.identifier
    left join person_lookup as email_people
        on
            events.email = email_people.identifier
            and email_people.identifier_type = 'email'
),

engagements as (
    select
        events_with_people.engagement_key,
        events_with_people.engagement_type,
        events_with_people.engaged_at,
        events_with_people.person_id,
        coalesce(
            people.account_key, company_accounts.account_key, email_accounts.account_key
        ) as account_key,
        case
            when people.account_key is not null then 'person'
            when company_accounts.account_key is not null then 'company_domain'
            when email_accounts.account_key is not null then 'email_domain'
        end as account_attach_method,
        events_with_people.page_category,
        events_with_people.form_type,
        events_with_people.is_high_intent,
        events_with_people.campaign_id,
        events_with_people.utm_source,
        events_with_people.utm_medium,
        events_with_people.utm_campaign
    from events_with_people
    left join people
        on events_with_people.person_id = people.person_id
    left join account_domains as company_accounts
        on events_with_people.company_domain = company_accounts.domain
    left join account_domains as email_accounts
        on events_with_people.email_domain = email_accounts.domain
)

select engagements.*
from engagements
