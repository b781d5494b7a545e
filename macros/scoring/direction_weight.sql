{#-
    The multiplier of a rule's points for a lead's direction: the model's inbound or outbound
    engagement weight for engagement rules (1 for unknown directions), 1 for other categories.
    Arguments are SQL expressions (the rule's category, the lead's direction, the model alias).
-#}
{% macro direction_weight(category, lead_direction, scoring_models) %}
    case
        when {{ category }} <> 'engagement' then 1
        when {{ lead_direction }} = 'inbound' then {{ scoring_models }}.inbound_engagement_weight
        when {{ lead_direction }} = 'outbound' then {{ scoring_models }}.outbound_engagement_weight
        else 1
    end
{%- endmacro %}
