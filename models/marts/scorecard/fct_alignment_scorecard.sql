-- grain: one row per scorecard metric, month and segment (segment `all` = every segment) with a value
with metric_values as (
    select * from {{ ref('int_scorecard_metric_values') }}
),

targets as (
    select * from {{ ref('scorecard_targets') }}
),

with_previous as (
    select
        metric_values.metric_id,
        metric_values.month_start,
        metric_values.segment,
        metric_values.numerator,
        metric_values.denominator,
        metric_values.metric_value,
        previous_month.metric_value as previous_metric_value
    from metric_values
    left join metric_values as previous_month
        on
            metric_values.metric_id = previous_month.metric_id
            and metric_values.segment = previous_month.segment
            and cast({{ dbt.dateadd('month', -1, 'metric_values.month_start') }} as date)
            = previous_month.month_start
),

scored as (
    select
        with_previous.*,
        targets.metric_name,
        targets.owner,
        targets.unit,
        targets.direction,
        targets.target,
        targets.at_risk_threshold,
        targets.display_order,
        case
            when targets.direction = 'higher_is_better' and with_previous.metric_value >= targets.target
                then 'on track'
            when targets.direction = 'lower_is_better' and with_previous.metric_value <= targets.target
                then 'on track'
            when
                targets.direction = 'higher_is_better'
                and with_previous.metric_value >= targets.at_risk_threshold
                then 'at risk'
            when
                targets.direction = 'lower_is_better'
                and with_previous.metric_value <= targets.at_risk_threshold
                then 'at risk'
            else 'off track'
        end as status
    from with_previous
    inner join targets on with_previous.metric_id = targets.metric_id
)

select
    cast(
        metric_id || ':' || cast(month_start as {{ dbt.type_string() }}) || ':' || segment
        as {{ dbt.type_string() }}
    ) as scorecard_key,
    metric_id,
    metric_name,
    owner,
    unit,
    direction,
    display_order,
    month_start,
    segment,
    segment = 'all' as is_all_segments,
    numerator,
    denominator,
    metric_value,
    target,
    at_risk_threshold,
    status,
    previous_metric_value,
    metric_value - previous_metric_value as change_from_previous
from scored
