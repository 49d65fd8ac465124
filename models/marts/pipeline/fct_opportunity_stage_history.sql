-- grain: one row per opportunity and stage visit
with stage_visits as (
    select * from {{ ref('int_opportunity_stage_visits') }}
)

select
    opportunity_id || ':' || cast(visit_number as {{ dbt.type_string() }}) as stage_visit_key,
    opportunity_id,
    cast(visit_number as {{ dbt.type_bigint() }}) as visit_number,
    stage,
    stage_order,
    is_closed_stage,
    is_won_stage,
    entered_at,
    exited_at,
    days_in_stage,
    next_stage,
    exit_type,
    exit_type in ('advanced', 'won') as is_converted_to_next_stage
from stage_visits
