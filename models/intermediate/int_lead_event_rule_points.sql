{#-
    Lead × model × event rule: each matching event's points after diminishing returns on repeats
    (the k-th most recent counts repeat_multiplier^(k-1), beyond max_occurrences nothing), decay
    with its age on score_date, and the inbound/outbound weight; summed, then capped per rule.

    Computed from daily counts (int_lead_rule_daily_matches), exactly: the n events of one day
    all have that day's age, and if c more recent events came before them they are the
    (c+1)-th to (c+n)-th most recent, so together they count
        sum of r^(k-1) for k = c+1 .. min(c+n, max_occurrences) = (r^c - r^(c+m)) / (1 - r)
    (m = the events of the day still within max_occurrences; m itself when r = 1).
-#}
with daily_matches as (

    select * from {{ ref('int_lead_rule_daily_matches') }}
    where event_date <= {{ score_date() }}

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

days_ranked as (

    select
        daily_matches.*,
        {#- bigint, not the numeric a Postgres sum gives, so power() stays in double precision. -#}
        cast(coalesce(
            sum(daily_matches.event_count) over (
                partition by daily_matches.lead_id, daily_matches.model_id, daily_matches.rule_id
                order by daily_matches.event_date desc nulls last
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as {{ dbt.type_bigint() }}) as more_recent_event_count,
        {{ dbt.datediff('daily_matches.event_date', score_date(), 'day') }} as age_days

    from daily_matches

),

days_counted as (

    select
        days_ranked.*,
        case
            when rules.max_occurrences is null then days_ranked.event_count
            else greatest(0, least(days_ranked.event_count, rules.max_occurrences - days_ranked.more_recent_event_count))
        end as counted_event_count

    from days_ranked
    inner join rules
        on days_ranked.model_id = rules.model_id
        and days_ranked.rule_id = rules.rule_id

),

days_weighted as (

    select
        days_counted.lead_id,
        days_counted.model_id,
        days_counted.rule_id,
        days_counted.event_count,
        days_counted.counted_event_count,
        days_counted.first_event_at,
        days_counted.last_event_at,
        rules.points,
        rules.rule_cap,
        case
            when days_counted.counted_event_count = 0 then 0
            when rules.repeat_multiplier = 1 then days_counted.counted_event_count
            else (
                power(rules.repeat_multiplier, days_counted.more_recent_event_count)
                - power(rules.repeat_multiplier, days_counted.more_recent_event_count + days_counted.counted_event_count)
            ) / (1 - rules.repeat_multiplier)
        end as repeat_factor,
        case rules.decay_method
            when 'exponential' then power(0.5, days_counted.age_days / rules.decay_days)
            when 'linear' then greatest(0, 1 - days_counted.age_days / rules.decay_days)
            when 'step' then power(rules.decay_step_multiplier, floor(days_counted.age_days / rules.decay_days))
            when 'window' then case when days_counted.age_days < rules.decay_days then 1 else 0 end
            else 1
        end as decay_factor,
        case
            when rules.category <> 'engagement' then 1
            when leads.lead_direction = 'inbound' then scoring_models.inbound_engagement_weight
            when leads.lead_direction = 'outbound' then scoring_models.outbound_engagement_weight
            else 1
        end as direction_weight

    from days_counted
    inner join rules
        on days_counted.model_id = rules.model_id
        and days_counted.rule_id = rules.rule_id
    inner join scoring_models
        on days_counted.model_id = scoring_models.model_id
    inner join leads
        on days_counted.lead_id = leads.lead_id

),

rule_totals as (

    select
        lead_id,
        model_id,
        rule_id,
        sum(event_count) as event_count,
        sum(counted_event_count) as counted_event_count,
        min(first_event_at) as first_event_at,
        max(last_event_at) as last_event_at,
        max(points) as points_per_event,
        max(rule_cap) as rule_cap,
        sum(points * repeat_factor * decay_factor * direction_weight) as decayed_points

    from days_weighted
    group by 1, 2, 3

),

final as (

    select
        lead_id,
        model_id,
        rule_id,
        cast(event_count as {{ dbt.type_bigint() }}) as event_count,
        cast(counted_event_count as {{ dbt.type_bigint() }}) as counted_event_count,
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
