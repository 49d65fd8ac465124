-- every opportunity has, per attribution model, credits summing to exactly 1; a no-touch opportunity has
-- exactly one row (null touchpoint, credit 1). Returns the offending opportunity and model.
with opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

attribution as (
    select * from {{ ref('fct_attribution') }}
),

models as (
    select distinct attribution_model from attribution
),

expected as (
    select
        opportunities.opportunity_id,
        models.attribution_model
    from opportunities
    cross join models
),

sums as (
    select
        opportunity_id,
        attribution_model,
        sum(credit) as credit_sum,
        count(*) as row_count,
        sum(case when touchpoint_key is null then 1 else 0 end) as no_touch_rows
    from attribution
    group by opportunity_id, attribution_model
)

select
    expected.opportunity_id,
    expected.attribution_model,
    sums.credit_sum,
    sums.row_count,
    sums.no_touch_rows
from expected
left join sums
    on
        expected.opportunity_id = sums.opportunity_id
        and expected.attribution_model = sums.attribution_model
where
    sums.credit_sum is null
    or sums.credit_sum <> 1
    or (sums.no_touch_rows > 0 and (sums.row_count <> 1 or sums.no_touch_rows <> 1))
