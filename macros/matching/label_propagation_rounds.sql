{#-
  label_propagation_rounds(prefix, sources, node, source, label, rounds): the CTEs <prefix>_1 ..
  <prefix>_<rounds> of label propagation, given <prefix>_0 (node, label) and a relation `sources` listing,
  for each node, the nodes it takes labels from (itself included): each round every node takes the smallest
  label among its sources. Each round reads the previous one once, so engines that inline CTEs (Spark) plan
  `rounds` copies, not 2^rounds. No comma after the last CTE.
-#}
{% macro label_propagation_rounds(prefix, sources, node, source, label, rounds) -%}
    {% for i in range(1, rounds + 1) %}
        {{ prefix }}_{{ i }} as (
            select
                {{ sources }}.{{ node }},
                min(labels.{{ label }}) as {{ label }}
            from {{ sources }}
            inner join {{ prefix }}_{{ i - 1 }} as labels on {{ sources }}.{{ source }} = labels.{{ node }}
            group by {{ sources }}.{{ node }}
        ){% if not loop.last %},{% endif %}
    {% endfor %}
{%- endmacro %}
