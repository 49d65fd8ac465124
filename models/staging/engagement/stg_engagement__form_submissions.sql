-- grain: one row per web form submission id (duplicate deliveries collapsed, quarantined rows excluded)
{{
    config(
        materialized='incremental',
        unique_key='submission_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}
with submissions as (
    select * from {{ ref('base_engagement__form_submissions') }}
),

form_types as (
    select * from {{ ref('form_type_map') }}
)

select
    submissions.submission_id,
    submissions.email,
    submissions.email_domain,
    submissions.is_free_email,
    submissions.is_email_valid,
    submissions.first_name,
    submissions.last_name,
    submissions.full_name_key,
    submissions.company_name,
    submissions.company_name_key,
    submissions.phone_raw,
    submissions.phone_e164,
    submissions.phone_extension,
    submissions.is_phone_valid,
    submissions.form_type_raw,
    coalesce(form_types.form_type, 'unknown') as form_type,
    coalesce(form_types.is_high_intent, false) as is_high_intent,
    submissions.page_url,
    submissions.utm_source,
    submissions.utm_medium,
    submissions.utm_campaign,
    submissions.submitted_at
{{ passthrough_columns('engagement', 'form_submissions', 'submissions') }}
from submissions
left join form_types
    on lower(trim(submissions.form_type_raw)) = form_types.raw_form_type
where
    submissions.quarantine_reason is null
    and submissions.version_rank = 1
{{ incremental_event_filter('submission_id', 'submitted_at', 'submissions') }}
