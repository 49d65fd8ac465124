-- grain: one row per pair of sources, evidence class, compared field and agreement level: m, u and weight
{#-
  Fellegi-Sunter weights estimated from the loaded data itself, with no labelled pairs:
  - u (chance of this level between two different businesses) from pseudo-random record pairs;
  - m (chance of this level between two records of one business) from anchor pairs: candidate pairs on
    which OTHER strong identifiers agree (domain, full phone, street address, exact name, a shared person),
    each shared by at most three records, one per source (a shared switchboard or a chain name is no anchor). Leaving the
    field out of its own anchors keeps its m from being assumed. For an identity field (name, domain,
    people) one anchor agreement must be another identity field and one a place field (phone, location):
    building-mates share a place and must not teach that a business has two names. CRM child accounts are
    left out of anchors.
  - evidence class `same_organisation`: m of the site-level fields (name, phone, location) for pairs that
    agree on an organisation field (domain or a shared person), from anchors agreeing on both. Two sites of
    one operator share its domain and owner but not its address, phone or storefront name, so these fields
    mean less once the organisation agrees (the fields are not independent). The class exists only when the
    data has at least {{ m_prior_pairs }} such anchors; otherwise the `independent` weights apply.
  m is estimated per pair of sources (crm-provider, crm-discovery, ...): sources name and place a business
  differently (discovery lists a storefront under its brand, the CRM under the operator's legal name). Each
  source pair's m is shrunk towards the pooled m with the weight of {{ m_prior_pairs }} anchor pairs, so a
  source pair with few anchors borrows from the others. u is Laplace-smoothed; weight = log2(m / u).
-#}
{%- set fields = account_comparison_fields() %}
{%- set organisation_fields = account_organisation_fields() %}
{%- set m_prior_pairs = 20 %}
{#- a business listed once per source carries a value three times; more and it is shared -#}
{%- set anchor_max_records = 3 %}
{#- u needs enough random pairs to see the rarer levels, not one per record: three offsets of at most 1M each -#}
{%- set random_pairs_per_step = 1000000 %}
{%- set identity_fields = ['name', 'domain'] %}
{%- set place_fields = ['phone', 'location'] %}
{#- anchors of the independent class: site-level agreement (a shared person alone is the same_organisation class) -#}
{%- set strong = {'name': 'name_level = 3', 'domain': 'domain_level = 1', 'phone': 'phone_level = 2',
                  'location': 'location_level = 5'} %}
{%- set class_fields = {'independent': fields.keys() | list,
                        'same_organisation': fields.keys() | reject('in', organisation_fields) | list} %}

with records as (
    select * from {{ ref('int_account_records') }}
),

comparisons as (
    select * from {{ ref('int_account_match_comparisons') }}
),

record_contacts as (
    select * from {{ ref('int_account_record_contacts') }}
),

numbered as (
    select
        record_key,
        record_number,
        row_number() over (order by md5(record_key)) as random_position,
        count(*) over () as record_count
    from records
),

random_pairs as (
    {% for step in [3, 5, 7] %}
        select
            l.record_number as left_record_number,
            r.record_number as right_record_number
        from numbered as l
        inner join numbered as r
            on
                r.random_position
                = mod(l.random_position + {{ step }} * cast(floor(l.record_count / 11.0) as bigint), l.record_count)
                + 1
        where l.record_number <> r.record_number and l.random_position <= {{ random_pairs_per_step }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

random_contact_levels as (
    {{ account_contact_levels('random_pairs', 'record_contacts') }}
),

random_comparisons as (
    select
        {{ account_comparison_levels('l', 'r') }},
        random_contact_levels.people_level
    from random_contact_levels
    inner join records as l on random_contact_levels.left_record_number = l.record_number
    inner join records as r on random_contact_levels.right_record_number = r.record_number
),

flagged_comparisons as (
    select
        comparisons.left_source || '-' || comparisons.right_source as pair_type,
        {% for field in fields %}
            comparisons.{{ field }}_level,
        {% endfor %}
        {% for field, condition in strong.items() %}
            case
                when comparisons.{{ condition }} and comparisons.{{ field }}_records <= {{ anchor_max_records }}
                    then 1
                else 0
            end as is_{{ field }}_anchor,
        {% endfor %}
        {%- set organisation_agreements = [] %}
        {%- for field in organisation_fields %}
            {%- do organisation_agreements.append('comparisons.' ~ field ~ '_level >= 1') %}
        {%- endfor %}
        case when {{ organisation_agreements | join(' and ') }} then 1 else 0 end as is_organisation_anchor
    from comparisons
    -- a CRM child account (a site of a multi-site customer) is linked to its parent by the hierarchy,
    -- not by its own evidence: it would teach the model that one business has many names and addresses
    where not comparisons.has_child_account
),

{# one scan of the comparisons: how many pairs share each combination of levels and anchor flags #}
{%- set anchor_columns = ['pair_type'] %}
{%- for field in fields %}{% do anchor_columns.append(field ~ '_level') %}{% endfor %}
{%- for field in strong %}{% do anchor_columns.append('is_' ~ field ~ '_anchor') %}{% endfor %}
{%- do anchor_columns.append('is_organisation_anchor') %}
anchor_flags as (
    select
        {% for column in anchor_columns %}
            {{ column }},
        {% endfor %}
        count(*) as pairs
    from flagged_comparisons
    group by
        {% for column in anchor_columns %}
            {{ column }}{% if not loop.last %},{% endif %}
        {% endfor %}
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

{% endfor %}
{% for evidence_class, class_field_names in class_fields.items() %}
    {% for field in class_field_names %}
        {% set top_level = fields[field] %}
        {% set prefix = evidence_class ~ '_' ~ field %}
        {{ prefix }}_m as (
            select
                pair_type,
                {{ field }}_level as agreement_level,
                sum(pairs) as anchor_pairs
            from anchor_flags
            where
                {{ field }}_level is not null
                {%- if evidence_class == 'same_organisation' %}
                    and is_organisation_anchor = 1
                {%- elif field == 'people' %}
                    {#- the people field's m: pairs agreeing on an identity and a place field #}
                    and is_name_anchor + is_domain_anchor >= 1
                    and is_phone_anchor + is_location_anchor >= 1
                {%- elif field in identity_fields %}
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

        {{ prefix }}_pooled_m as (
            select
                levels.agreement_level,
                (cast(coalesce(sum(m.anchor_pairs), 0) as double) + 1)
                / (sum(coalesce(sum(m.anchor_pairs), 0)) over () + {{ top_level + 1 }}) as pooled_m_probability,
                sum(coalesce(sum(m.anchor_pairs), 0)) over () as pooled_anchor_pairs
            from {{ field }}_levels as levels
            left join {{ prefix }}_m as m on levels.agreement_level = m.agreement_level
            group by levels.agreement_level
        ),

        {{ prefix }}_weights as (
            select
                pair_types.pair_type,
                '{{ evidence_class }}' as evidence_class,
                levels.field_name,
                levels.agreement_level,
                coalesce(m.anchor_pairs, 0) as anchor_pairs,
                coalesce(u.random_pairs, 0) as random_pairs,
                (coalesce(m.anchor_pairs, 0) + {{ m_prior_pairs }} * pooled.pooled_m_probability)
                / (sum(coalesce(m.anchor_pairs, 0)) over (partition by pair_types.pair_type) + {{ m_prior_pairs }})
                    as m_probability,
                (cast(coalesce(u.random_pairs, 0) as double) + 1)
                / (sum(coalesce(u.random_pairs, 0)) over (partition by pair_types.pair_type) + {{ top_level + 1 }})
                    as u_probability
            from pair_types
            cross join {{ field }}_levels as levels
            inner join {{ prefix }}_pooled_m as pooled on levels.agreement_level = pooled.agreement_level
            left join {{ prefix }}_m as m
                on pair_types.pair_type = m.pair_type and levels.agreement_level = m.agreement_level
            left join {{ field }}_u as u on levels.agreement_level = u.agreement_level
            {%- if evidence_class != 'independent' %}
                where pooled.pooled_anchor_pairs >= {{ m_prior_pairs }}
            {%- endif %}
        ),

    {% endfor %}
{% endfor %}
all_weights as (
    {% for evidence_class, class_field_names in class_fields.items() %}
        {% for field in class_field_names %}
            select * from {{ evidence_class }}_{{ field }}_weights
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    pair_type,
    evidence_class,
    field_name,
    agreement_level,
    anchor_pairs,
    random_pairs,
    m_probability,
    u_probability,
    log(2, m_probability / u_probability) as match_weight
from all_weights
