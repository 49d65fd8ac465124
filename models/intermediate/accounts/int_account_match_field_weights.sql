-- grain: one row per pair of sources, compared field and agreement level: m and u probabilities and weight
{#-
  Fellegi-Sunter weights estimated from the loaded data itself, with no labelled pairs:
  - u (chance of this level between two different businesses) from pseudo-random record pairs;
  - m (chance of this level between two records of one business) from anchor pairs: candidate pairs on
    which at least two OTHER strong identifiers agree (domain, full phone, street address, exact name), each
    shared by at most two records (a shared switchboard or a chain name is no anchor). Leaving the field
    out of its own anchors keeps its m from being assumed. CRM child accounts are left out of anchors.
  m is estimated per pair of sources (crm-provider, crm-discovery, ...): sources name and place a business
  differently (discovery lists a storefront under its brand, the CRM under the operator's legal name). Each
  source pair's m is shrunk towards the pooled m with the weight of {{ m_prior_pairs }} anchor pairs, so a
  source pair with few anchors borrows from the others. u is Laplace-smoothed; weight = log2(m / u).
-#}
{%- set fields = account_comparison_fields() %}
{%- set m_prior_pairs = 20 %}
{%- set identity_fields = ['name', 'domain'] %}
{%- set place_fields = ['phone', 'location'] %}
{%- set strong = {'name': 'name_level = 3', 'domain': 'domain_level = 1', 'phone': 'phone_level = 2',
                  'location': 'location_level = 4'} %}

with records as (
    select * from {{ ref('int_account_records') }}
),

comparisons as (
    select * from {{ ref('int_account_match_comparisons') }}
),

value_counts as (
    select
        record_key,
        parent_record_key is not null as is_child_account,
        count(*) over (partition by name_key) as name_records,
        count(*) over (partition by domain) as domain_records,
        count(*) over (partition by phone_e164) as phone_records,
        count(*) over (partition by house_number, postal_code) as location_records
    from records
),

numbered as (
    select
        record_key,
        row_number() over (order by md5(record_key)) as record_number,
        count(*) over () as record_count
    from records
),

random_pairs as (
    {% for step in [3, 5, 7] %}
        select
            l.record_key as left_record_key,
            r.record_key as right_record_key
        from numbered as l
        inner join numbered as r
            on
                r.record_number
                = mod(l.record_number + {{ step }} * cast(floor(l.record_count / 11.0) as bigint), l.record_count) + 1
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

random_comparisons as (
    select {{ account_comparison_levels('l', 'r') }}
    from random_pairs
    inner join records as l on random_pairs.left_record_key = l.record_key
    inner join records as r on random_pairs.right_record_key = r.record_key
    where random_pairs.left_record_key <> random_pairs.right_record_key
),

anchor_flags as (
    select
        comparisons.*,
        comparisons.left_source || '-' || comparisons.right_source as pair_type,
        {% for field, condition in strong.items() %}
            case
                when comparisons.{{ condition }} and left_counts.{{ field }}_records <= 2 then 1 else 0
            end as is_{{ field }}_anchor{% if not loop.last %},{% endif %}
        {% endfor %}
    from comparisons
    inner join value_counts as left_counts on comparisons.left_record_key = left_counts.record_key
    inner join value_counts as right_counts on comparisons.right_record_key = right_counts.record_key
    -- a CRM child account (a site of a multi-site customer) is linked to its parent by the hierarchy,
    -- not by its own evidence: it would teach the model that one business has many names and addresses
    where not left_counts.is_child_account and not right_counts.is_child_account
),

pair_types as (
    select distinct left_source || '-' || right_source as pair_type
    from comparisons
),

{% for field, top_level in fields.items() %}
    {{ field }}_levels as (
        {% for level in range(top_level + 1) %}
            select
                '{{ field }}' as field_name,
                {{ level }} as agreement_level
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
    ),

    {{ field }}_u as (
        select
            {{ field }}_level as agreement_level,
            count(*) as random_pairs
        from random_comparisons
        where {{ field }}_level is not null
        group by {{ field }}_level
    ),

    {{ field }}_m as (
        select
            pair_type,
            {{ field }}_level as agreement_level,
            count(*) as anchor_pairs
        from anchor_flags
        where
            {{ field }}_level is not null
            {%- if field in identity_fields %}
                {%- for kind in [identity_fields, place_fields] %}
                    and (
                        {%- for other in kind if other != field %}
                            {{ '+ ' if not loop.first }}is_{{ other }}_anchor
                        {%- endfor %}
                    ) >= 1
                {%- endfor %}
            {%- else %}
                and (
                    {%- for other in strong if other != field %}
                        {{ '+ ' if not loop.first }}is_{{ other }}_anchor
                    {%- endfor %}
                ) >= 2
            {%- endif %}
        group by pair_type, {{ field }}_level
    ),

    {{ field }}_pooled_m as (
        select
            levels.agreement_level,
            (coalesce(sum(m.anchor_pairs), 0) + 1.0)
            / (sum(coalesce(sum(m.anchor_pairs), 0)) over () + {{ top_level + 1 }}) as pooled_m_probability
        from {{ field }}_levels as levels
        left join {{ field }}_m as m on levels.agreement_level = m.agreement_level
        group by levels.agreement_level
    ),

    {{ field }}_weights as (
        select
            pair_types.pair_type,
            levels.field_name,
            levels.agreement_level,
            coalesce(m.anchor_pairs, 0) as anchor_pairs,
            coalesce(u.random_pairs, 0) as random_pairs,
            (coalesce(m.anchor_pairs, 0) + {{ m_prior_pairs }} * pooled.pooled_m_probability)
            / (sum(coalesce(m.anchor_pairs, 0)) over (partition by pair_types.pair_type) + {{ m_prior_pairs }})
                as m_probability,
            (coalesce(u.random_pairs, 0) + 1.0)
            / (sum(coalesce(u.random_pairs, 0)) over (partition by pair_types.pair_type) + {{ top_level + 1 }})
                as u_probability
        from pair_types
        cross join {{ field }}_levels as levels
        inner join {{ field }}_pooled_m as pooled on levels.agreement_level = pooled.agreement_level
        left join {{ field }}_m as m
            on pair_types.pair_type = m.pair_type and levels.agreement_level = m.agreement_level
        left join {{ field }}_u as u on levels.agreement_level = u.agreement_level
    ),

{% endfor %}
all_weights as (
    {% for field in fields %}
        select * from {{ field }}_weights
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    pair_type,
    field_name,
    agreement_level,
    anchor_pairs,
    random_pairs,
    m_probability,
    u_probability,
    log(2, m_probability / u_probability) as match_weight
from all_weights
