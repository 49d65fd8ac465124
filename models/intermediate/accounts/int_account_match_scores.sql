-- grain: one row per candidate record pair, with per-field weights, total match weight and probability
{#-
  Total weight = sum of field weights (log2 m/u); an exact agreement on a value uses that value's own
  frequency as u (term-frequency adjustment: a chain name or a switchboard phone shared by many records is
  weak evidence, a unique domain is strong): given one record carries the value, the chance that another
  record does is (records carrying it - 1) / records, floored at the field's random-pair u. When the pair agrees on an organisation field (domain, a
  shared person), the site-level fields use their `same_organisation` m where the data supports one. The prior (the share of all record pairs that are matches) is
  estimated by expectation-maximisation over the candidate pairs, so the probability means the same on any
  data set, and var('account_match_threshold') has a principled default of 0.5.
-#}
{%- set fields = account_comparison_fields() %}
{%- set organisation_fields = account_organisation_fields() %}
{%- set em_iterations = 12 %}

with comparisons as (
    select * from {{ ref('int_account_match_comparisons') }}
),

field_weights as (
    select * from {{ ref('int_account_match_field_weights') }}
),

records as (
    select * from {{ ref('int_account_records') }}
),

record_count as (
    select
        count(*) as records,
        cast(count(*) * (count(*) - 1) as double) / 2 as record_pairs
    from records
),

classified as (
    select
        comparisons.*,
        {%- set organisation_agreements = [] %}
        {%- for field in organisation_fields %}
            {%- do organisation_agreements.append('comparisons.' ~ field ~ '_level >= 1') %}
        {%- endfor %}
        case
            when {{ organisation_agreements | join(' or ') }} then 'same_organisation' else 'independent'
        end as evidence_class
    from comparisons
),

{# the weights of one source pair and evidence class on one row, so each pair needs two lookups, not ten #}
weight_rows as (
    select
        pair_type,
        evidence_class,
        {% for field, top_level in fields.items() %}
            {% for level in range(top_level + 1) %}
                max(case when field_name = '{{ field }}' and agreement_level = {{ level }} then match_weight end)
                    as {{ field }}_weight_{{ level }},
            {% endfor %}
            max(case when field_name = '{{ field }}' and agreement_level = {{ top_level }} then m_probability end)
                as {{ field }}_top_m,
            max(case when field_name = '{{ field }}' and agreement_level = {{ top_level }} then u_probability end)
                as {{ field }}_top_u{% if not loop.last %},{% endif %}
        {% endfor %}
    from field_weights
    group by pair_type, evidence_class
),

weighted as (
    select
        classified.*,
        {% for field, top_level in fields.items() %}
            case
                when classified.{{ field }}_level is null then 0
                when classified.{{ field }}_level = {{ top_level }}
                    then log(
                        2, coalesce(class_weights.{{ field }}_top_m, independent_weights.{{ field }}_top_m)
                        / greatest(
                            cast(classified.{{ field }}_records - 1 as double) / record_count.records,
                            independent_weights.{{ field }}_top_u
                        )
                    )
                {% for level in range(top_level) %}
                    when classified.{{ field }}_level = {{ level }}
                        then coalesce(
                            class_weights.{{ field }}_weight_{{ level }},
                            independent_weights.{{ field }}_weight_{{ level }}
                        )
                {% endfor %}
            end as {{ field }}_weight{% if not loop.last %},{% endif %}
        {% endfor %}
    from classified
    cross join record_count
    inner join weight_rows as independent_weights
        on
            classified.left_source || '-' || classified.right_source = independent_weights.pair_type
            and independent_weights.evidence_class = 'independent'
    left join weight_rows as class_weights
        on
            independent_weights.pair_type = class_weights.pair_type
            and classified.evidence_class = class_weights.evidence_class
            and class_weights.evidence_class <> 'independent'
),

{# weights to 6 decimals (a millionth of a bit): engines sum floats in their own order, and the last bits
   must not decide a threshold or a tie #}
scored as (
    select
        *,
        round(
            {%- for field in fields %}
                {{ '+ ' if not loop.first }}{{ field }}_weight
            {%- endfor %}, 6
        ) as evidence_weight
    from weighted
),

{# the EM steps only need how many pairs carry each evidence weight: a histogram at 0.001 bit #}
evidence_histogram as (
    select
        cast(round(evidence_weight, 3) as double) as evidence_weight,
        count(*) as pairs
    from scored
    group by round(evidence_weight, 3)
),

prior_0 as (
    select least(records / record_pairs, 0.5) as match_prior from record_count
),

{% for i in range(1, em_iterations + 1) %}
    prior_{{ i }} as (
        select
            least(
                greatest(
                    sum(evidence_histogram.pairs / (
                        1.0 + (1.0 - prior_{{ i - 1 }}.match_prior) / prior_{{ i - 1 }}.match_prior
                        * power(2.0, -least(greatest(evidence_histogram.evidence_weight, -60), 60))
                    ))
                    / max(record_count.record_pairs),
                    1e-12
                ),
                0.5
            ) as match_prior
        from evidence_histogram
        cross join prior_{{ i - 1 }}
        cross join record_count
        group by prior_{{ i - 1 }}.match_prior
    ),

{% endfor %}
final_prior as (
    select round(log(2, match_prior / (1.0 - match_prior)), 6) as prior_weight
    from prior_{{ em_iterations }}
)

select
    scored.left_record_key,
    scored.right_record_key,
    scored.left_source,
    scored.right_source,
    scored.first_blocking_rule,
    scored.evidence_class,
    {% for field in fields %}
        scored.{{ field }}_level,
        scored.{{ field }}_weight,
    {% endfor %}
    scored.evidence_weight,
    final_prior.prior_weight,
    round(scored.evidence_weight + final_prior.prior_weight, 6) as match_weight,
    1.0 / (1.0 + power(2.0, -least(greatest(round(scored.evidence_weight + final_prior.prior_weight, 6), -60), 60)))
        as match_probability
from scored
cross join final_prior
