{#-
    Lead × model × event rule: each matching event's points after diminishing returns on repeats
    (the k-th most recent counts repeat_multiplier^(k-1), beyond max_occurrences nothing), decay
    with its age on score_date, and the inbound/outbound weight; summed, then capped per rule.
-#}
with event_rule_matches as (

    select * from {{ ref('int_event_rule_matches') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

matches_ranked as (

    select
        event_rule_matches.*,
        row_number() over (
            partition by event_rule_matches.lead_id, event_rule_matches.model_id, event_rule_matches.rule_id
            order by event_rule_matches.occurred_at desc, event_rule_matches.event_id desc
        ) as occurrence_rank,
        {{ dbt.datediff('event_rule_matches.event_date', score_date(), 'day') }} as age_days

    from event_rule_matches

),

matches_weighted as (

    select
        matches_ranked.lead_id,
        matches_ranked.model_id,
        matches_ranked.rule_id,
        matches_ranked.occurred_at,
        rules.points,
        rules.rule_cap,
        case
            when rules.max_occurrences is null or matches_ranked.occurrence_rank <= rules.max_occurrences
                then power(rules.repeat_multiplier, matches_ranked.occurrence_rank - 1)
            else 0
        end as repeat_factor,
        case rules.decay_method
            when 'exponential' then power(0.5, matches_ranked.age_days / rules.decay_days)
            when 'linear' then greatest(0, 1 - matches_ranked.age_days / rules.decay_days)
            when 'step' then power(rules.decay_step_multiplier, floor(matches_ranked.age_days / rules.decay_days))
            when 'window' then case when matches_ranked.age_days < rules.decay_days then 1 else 0 end
            else 1
        end as decay_factor,
        case
            when rules.category <> 'engagement' then 1
            when leads.lead_direction = 'inbound' then scoring_models.inbound_engagement_weight
            when leads.lead_direction = 'outbound' then scoring_models.outbound_engagement_weight
            else 1
        end as direction_weight

    from matches_ranked
    inner join rules
        on matches_ranked.model_id = rules.model_id
        and matches_ranked.rule_id = rules.rule_id
    inner join scoring_models
        on matches_ranked.model_id = scoring_models.model_id
    inner join leads
        on matches_ranked.lead_id = leads.lead_id

),

rule_totals as (

    select
        lead_id,
        model_id,
        rule_id,
        count(*) as event_count,
        sum(case when repeat_factor > 0 then 1 else 0 end) as counted_event_count,
        min(occurred_at) as first_event_at,
        max(occurred_at) as last_event_at,
        max(points) as points_per_event,
        max(rule_cap) as rule_cap,
        sum(points * repeat_factor * decay_factor * direction_weight) as decayed_points

    from matches_weighted
    group by 1, 2, 3

),

final as (

    select
        lead_id,
        model_id,
        rule_id,
        event_count,
        counted_event_count,
        first_event_at,
        last_event_at,
        {{ points('points_per_event * event_count') }} as raw_points,
        {{ points('decayed_points') }} as decayed_points,
        {{ points('case
            when rule_cap is null then decayed_points
            when points_per_event > 0 then least(decayed_points, rule_cap)
            else greatest(decayed_points, rule_cap)
        end') }} as rule_points

    from rule_totals

)

select * from final
