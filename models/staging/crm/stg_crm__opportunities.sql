-- grain: one row per CRM opportunity id (latest CDC version, soft-deleted and quarantined rows excluded)
with opportunities as (
    select * from {{ ref('base_crm__opportunities') }}
),

opportunity_stage_map as (
    select * from {{ ref('opportunity_stage_map') }}
)

select
    opportunities.opportunity_id,
    opportunities.account_id,
    opportunities.opportunity_name,
    opportunities.stage_name_raw,
    coalesce(opportunity_stage_map.stage, 'unknown') as stage,
    opportunity_stage_map.stage_order,
    opportunity_stage_map.forecast_category,
    opportunities.amount,
    opportunities.currency_code,
    opportunities.close_date,
    opportunities.is_closed,
    opportunities.is_won,
    opportunities.lead_source,
    opportunities.campaign_id,
    opportunities.owner_id,
    opportunities.opportunity_type,
    opportunities.created_at,
    opportunities.last_modified_at
{{ passthrough_columns('crm', 'opportunity', 'opportunities') }}
from opportunities
left join opportunity_stage_map
    on lower(trim(opportunities.stage_name_raw)) = opportunity_stage_map.raw_stage
where opportunities.quarantine_reason is null and opportunities.version_rank = 1 and not opportunities.is_deleted
