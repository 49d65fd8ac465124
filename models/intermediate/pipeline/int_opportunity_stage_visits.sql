-- grain: one row per opportunity and stage visit (consecutive history rows in the same stage are one visit)
with history as (
    select * from {{ ref('stg_crm__opportunity_history') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

opportunity_stage_map as (
    select * from {{ ref('opportunity_stage_map') }}
),

stages as (
    select distinct
        stage,
        is_closed,
        is_won
    from opportunity_stage_map
),

{# the data's own "now": open stages are measured up to the latest change the CRM recorded #}
as_of as (
    select max(changed_at) as as_of_at
    from (
        select created_at as changed_at from history
        union all
        select last_modified_at as changed_at from opportunities
    ) as changes
),

history_stage_rows as (
    select
        history.opportunity_id,
        history.stage,
        history.stage_order,
        history.created_at as changed_at,
        history.opportunity_history_id as change_id
    from history
    inner join opportunities
        on history.opportunity_id = opportunities.opportunity_id
    where history.stage is not null and history.created_at is not null
),

{# an opportunity without stage history sits in its current stage since its creation #}
current_stage_rows as (
    select
        opportunities.opportunity_id,
        opportunities.stage,
        opportunities.stage_order,
        opportunities.created_at as changed_at,
        'opportunity:' || opportunities.opportunity_id as change_id
    from opportunities
    {# an anti join (`not exists`): a `not in` over a large table is a nested loop on Spark and PostgreSQL #}
    where not exists (
        select 1 from history_stage_rows
        where history_stage_rows.opportunity_id = opportunities.opportunity_id
    )
),

stage_rows as (
    select * from history_stage_rows
    union all
    select * from current_stage_rows
),

changes as (
    select
        stage_rows.*,
        lag(stage_rows.stage) over (
            partition by stage_rows.opportunity_id order by stage_rows.changed_at, stage_rows.change_id
        ) as previous_stage
    from stage_rows
),

visits as (
    select
        opportunity_id,
        stage,
        stage_order,
        changed_at as entered_at,
        change_id
    from changes
    where previous_stage is null or previous_stage <> stage
),

sequenced as (
    select
        visits.*,
        row_number() over (
            partition by visits.opportunity_id order by visits.entered_at, visits.change_id
        ) as visit_number,
        lead(visits.stage) over (
            partition by visits.opportunity_id order by visits.entered_at, visits.change_id
        ) as next_stage,
        lead(visits.stage_order) over (
            partition by visits.opportunity_id order by visits.entered_at, visits.change_id
        ) as next_stage_order,
        lead(visits.entered_at) over (
            partition by visits.opportunity_id order by visits.entered_at, visits.change_id
        ) as exited_at
    from visits
)

select
    sequenced.opportunity_id,
    sequenced.visit_number,
    sequenced.stage,
    sequenced.stage_order,
    coalesce(stages.is_closed, false) as is_closed_stage,
    coalesce(stages.is_won, false) as is_won_stage,
    sequenced.entered_at,
    sequenced.exited_at,
    sequenced.next_stage,
    {# a closed stage is where the opportunity ends: no days are counted in it unless it was reopened #}
    case
        when sequenced.exited_at is not null or not coalesce(stages.is_closed, false)
            then cast({{ dbt.datediff(
                'sequenced.entered_at',
                'coalesce(sequenced.exited_at, as_of.as_of_at)',
                'second'
            ) }} as {{ type_double() }}) / 86400
    end as days_in_stage,
    case
        when coalesce(stages.is_closed, false) and sequenced.exited_at is null then 'closed'
        when coalesce(stages.is_closed, false) then 'reopened'
        when sequenced.next_stage is null then 'open'
        when coalesce(next_stages.is_won, false) then 'won'
        when coalesce(next_stages.is_closed, false) then 'lost'
        when sequenced.next_stage_order > sequenced.stage_order then 'advanced'
        else 'moved_back'
    end as exit_type
from sequenced
cross join as_of
left join stages
    on sequenced.stage = stages.stage
left join stages as next_stages
    on sequenced.next_stage = next_stages.stage
