-- grain: one row per scorecard metric: its latest month, all segments
with scorecard as (
    select * from {{ ref('fct_alignment_scorecard') }}
),

all_segments as (
    select *
    from scorecard
    where is_all_segments
),

latest_months as (
    select
        metric_id,
        max(month_start) as month_start
    from all_segments
    group by metric_id
),

segment_statuses as (
    select
        scorecard.metric_id,
        scorecard.month_start,
        count(case when scorecard.status = 'on track' then 1 end) as segments_on_track,
        count(case when scorecard.status = 'at risk' then 1 end) as segments_at_risk,
        count(case when scorecard.status = 'off track' then 1 end) as segments_off_track
    from scorecard
    inner join latest_months
        on scorecard.metric_id = latest_months.metric_id and scorecard.month_start = latest_months.month_start
    where not scorecard.is_all_segments
    group by scorecard.metric_id, scorecard.month_start
)

select
    all_segments.metric_id,
    all_segments.metric_name,
    all_segments.owner,
    all_segments.unit,
    all_segments.direction,
    all_segments.display_order,
    all_segments.month_start,
    all_segments.numerator,
    all_segments.denominator,
    all_segments.metric_value,
    all_segments.target,
    all_segments.at_risk_threshold,
    all_segments.status,
    all_segments.previous_metric_value,
    all_segments.change_from_previous,
    coalesce(segment_statuses.segments_on_track, 0) as segments_on_track,
    coalesce(segment_statuses.segments_at_risk, 0) as segments_at_risk,
    coalesce(segment_statuses.segments_off_track, 0) as segments_off_track
from all_segments
inner join latest_months
    on all_segments.metric_id = latest_months.metric_id and all_segments.month_start = latest_months.month_start
left join segment_statuses
    on all_segments.metric_id = segment_statuses.metric_id
